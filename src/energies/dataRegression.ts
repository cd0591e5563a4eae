/**
 * Regression from data `E(W) = (1/2n) ‖W X − Y‖_F²` with `X ∈ R^{d_0×n}`, `Y ∈ R^{d_N×n}`
 * (docs/theory.md §1). The covariances `Σ_xx = XXᵀ/n`, `Σ_yx = YXᵀ/n` and `tr Σ_yy` are computed once;
 * afterwards `E(W) = ½ tr(W Σ_xx Wᵀ) − ⟨W, Σ_yx⟩ + ½ tr Σ_yy` and `∇E = W Σ_xx − Σ_yx`, and the
 * data are never touched again.
 */
import { matmul, matmulNT } from '../linalg/products.js';
import { checkShape, type Energy } from './energy.js';

/** Covariances of a data set, the only thing the energy keeps. */
export interface Covariances {
  readonly Sxx: Float64Array;
  readonly Syx: Float64Array;
  readonly traceSyy: number;
  readonly n: number;
}

/** `Σ_xx = XXᵀ/n` (`d0 × d0`), `Σ_yx = YXᵀ/n` (`dN × d0`), `tr Σ_yy = ‖Y‖²/n`. */
export function covariances(X: Float64Array, Y: Float64Array, d0: number, dN: number, n: number): Covariances {
  checkShape('dataRegression: X', X, d0, n);
  checkShape('dataRegression: Y', Y, dN, n);
  const Sxx = new Float64Array(d0 * d0);
  const Syx = new Float64Array(dN * d0);
  matmulNT(X, X, Sxx, d0, n, d0);
  matmulNT(Y, X, Syx, dN, n, d0);
  for (let i = 0; i < Sxx.length; i++) Sxx[i] = Sxx[i]! / n;
  for (let i = 0; i < Syx.length; i++) Syx[i] = Syx[i]! / n;
  let t = 0;
  for (let i = 0; i < Y.length; i++) t += Y[i]! * Y[i]!;
  return { Sxx, Syx, traceSyy: t / n, n };
}

export function dataRegression(rows: number, cols: number, cov: Covariances): Energy {
  const { Sxx, Syx, traceSyy } = cov;
  checkShape('dataRegression: Σ_xx', Sxx, cols, cols);
  checkShape('dataRegression: Σ_yx', Syx, rows, cols);
  const len = rows * cols;
  const WS = new Float64Array(len);
  return {
    name: 'data-regression',
    rows,
    cols,
    hessianConstant: true,
    minimum: undefined,
    value(W) {
      matmul(W, Sxx, WS, rows, cols, cols);
      let s = 0;
      for (let i = 0; i < len; i++) s += W[i]! * (0.5 * WS[i]! - Syx[i]!);
      // the three terms cancel at the optimum: clamp the rounding below 0
      return Math.max(0, s + 0.5 * traceSyy);
    },
    gradient(W, G) {
      matmul(W, Sxx, G, rows, cols, cols);
      for (let i = 0; i < len; i++) G[i] = G[i]! - Syx[i]!;
    },
    hessianVector(_W, V, out) {
      matmul(V, Sxx, out, rows, cols, cols);
    },
    describe: () => ({ name: 'data-regression', rows, cols, samples: cov.n }),
    inputCovariance: Sxx,
  };
}
