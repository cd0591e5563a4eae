/**
 * The seeded random-mask completion problem of the scenarios: `round(fraction · rows · cols)`
 * entries of a ground truth `T`, chosen uniformly among all subsets of that size, observed exactly.
 * The subset is the set of entries with the largest of `rows · cols` i.i.d. normal draws (every
 * subset of a given size is equally likely), listed in row-major order.
 */
import type { Energy } from './energy.js';
import { checkShape } from './energy.js';
import { matrixCompletion } from './matrixCompletion.js';
import { energiesMessages } from './messages.js';
import type { NormalSource } from './normalSource.js';

export interface CompletionProblem {
  /** `E(W) = (1/2) Σ_{(i,j)∈Ω} (W_ij − T_ij)²` (see `matrixCompletion`). */
  readonly energy: Energy;
  /** The observed entries as row-major flat indices `i·cols + j`, ascending. */
  readonly index: Int32Array;
  /** `y_k = T` at `index[k]`. */
  readonly y: Float64Array;
}

/** Observes `round(fraction · rows · cols)` (at least 1) uniformly chosen entries of the `rows × cols` `truth`. */
export function completionProblem(truth: Float64Array, rows: number, cols: number, fraction: number, rng: NormalSource): CompletionProblem {
  checkShape('completionProblem: truth', truth, rows, cols);
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(energiesMessages.fraction(fraction));
  const len = rows * cols;
  const count = Math.max(1, Math.round(fraction * len));
  const draws = rng.normals(len);
  const order = Array.from({ length: len }, (_, p) => p).sort((a, b) => draws[b]! - draws[a]!);
  const index = Int32Array.from(order.slice(0, count)).sort();
  const y = Float64Array.from(index, (p) => truth[p]!);
  const energy = matrixCompletion(
    rows,
    cols,
    Array.from(index, (p, k) => ({ i: Math.floor(p / cols), j: p % cols, value: y[k]! })),
  );
  return { energy, index, y };
}
