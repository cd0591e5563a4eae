/**
 * The end-to-end flow of a square, nonsingular `W` in spectral coordinates
 * (docs/theory/5-completion-problems.md §5.5): `W = U · diag(e^ℓ) · Vᵀ` with `ℓ = log σ`,
 * `U = U₀ cay(A)`, `V = V₀ cay(B)` (`cayley.ts`), state `y = (upper(A), upper(B), ℓ)` of dimension
 * `n(n−1) + n`. With `M = UᵀẆV = −K∘Ĝ` (the field of `downstairs.ts`, `K_il = k(σ_i², σ_l²)`):
 *
 *     ℓ̇_i = −(K_ii/σ_i) Ĝ_ii,    (Ω_U)_il = q_il (Ĝ_il σ_l + Ĝ_li σ_i),    (Ω_V)_il = q_il (Ĝ_il σ_i + Ĝ_li σ_l),
 *
 * `q_il = K_il/(σ_i² − σ_l²)`, and `Ȧ = (I + A/2) Ω_U (I − A/2)`, likewise `Ḃ`. Small singular values
 * are stored relatively, so an exponentially small `σ_min` (Razin–Cohen at depth 2, docs/theory.md §5)
 * keeps its digits, and `det W = det U₀ det V₀ e^{Σℓ}` keeps its sign exactly: `U` and `V` are orthogonal
 * by construction at every point an ODE method visits, with no projection step.
 * The coordinates (not the flow) are singular where two singular values meet (`q` has a pole):
 * `minLogGap` measures the distance to it, and starts closer than `SPECTRAL_MIN_GAP` are refused.
 */
import type { Energy } from '../energies/energy.js';
import { determinant } from '../linalg/lu.js';
import { matmul, matmulNT, matmulTN } from '../linalg/products.js';
import type { OdeSystem } from '../ode/types.js';
import { CayleyWorkspace, skewDim } from './cayley.js';
import { spectralStart } from './spectralStart.js';
import { velocityScale, type TimeConvention } from './time.js';

export { SPECTRAL_MIN_GAP } from './spectralStart.js';

/** The end-to-end flow in spectral coordinates, as an ODE system on `y = (upper(A), upper(B), ℓ)`. */
export interface SpectralFlow extends OdeSystem {
  readonly energy: Energy;
  /** `N`, or `Infinity`. */
  readonly depth: number;
  readonly time: TimeConvention;
  /** `W` is `n × n`. */
  readonly n: number;
  /** `n(n−1) + n`. */
  readonly dim: number;
  /** The state of `W0`: `A = B = 0`, `ℓ = log σ(W0)` (descending). */
  readonly initial: Float64Array;
  /** The reference frames `U₀`, `V₀` (the SVD of `W0`, `n × n` row-major). */
  readonly U0: Float64Array;
  readonly V0: Float64Array;
  /** `sign det W = det U₀ · det V₀`, the same at every state (`det cay(A) = 1`). */
  readonly detSign: 1 | -1;
  /** Writes `W = U diag(e^ℓ) Vᵀ` (`n × n`, row-major). */
  matrix(y: Float64Array, W: Float64Array): void;
  /** Writes `ℓ = log σ` (length `n`; descending as long as no two meet). */
  logSingularValues(y: Float64Array, out: Float64Array): void;
  /** `log |det W| = Σ ℓ_i`. */
  logAbsDet(y: Float64Array): number;
  /** `min_{i≠l} |ℓ_i − ℓ_l|`: the distance to the coordinates' singularity (≈ the smallest relative gap of the σ's). */
  minLogGap(y: Float64Array): number;
  /** Writes the orthogonal `U = U₀ cay(A)` and `V = V₀ cay(B)`. */
  singularVectors(y: Float64Array, U: Float64Array, V: Float64Array): void;
  /** `max(‖A‖_F, ‖B‖_F)`: how far the Cayley charts are stretched (unbounded near a half turn from `U₀`, `V₀`). */
  chartNorm(y: Float64Array): number;
}

/** `U = U₀ cay(A)` and `V = V₀ cay(B)` from a state, in buffers of its own. */
class Frames {
  private readonly cayley: CayleyWorkspace;
  private readonly C: Float64Array;

  constructor(
    private readonly n: number,
    private readonly U0: Float64Array,
    private readonly V0: Float64Array,
  ) {
    this.cayley = new CayleyWorkspace(n);
    this.C = new Float64Array(n * n);
  }

  compute(y: Float64Array, U: Float64Array, V: Float64Array): void {
    const { n, C, cayley } = this;
    cayley.transform(y, 0, C);
    matmul(this.U0, C, U, n, n, n);
    cayley.transform(y, skewDim(n), C);
    matmul(this.V0, C, V, n, n, n);
  }
}

/**
 * The end-to-end flow of `energy` (square, `n × n`) at depth `N` (a positive integer or `Infinity`,
 * which needs `time = 'normalized'`), in spectral coordinates from the nonsingular start `W0`
 * (row-major) whose singular values are pairwise separated by at least `SPECTRAL_MIN_GAP` relative.
 * Integrate `initial` with any method of src/ode; read `W` back with `matrix`.
 */
export function spectralFlow(energy: Energy, depth: number, time: TimeConvention, W0: ArrayLike<number>): SpectralFlow {
  const svd = spectralStart(energy, depth, W0);
  const scale = velocityScale(depth, time);
  const n = energy.rows;
  const m = skewDim(n);
  const dim = 2 * m + n;
  const U0 = Float64Array.from(svd.U);
  const V0 = Float64Array.from(svd.V);
  const detSign = determinant(U0, n) * determinant(V0, n) > 0 ? 1 : -1;
  const initial = new Float64Array(dim);
  for (let i = 0; i < n; i++) initial[2 * m + i] = Math.log(svd.sigma[i]!);

  // K_ii/σ_i = c·e^{pℓ_i}: c = N·scale, p = 1 − 2/N at depth N; c = p = 1 at depth ∞ (λ^∞_ii = σ²)
  const finite = Number.isFinite(depth);
  const p = finite ? 1 - 2 / depth : 1;
  const c = finite ? depth * scale : 1;

  // workspaces of the right-hand side (hot path: nothing is allocated there)
  const frames = new Frames(n, U0, V0);
  const cayley = new CayleyWorkspace(n);
  const U = new Float64Array(n * n);
  const V = new Float64Array(n * n);
  const US = new Float64Array(n * n);
  const W = new Float64Array(n * n);
  const G = new Float64Array(n * n);
  const T = new Float64Array(n * n);
  const Gh = new Float64Array(n * n);
  const OmU = new Float64Array(n * n);
  const OmV = new Float64Array(n * n);
  const ell = new Float64Array(n);
  const sigma = new Float64Array(n);

  /** `W = U diag(e^ℓ) Vᵀ` into `out`, with the state's frames in `Ub`, `Vb` and its `σ = e^ℓ` in `s`. */
  const assemble = (Ub: Float64Array, Vb: Float64Array, s: Float64Array, out: Float64Array, scratch: Float64Array): void => {
    for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) scratch[i * n + k] = Ub[i * n + k]! * s[k]!;
    matmulNT(scratch, Vb, out, n, n, n);
  };

  const rhs = (_t: number, y: Float64Array, dydt: Float64Array): void => {
    frames.compute(y, U, V);
    for (let i = 0; i < n; i++) {
      ell[i] = y[2 * m + i]!;
      sigma[i] = Math.exp(ell[i]!);
    }
    assemble(U, V, sigma, W, US);
    energy.gradient(W, G);
    matmulTN(U, G, T, n, n, n); // Uᵀ G
    matmul(T, V, Gh, n, n, n); // Ĝ = Uᵀ G V
    for (let i = 0; i < n; i++) {
      dydt[2 * m + i] = -c * Math.exp(p * ell[i]!) * Gh[i * n + i]!;
      OmU[i * n + i] = 0;
      OmV[i * n + i] = 0;
      for (let l = i + 1; l < n; l++) {
        // a = q_il σ_i, b = q_il σ_l, without forming q (which over- or underflows with σ)
        const delta = ell[i]! - ell[l]!;
        let a: number;
        let b: number;
        if (finite) {
          const d = (2 * delta) / depth;
          a = (scale * Math.exp(p * ell[i]!)) / -Math.expm1(-d);
          b = (scale * Math.exp(p * ell[l]!)) / Math.expm1(d);
        } else {
          a = sigma[i]! / (2 * delta);
          b = sigma[l]! / (2 * delta);
        }
        const gil = Gh[i * n + l]!;
        const gli = Gh[l * n + i]!;
        const u = b * gil + a * gli;
        const v = a * gil + b * gli;
        OmU[i * n + l] = u;
        OmU[l * n + i] = -u;
        OmV[i * n + l] = v;
        OmV[l * n + i] = -v;
      }
    }
    cayley.velocity(y, 0, OmU, dydt, 0);
    cayley.velocity(y, m, OmV, dydt, m);
  };

  // buffers of the read-out functions, apart from the right-hand side's
  const readFrames = new Frames(n, U0, V0);
  const Ur = new Float64Array(n * n);
  const Vr = new Float64Array(n * n);
  const sr = new Float64Array(n);
  const scratch = new Float64Array(n * n);

  return {
    dim,
    rhs,
    autonomous: true,
    energy,
    depth,
    time,
    n,
    initial,
    U0,
    V0,
    detSign,
    matrix(y, out) {
      readFrames.compute(y, Ur, Vr);
      for (let i = 0; i < n; i++) sr[i] = Math.exp(y[2 * m + i]!);
      assemble(Ur, Vr, sr, out, scratch);
    },
    logSingularValues(y, out) {
      for (let i = 0; i < n; i++) out[i] = y[2 * m + i]!;
    },
    logAbsDet(y) {
      let s = 0;
      for (let i = 0; i < n; i++) s += y[2 * m + i]!;
      return s;
    },
    minLogGap(y) {
      let gap = Infinity;
      for (let i = 0; i < n; i++) for (let l = i + 1; l < n; l++) gap = Math.min(gap, Math.abs(y[2 * m + i]! - y[2 * m + l]!));
      return gap;
    },
    singularVectors(y, Uout, Vout) {
      readFrames.compute(y, Uout, Vout);
    },
    chartNorm(y) {
      let a = 0;
      let b = 0;
      for (let k = 0; k < m; k++) {
        a += y[k]! * y[k]!;
        b += y[m + k]! * y[m + k]!;
      }
      return Math.sqrt(2 * Math.max(a, b)); // each packed entry stands for two of the skew matrix
    },
  };
}
