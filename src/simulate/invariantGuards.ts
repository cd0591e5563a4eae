/**
 * What the exact flow keeps, guarded in every parametrization (docs/theory.md §5.2, §5.4):
 * - the **end-to-end precision guard**: a terminal event on `σ_min(W)/σ_max(W)` reaching
 *   `endToEndFloor(rtol, atol, σ_max)`, where the sign of det W — kept by the exact flow from a square
 *   nonsingular start at depth N ≥ 2 and ∞ — is no longer resolved by the integration;
 * - the **invariant monitor**, evaluated at the saved rows after the run: the `D_j` of factor models
 *   and, for data energies, the null-input block `W₁Q_x` (its end-to-end forms at depth N and ∞). A
 *   drift beyond a bound derived from the solver tolerance turns the run's status to `invariant-broken`.
 */
import { invariants } from '../analysis/invariants.js';
import { nullInputBasis } from '../analysis/errorDecomposition.js';
import type { FactorLayout } from '../flows/layout.js';
import type { Regularizer } from '../flows/regularizer.js';
import { frobeniusDistance, frobeniusNorm } from '../linalg/norms.js';
import { matmul, matmulTN } from '../linalg/products.js';
import { symEig } from '../linalg/symEig.js';
import { singularValueWorkspace, singularValues, type SvdWorkspace } from '../linalg/svd.js';
import type { OdeEvent } from '../ode/types.js';
import { endToEndFloor } from './precisionFloor.js';

/** The name of the end-to-end guard's event in the solver's event list. */
export const END_TO_END_GUARD = 'precision-guard-end-to-end';

/** `σ_min/σ_max` of a square `d × d` matrix minus the floor there (the event function). Allocation-free with the workspace. */
function endToEndMargin(W: Float64Array, d: number, svd: SvdWorkspace, rtol: number, atol: number): number {
  const s = svd.compute(W).sigma;
  const top = s[0]!;
  if (!(top > 0)) return -1;
  return s[d - 1]! / top - endToEndFloor(rtol, atol, top);
}

/**
 * The terminal event of the end-to-end precision guard: `σ_min(W)/σ_max(W) − endToEndFloor(rtol, atol, σ_max)`
 * crossing 0 downwards. Its SVD workspace is allocated here, once: no allocation per call.
 */
export function endToEndPrecisionEvent(d: number, rtol: number, atol: number): OdeEvent {
  const svd = singularValueWorkspace(d, d);
  return { name: END_TO_END_GUARD, direction: -1, terminal: true, g: (_t, y) => endToEndMargin(y, d, svd, rtol, atol) };
}

/** The start's `σ_min/σ_max` and the floor there (`d × d`): the guard arms only when the ratio is above it. */
export function endToEndStart(W0: Float64Array, d: number, rtol: number, atol: number): { ratio: number; floor: number } {
  const s = singularValues(W0, d, d);
  const top = s[0]!;
  return { ratio: top > 0 ? s[d - 1]! / top : 0, floor: endToEndFloor(rtol, atol, top > 0 ? top : Number.MIN_VALUE) };
}

/** A monitored invariant that drifted beyond its bound: which, the first saved time it did, by how much. */
export interface InvariantBreach {
  /** `D_j` (factor models), `W₁Q_x` (factor models, data energies), `WQ_x` (depth 1), `Q_xᵀ(WᵀW)^{1/N}Q_x`, `Q_xᵀ log(WᵀW) Q_x`. */
  readonly invariant: string;
  readonly t: number;
  readonly drift: number;
  readonly bound: number;
}

/** What the monitor reads from a finished run. */
export interface MonitorInput {
  readonly t: readonly number[];
  /** Raw solver states at the saved times (packed factors, or W). */
  readonly states: readonly Float64Array[];
  /** The start (the state at t = 0). */
  readonly y0: Float64Array;
  readonly rows: number;
  readonly cols: number;
  /** `N ≥ 1` or `Infinity`. */
  readonly depth: number;
  /** The velocity scale of the time convention (`1` upstairs, `1/N` normalised at finite N). */
  readonly scale: number;
  /** Factor models: the layout (the D_j are monitored, and W₁Q_x for data energies). */
  readonly layout?: FactorLayout;
  readonly regularizer?: Regularizer;
  /** The input covariance of a data energy (`cols × cols`): its null space is `Q_x`. */
  readonly inputCovariance?: Float64Array;
  /** End-to-end models: the invariant rank (the `N = ∞` form needs full rank). */
  readonly rank?: number;
  readonly rtol: number;
  readonly atol: number;
  /** Accepted steps of the run. */
  readonly steps: number;
}

/**
 * Safety factor of the monitor's bounds: they use the largest norms and the smallest σ_min seen at the
 * saved rows, which the states between rows can exceed, and the solver's error *estimate*, which can
 * understate a step's error by a small factor. A planted violation is O(‖W‖) and clears it by orders.
 */
const SAFETY = 10;
/** Rounding per step, relative to the state (a few ulps per operation of a step). */
const ROUNDING = 16 * Number.EPSILON;

/**
 * The first saved time at which a monitored invariant of the exact flow has drifted beyond what the
 * integration can explain, or undefined. The bound: each accepted step's local error in the state is
 * kept by the controller at `‖δy‖₂ ≤ e = √n·(atol + (rtol + 16ε)·Y)`, `Y = max ‖y‖₂` over the saved
 * rows. The invariants are conserved (or decay) for *every* state, so an error made at one step is
 * carried, never amplified: the drift is at most the sum over the `K` accepted steps of what one step's
 * `δy` does to the invariant — `4Y·e` for `D_j` (quadratic in the factors), `e` for the linear `W₁Q_x`
 * and `WQ_x`, `√q·min((2Ye)^{1/N}, (2/N)σ_r^{2/N−2}·Ye)` for `Q_xᵀ(WᵀW)^{1/N}Q_x` (Hölder, or the
 * derivative of `x^{1/N}` at σ_r², r = min(rows, cols) the rank, when W has full rank: a rows × cols
 * matrix keeps its cols − r structural zeros whatever the error), `√q·2Ye/σ_min²` for
 * `Q_xᵀ log(WᵀW)Q_x` (depth ∞; tall or square W of full rank only, where the log is finite) — times `SAFETY`.
 * Loose by design: it separates integration error from a broken
 * field or state, which drift by O(‖W‖). Work: O(rows) small products at the saved rows only.
 */
export function invariantBreach(m: MonitorInput): InvariantBreach | undefined {
  const { states, y0, rows, cols, depth: N, layout, regularizer } = m;
  if (states.length === 0) return undefined;
  let Y = frobeniusNorm(y0);
  for (const y of states) Y = Math.max(Y, frobeniusNorm(y));
  const e = Math.sqrt(y0.length) * (m.atol + (m.rtol + ROUNDING) * Y);
  const K = Math.max(1, m.steps);
  const lambda = regularizer?.weightDecay ?? 0;
  // a balancing penalty drives D_j to 0 and moves W₁Q_x: neither is an invariant then
  const penalised = (regularizer?.balance ?? 0) !== 0;
  const decay = (t: number, rate: number): number => Math.exp(-rate * m.scale * lambda * t);
  const Qx = m.inputCovariance ? nullInputBasis(m.inputCovariance, cols) : { Q: new Float64Array(0), q: 0 };
  const q = Qx.q;

  if (layout) {
    if (penalised) return undefined;
    const D0 = invariants(layout, y0);
    const boundD = SAFETY * K * 4 * Y * e;
    const d1 = layout.widths[1]!;
    const W1Q0 = q > 0 ? new Float64Array(d1 * q) : undefined;
    if (W1Q0) matmul(y0, Qx.Q, W1Q0, d1, cols, q); // W_1 (d_1 × d_0) leads the packed state
    const W1Q = W1Q0 ? new Float64Array(d1 * q) : undefined;
    const boundQ = SAFETY * K * e;
    for (let k = 0; k < states.length; k++) {
      const y = states[k]!;
      const t = m.t[k]!;
      const D = invariants(layout, y);
      const f = decay(t, 2); // D_j(t) = e^{−2λ s t} D_j(0) under weight decay
      let drift = 0;
      D.forEach((Dj, j) => {
        const D0j = D0[j]!;
        let s = 0;
        for (let i = 0; i < Dj.length; i++) s += (Dj[i]! - f * D0j[i]!) ** 2;
        drift = Math.max(drift, Math.sqrt(s));
      });
      if (drift > boundD) return { invariant: 'D_j', t, drift, bound: boundD };
      if (W1Q && W1Q0) {
        matmul(y, Qx.Q, W1Q, d1, cols, q);
        const g = decay(t, 1); // W₁Q_x(t) = e^{−λ s t} W₁Q_x(0)
        let s = 0;
        for (let i = 0; i < W1Q.length; i++) s += (W1Q[i]! - g * W1Q0[i]!) ** 2;
        const dq = Math.sqrt(s);
        if (dq > boundQ) return { invariant: 'W₁Q_x', t, drift: dq, bound: boundQ };
      }
    }
    return undefined;
  }

  // end-to-end: only data energies with a null input space have an invariant to monitor
  if (q === 0) return undefined;
  if (N === 1) {
    const WQ0 = new Float64Array(rows * q);
    const WQ = new Float64Array(rows * q);
    matmul(y0, Qx.Q, WQ0, rows, cols, q);
    const bound = SAFETY * K * e;
    for (let k = 0; k < states.length; k++) {
      matmul(states[k]!, Qx.Q, WQ, rows, cols, q);
      const drift = frobeniusDistance(WQ, WQ0);
      if (drift > bound) return { invariant: 'WQ_x', t: m.t[k]!, drift, bound };
    }
    return undefined;
  }
  // balanced factors of W have W₁ᵀW₁ = (WᵀW)^{1/N}: the block Q_xᵀ(WᵀW)^{1/N}Q_x is the Gram of W₁Q_x, conserved;
  // at N = ∞ its O(1/N) part, Q_xᵀ log(WᵀW) Q_x, is (full rank only: log 0 = −∞)
  const inf = !Number.isFinite(N);
  const full = Math.min(rows, cols);
  const r = m.rank ?? full;
  if (inf && (r < cols || rows < cols)) return undefined;
  const block = (W: Float64Array): { K: Float64Array; smin: number } => {
    const WtW = new Float64Array(cols * cols);
    matmulTN(W, W, WtW, cols, rows, cols);
    const { values, Q } = symEig(WtW, cols);
    const lmax = Math.max(0, values[0] ?? 0);
    const F = new Float64Array(cols * cols);
    // σ_r², r = the invariant rank: WᵀW's other cols − r eigenvalues are structural zeros (W is rows × cols of rank r)
    const lmin = [...values].sort((a, b) => b - a)[r - 1] ?? 0;
    for (let c = 0; c < cols; c++) {
      const l = values[c]!;
      const w = inf ? Math.log(Math.max(l, Number.MIN_VALUE)) : l > cols * Number.EPSILON * lmax ? l ** (1 / N) : 0;
      for (let i = 0; i < cols; i++) {
        const qi = Q[i * cols + c]! * w;
        for (let j = 0; j < cols; j++) F[i * cols + j] = F[i * cols + j]! + qi * Q[j * cols + c]!;
      }
    }
    const FQ = new Float64Array(cols * q);
    matmul(F, Qx.Q, FQ, cols, cols, q);
    const Kq = new Float64Array(q * q);
    matmulTN(Qx.Q, FQ, Kq, q, cols, q);
    return { K: Kq, smin: Math.sqrt(Math.max(0, lmin)) };
  };
  const start = block(y0);
  let smin = start.smin;
  const blocks = states.map((y) => {
    const b = block(y);
    smin = Math.min(smin, b.smin);
    return b.K;
  });
  const perStep = inf
    ? (2 * Y * e) / Math.max(smin * smin, Number.MIN_VALUE)
    : Math.min((2 * Y * e + e * e) ** (1 / N), smin > 0 && r === full ? (2 / N) * smin ** (2 / N - 2) * Y * e : Infinity);
  const bound = SAFETY * K * Math.sqrt(q) * perStep;
  for (let k = 0; k < blocks.length; k++) {
    const drift = frobeniusDistance(blocks[k]!, start.K);
    if (drift > bound) return { invariant: inf ? 'Q_xᵀ log(WᵀW) Q_x' : `Q_xᵀ(WᵀW)^{1/${String(N)}}Q_x`, t: m.t[k]!, drift, bound };
  }
  return undefined;
}

/**
 * `nullInputDrift` at each saved row of a factor model on a data energy: `‖W₁Q_x(t) − e^{−λst}W₁Q_x(0)‖_F`,
 * the distance of the first layer's null-input block from what the exact flow keeps (docs/theory.md
 * §7.2: `∇_{W₁}L·Q_x = (W_N⋯W₂)ᵀ G Q_x = 0` at every depth, so `W₁Q_x` is conserved, and under weight
 * decay λ it decays like `e^{−λt}`). Undefined without a null input space, or under a balancing
 * penalty (which moves it). `scale` is the time convention's velocity scale (1 upstairs).
 */
export function nullInputDrifts(
  states: readonly Float64Array[],
  t: readonly number[],
  y0: Float64Array,
  layout: FactorLayout,
  inputCovariance: Float64Array,
  scale: number,
  regularizer?: Regularizer,
): number[] | undefined {
  if ((regularizer?.balance ?? 0) !== 0) return undefined;
  const cols = layout.widths[0]!;
  const d1 = layout.widths[1]!;
  const { Q, q } = nullInputBasis(inputCovariance, cols);
  if (q === 0) return undefined;
  const lambda = regularizer?.weightDecay ?? 0;
  const W1Q0 = new Float64Array(d1 * q);
  const W1Q = new Float64Array(d1 * q);
  matmul(y0, Q, W1Q0, d1, cols, q); // W_1 (d_1 × d_0) leads the packed state
  return states.map((y, k) => {
    matmul(y, Q, W1Q, d1, cols, q);
    const g = Math.exp(-lambda * scale * t[k]!);
    let s = 0;
    for (let i = 0; i < W1Q.length; i++) s += (W1Q[i]! - g * W1Q0[i]!) ** 2;
    return Math.sqrt(s);
  });
}
