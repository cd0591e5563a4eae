/**
 * Whitened regression `E(W) = ½ ‖W − Φ‖_F²`, `∇E = W − Φ` (docs/theory.md §1): regression with
 * `Σ_xx = I`, the setting of the mode law (§4).
 * @see A. M. Saxe, J. L. McClelland, S. Ganguli, Exact solutions to the nonlinear dynamics of learning in deep linear networks, ICLR 2014.
 */
import { checkShape, type Energy } from './energy.js';

export function whitenedRegression(rows: number, cols: number, Phi: ArrayLike<number>): Energy {
  checkShape('whitenedRegression: target Φ', Phi, rows, cols);
  const target = Float64Array.from(Phi);
  const len = rows * cols;
  return {
    name: 'whitened-regression',
    rows,
    cols,
    hessianConstant: true,
    minimum: 0,
    value(W) {
      let s = 0;
      for (let i = 0; i < len; i++) s += (W[i]! - target[i]!) ** 2;
      return 0.5 * s;
    },
    gradient(W, G) {
      for (let i = 0; i < len; i++) G[i] = W[i]! - target[i]!;
    },
    hessianVector(_W, V, out) {
      for (let i = 0; i < len; i++) out[i] = V[i]!;
    },
    describe: () => ({ name: 'whitened-regression', rows, cols, target: Array.from(target) }),
  };
}
