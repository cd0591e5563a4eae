/**
 * The exact Jacobian of the end-to-end flow (`downstairs.ts`) at depth `N ≥ 2` and ∞, for square `W`
 * with no zero singular value: one SVD and a few large matrix products in place of the `n²`
 * right-hand sides (each with its own SVD) of a finite-difference Jacobian.
 *
 * The field is `F(W) = L_W(∇E(W))` with `L_W(X) = U (K ∘ (Uᵀ X V)) Vᵀ` and `K_il = k(a_i, a_l)`,
 * `a_i = σ_i²`, where `k` is the flow's coefficient (`coefficients.ts`). Every such `k` is
 * `∫ a^{1−s} b^s dμ(s)` (μ uniform on `s = (j−1)/N` at depth N, on `[0, 1]` at depth ∞), so
 * `L_W(X) = ∫ (WWᵀ)^{1−s} X (WᵀW)^s dμ(s)`. Differentiating the matrix powers by the Daleckii–Krein
 * formula and integrating over `s` gives, in the singular bases (`R = Uᵀ dW V`, `Ĝ = Uᵀ ∇E V`,
 * `dP̂ = RΣ + ΣRᵀ`, `dQ̂ = RᵀΣ + ΣR`):
 *
 *     Uᵀ dF V = K ∘ (Uᵀ ∇²E[dW] V) + Σ_k D(a_i, a_k; a_l) dP̂_ik Ĝ_kl + Σ_k D(a_k, a_l; a_i) Ĝ_ik dQ̂_kl
 *
 * with `D(x, y; z) = (k(x, z) − k(y, z))/(x − y)` the divided difference of `k` in its first argument
 * (`∂₁k` when `x = y`). For a unit `R = e_p e_qᵀ`, `dP̂` and `dQ̂` have two entries each, so the
 * Jacobian in the singular bases is `diag(K) · Ĥ` (the energy's Hessian turned into those bases) plus
 * `O(n³)` entries; turning it back costs four products of `n × n` by `n × n³` matrices.
 * Derivation: docs/theory/3-downstairs-flow.md, §3.6.
 * @see Ju. L. Daleckiĭ, S. G. Kreĭn, Integration and differentiation of functions of Hermitian operators, 1965; R. Bhatia, Matrix Analysis, §V.3.
 */
import type { Energy } from '../energies/energy.js';
import { matmul, matmulTN, transposeInto } from '../linalg/products.js';
import { SvdWorkspace } from '../linalg/svd.js';
import { CoefficientMatrix } from './coefficients.js';

/**
 * Below this relative gap `|x − y| ≤ GAP·max(x, y)` the divided difference is taken as `∂₁k` at the
 * midpoint: the quotient would lose `ε/GAP ≈ 2e-11` to cancellation, the midpoint derivative is off by
 * `O(GAP²)` relative (the balance of the two is `ε^{1/3}`).
 */
export const DIVIDED_DIFFERENCE_GAP = 1e-5;
const GAP = DIVIDED_DIFFERENCE_GAP;

/** Up to 50 × 50: three more `n² × n²` matrices are 150 MB there. Larger flows keep finite differences. */
export const MAX_EXACT_STATES = 2500;

/**
 * `∂k/∂x (x, z)` of the flow coefficient. Depth ∞, the logarithmic mean `(x − z)/ln(x/z)`:
 * `(u − 1 + e^{−u})/u²` with `u = ln(x/z)`, by its series near `u = 0`. Depth N (upstairs or
 * normalised by `scale`): `Σ_j p_j x^{p_j − 1} z^{(j−1)/N}`, `p_j = (N − j)/N`.
 */
export function coefficientSlope(x: number, z: number, depth: number, scale: number): number {
  if (!Number.isFinite(depth)) {
    const u = Math.log(x / z);
    if (Math.abs(u) < 1e-3) return 0.5 - u / 6 + (u * u) / 24 - (u * u * u) / 120;
    return (u + Math.expm1(-u)) / (u * u);
  }
  let s = 0;
  for (let j = 1; j < depth; j++) {
    const p = (depth - j) / depth;
    s += p * x ** (p - 1) * z ** ((j - 1) / depth);
  }
  return s * scale;
}

export class DownstairsJacobian {
  private readonly n: number;
  private readonly n2: number;
  private readonly svd: SvdWorkspace;
  private readonly a: Float64Array;
  /** `K_il = k(a_i, a_l)`. */
  private readonly K: Float64Array;
  private readonly coefficients: CoefficientMatrix;
  /** `D[(x·n + y)·n + z] = D(a_x, a_y; a_z)`. */
  private readonly D: Float64Array;
  private readonly G: Float64Array;
  private readonly Gh: Float64Array;
  private readonly T: Float64Array;
  private readonly unit: Float64Array;
  private readonly col: Float64Array;
  /** The energy's Hessian (`n² × n²`), kept when it is constant. */
  private H = new Float64Array(0);
  private hessianReady = false;
  /** `n² × n²` work matrices, allocated at the first evaluation (a flow integrated by an explicit method never needs them). */
  private X = new Float64Array(0);
  private Z = new Float64Array(0);

  constructor(
    private readonly energy: Energy,
    private readonly depth: number,
    private readonly scale: number,
  ) {
    const n = energy.rows;
    this.n = n;
    this.n2 = n * n;
    this.svd = new SvdWorkspace(n, n, true);
    this.a = new Float64Array(n);
    this.K = new Float64Array(n * n);
    this.coefficients = new CoefficientMatrix(n, n, depth, scale);
    this.D = new Float64Array(n * n * n);
    this.G = new Float64Array(n * n);
    this.Gh = new Float64Array(n * n);
    this.T = new Float64Array(n * n);
    this.unit = new Float64Array(n * n);
    this.col = new Float64Array(n * n);
  }

  /**
   * True when the exact Jacobian applies to this flow: a square end-to-end matrix at depth N ≥ 2 or ∞,
   * of at most `MAX_EXACT_STATES` entries (it keeps three `n² × n²` matrices besides the solver's own).
   */
  static applies(energy: Energy, depth: number): boolean {
    return energy.rows === energy.cols && depth !== 1 && energy.rows * energy.cols <= MAX_EXACT_STATES;
  }

  /**
   * Writes `∂f/∂W` of `f(W) = −F(W)` into `J` (`n² × n²`, row-major over row-major `W`). Returns
   * false, writing nothing, where `W` has a zero singular value (the coefficients are not
   * differentiable there; the solver then differences `f`).
   */
  evaluate(W: Float64Array, J: Float64Array): boolean {
    const { n, n2, a, K, D, G, Gh, T, depth, scale } = this;
    if (this.X.length === 0) {
      this.X = new Float64Array(n2 * n2);
      this.Z = new Float64Array(n2 * n2);
      this.H = new Float64Array(n2 * n2);
    }
    const { X } = this;
    const Y = J; // J is the third work matrix until the last step writes it
    const { U, V, sigma } = this.svd.compute(W);
    for (let i = 0; i < n; i++) {
      const s = sigma[i]!;
      if (!(s > 0) || !Number.isFinite(s)) return false;
      a[i] = s * s;
    }
    this.coefficients.fill(a, a, K);
    for (let x = 0; x < n; x++)
      for (let y = 0; y < n; y++) {
        const ax = a[x]!;
        const ay = a[y]!;
        const close = Math.abs(ax - ay) <= GAP * Math.max(ax, ay);
        const mid = 0.5 * (ax + ay);
        const o = (x * n + y) * n;
        for (let z = 0; z < n; z++) D[o + z] = close ? coefficientSlope(mid, a[z]!, depth, scale) : (K[x * n + z]! - K[y * n + z]!) / (ax - ay);
      }
    this.energy.gradient(W, G);
    matmulTN(U, G, T, n, n, n);
    matmul(T, V, Gh, n, n, n); // Ĝ = Uᵀ ∇E V

    // Ĥ = Mᵀ H M, M = U ⊗ V (row-major vec): the Hessian in the singular bases
    const H = this.hessian(W);
    this.rotate(H, Y, true); // Y = Mᵀ H
    transposeInto(Y, n2, n2, X);
    this.rotate(X, Y, true); // Y = Mᵀ (Mᵀ H)ᵀ = Mᵀ H M = Ĥ (H is symmetric)
    // J̃ = diag(K) Ĥ + the Daleckii–Krein terms, into X
    for (let r = 0; r < n2; r++) {
      const k = K[r]!;
      const o = r * n2;
      for (let c = 0; c < n2; c++) X[o + c] = k * Y[o + c]!;
    }
    for (let p = 0; p < n; p++)
      for (let q = 0; q < n; q++) {
        const c = p * n + q;
        const sp = sigma[p]!;
        const sq = sigma[q]!;
        for (let l = 0; l < n; l++) {
          // dP̂ = σ_q (e_p e_qᵀ + e_q e_pᵀ): rows p and q of dF̂
          X[(p * n + l) * n2 + c] = X[(p * n + l) * n2 + c]! + sq * D[(p * n + q) * n + l]! * Gh[q * n + l]!;
          X[(q * n + l) * n2 + c] = X[(q * n + l) * n2 + c]! + sq * D[(q * n + p) * n + l]! * Gh[p * n + l]!;
        }
        for (let i = 0; i < n; i++) {
          // dQ̂ = σ_p (e_q e_pᵀ + e_p e_qᵀ): columns p and q of dF̂
          X[(i * n + p) * n2 + c] = X[(i * n + p) * n2 + c]! + sp * D[(q * n + p) * n + i]! * Gh[i * n + q]!;
          X[(i * n + q) * n2 + c] = X[(i * n + q) * n2 + c]! + sp * D[(p * n + q) * n + i]! * Gh[i * n + p]!;
        }
      }
    // J = −M J̃ Mᵀ = −(M (M J̃)ᵀ)ᵀ
    this.rotate(X, Y, false);
    transposeInto(Y, n2, n2, X);
    this.rotate(X, Y, false); // Y (= J) = M (M J̃)ᵀ = (M J̃ Mᵀ)ᵀ
    transposeInto(Y, n2, n2, X);
    for (let i = 0; i < n2 * n2; i++) J[i] = -X[i]!;
    return true;
  }

  /** The energy's Hessian by `n²` Hessian-vector products of unit matrices; kept when the energy says it is constant. */
  private hessian(W: Float64Array): Float64Array {
    const { n2, H, unit, col } = this;
    if (this.hessianReady) return H;
    for (let c = 0; c < n2; c++) {
      unit[c] = 1;
      this.energy.hessianVector(W, unit, col);
      unit[c] = 0;
      for (let r = 0; r < n2; r++) H[r * n2 + c] = col[r]!;
    }
    this.hessianReady = this.energy.hessianConstant === true;
    return H;
  }

  /**
   * `Y = M X` (`trans` false) or `Mᵀ X` (true) for `X` of shape `n² × n²`, `M[(a,b),(i,l)] = U_ai V_bl`:
   * each block row `X_i` (`n × n²`) becomes `V X_i` (or `Vᵀ X_i`), then `U` (or `Uᵀ`) mixes the blocks.
   */
  private rotate(X: Float64Array, Y: Float64Array, trans: boolean): void {
    const { n, n2 } = this;
    const { U, V } = this.svd;
    const Z = this.Z;
    for (let i = 0; i < n; i++) {
      if (trans) matmulTN(V, X, Z, n, n, n2, 0, i * n * n2, i * n * n2);
      else matmul(V, X, Z, n, n, n2, 0, i * n * n2, i * n * n2);
    }
    if (trans) matmulTN(U, Z, Y, n, n, n * n2);
    else matmul(U, Z, Y, n, n, n * n2);
  }
}
