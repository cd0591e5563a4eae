/**
 * The seeded low-rank target of the scenarios: `T = U diag(σ) Vᵀ` with Haar-random orthonormal
 * columns `U` (`rows × k`) and `V` (`cols × k`), drawn in that order from one normal source.
 */
import { transposeInto, matmulNT } from '../linalg/products.js';
import { completeOrthonormalRows } from '../linalg/svd.js';
import { energiesMessages } from './messages.js';
import type { NormalSource } from './normalSource.js';

/** `rows × cols` (`rows ≥ cols`) with orthonormal columns: Gaussian rows, Gram–Schmidt twice, transposed (as `init/orthonormal.ts`). */
export function orthonormalColumns(rows: number, cols: number, rng: NormalSource): Float64Array {
  const Q = rng.normals(cols * rows);
  completeOrthonormalRows(Q, cols, rows, 0, new Float64Array(rows));
  const out = new Float64Array(rows * cols);
  transposeInto(Q, cols, rows, out);
  return out;
}

/**
 * A `rows × cols` matrix (row-major) with singular values `sigma` (in the given order) and random
 * singular vectors from `rng`. Throws a `RangeError` (`energiesMessages.tooManySigma`) when
 * `sigma` has more than `min(rows, cols)` entries.
 */
export function lowRankTarget(rows: number, cols: number, sigma: readonly number[], rng: NormalSource): Float64Array {
  const k = sigma.length;
  if (k > Math.min(rows, cols)) throw new RangeError(energiesMessages.tooManySigma(k, rows, cols));
  const U = orthonormalColumns(rows, k, rng);
  const V = orthonormalColumns(cols, k, rng);
  for (let i = 0; i < rows; i++) for (let c = 0; c < k; c++) U[i * k + c] = U[i * k + c]! * sigma[c]!;
  const T = new Float64Array(rows * cols);
  matmulNT(U, V, T, rows, k, cols);
  return T;
}
