/**
 * ℓp regression on a fixed design (docs/theory.md §8.3): inputs `X` (`cols × n`, one sample per
 * column), a realisable teacher `Φ` (`rows × cols`), residuals `R = (W − Φ) X`, and
 * `E(W) = (1/(p n)) Σ_ok |R_ok|^p` (`p ≥ 2`), with `∇E = (1/n) (sign(R) ∘ |R|^{p−1}) Xᵀ` and
 * `∇²E[V] = (1/n) ((p − 1)|R|^{p−2} ∘ (V X)) Xᵀ`. With `X` the identity it is `lpRegression` up to
 * the factor 1/n. The setting of Arora, Cohen and Hazan's ℓ4 experiments (there with scalar outputs).
 * @see S. Arora, N. Cohen, E. Hazan, On the optimization of deep networks: implicit acceleration by overparameterization, ICML 2018.
 */
import { matmul, matmulNT } from '../linalg/products.js';
import { checkShape, type Energy } from './energy.js';
import { energiesMessages } from './messages.js';

export function lpDesignRegression(rows: number, cols: number, Phi: ArrayLike<number>, X: ArrayLike<number>, n: number, p: number): Energy {
  checkShape('lpDesignRegression: teacher Φ', Phi, rows, cols);
  checkShape('lpDesignRegression: design X', X, cols, n);
  if (!(p >= 2) || !Number.isFinite(p)) throw new RangeError(energiesMessages.lpExponent(p));
  const target = Float64Array.from(Phi);
  const design = Float64Array.from(X);
  const len = rows * cols;
  // workspaces: W − Φ (or V), the residuals R and the weighted residuals; the energy is called
  // sequentially within a thread, so sharing them is safe
  const D = new Float64Array(len);
  const R = new Float64Array(rows * n);
  const S = new Float64Array(rows * n);
  const residuals = (W: Float64Array): void => {
    for (let i = 0; i < len; i++) D[i] = W[i]! - target[i]!;
    matmul(D, design, R, rows, cols, n);
  };
  return {
    name: 'lp-design-regression',
    rows,
    cols,
    minimum: 0,
    value(W) {
      residuals(W);
      let s = 0;
      for (let k = 0; k < R.length; k++) s += Math.abs(R[k]!) ** p;
      return s / (p * n);
    },
    gradient(W, G) {
      residuals(W);
      for (let k = 0; k < R.length; k++) S[k] = Math.sign(R[k]!) * Math.abs(R[k]!) ** (p - 1);
      matmulNT(S, design, G, rows, n, cols, 0, 0, 0, 1 / n);
    },
    hessianVector(W, V, out) {
      residuals(W);
      matmul(V, design, S, rows, cols, n);
      for (let k = 0; k < R.length; k++) S[k] = (p - 1) * Math.abs(R[k]!) ** (p - 2) * S[k]!;
      matmulNT(S, design, out, rows, n, cols, 0, 0, 0, 1 / n);
    },
    describe: () => ({ name: 'lp-design-regression', rows, cols, p, samples: n, target: Array.from(target) }),
  };
}
