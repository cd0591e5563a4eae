/**
 * One point of a scenario's sweep grid as the resolver (experiment/resolve.ts) leaves it: the swept
 * values as numbers, and the model settings every run of the cell shares with their defaults applied.
 * Checks, runs and reports read these fields; none of them looks at how the file spelled a value.
 */
import type { TimeConvention } from '../flows/time.js';
import type { Scenario } from '../scenario/schema.js';
import type { NoiseSpec } from '../simulate/langevin.js';

export interface Cell {
  readonly index: number;
  /** The values this cell's grid sweeps, by dotted path (∞ as Infinity). */
  readonly values: Readonly<Record<string, SweptValue>>;
  /**
   * Every swept path of the scenario (over all its grids) with its value here: the swept value, or
   * for a path only another grid sweeps, the cell scenario's own number there (NaN when it has none).
   */
  readonly swept: Readonly<Record<string, SweptValue>>;
  /** The scenario with this cell's swept values set: the document as written, for what the reports show. */
  readonly scenario: Scenario;
  /** The depth N, Infinity for depth ∞. */
  readonly depth: number;
  /** The time convention: the model's, or the default for the depth (`defaultTime`). */
  readonly time: TimeConvention;
  /** The index of the cell this one is compared with (`compare.reference`), absent when there is none or it is a reference itself. */
  readonly reference?: number;
  /** The Langevin noise (β as a number), absent for a gradient flow. */
  readonly noise?: NoiseSpec;
}

/** A check's `where:` with its values as numbers: the cells whose swept values are among them. */
export type Where = Readonly<Record<string, readonly SweptValue[]>>;

/** A swept value: a number (∞ as Infinity), or the name of an option (`model.coordinates: spectral`). */
export type SweptValue = number | string;
