/** The per-scenario progress bar of `run` and `run --shard`: on stderr, only on a terminal and when not quiet. */
import cliProgress from 'cli-progress';

/** A bar for scenario `id`, or undefined when stderr is not a terminal or output is quiet/JSON. */
export function progressBar(id: string, flags: { readonly quiet?: boolean; readonly json?: boolean }): cliProgress.SingleBar | undefined {
  if (!showBars(flags)) return undefined;
  return new cliProgress.SingleBar({ format: `${id.padEnd(28)} ${BAR}`, stream: process.stderr }, cliProgress.Presets.shades_classic);
}

/** Bars go to stderr, only on a terminal and when output is not quiet or JSON. */
const showBars = (flags: { readonly quiet?: boolean; readonly json?: boolean }): boolean => process.stderr.isTTY && flags.quiet !== true && flags.json !== true;
const BAR = '[{bar}] {value}/{total} runs';

/** The bars of several scenarios running at once, and a way to print above them. */
export interface ProgressBars {
  create(id: string, total: number): { update(done: number): void; stop(): void };
  /** Prints `text` (ending in a newline) above the bars. */
  log(text: string): void;
  stop(): void;
}

/** One bar per scenario in flight, on stderr, only on a terminal and when not quiet. */
export function progressBars(flags: { readonly quiet?: boolean; readonly json?: boolean }): ProgressBars | undefined {
  if (!showBars(flags)) return undefined;
  const multi = new cliProgress.MultiBar(
    { format: `{id} ${BAR}`, stream: process.stderr, clearOnComplete: false, hideCursor: false },
    cliProgress.Presets.shades_classic,
  );
  return {
    create: (id, total) => {
      const bar = multi.create(total, 0, { id: id.padEnd(28) });
      return {
        update: (done) => {
          bar.update(done);
        },
        stop: () => multi.remove(bar),
      };
    },
    log: (text) => {
      multi.log(text);
    },
    stop: () => {
      multi.stop();
    },
  };
}
