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
