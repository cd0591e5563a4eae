/**
 * Matrix sensing `E(W) = ½ Σ_k (⟨A_k, W⟩ − y_k)²`, `∇E = Σ_k (⟨A_k, W⟩ − y_k) A_k` (docs/theory.md §1).
 * With the measurements as the rows of a `K × (rows·cols)` matrix 𝒜, the residual is `𝒜 vec W − y`
 * and the gradient `𝒜ᵀ r`: two matrix–vector products (`dgemv` on the native backend).
 */
import { matmul, matmulNT, matvec } from '../linalg/products.js';
import { checkShape, type Energy } from './energy.js';

/** `A` holds the K measurement matrices one after another (`K · rows · cols` entries); `y` the K readings. */
export function matrixSensing(rows: number, cols: number, A: Float64Array, y: ArrayLike<number>): Energy {
  const K = y.length;
  const len = rows * cols;
  checkShape('matrixSensing: measurement matrices', A, K * rows, cols);
  const ys = Float64Array.from(y);
  const r = new Float64Array(K);
  /** `V 𝒜ᵀ` for `hessianRows` (`k × K`), grown to the largest `k` asked for. */
  let Z = new Float64Array(0);
  /** `r = 𝒜 vec W − shift·y`. */
  const residuals = (W: Float64Array, shift: number): void => {
    matvec(false, A, W, r, K, len);
    for (let k = 0; k < K; k++) r[k] = r[k]! - shift * ys[k]!;
  };
  return {
    name: 'matrix-sensing',
    rows,
    cols,
    hessianConstant: true,
    minimum: undefined,
    value(W) {
      residuals(W, 1);
      let s = 0;
      for (let k = 0; k < K; k++) s += r[k]! * r[k]!;
      return 0.5 * s;
    },
    gradient(W, G) {
      residuals(W, 1);
      matvec(true, A, r, G, K, len);
    },
    hessianVector(_W, V, out) {
      residuals(V, 0); // the Hessian is 𝒜ᵀ𝒜: no shift
      matvec(true, A, r, out, K, len);
    },
    hessianRows(_W, V, k, out) {
      // the rows of 𝒜ᵀ𝒜 applied to each row of V: (V 𝒜ᵀ) 𝒜, two matrix products (one pass over 𝒜 each, not 2k)
      if (Z.length < k * K) Z = new Float64Array(k * K);
      matmulNT(V, A, Z, k, len, K);
      matmul(Z, A, out, k, K, len);
    },
    describe: () => ({ name: 'matrix-sensing', rows, cols, measurements: K }),
  };
}
