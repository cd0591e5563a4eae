/**
 * The exact Jacobian-vector product of the end-to-end flow (`downstairs.ts`) at every depth, square
 * or rectangular, without forming a Jacobian: one SVD per point (kept while the point is unchanged)
 * and `O(m n (m + n))` work per product, for the matrix-free stiff method (`bdf-krylov`).
 *
 * With `F(W) = L_W(∇E(W))`, `L_W(X) = U (K ∘ (Uᵀ X V)) Vᵀ`, `K_il = k(a_i, b_l)` (`a` the
 * eigenvalues of `WWᵀ`, `b` of `WᵀW`, both `σ²` padded with zeros) and the Daleckii–Krein formula for
 * the matrix powers inside `L_W` (`downstairsJacobian.ts` gives the derivation), the product along
 * `dW` is, in the singular bases (`R = Uᵀ dW V`, `dP̂ = RΣᵀ + ΣRᵀ`, `dQ̂ = RᵀΣ + ΣᵀR`):
 *
 *     Uᵀ dF V = K ∘ (Uᵀ ∇²E[dW] V) + Σ_k D(a_i, a_k; b_l) dP̂_ik Ĝ_kl + Σ_k Ĝ_ik dQ̂_kl D(b_k, b_l; a_i)
 *
 * with `D(x, y; z)` the divided difference of `k` in its first argument. The zero eigenvalues of a
 * rectangular `W`'s larger Gram matrix stay exactly zero under any perturbation (its rank is at most
 * the smaller side), and `dP̂` (or `dQ̂`) vanishes between two of them, so those terms are dropped.
 * The field is `f = −F`. Depth 1 is `−scale·∇²E[dW]`.
 * @see Ju. L. Daleckiĭ, S. G. Kreĭn, Integration and differentiation of functions of Hermitian operators, 1965; R. Bhatia, Matrix Analysis, §V.3; docs/theory/3-downstairs-flow.md.
 */
import type { Energy } from '../energies/energy.js';
import { matmul, matmulNT, matmulTN } from '../linalg/products.js';
import { SvdWorkspace } from '../linalg/svd.js';
import { CoefficientMatrix } from './coefficients.js';
import { coefficientSlope, DIVIDED_DIFFERENCE_GAP } from './downstairsJacobian.js';

/** Above this many divided differences (`m²n + n²m`) they are computed inside each product instead of kept (64 MB). */
const MAX_KEPT_DIFFERENCES = 8_000_000;

/** `D(x, y; z) = (k(x, z) − k(y, z))/(x − y)`, `∂₁k` at the midpoint when `x ≈ y`; 0 between two zeros (see the file comment). */
export function dividedDifference(x: number, y: number, z: number, kx: number, ky: number, depth: number, scale: number): number {
  if (x === 0 && y === 0) return 0;
  if (Math.abs(x - y) <= DIVIDED_DIFFERENCE_GAP * Math.max(x, y)) {
    if (z === 0 && !Number.isFinite(depth)) return 0; // the logarithmic mean with 0 is 0 for every x
    return coefficientSlope(0.5 * (x + y), z, depth, scale);
  }
  return (kx - ky) / (x - y);
}

/** The product `∂f/∂W · dW` of the end-to-end flow, with the point's SVD and coefficients cached. */
export class DownstairsJvp {
  private readonly m: number;
  private readonly n: number;
  private readonly svd: SvdWorkspace;
  /** The point the cache belongs to. */
  private readonly at: Float64Array;
  private ready = false;
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  private readonly K: Float64Array;
  private readonly coefficients: CoefficientMatrix;
  /** `DP[(i·m + k)·n + l] = D(a_i, a_k; b_l)`, `DQ[(k·n + l)·m + i] = D(b_k, b_l; a_i)`, when kept. */
  private readonly DP: Float64Array;
  private readonly DQ: Float64Array;
  /**
   * With them, the products `apply` sums, laid out along l: `GP[(i·m + k)·n + l] = DP_ikl · Ĝ_kl` and
   * `GQ[(i·n + k)·n + l] = Ĝ_ik · DQ_kli`, so each term of `apply` is a multiply-add over contiguous rows
   * (measured on a 30×30 sensing flow: a product in 340 µs instead of 510–750 µs, depths 3 and ∞). They double
   * the kept differences' memory (at most 2·MAX_KEPT_DIFFERENCES numbers in all, 128 MB).
   */
  private readonly GP: Float64Array;
  private readonly GQ: Float64Array;
  private readonly keep: boolean;
  private readonly G: Float64Array;
  private readonly Gh: Float64Array;
  private readonly T: Float64Array;
  private readonly R: Float64Array;
  private readonly S: Float64Array;
  private readonly dP: Float64Array;
  private readonly dQ: Float64Array;
  private readonly H: Float64Array;

  constructor(
    private readonly energy: Energy,
    private readonly depth: number,
    private readonly scale: number,
  ) {
    const m = energy.rows;
    const n = energy.cols;
    this.m = m;
    this.n = n;
    this.svd = new SvdWorkspace(m, n, true);
    this.at = new Float64Array(m * n);
    this.a = new Float64Array(m);
    this.b = new Float64Array(n);
    this.K = new Float64Array(m * n);
    this.coefficients = new CoefficientMatrix(m, n, depth, scale);
    this.keep = m * m * n + n * n * m <= MAX_KEPT_DIFFERENCES;
    this.DP = new Float64Array(this.keep ? m * m * n : 0);
    this.DQ = new Float64Array(this.keep ? n * n * m : 0);
    this.GP = new Float64Array(this.keep ? m * m * n : 0);
    this.GQ = new Float64Array(this.keep ? m * n * n : 0);
    this.G = new Float64Array(m * n);
    this.Gh = new Float64Array(m * n);
    this.T = new Float64Array(m * n);
    this.R = new Float64Array(m * n);
    this.S = new Float64Array(m * n);
    this.dP = new Float64Array(m * m);
    this.dQ = new Float64Array(n * n);
    this.H = new Float64Array(m * n);
  }

  /** The singular vectors of the cached point (`U`: `m × m`, `V`: `n × n`) and its coefficients `K` (`m × n`), for preconditioners. */
  get basis(): { readonly U: Float64Array; readonly V: Float64Array; readonly K: Float64Array } {
    return { U: this.svd.U, V: this.svd.V, K: this.K };
  }

  /** Computes the SVD, `K`, `Ĝ` and the divided differences at `W`, unless `W` is the cached point. */
  prepare(W: Float64Array): void {
    const { at } = this;
    if (this.ready) {
      let same = true;
      for (let i = 0; i < at.length; i++)
        if (at[i] !== W[i]) {
          same = false;
          break;
        }
      if (same) return;
    }
    at.set(W);
    this.ready = true;
    if (this.depth === 1) return;
    const { m, n, a, b, K } = this;
    const { U, V, sigma } = this.svd.compute(W);
    a.fill(0);
    b.fill(0);
    for (let i = 0; i < Math.min(m, n); i++) {
      const s2 = sigma[i]! * sigma[i]!;
      a[i] = s2;
      b[i] = s2;
    }
    this.coefficients.fill(a, b, K);
    this.energy.gradient(W, this.G);
    matmulTN(U, this.G, this.T, m, m, n);
    matmul(this.T, V, this.Gh, m, n, n); // Ĝ = Uᵀ ∇E V
    if (!this.keep) return;
    const { DP, DQ } = this;
    for (let i = 0; i < m; i++)
      for (let k = 0; k < m; k++) {
        const o = (i * m + k) * n;
        for (let l = 0; l < n; l++) DP[o + l] = this.dP_(i, k, l);
      }
    for (let k = 0; k < n; k++)
      for (let l = 0; l < n; l++) {
        const o = (k * n + l) * m;
        for (let i = 0; i < m; i++) DQ[o + i] = this.dQ_(k, l, i);
      }
    const { GP, GQ, Gh } = this;
    for (let i = 0; i < m; i++)
      for (let k = 0; k < m; k++) {
        const o = (i * m + k) * n;
        for (let l = 0; l < n; l++) GP[o + l] = DP[o + l]! * Gh[k * n + l]!;
      }
    for (let i = 0; i < m; i++)
      for (let k = 0; k < n; k++) {
        const o = (i * n + k) * n;
        const g = Gh[i * n + k]!;
        for (let l = 0; l < n; l++) GQ[o + l] = g * DQ[(k * n + l) * m + i]!;
      }
  }

  /** `D(a_i, a_k; b_l)`, from the coefficients already in `K` (`k(a_i, b_l) = K_il`). */
  private dP_(i: number, k: number, l: number): number {
    const { a, b, K, n, depth, scale } = this;
    const x = a[i]!;
    const y = a[k]!;
    if (x === 0 && y === 0) return 0;
    const z = b[l]!;
    if (Math.abs(x - y) <= DIVIDED_DIFFERENCE_GAP * Math.max(x, y)) return dividedDifference(x, y, z, 0, 0, depth, scale);
    return (K[i * n + l]! - K[k * n + l]!) / (x - y);
  }

  /** `D(b_k, b_l; a_i)` (k is symmetric, so this is the divided difference in its second argument): `(K_ik − K_il)/(b_k − b_l)`. */
  private dQ_(k: number, l: number, i: number): number {
    const { a, b, K, n, depth, scale } = this;
    const x = b[k]!;
    const y = b[l]!;
    if (x === 0 && y === 0) return 0;
    const z = a[i]!;
    if (Math.abs(x - y) <= DIVIDED_DIFFERENCE_GAP * Math.max(x, y)) return dividedDifference(x, y, z, 0, 0, depth, scale);
    return (K[i * n + k]! - K[i * n + l]!) / (x - y);
  }

  /**
   * The Daleckii–Krein part of the Jacobian in the singular bases at the prepared point: the entry
   * `(i, l)` of `Uᵀ dF V` for the unit direction `R = e_p e_qᵀ` (file comment; `downstairsJacobian.ts`
   * sums the same four families). Nonzero only when `p` or `q` equals `i` or `l`.
   */
  dkEntry(i: number, l: number, p: number, q: number): number {
    const { m, n, Gh, DP, DQ, keep } = this;
    const { sigma } = this.svd;
    const r = Math.min(m, n);
    let s = 0;
    // d P̂ = R Σᵀ + Σ Rᵀ: rows p (σ_q) and q (σ_q) of the first sum
    if (i === p && q < r) s += (keep ? DP[(p * m + q) * n + l]! : this.dP_(p, q, l)) * sigma[q]! * Gh[q * n + l]!;
    if (i === q && q < r) s += sigma[q]! * (keep ? DP[(q * m + p) * n + l]! : this.dP_(q, p, l)) * Gh[p * n + l]!;
    // d Q̂ = Rᵀ Σ + Σᵀ R: columns p (σ_p) and q (σ_p) of the second sum
    if (l === p && p < r) s += Gh[i * n + q]! * sigma[p]! * (keep ? DQ[(q * n + p) * m + i]! : this.dQ_(q, p, i));
    if (l === q && p < r) s += Gh[i * n + p]! * sigma[p]! * (keep ? DQ[(p * n + q) * m + i]! : this.dQ_(p, q, i));
    return s;
  }

  /** True when `W` has a zero (or non-finite) singular value: the coefficients are not differentiable there. */
  singularAt(W: Float64Array): boolean {
    this.prepare(W);
    if (this.depth === 1) return false;
    const { sigma } = this.svd;
    for (let i = 0; i < Math.min(this.m, this.n); i++) if (!(sigma[i]! > 0) || !Number.isFinite(sigma[i]!)) return true;
    return false;
  }

  /**
   * Writes the dense Jacobian (`mn × mn`, row-major) by one product per column; false, writing
   * nothing, where `W` has a zero singular value.
   */
  jacobian(W: Float64Array, J: Float64Array, unit: Float64Array, col: Float64Array): boolean {
    if (this.singularAt(W)) return false;
    const d = this.m * this.n;
    for (let c = 0; c < d; c++) {
      unit[c] = 1;
      this.apply(W, unit, col);
      unit[c] = 0;
      for (let r = 0; r < d; r++) J[r * d + c] = col[r]!;
    }
    return true;
  }

  /** Writes `∂f/∂W (W) · dW` into `out` (`out` is neither `W` nor `dW`; no allocation). */
  apply(W: Float64Array, dW: Float64Array, out: Float64Array): void {
    const { m, n, depth, scale, H } = this;
    this.prepare(W);
    this.energy.hessianVector(W, dW, H);
    if (depth === 1) {
      for (let i = 0; i < m * n; i++) out[i] = -scale * H[i]!;
      return;
    }
    const { U, V, sigma } = this.svd;
    const { K, Gh, T, R, S, dP, dQ, keep } = this;
    const r = Math.min(m, n);
    matmulTN(U, dW, T, m, m, n);
    matmul(T, V, R, m, n, n); // R = Uᵀ dW V
    matmulTN(U, H, T, m, m, n);
    matmul(T, V, S, m, n, n); // Uᵀ ∇²E[dW] V
    for (let i = 0; i < m * n; i++) S[i] = K[i]! * S[i]!;
    // dP̂_ik = R_ik σ_k + σ_i R_ki (σ_j = 0 for j ≥ r; R_ik exists for k < n, R_ki for i < n)
    for (let i = 0; i < m; i++)
      for (let k = 0; k < m; k++) {
        const left = k < r ? R[i * n + k]! * sigma[k]! : 0;
        const right = i < r ? sigma[i]! * R[k * n + i]! : 0;
        dP[i * m + k] = left + right;
      }
    // dQ̂_kl = R_lk σ_l + σ_k R_kl
    for (let k = 0; k < n; k++)
      for (let l = 0; l < n; l++) {
        const left = l < r ? R[l * n + k]! * sigma[l]! : 0;
        const right = k < r ? sigma[k]! * R[k * n + l]! : 0;
        dQ[k * n + l] = left + right;
      }
    if (keep) {
      // S_il += Σ_k dP̂_ik·GP_ikl + Σ_k dQ̂_kl·GQ_ikl, row by row over l (contiguous)
      const { GP, GQ } = this;
      for (let i = 0; i < m; i++) {
        const row = i * n;
        for (let k = 0; k < m; k++) {
          const p = dP[i * m + k]!;
          if (p === 0) continue;
          const o = (i * m + k) * n;
          for (let l = 0; l < n; l++) S[row + l] = S[row + l]! + p * GP[o + l]!;
        }
        for (let k = 0; k < n; k++) {
          const o = (i * n + k) * n;
          const d = k * n;
          for (let l = 0; l < n; l++) S[row + l] = S[row + l]! + dQ[d + l]! * GQ[o + l]!;
        }
      }
    } else {
      for (let i = 0; i < m; i++)
        for (let l = 0; l < n; l++) {
          let s = S[i * n + l]!;
          for (let k = 0; k < m; k++) {
            const p = dP[i * m + k]!;
            if (p === 0) continue;
            s += this.dP_(i, k, l) * p * Gh[k * n + l]!;
          }
          for (let k = 0; k < n; k++) {
            const q = dQ[k * n + l]!;
            if (q === 0) continue;
            s += Gh[i * n + k]! * q * this.dQ_(k, l, i);
          }
          S[i * n + l] = s;
        }
    }
    matmul(U, S, T, m, m, n);
    matmulNT(T, V, out, m, n, n, 0, 0, 0, -1); // f = −F
  }
}
