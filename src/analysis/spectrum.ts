/**
 * Spectral diagnostics of an end-to-end matrix (docs/theory.md §4): singular values, effective rank,
 * nuclear / Frobenius / spectral norms, numerical rank at a threshold, determinant.
 * @see O. Roy, M. Vetterli, The effective rank: a measure of effective dimensionality, EUSIPCO 2007.
 */
import type { FactorLayout } from '../flows/layout.js';
import { determinant } from '../linalg/lu.js';
import { frobeniusNorm, nuclearNorm, numericalRank, spectralNorm } from '../linalg/norms.js';
import { singularValues } from '../linalg/svd.js';
import { factorSpectrum } from './factorSpectrum.js';

/** `erank = exp(−Σ p_i ln p_i)`, `p_i = σ_i / Σ σ_l` (0 for the zero matrix). */
export function effectiveRank(sigma: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < sigma.length; i++) total += sigma[i]!;
  if (!(total > 0)) return 0;
  let h = 0;
  for (let i = 0; i < sigma.length; i++) {
    const p = sigma[i]! / total;
    if (p > 0) h -= p * Math.log(p);
  }
  return Math.exp(h);
}

/** Spectral summary of an `m × n` matrix. */
export interface SpectrumSummary {
  readonly sigma: Float64Array;
  readonly erank: number;
  readonly nuclear: number;
  readonly frobenius: number;
  readonly spectral: number;
  /** Singular values above `rankThreshold · σ_max`. */
  readonly rank: number;
  /** `det W` for square `W`, else undefined. */
  readonly det: number | undefined;
  /** `log|det W|` for square `W` (−∞ when singular), else undefined. */
  readonly logAbsDet: number | undefined;
  /** True when `det` and the small singular values came from the factors (see `factorSpectrum`). */
  readonly fromFactors: boolean;
}

/**
 * The spectrum of a state that stores it (spectral coordinates, `flows/spectral.ts`): the singular
 * values from `e^ℓ` (descending), `det W = sign·e^{Σℓ}` and `log|det W| = Σℓ`, exact to the state's
 * own accuracy however small `σ_min` is.
 */
export interface ExactSpectrum {
  readonly sigma: Float64Array;
  readonly det: number;
  readonly logAbsDet: number;
}

/** Default relative threshold of the numerical rank. */
export const RANK_THRESHOLD = 1e-6;

/**
 * The spectral summary of the `m × n` matrix `W`. Given the factors of a factor model (`factors`),
 * `det` and the small singular values come from the factors when they are square and nonsingular,
 * which keeps them accurate far below `ε‖W‖` (see `factorSpectrum`); otherwise from `W`. A state
 * that stores its spectrum (spectral coordinates) gives it as `exact`.
 */
export function spectrum(
  W: Float64Array,
  m: number,
  n: number,
  rankThreshold = RANK_THRESHOLD,
  factors?: { layout: FactorLayout; y: Float64Array },
  exact?: ExactSpectrum,
): SpectrumSummary {
  const s = exact ? { ...exact, fromFactors: false } : fromWOrFactors(W, m, n, factors);
  const sigma = s.sigma;
  return {
    sigma,
    erank: effectiveRank(sigma),
    nuclear: nuclearNorm(sigma),
    frobenius: frobeniusNorm(W),
    spectral: spectralNorm(sigma),
    rank: numericalRank(sigma, rankThreshold),
    det: s.det,
    logAbsDet: s.logAbsDet,
    fromFactors: s.fromFactors,
  };
}

/** σ, det and log|det| from `W`, or from the factors where they are the more accurate (`factorSpectrum`). */
function fromWOrFactors(
  W: Float64Array,
  m: number,
  n: number,
  factors: { layout: FactorLayout; y: Float64Array } | undefined,
): { sigma: Float64Array; det: number | undefined; logAbsDet: number | undefined; fromFactors: boolean } {
  const det = m === n ? determinant(W, n) : undefined;
  const fromW = { sigma: singularValues(W, m, n), det, logAbsDet: det === undefined ? undefined : Math.log(Math.abs(det)) };
  return factors ? factorSpectrum(factors.layout, factors.y, m, n, fromW) : { ...fromW, fromFactors: false };
}
