/**
 * Volume, entropy and free energy of the Riemannian geometry of depth N (docs/theory.md §6), for square
 * full-rank `W` with singular values `σ`. Everything is returned as a natural logarithm, since the
 * values under- and overflow for modest sizes. The Vandermonde factors `|σ_i^a − σ_j^a|` are computed
 * without cancellation (`logPowerGap`), so near-equal singular values keep full accuracy.
 * @see N. Cohen, G. Menon, Z. Veraszto, 2023, Theorem 1.1 (volume element); G. Menon, T. Yu, The entropy of deep linear networks (orbit volume; the square-root form, see docs/theory.md §6).
 */
import { lambdaN } from '../flows/coefficients.js';

/** `log van(x) = Σ_{i<j} log |x_i − x_j|` of given values (see `logVandermondePowers` for `x = σ^a`). */
export function logVandermonde(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) for (let j = i + 1; j < x.length; j++) s += Math.log(Math.abs(x[i]! - x[j]!));
  return s;
}

/**
 * `log|x^a − y^a|` for `x, y > 0`, `a > 0`, to a few ulps even when `x ≈ y` (−∞ when `x = y`).
 * Forming `x^a` and `y^a` first and subtracting loses `log10(1/gap)` digits (1.8e-8 relative at a
 * gap of 1e-9); instead, with `hi ≥ lo`, `hi − lo` is exact when `hi < 2 lo` (Sterbenz) and
 * `hi^a − lo^a = lo^a · expm1(a·log1p((hi − lo)/lo))`; farther apart,
 * `hi^a − lo^a = hi^a · (−expm1(a·(ln lo − ln hi)))`, which cannot overflow.
 */
export function logPowerGap(x: number, y: number, a: number): number {
  const hi = Math.max(x, y);
  const lo = Math.min(x, y);
  if (hi === lo) return -Infinity;
  if (hi - lo < lo) return a * Math.log(lo) + Math.log(Math.expm1(a * Math.log1p((hi - lo) / lo)));
  return a * Math.log(hi) + Math.log(-Math.expm1(a * (Math.log(lo) - Math.log(hi))));
}

/** `log van(σ^a) = Σ_{i<j} log|σ_i^a − σ_j^a|` for positive `σ`, stable for near-equal values (`logPowerGap`). */
export function logVandermondePowers(sigma: ArrayLike<number>, a: number): number {
  let s = 0;
  for (let i = 0; i < sigma.length; i++) for (let j = i + 1; j < sigma.length; j++) s += logPowerGap(sigma[i]!, sigma[j]!, a);
  return s;
}

/**
 * The volume element in the SVD coordinates by the closed form (CMV Theorem 1.1):
 * `log[N^{d(d−1)/2} det(Σ²)^{(1−N)/(2N)} van(Σ^{2/N})]`.
 */
export function logVolumeElement(sigma: ArrayLike<number>, N: number): number {
  const d = sigma.length;
  let logDet = 0;
  for (let i = 0; i < d; i++) logDet += 2 * Math.log(sigma[i]!);
  return ((d * (d - 1)) / 2) * Math.log(N) + ((1 - N) / (2 * N)) * logDet + logVandermondePowers(sigma, 2 / N);
}

/**
 * The same volume element by the product formula: `√(det g^N) · van(Σ²)` with
 * `det g^N = Π_{i,l} 1/λ^N_il` — an independent computation of `logVolumeElement`.
 */
export function logVolumeElementProduct(sigma: ArrayLike<number>, N: number): number {
  const d = sigma.length;
  let logDetG = 0;
  for (let i = 0; i < d; i++) for (let l = 0; l < d; l++) logDetG -= Math.log(lambdaN(sigma[i]! ** 2, sigma[l]! ** 2, N));
  return 0.5 * logDetG + logVandermondePowers(sigma, 2);
}

/** Entropy `S(W) = log vol(O_W) − (N−1) log c_d = ½[log van(Σ²) − log van(Σ^{2/N})]` (Menon–Yu, square-root form). */
export function entropy(sigma: ArrayLike<number>, N: number): number {
  // pair by pair, log|x²−y²| − log|x^{2/N}−y^{2/N}|: finite at x = y (the limit log N + (2 − 2/N) log x),
  // where the difference of the two Vandermonde sums would be −∞ − (−∞)
  let s = 0;
  for (let i = 0; i < sigma.length; i++) for (let j = i + 1; j < sigma.length; j++) s += logPowerGapRatio(sigma[i]!, sigma[j]!, 2, 2 / N);
  return 0.5 * s;
}

/**
 * `log(|x^a − y^a| / |x^b − y^b|)` for `x, y > 0` without cancellation, and at `x = y` its limit
 * `log(a/b) + (a − b) log x`: with `lo = min`, `u = log1p((hi − lo)/lo)`, the ratio is
 * `lo^{a−b} · expm1(a u)/expm1(b u)`.
 */
export function logPowerGapRatio(x: number, y: number, a: number, b: number): number {
  const hi = Math.max(x, y);
  const lo = Math.min(x, y);
  if (hi === lo) return Math.log(a / b) + (a - b) * Math.log(lo);
  return logPowerGap(x, y, a) - logPowerGap(x, y, b);
}

/** Free energy `F_β(W) = E(W) − S(W)/β` (lecture Problem 3). */
export function freeEnergy(energyValue: number, sigma: ArrayLike<number>, N: number, beta: number): number {
  return energyValue - entropy(sigma, N) / beta;
}
