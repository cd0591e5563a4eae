/**
 * What a run hands back, in its own module so that the check, event and optimiser modules that read
 * it need not import the runner.
 */

/** What a run hands back: plain data, so it crosses worker boundaries unchanged. */
export interface RunResult {
  readonly cell: number;
  readonly run: number;
  readonly status: string;
  readonly message: string;
  readonly time: 'upstairs' | 'normalized';
  readonly depth: number;
  readonly rows: Record<string, number>[];
  readonly stats: { nfev: number; njev: number; naccepted: number; nrejected: number; wallMs: number };
  readonly method: string;
  /**
   * The exact `firstCrossing(column, level)` times of the run, by `crossingKey` (`w11@0.5`): located as
   * events (see `crossingEvents.ts`); absent when the scenario asks for none that can be events.
   */
  readonly crossings?: Readonly<Record<string, number>>;
  /** The time at which `horizon.stopWhen` ended the run (status `event`); absent otherwise. */
  readonly tEvent?: number;
}
