/**
 * The induced "downstairs" flow on the end-to-end matrix (docs/theory.md §3), finite depth and depth ∞:
 * `dW/dt = −U (C ∘ Ĝ) Vᵀ`, `Ĝ = Uᵀ ∇E(W) V`, with the full SVD `W = U Σ Vᵀ` and the stable
 * coefficients of `coefficients.ts`. Depth 1 is plain gradient flow (`C ≡ 1`, no SVD).
 * The SVD is warm-started from the previous evaluation (see `linalg/svd.ts`).
 * @see S. Arora, N. Cohen, E. Hazan, ICML 2018, Theorem 1 (finite N); N. Cohen, G. Menon, Z. Veraszto, 2023 (N = ∞).
 */
import type { Energy } from '../energies/energy.js';
import { matmul, matmulNT, matmulTN } from '../linalg/products.js';
import { SvdWorkspace } from '../linalg/svd.js';
import type { OdeSystem } from '../ode/types.js';
import { CoefficientMatrix } from './coefficients.js';
import { DownstairsJacobian, MAX_EXACT_STATES } from './downstairsJacobian.js';
import { DownstairsJvp } from './downstairsJvp.js';
import { DownstairsPreconditioner } from './downstairsPreconditioner.js';
import { LowRankField } from './lowRank.js';
import { velocityScale, type TimeConvention } from './time.js';
import { flowsMessages } from './messages.js';

/** The end-to-end flow as an ODE system on `W` (`rows × cols`, row-major). */
export interface EndToEndFlow extends OdeSystem {
  readonly energy: Energy;
  /** `N`, or `Infinity`. */
  readonly depth: number;
  readonly time: TimeConvention;
  /** The invariant rank the field is evaluated at (see `DownstairsOptions.rank`). */
  readonly rank: number;
}

/** Options of `downstairsFlow`. */
export interface DownstairsOptions {
  /**
   * The rank `k` of the start when it is rank-deficient (default: full, `min(rows, cols)`).
   * For `N ≥ 2` the rank is invariant, but the coefficients involve `σ^{2/N}` (and `1/ln σ` at
   * N = ∞), which are not differentiable at `σ = 0`: Runge–Kutta stages, which leave the rank-k
   * manifold by O(h²), would see a non-smooth field and their error estimates fail (measured:
   * 1e-5 instead of 1e-9 at rtol 1e-10). With `rank` given, the field is evaluated at the nearest
   * rank-k matrix `Π_k(W)` (a smooth extension that equals the flow on the manifold), in O(m n k)
   * work (`lowRank.ts`).
   */
  readonly rank?: number;
}

/**
 * The downstairs flow of `energy` at depth `N` (a positive integer or `Infinity`). Depth ∞ exists
 * only in normalised time.
 */
export function downstairsFlow(energy: Energy, depth: number, time: TimeConvention = 'upstairs', options: DownstairsOptions = {}): EndToEndFlow {
  if (!(depth === Infinity || (Number.isInteger(depth) && depth >= 1))) throw new RangeError(flowsMessages.depth(depth));
  const scale = velocityScale(depth, time);
  const m = energy.rows;
  const n = energy.cols;
  const k = Math.min(m, n);
  const G = new Float64Array(m * n);
  const Gh = new Float64Array(m * n);
  const T = new Float64Array(m * n);
  const s2 = new Float64Array(Math.max(m, n));
  const s2a = s2.length === m ? s2 : s2.subarray(0, m);
  const s2b = s2.length === n ? s2 : s2.subarray(0, n);
  const C = new Float64Array(m * n);
  const coefficients = new CoefficientMatrix(m, n, depth, scale);
  const svd = new SvdWorkspace(m, n, true);
  const rank = options.rank ?? k;
  if (!(Number.isInteger(rank) && rank >= 0 && rank <= k)) throw new RangeError(flowsMessages.rank(k, rank));
  const lowRank = rank < k && rank > 0 && depth !== 1 ? new LowRankField(energy, rank, depth, scale) : undefined;

  const rhs = (_t: number, W: Float64Array, dWdt: Float64Array): void => {
    if (depth === 1) {
      energy.gradient(W, G);
      for (let i = 0; i < m * n; i++) dWdt[i] = -scale * G[i]!;
      return;
    }
    if (rank === 0) {
      dWdt.fill(0); // W = 0 is an equilibrium for N ≥ 2
      return;
    }
    if (lowRank) {
      lowRank.evaluate(W, dWdt);
      return;
    }
    svd.compute(W);
    const { U, V, sigma } = svd;
    s2.fill(0);
    for (let i = 0; i < k; i++) s2[i] = sigma[i]! * sigma[i]!;
    energy.gradient(W, G);
    matmulTN(U, G, T, m, m, n); // Uᵀ G
    matmul(T, V, Gh, m, n, n); // Ĝ = Uᵀ G V
    coefficients.fill(s2a, s2b, C);
    for (let i = 0; i < m * n; i++) Gh[i] = Gh[i]! * C[i]!;
    matmul(U, Gh, T, m, m, n); // U (C∘Ĝ)
    matmulNT(T, V, dWdt, m, n, n); // … Vᵀ
    for (let i = 0; i < m * n; i++) dWdt[i] = -dWdt[i]!;
  };

  // exact Jacobian-vector products at full rank (the low-rank field is differenced by the matrix-free methods)
  const products = !lowRank && (rank === k || depth === 1) ? new DownstairsJvp(energy, depth, scale) : undefined;
  const jvp = products
    ? (_t: number, W: Float64Array, v: Float64Array, out: Float64Array): void => {
        products.apply(W, v, out);
      }
    : undefined;
  const matrixFree = products && jvp ? { jvp, preconditioner: new DownstairsPreconditioner(energy, products) } : {};
  return { dim: m * n, rhs, ...denseJacobian(energy, depth, scale, products), ...matrixFree, autonomous: true, energy, depth, time, rank };
}

/**
 * The exact dense Jacobian for the stiff methods at full rank: `DownstairsJacobian` (square, N ≥ 2),
 * else one product per column, up to `MAX_EXACT_STATES` states; elsewhere they difference the field.
 */
function denseJacobian(energy: Energy, depth: number, scale: number, products: DownstairsJvp | undefined): Pick<OdeSystem, 'jacobian'> {
  if (!products) return {};
  if (DownstairsJacobian.applies(energy, depth)) {
    const exact = new DownstairsJacobian(energy, depth, scale);
    return { jacobian: (_t: number, W: Float64Array, J: Float64Array): boolean => exact.evaluate(W, J) };
  }
  const d = energy.rows * energy.cols;
  if (d > MAX_EXACT_STATES) return {};
  const unit = new Float64Array(d);
  const col = new Float64Array(d);
  return { jacobian: (_t: number, W: Float64Array, J: Float64Array): boolean => products.jacobian(W, J, unit, col) };
}
