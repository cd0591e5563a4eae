/**
 * The seeded regression-from-data problem of the scenarios (docs/theory.md §7): rank-deficient inputs
 * `X = G H` (`G`: `d_0 × r`, `H`: `r × n`, i.i.d. standard normals, drawn in that order), so the data
 * excite only an `r`-dimensional subspace of the inputs; outputs `Y = A* X` of a teacher `A*`
 * (`d_N × d_0`); and the energy `E(W) = (1/2n)‖WX − Y‖²` through its covariances.
 */
import { matmul } from '../linalg/products.js';
import { covariances, dataRegression, type Covariances } from './dataRegression.js';
import { checkShape, type Energy } from './energy.js';
import { energiesMessages } from './messages.js';
import type { NormalSource } from './normalSource.js';

export interface DataProblem {
  readonly energy: Energy;
  /** Inputs, `d_0 × n`, of rank `rank`. */
  readonly X: Float64Array;
  /** Outputs `A* X`, `d_N × n`. */
  readonly Y: Float64Array;
  readonly covariances: Covariances;
}

/**
 * Draws `n` inputs of rank `rank` from `rng` and labels them with the `rows × cols` `teacher`
 * (`d_0 = cols`). Throws a `RangeError` (`energiesMessages.inputRank`) when `rank > d_0`.
 */
export function dataProblem(
  teacher: Float64Array,
  rows: number,
  cols: number,
  inputs: { readonly n: number; readonly rank: number },
  rng: NormalSource,
): DataProblem {
  checkShape('dataProblem: teacher', teacher, rows, cols);
  const { n, rank } = inputs;
  if (rank > cols) throw new RangeError(energiesMessages.inputRank(rank, cols));
  const X = new Float64Array(cols * n);
  matmul(rng.normals(cols * rank), rng.normals(rank * n), X, cols, rank, n);
  const Y = new Float64Array(rows * n);
  matmul(teacher, X, Y, rows, cols, n);
  const cov = covariances(X, Y, cols, rows, n);
  return { energy: dataRegression(rows, cols, cov), X, Y, covariances: cov };
}
