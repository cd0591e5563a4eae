/**
 * Regularisers on the factors, added to the upstairs flow (docs/theory.md §7, the research log's
 * interventions): weight decay `R_wd = λ/2 Σ_j ‖W_j‖_F²` and the balancing penalty
 * `R_bal = μ/4 Σ_{j=1}^{N−1} ‖D_j‖_F²` with `D_j = W_{j+1}ᵀW_{j+1} − W_jW_jᵀ` (`d_j × d_j`). Their
 * gradients: `∇_{W_j} R_wd = λ W_j` and `∇_{W_j} R_bal = μ (W_j D_{j−1} − D_j W_j)` (the first term
 * for `j ≥ 2`, the second for `j ≤ N − 1`), since `d(¼‖D‖²) = ½⟨D, dD⟩` and `D` is symmetric.
 * The flow becomes `dW_j/dt = −scale·(∇_{W_j} E + ∇_{W_j} R)`. Workspace is allocated once.
 */
import { matmul, matmulNT, matmulTN } from '../linalg/products.js';
import type { FactorLayout } from './layout.js';

/** Weight decay `λ` and balancing-penalty weight `μ` (both ≥ 0; 0 switches a term off). */
export interface Regularizer {
  readonly weightDecay: number;
  readonly balance: number;
}

/** True when the regulariser changes nothing. */
export function isZeroRegularizer(r: Regularizer | undefined): boolean {
  return r === undefined || (r.weightDecay === 0 && r.balance === 0);
}

/** The regulariser's value, its gradient and its directional derivative, in workspace of one layout. */
export interface RegularizerTerms {
  /** `R(y)`. */
  value(y: Float64Array): number;
  /** `out_j += alpha · ∇_{W_j} R(y)` for every factor. */
  addGradient(y: Float64Array, out: Float64Array, alpha: number): void;
  /** `out_j += alpha · (∂∇R/∂y · v)_j`. */
  addDirectional(y: Float64Array, v: Float64Array, out: Float64Array, alpha: number): void;
}

/** The balance terms' workspace: `D_j`, `dD_j` and a scratch `S_j` (d_j × d_j), `C_j = W_{j+1}W_j`, one factor's scratch and Gram. */
interface BalanceWorkspace {
  readonly D: Float64Array[];
  readonly dD: Float64Array[];
  readonly S: Float64Array[];
  readonly C: Float64Array[];
  readonly tmp: Float64Array;
  readonly K: Float64Array;
}

function balanceWorkspace(layout: FactorLayout): BalanceWorkspace {
  const { depth: N, widths: d } = layout;
  // D[j] (j = 1 … N−1), d_j × d_j; dD for the directional derivative; one scratch of the largest factor
  const D: Float64Array[] = [new Float64Array(0)];
  const dD: Float64Array[] = [new Float64Array(0)];
  const S: Float64Array[] = [new Float64Array(0)];
  for (let j = 1; j < N; j++) {
    D.push(new Float64Array(d[j]! * d[j]!));
    dD.push(new Float64Array(d[j]! * d[j]!));
    S.push(new Float64Array(d[j]! * d[j]!));
  }
  let big = 0;
  let gramSize = 0;
  for (let j = 1; j <= N; j++) {
    big = Math.max(big, d[j]! * d[j - 1]!);
    gramSize = Math.max(gramSize, Math.min(d[j]!, d[j - 1]!) ** 2);
  }
  // the gradient's workspace: C_j = W_{j+1}W_j (d_{j+1} × d_{j−1}) and the smaller Gram of one factor
  const C: Float64Array[] = [new Float64Array(0)];
  for (let j = 1; j < N; j++) C.push(new Float64Array(d[j + 1]! * d[j - 1]!));
  return { D, dD, S, C, tmp: new Float64Array(big), K: new Float64Array(gramSize) };
}

/** `D_j = W_{j+1}ᵀW_{j+1} − W_jW_jᵀ` of `y` into `out`. */
function gramOf(layout: FactorLayout, S: readonly Float64Array[]): (y: Float64Array, j: number, out: Float64Array) => void {
  const { offsets, widths: d } = layout;
  return (y, j, out) => {
    const dj = d[j]!;
    matmulTN(y, y, out, dj, d[j + 1]!, dj, offsets[j], offsets[j], 0);
    matmulNT(y, y, S[j]!, dj, d[j - 1]!, dj, offsets[j - 1], offsets[j - 1], 0);
    const s = S[j]!;
    for (let i = 0; i < dj * dj; i++) out[i] = out[i]! - s[i]!;
  };
}

/**
 * `out_j += a · (W_j D_{j−1} − D_j W_j)`, expanded so that no d_j × d_j matrix D_j is formed:
 * `= c_j W_jW_jᵀW_j − (W_jW_{j−1})W_{j−1}ᵀ − W_{j+1}ᵀ(W_{j+1}W_j)` with `c_j = [j ≥ 2] + [j ≤ N−1]`,
 * `W_jW_jᵀW_j` through the smaller of the two Grams: about 0.6 of the products of the D_j route.
 */
function balanceGradient(layout: FactorLayout, ws: BalanceWorkspace): (y: Float64Array, out: Float64Array, a: number) => void {
  const { depth: N, offsets, widths: d } = layout;
  const { C, K, tmp } = ws;
  return (y, out, a) => {
    for (let j = 1; j < N; j++) matmul(y, y, C[j]!, d[j + 1]!, d[j]!, d[j - 1]!, offsets[j], offsets[j - 1], 0);
    for (let j = 1; j <= N; j++) {
      const rows = d[j]!;
      const cols = d[j - 1]!;
      const o = offsets[j - 1]!;
      const n = rows * cols;
      const c = (j >= 2 ? 1 : 0) + (j <= N - 1 ? 1 : 0);
      // W_jW_jᵀW_j
      if (cols <= rows) {
        matmulTN(y, y, K, cols, rows, cols, o, o, 0); // W_jᵀW_j
        matmul(y, K, tmp, rows, cols, cols, o, 0, 0);
      } else {
        matmulNT(y, y, K, rows, cols, rows, o, o, 0); // W_jW_jᵀ
        matmul(K, y, tmp, rows, rows, cols, 0, o, 0);
      }
      for (let i = 0; i < n; i++) out[o + i] = out[o + i]! + c * a * tmp[i]!;
      if (j >= 2) {
        matmulNT(C[j - 1]!, y, tmp, rows, d[j - 2]!, cols, 0, offsets[j - 2], 0); // (W_jW_{j−1})W_{j−1}ᵀ
        for (let i = 0; i < n; i++) out[o + i] = out[o + i]! - a * tmp[i]!;
      }
      if (j <= N - 1) {
        matmulTN(y, C[j]!, tmp, rows, d[j + 1]!, cols, offsets[j], 0, 0); // W_{j+1}ᵀ(W_{j+1}W_j)
        for (let i = 0; i < n; i++) out[o + i] = out[o + i]! - a * tmp[i]!;
      }
    }
  };
}

/**
 * `out_j += a · d(W_j D_{j−1} − D_j W_j)[v] = a · (V_j D_{j−1} − D_j V_j + W_j dD_{j−1} − dD_j W_j)`,
 * `dD_j = V_{j+1}ᵀW_{j+1} + W_{j+1}ᵀV_{j+1} − V_jW_jᵀ − W_jV_jᵀ`.
 */
function balanceDirectional(layout: FactorLayout, ws: BalanceWorkspace): (y: Float64Array, v: Float64Array, out: Float64Array, a: number) => void {
  const { depth: N, offsets, widths: d } = layout;
  const { D, dD, S, tmp } = ws;
  const gram = gramOf(layout, S);
  /** `out_j += a · (W_j M_{j−1} − M_j W_j)` for the matrices `M` (the balance gradient's shape), from factors `F`. */
  const addBalanceShape = (F: Float64Array, M: readonly Float64Array[], out: Float64Array, a: number): void => {
    for (let j = 1; j <= N; j++) {
      const rows = d[j]!;
      const cols = d[j - 1]!;
      const o = offsets[j - 1]!;
      const n = rows * cols;
      if (j >= 2) {
        matmul(F, M[j - 1]!, tmp, rows, cols, cols, o, 0, 0);
        for (let i = 0; i < n; i++) out[o + i] = out[o + i]! + a * tmp[i]!;
      }
      if (j <= N - 1) {
        matmul(M[j]!, F, tmp, rows, rows, cols, 0, o, 0);
        for (let i = 0; i < n; i++) out[o + i] = out[o + i]! - a * tmp[i]!;
      }
    }
  };
  return (y, v, out, a) => {
    for (let j = 1; j < N; j++) {
      gram(y, j, D[j]!);
      const dj = d[j]!;
      const g = dD[j]!;
      const s = S[j]!;
      matmulTN(v, y, g, dj, d[j + 1]!, dj, offsets[j], offsets[j], 0);
      matmulNT(v, y, s, dj, d[j - 1]!, dj, offsets[j - 1], offsets[j - 1], 0);
      // g ← (Vᵀ W)_{j+1} − (V Wᵀ)_j, then symmetrised: dD = g + gᵀ
      for (let i = 0; i < dj * dj; i++) g[i] = g[i]! - s[i]!;
      for (let p = 0; p < dj; p++)
        for (let q = p; q < dj; q++) {
          const sym = g[p * dj + q]! + g[q * dj + p]!;
          g[p * dj + q] = sym;
          g[q * dj + p] = sym;
        }
    }
    addBalanceShape(v, D, out, a);
    addBalanceShape(y, dD, out, a);
  };
}

export function regularizerTerms(layout: FactorLayout, r: Regularizer): RegularizerTerms {
  const { depth: N, offsets, widths: d } = layout;
  const lambda = r.weightDecay;
  const mu = r.balance;
  const ws = balanceWorkspace(layout);
  const gram = gramOf(layout, ws.S);
  const balance = balanceGradient(layout, ws);
  const balanceDerivative = balanceDirectional(layout, ws);
  const end = offsets[N - 1]! + d[N]! * d[N - 1]!;

  const value = (y: Float64Array): number => {
    let v = 0;
    if (lambda !== 0) {
      let s = 0;
      for (let i = 0; i < end; i++) s += y[i]! * y[i]!;
      v += 0.5 * lambda * s;
    }
    if (mu !== 0)
      for (let j = 1; j < N; j++) {
        gram(y, j, ws.D[j]!);
        let s = 0;
        for (const x of ws.D[j]!) s += x * x;
        v += 0.25 * mu * s;
      }
    return v;
  };

  const addGradient = (y: Float64Array, out: Float64Array, alpha: number): void => {
    if (lambda !== 0) for (let i = 0; i < end; i++) out[i] = out[i]! + alpha * lambda * y[i]!;
    if (mu === 0 || N < 2) return;
    balance(y, out, alpha * mu);
  };

  const addDirectional = (y: Float64Array, v: Float64Array, out: Float64Array, alpha: number): void => {
    if (lambda !== 0) for (let i = 0; i < end; i++) out[i] = out[i]! + alpha * lambda * v[i]!;
    if (mu === 0 || N < 2) return;
    balanceDerivative(y, v, out, alpha * mu);
  };

  return { value, addGradient, addDirectional };
}
