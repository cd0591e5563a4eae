/**
 * Matrix sensing `E(W) = ½ Σ_k (⟨A_k, W⟩ − y_k)²`, `∇E = Σ_k (⟨A_k, W⟩ − y_k) A_k` (docs/theory.md §1).
 */
import { checkShape, type Energy } from './energy.js';

/** `A` holds the K measurement matrices one after another (`K · rows · cols` entries); `y` the K readings. */
export function matrixSensing(rows: number, cols: number, A: Float64Array, y: ArrayLike<number>): Energy {
  const K = y.length;
  const len = rows * cols;
  checkShape('matrixSensing: measurement matrices', A, K * rows, cols);
  const ys = Float64Array.from(y);
  const residual = (W: Float64Array, k: number): number => {
    let s = 0;
    const o = k * len;
    for (let i = 0; i < len; i++) s += A[o + i]! * W[i]!;
    return s - ys[k]!;
  };
  const accumulate = (coef: number, k: number, out: Float64Array): void => {
    const o = k * len;
    for (let i = 0; i < len; i++) out[i] = out[i]! + coef * A[o + i]!;
  };
  return {
    name: 'matrix-sensing',
    rows,
    cols,
    minimum: undefined,
    value(W) {
      let s = 0;
      for (let k = 0; k < K; k++) s += residual(W, k) ** 2;
      return 0.5 * s;
    },
    gradient(W, G) {
      G.fill(0, 0, len);
      for (let k = 0; k < K; k++) accumulate(residual(W, k), k, G);
    },
    hessianVector(_W, V, out) {
      out.fill(0, 0, len);
      for (let k = 0; k < K; k++) accumulate(residual(V, k) + ys[k]!, k, out);
    },
    describe: () => ({ name: 'matrix-sensing', rows, cols, measurements: K }),
  };
}
