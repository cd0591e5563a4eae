/**
 * Spectral diagnostics of an end-to-end matrix (docs/theory.md §4): singular values, effective rank,
 * nuclear / Frobenius / spectral norms, numerical rank at a threshold, determinant.
 * @see O. Roy, M. Vetterli, The effective rank: a measure of effective dimensionality, EUSIPCO 2007.
 */
import { determinant } from '../linalg/lu.js';
import { frobeniusNorm, nuclearNorm, numericalRank, spectralNorm } from '../linalg/norms.js';
import { singularValues } from '../linalg/svd.js';

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
}

/** Default relative threshold of the numerical rank. */
export const RANK_THRESHOLD = 1e-6;

export function spectrum(W: Float64Array, m: number, n: number, rankThreshold = RANK_THRESHOLD): SpectrumSummary {
  const sigma = singularValues(W, m, n);
  return {
    sigma,
    erank: effectiveRank(sigma),
    nuclear: nuclearNorm(sigma),
    frobenius: frobeniusNorm(W),
    spectral: spectralNorm(sigma),
    rank: numericalRank(sigma, rankThreshold),
    det: m === n ? determinant(W, n) : undefined,
  };
}
