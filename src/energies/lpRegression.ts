/**
 * ℓp regression `E(W) = (1/p) Σ_ij |(W − Φ)_ij|^p` (`p ≥ 2`), `∇E = sign(W−Φ) ∘ |W−Φ|^{p−1}`
 * (docs/theory.md §1, §8).
 * @see S. Arora, N. Cohen, E. Hazan, On the optimization of deep networks: implicit acceleration by overparameterization, ICML 2018.
 */
import { checkShape, type Energy } from './energy.js';
import { energiesMessages } from './messages.js';

export function lpRegression(rows: number, cols: number, Phi: ArrayLike<number>, p: number): Energy {
  checkShape('lpRegression: target Φ', Phi, rows, cols);
  if (!(p >= 2) || !Number.isFinite(p)) throw new RangeError(energiesMessages.lpExponent(p));
  const target = Float64Array.from(Phi);
  const len = rows * cols;
  return {
    name: 'lp-regression',
    rows,
    cols,
    minimum: 0,
    value(W) {
      let s = 0;
      for (let i = 0; i < len; i++) s += Math.abs(W[i]! - target[i]!) ** p;
      return s / p;
    },
    gradient(W, G) {
      for (let i = 0; i < len; i++) {
        const r = W[i]! - target[i]!;
        G[i] = Math.sign(r) * Math.abs(r) ** (p - 1);
      }
    },
    hessianVector(W, V, out) {
      for (let i = 0; i < len; i++) out[i] = (p - 1) * Math.abs(W[i]! - target[i]!) ** (p - 2) * V[i]!;
    },
    describe: () => ({ name: 'lp-regression', rows, cols, p, target: Array.from(target) }),
  };
}
