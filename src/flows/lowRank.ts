/**
 * The downstairs field at a rank-deficient end-to-end matrix, in O(m n k) work for rank `k`
 * (docs/theory.md §3 with `σ_i = 0` beyond `k`). With the top-k singular triplets `W ≈ U_k Σ_k V_kᵀ` and
 * `D = diag(c(σ_l, 0))`, the blocks of `U (C ∘ Ĝ) Vᵀ` are
 *   range×range  `U_k (C_kk ∘ U_kᵀ G V_k) V_kᵀ`,
 *   null×range   `(I − U_k U_kᵀ) G V_k D V_kᵀ`,
 *   range×null   `U_k D U_kᵀ G (I − V_k V_kᵀ)`,
 *   null×null    0 (for N ≥ 2; `c(0, 0) = 0`),
 * so the full SVD and its completed bases are never needed. The triplets come from two steps of
 * subspace iteration warm-started at the previous call's `V_k` and a k × n Jacobi SVD, and the
 * field is evaluated at `Π_k(W) = U_k Σ_k V_kᵀ` (see `DownstairsOptions.rank`).
 */
import type { Energy } from '../energies/energy.js';
import { lowRankProduct, matmul, matmulNT, matmulTN } from '../linalg/products.js';
import { SvdWorkspace, completeOrthonormalRows } from '../linalg/svd.js';
import { flowCoefficient } from './coefficients.js';

/** Buffers and warm start of the rank-k field. */
export class LowRankField {
  private readonly Vk: Float64Array; // n × k
  private readonly Uk: Float64Array; // m × k
  private readonly sigma: Float64Array;
  private readonly Y: Float64Array; // m × k
  private readonly Qt: Float64Array; // k × m
  private readonly Bs: Float64Array; // k × n
  private readonly small: SvdWorkspace;
  private readonly Wk: Float64Array;
  private readonly G: Float64Array;
  private readonly GV: Float64Array; // m × k
  private readonly UtG: Float64Array; // k × n
  private readonly Gh: Float64Array; // k × k
  private readonly X: Float64Array; // m × k
  private readonly T: Float64Array; // k × k
  private readonly c0: Float64Array;
  private readonly scratch: Float64Array;
  private started = false;

  constructor(
    private readonly energy: Energy,
    private readonly k: number,
    private readonly depth: number,
    private readonly scale: number,
  ) {
    const m = energy.rows;
    const n = energy.cols;
    this.Vk = new Float64Array(n * k);
    this.Uk = new Float64Array(m * k);
    this.sigma = new Float64Array(k);
    this.Y = new Float64Array(m * k);
    this.Qt = new Float64Array(k * m);
    this.Bs = new Float64Array(k * n);
    this.small = new SvdWorkspace(k, n, false, true);
    this.Wk = new Float64Array(m * n);
    this.G = new Float64Array(m * n);
    this.GV = new Float64Array(m * k);
    this.UtG = new Float64Array(k * n);
    this.Gh = new Float64Array(k * k);
    this.X = new Float64Array(m * k);
    this.T = new Float64Array(k * k);
    this.c0 = new Float64Array(k);
    this.scratch = new Float64Array(Math.max(m, n));
  }

  /** Top-k triplets of `W` into `Uk`, `sigma`, `Vk` (warm-started subspace iteration). */
  private triplets(W: Float64Array): void {
    const { energy, k, Vk, Y, Qt, Bs, small, Uk, sigma } = this;
    const m = energy.rows;
    const n = energy.cols;
    if (!this.started) {
      const full = new SvdWorkspace(m, n).compute(W); // once, to start the iteration
      for (let i = 0; i < n; i++) for (let r = 0; r < k; r++) Vk[i * k + r] = full.V[i * n + r]!;
      this.started = true;
    }
    for (let pass = 0; pass < 2; pass++) {
      matmul(W, Vk, Y, m, n, k); // Y = W V_k
      for (let i = 0; i < m; i++) for (let r = 0; r < k; r++) Qt[r * m + i] = Y[i * k + r]!;
      completeOrthonormalRows(Qt, k, m, 0, this.scratch); // rows of Qt: an orthonormal basis of range(Y)
      matmul(Qt, W, Bs, k, m, n); // Bs = Qᵀ W  (k × n)
      small.compute(Bs); // Bs = U_B Σ V_Bᵀ
      // U_k = Q U_B, V_k = first k columns of V_B
      matmulTN(Qt, small.U, Uk, m, k, k);
      for (let i = 0; i < n; i++) for (let r = 0; r < k; r++) Vk[i * k + r] = small.V[i * n + r]!;
    }
    sigma.set(small.sigma);
  }

  /** Writes the field at `Π_k(W)` into `out`. */
  evaluate(W: Float64Array, out: Float64Array): void {
    const { energy, k, Uk, Vk, sigma, Wk, G, GV, UtG, Gh, X, T, c0, depth, scale } = this;
    const m = energy.rows;
    const n = energy.cols;
    this.triplets(W);
    // Π_k(W) = (U_k Σ) V_kᵀ, and G at it
    lowRankProduct(Uk, k, Vk, k, sigma, Wk, m, n, k);
    energy.gradient(Wk, G);
    matmul(G, Vk, GV, m, n, k); // G V_k
    matmulTN(Uk, G, UtG, k, m, n); // U_kᵀ G
    matmulTN(Uk, GV, Gh, k, m, k); // Ĝ_kk
    for (let r = 0; r < k; r++) c0[r] = flowCoefficient(sigma[r]! ** 2, 0, depth, scale);
    // X = U_k (C ∘ Ĝ) + (GV − U_k Ĝ) D − U_k D Ĝ … assembled as U_k·T + GV·D with
    // T = C∘Ĝ − Ĝ D − D Ĝ
    for (let i = 0; i < k; i++) {
      const ai = sigma[i]! ** 2;
      for (let l = 0; l < k; l++) {
        const g = Gh[i * k + l]!;
        T[i * k + l] = flowCoefficient(ai, sigma[l]! ** 2, depth, scale) * g - g * c0[l]! - c0[i]! * g;
      }
    }
    matmul(Uk, T, X, m, k, k);
    for (let i = 0; i < m; i++) for (let r = 0; r < k; r++) X[i * k + r] = X[i * k + r]! + GV[i * k + r]! * c0[r]!;
    // out = −(X V_kᵀ + U_k D U_kᵀ G)
    matmulNT(X, Vk, out, m, k, n);
    for (let r = 0; r < k; r++) for (let l = 0; l < n; l++) UtG[r * n + l] = UtG[r * n + l]! * c0[r]!;
    matmul(Uk, UtG, Wk, m, k, n); // Wk reused as scratch
    for (let i = 0; i < m * n; i++) out[i] = -(out[i]! + Wk[i]!);
  }
}
