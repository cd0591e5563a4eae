/**
 * The coefficients of the induced end-to-end flow in the SVD basis (docs/theory.md §3):
 * `C_il = Σ_{j=1}^{N} σ_i^{2(N−j)/N} σ_l^{2(j−1)/N}` (upstairs time), `λ^N_il = C_il / N`
 * (normalised time) and the logarithmic mean `λ^∞_il = (σ_i² − σ_l²)/(ln σ_i² − ln σ_l²)`.
 * Both are evaluated without the cancellation of the closed geometric form near `σ_i ≈ σ_l`.
 * @see S. Arora, N. Cohen, E. Hazan, ICML 2018, Theorem 1; N. Cohen, G. Menon, Z. Veraszto, Deep linear networks for matrix completion — an infinite depth limit, SIAM J. Appl. Dyn. Syst. 2023.
 */

/**
 * `C_il` from `a2 = σ_i²`, `b2 = σ_l²` at depth `N ≥ 1` (`0^0 = 1`).
 * With `x = σ^{2/N}` for the larger and `r = x_small/x_large ∈ [0, 1]`:
 * `C = x_large^{N−1} Σ_{k<N} r^k = x_large^{N−1} · expm1(N ln r)/expm1(ln r)`, exact as `r → 1`.
 */
export function depthCoefficient(a2: number, b2: number, N: number): number {
  if (N === 1) return 1;
  const hi = Math.max(a2, b2);
  const lo = Math.min(a2, b2);
  if (hi === 0) return 0;
  const lead = hi ** ((N - 1) / N);
  if (lo === 0) return lead;
  if (lo === hi) return N * lead;
  const L = Math.log(lo / hi) / N; // ln r < 0
  return (lead * Math.expm1(N * L)) / Math.expm1(L);
}

/** `λ^N_il = C_il / N`, the normalised-time coefficient. */
export function lambdaN(a2: number, b2: number, N: number): number {
  return depthCoefficient(a2, b2, N) / N;
}

/** The logarithmic mean `λ^∞ = (a − b)/(ln a − ln b)`, `λ^∞(a, a) = a`, `0` when either is 0; `lo·expm1(x)/x`, `x = ln(hi/lo)`. */
export function lambdaInf(a2: number, b2: number): number {
  const hi = Math.max(a2, b2);
  const lo = Math.min(a2, b2);
  if (lo === 0) return 0;
  if (lo === hi) return hi;
  const x = Math.log(hi / lo);
  return (lo * Math.expm1(x)) / x;
}

/** The coefficient in the given convention: `C` (upstairs), `λ^N` (normalised), `λ^∞` (depth ∞, normalised). */
export function flowCoefficient(a2: number, b2: number, depth: number, scale: number): number {
  return Number.isFinite(depth) ? depthCoefficient(a2, b2, depth) * scale : lambdaInf(a2, b2);
}

/** Up to this depth `CoefficientMatrix` sums the geometric series by Horner's rule (N − 1 multiply-adds per entry). */
const HORNER_MAX_DEPTH = 32;

/**
 * `K_il = flowCoefficient(a_i, b_l, depth, scale)` for every pair of two lists of squared singular values,
 * the coefficients of one evaluation of the flow. At finite depth N ≤ `HORNER_MAX_DEPTH` the powers
 * `x = σ^{2/N}` and `σ^{2(N−1)/N}` are taken once per value (`m + n` pairs of powers, not a power, a
 * logarithm and two `expm1` per entry) and each entry is `x_hi^{N−1} Σ_{k<N} r^k` with
 * `r = x_lo/x_hi ∈ [0, 1]` by Horner's rule: a sum of positive terms, with no cancellation as
 * `σ_i → σ_l`, equal to `depthCoefficient` to a few ulps. Depth ∞ and deeper finite depths take
 * `flowCoefficient` per entry. Allocates only in the constructor.
 */
export class CoefficientMatrix {
  private readonly xa: Float64Array;
  private readonly xb: Float64Array;
  private readonly leadA: Float64Array;
  private readonly leadB: Float64Array;

  constructor(
    private readonly m: number,
    private readonly n: number,
    private readonly depth: number,
    private readonly scale: number,
  ) {
    this.xa = new Float64Array(m);
    this.xb = new Float64Array(n);
    this.leadA = new Float64Array(m);
    this.leadB = new Float64Array(n);
  }

  /** Writes `K` (`m × n`, row-major) from `a` (`m` values) and `b` (`n` values), all ≥ 0. */
  fill(a: Float64Array, b: Float64Array, K: Float64Array): void {
    const { m, n, depth: N, scale } = this;
    if (N === 1) {
      K.fill(scale, 0, m * n);
      return;
    }
    if (!(N <= HORNER_MAX_DEPTH)) {
      for (let i = 0; i < m; i++) for (let l = 0; l < n; l++) K[i * n + l] = flowCoefficient(a[i]!, b[l]!, N, scale);
      return;
    }
    const { xa, xb, leadA, leadB } = this;
    const root = 1 / N;
    const lead = (N - 1) / N;
    for (let i = 0; i < m; i++) {
      xa[i] = a[i]! ** root;
      leadA[i] = a[i]! ** lead;
    }
    for (let l = 0; l < n; l++) {
      xb[l] = b[l]! ** root;
      leadB[l] = b[l]! ** lead;
    }
    for (let i = 0; i < m; i++) {
      const x = xa[i]!;
      const la = leadA[i]!;
      const o = i * n;
      for (let l = 0; l < n; l++) {
        const y = xb[l]!;
        const hi = x >= y ? x : y;
        if (hi === 0) {
          K[o + l] = 0;
          continue;
        }
        const r = (x >= y ? y : x) / hi;
        let s = 1;
        for (let k = 1; k < N; k++) s = s * r + 1;
        K[o + l] = (x >= y ? la : leadB[l]!) * s * scale;
      }
    }
  }
}
