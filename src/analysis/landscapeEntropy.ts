/**
 * The entropies a free-energy landscape can use (docs/theory.md §6.4), at finite depth and in the
 * limit N → ∞, for square `W` with singular values `σ` (descending, non-negative):
 * - `orbit`: `S = log vol(O_W)` up to `(N−1) log c_d` (§6.2, the square-root form);
 * - `orbit+element`: `S` plus the log of the volume element of §6.1 at `W`.
 * At `N = ∞` the orbit entropy diverges like `¼d(d−1) log N`; what is returned there is the limit of
 * `S − ¼d(d−1) log N`, `½ Σ_{i<j} log λ^∞(σ_i², σ_j²)` (−∞ on rank-deficient `W`), and the volume
 * element's own limit `−Σ log σ_i + Σ_{i<j} log|ln σ_i² − ln σ_j²|`.
 */
import { lambdaInf } from '../flows/coefficients.js';
import { analysisMessages } from './messages.js';
import { entropy, logVolumeElement } from './volume.js';

/** Which entropy: the orbit volume alone, or the orbit volume times the volume element. */
export type EntropyKind = 'orbit' | 'orbit+element';

/** The orbit entropy's `N → ∞` limit after removing `¼d(d−1) log N`: `½ Σ_{i<j} log λ^∞(σ_i², σ_j²)`. */
export function orbitEntropyLimit(sigma: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < sigma.length; i++) for (let j = i + 1; j < sigma.length; j++) s += Math.log(lambdaInf(sigma[i]! ** 2, sigma[j]! ** 2));
  return 0.5 * s;
}

/** The `N → ∞` limit of `logVolumeElement(σ, N)`: `−Σ log σ_i + Σ_{i<j} log|ln σ_i² − ln σ_j²|`. */
export function logVolumeElementLimit(sigma: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < sigma.length; i++) {
    s -= Math.log(sigma[i]!);
    for (let j = i + 1; j < sigma.length; j++) s += Math.log(Math.abs(2 * (Math.log(sigma[i]!) - Math.log(sigma[j]!))));
  }
  return s;
}

/** The constant `¼d(d−1) log N` the orbit entropy loses in its `N = ∞` limit (0 at `N = ∞` itself). */
export function orbitEntropyShift(d: number, N: number): number {
  return Number.isFinite(N) ? ((d * (d - 1)) / 4) * Math.log(N) : 0;
}

/**
 * The entropy of `kind` at depth `N` (`Infinity` for the limit, see the module comment). Not finite
 * where it is undefined: `−∞` for `orbit` at `N = ∞` on rank-deficient `W`, and for `orbit+element`
 * at equal singular values; `+∞` for `orbit+element` on rank-deficient `W`.
 */
export function landscapeEntropy(sigma: ArrayLike<number>, N: number, kind: EntropyKind): number {
  const finite = Number.isFinite(N);
  const orbit = finite ? entropy(sigma, N) : orbitEntropyLimit(sigma);
  if (kind === 'orbit') return orbit;
  return orbit + (finite ? logVolumeElement(sigma, N) : logVolumeElementLimit(sigma));
}

/** Why the entropy of `kind` at depth `N` is not finite at `σ`, or undefined when it is finite. */
export function undefinedEntropyReason(sigma: ArrayLike<number>, N: number, kind: EntropyKind): string | undefined {
  const value = landscapeEntropy(sigma, N, kind);
  if (Number.isFinite(value)) return undefined;
  const rankDeficient = Array.from(sigma).some((s) => s === 0);
  if (rankDeficient) return kind === 'orbit' ? analysisMessages.orbitLimitRankDeficient() : analysisMessages.elementRankDeficient();
  return kind === 'orbit+element' ? analysisMessages.elementEqualSigma() : analysisMessages.entropyNotFinite(value);
}
