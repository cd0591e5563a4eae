/**
 * The scalar mode law of whitened regression from an aligned balanced start (docs/theory.md §4):
 * `ds/dt = N s^{2−2/N} (σ − s)` in upstairs time, `ds/dτ = s^{2−2/N} (σ − s)` in normalised time
 * (`τ = N t`; depth ∞: `ds/dτ = s² (σ − s)`). Closed forms for N = 1, 2 and ∞; other depths by
 * quadrature of `t(s)` and inversion by root finding. Tests, scenario checks and figure overlays
 * all call these functions.
 * @see A. M. Saxe, J. L. McClelland, S. Ganguli, ICLR 2014; S. Arora, N. Cohen, W. Hu, Y. Luo, Implicit regularization in deep matrix factorization, NeurIPS 2019.
 */
import { integrate } from '../linalg/quadrature.js';
import { brentRoot } from '../ode/brent.js';
import type { TimeConvention } from './time.js';
import { flowsMessages } from './messages.js';

function checkMode(N: number, sigma: number, s0: number): void {
  if (!(N === Infinity || (Number.isInteger(N) && N >= 1))) throw new RangeError(flowsMessages.depth(N));
  if (!(sigma > 0) || !(s0 > 0) || !Number.isFinite(sigma) || !Number.isFinite(s0)) throw new RangeError(flowsMessages.modeLaw(sigma, s0));
}

/** The exponent `a = 2 − 2/N` (2 at depth ∞). */
const exponent = (N: number): number => (Number.isFinite(N) ? 2 - 2 / N : 2);

/** `ds/dt` (upstairs) or `ds/dτ` (normalised) at `s`. */
export function modeRate(N: number, sigma: number, s: number, time: TimeConvention = 'upstairs'): number {
  const base = s ** exponent(N) * (sigma - s);
  if (time === 'normalized') return base;
  if (!Number.isFinite(N)) throw new RangeError(flowsMessages.noUpstairsTime());
  return N * base;
}

/**
 * `I(s) = ∫_{s0}^{s} du / (u^a (σ − u))`, the normalised time to go from `s0` to `s`, by
 * quadrature. Split as `[u^{−a} − σ^{−a}]/(σ − u) + σ^{−a}/(σ − u)`: the second part integrates to
 * a logarithm, the first is smooth through `u = σ` and is integrated in `x = ln u`, where
 * `(1 − r^a)/(1 − r) = expm1(a ln r)/expm1(ln r)` (`r = u/σ`) avoids the cancellation.
 */
export function modeTimeQuadrature(N: number, sigma: number, s0: number, s: number): number {
  checkMode(N, sigma, s0);
  const a = exponent(N);
  const lnSigma = Math.log(sigma);
  const smooth = (x: number): number => {
    const lr = x - lnSigma; // ln r
    const ratio = lr === 0 ? a : Math.expm1(a * lr) / Math.expm1(lr);
    return (ratio * Math.exp((1 - a) * x)) / sigma; // (1 − r^a)/(1 − r) · u^{1−a} / σ
  };
  const first = integrate(smooth, Math.log(s0), Math.log(s), 1e-15);
  const second = Math.log((sigma - s0) / (sigma - s)) / sigma ** a;
  return first + second;
}

/** The normalised time `τ(s)` in closed form for depth 1, 2 and ∞ (docs/theory.md §4), else by quadrature. */
export function modeTime(N: number, sigma: number, s0: number, s: number, time: TimeConvention = 'upstairs'): number {
  checkMode(N, sigma, s0);
  let tau: number;
  if (N === 1) tau = Math.log((sigma - s0) / (sigma - s));
  else if (N === 2) tau = (2 * Math.log((s * (sigma - s0)) / (s0 * (sigma - s)))) / (2 * sigma);
  else if (N === Infinity) tau = Math.log((s * (sigma - s0)) / (s0 * (sigma - s))) / (sigma * sigma) + (1 / s0 - 1 / s) / sigma;
  else tau = modeTimeQuadrature(N, sigma, s0, s);
  if (time === 'normalized') return tau;
  if (!Number.isFinite(N)) throw new RangeError(flowsMessages.noUpstairsTime());
  return tau / N;
}

/**
 * The mode `s(t)` of the law at depth `N` from `s(0) = s0`. Explicit for N = 1, 2; otherwise the
 * inverse of `modeTime` by Brent's method (to ~4 ulp in s).
 */
export function modeValue(N: number, sigma: number, s0: number, t: number, time: TimeConvention = 'upstairs'): number {
  checkMode(N, sigma, s0);
  if (t === 0 || s0 === sigma) return s0;
  const tau = time === 'normalized' ? t : Number.isFinite(N) ? N * t : NaN;
  if (Number.isNaN(tau)) throw new RangeError(flowsMessages.noUpstairsTime());
  if (N === 1) return sigma + (s0 - sigma) * Math.exp(-tau);
  if (N === 2) {
    const t2 = tau / 2; // upstairs time
    const e = Math.exp(-2 * sigma * t2);
    return (sigma * s0) / (s0 + (sigma - s0) * e);
  }
  // τ(s) is monotone between s0 and σ, and infinite at σ.
  const target = (s: number): number => modeTime(N, sigma, s0, s, 'normalized') - tau;
  let lo = s0;
  let hi = s0 < sigma ? sigma * (1 - 1e-16) : sigma * (1 + 1e-16);
  let glo = -tau;
  let ghi = target(hi);
  if (!(glo * ghi <= 0)) return hi; // beyond the last representable s before σ
  if (lo > hi) {
    [lo, hi] = [hi, lo];
    [glo, ghi] = [ghi, glo];
  }
  return brentRoot(target, lo, hi, glo, ghi, 4 * Number.EPSILON * sigma);
}

/** When a mode starting near 0 rises (docs/theory.md §4): `ln(σ/s0)/(2σ)` at N = 2, `s0^{2/N−1}/((N−2)σ)` at N ≥ 3 (upstairs time). */
export function modeRiseTime(N: number, sigma: number, s0: number): number {
  checkMode(N, sigma, s0);
  if (N === 2) return Math.log(sigma / s0) / (2 * sigma);
  if (N >= 3 && Number.isFinite(N)) return s0 ** (2 / N - 1) / ((N - 2) * sigma);
  throw new RangeError(flowsMessages.riseTime());
}
