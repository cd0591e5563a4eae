/**
 * The seeded regression-from-data problem of the scenarios (docs/theory.md §7): rank-deficient inputs
 * `X = B H` (`B`: `d_0 × r`, `H`: `r × n` i.i.d. standard normals, drawn in that order; `B` i.i.d.
 * standard normal, or with orthonormal columns), so the data excite only an `r`-dimensional subspace
 * of the inputs; outputs `Y = A* X + std·Z` of a teacher `A*` (`d_N × d_0`) with optional label noise
 * `Z` (i.i.d. standard normal, from its own source); and the energy `E(W) = (1/2n)‖WX − Y‖²` through
 * its covariances.
 */
import { matmul } from '../linalg/products.js';
import { covariances, dataRegression, type Covariances } from './dataRegression.js';
import { orthonormalColumns } from './lowRankTarget.js';
import { checkShape, type Energy } from './energy.js';
import { energiesMessages } from './messages.js';
import type { NormalSource } from './normalSource.js';

export interface DataProblem {
  readonly energy: Energy;
  /** Inputs, `d_0 × n`, of rank `rank`. */
  readonly X: Float64Array;
  /** Outputs `A* X` (plus the label noise), `d_N × n`. */
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
  inputs: { readonly n: number; readonly rank: number; readonly directions?: 'gaussian' | 'orthonormal' },
  rng: NormalSource,
  noise?: { readonly std: number; readonly rng: NormalSource },
): DataProblem {
  checkShape('dataProblem: teacher', teacher, rows, cols);
  const { n, rank } = inputs;
  if (rank > cols) throw new RangeError(energiesMessages.inputRank(rank, cols));
  const X = new Float64Array(cols * n);
  const B = inputs.directions === 'orthonormal' ? orthonormalColumns(cols, rank, rng) : rng.normals(cols * rank);
  matmul(B, rng.normals(rank * n), X, cols, rank, n);
  const Y = new Float64Array(rows * n);
  matmul(teacher, X, Y, rows, cols, n);
  if (noise && noise.std > 0) {
    const Z = noise.rng.normals(rows * n);
    for (let i = 0; i < Y.length; i++) Y[i] = Y[i]! + noise.std * Z[i]!;
  }
  const cov = covariances(X, Y, cols, rows, n);
  return { energy: dataRegression(rows, cols, cov), X, Y, covariances: cov };
}
