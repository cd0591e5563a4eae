/** Random matrices with orthonormal rows or columns (Gaussian, then Gram–Schmidt twice: Haar-distributed). */
import { completeOrthonormalRows } from '../linalg/svd.js';
import { transposeInto } from '../linalg/products.js';
import type { Rng } from './rng.js';

/** A `rows × cols` matrix with orthonormal columns (rows ≥ cols) or orthonormal rows (rows < cols). */
export function randomOrthonormal(rows: number, cols: number, rng: Rng): Float64Array {
  const tall = rows >= cols;
  const r = tall ? cols : rows; // number of orthonormal vectors
  const len = tall ? rows : cols; // their length
  const Q = rng.normals(r * len);
  completeOrthonormalRows(Q, r, len, 0, new Float64Array(len));
  if (!tall) return Q;
  const out = new Float64Array(rows * cols);
  transposeInto(Q, r, len, out);
  return out;
}

/** The first `cols` standard basis vectors of `R^rows` as columns (`rows ≥ cols`). */
export function standardColumns(rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < cols; i++) out[i * cols + i] = 1;
  return out;
}
