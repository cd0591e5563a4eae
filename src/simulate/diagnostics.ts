/** The diagnostics recorded at every saved time of a simulation (docs/theory.md §2, §4, §7). */
import { invariants } from '../analysis/invariants.js';
import { frobeniusDistance, frobeniusNorm } from '../linalg/norms.js';
import { layerSummary } from '../analysis/layers.js';
import { spectrum, RANK_THRESHOLD, type ExactSpectrum } from '../analysis/spectrum.js';
import type { Energy } from '../energies/energy.js';
import type { FactorLayout } from '../flows/layout.js';

/** One saved time. Norms and singular values are of the end-to-end matrix `W`. */
export interface DiagnosticsRow {
  readonly t: number;
  readonly loss: number;
  /** Singular values of `W`, descending (the small ones from the factors when they are square). */
  readonly sigma: number[];
  readonly erank: number;
  readonly nuclear: number;
  readonly frobenius: number;
  readonly spectral: number;
  /** Number of singular values above `rankThreshold · σ_max`. */
  readonly rank: number;
  /**
   * `det W` (square problems only): for square factors the product of the factors' LU determinants,
   * accurate far below `ε‖W‖`; otherwise from `W` (see `analysis/factorSpectrum.ts`).
   */
  readonly det?: number;
  /** `log|det W|` (square problems only), from the same source as `det`. */
  readonly logAbsDet?: number;
  /** `max_j ‖D_j(t) − D_j(0)‖_F` (factor models only): the integration error made visible. */
  readonly invariantDrift?: number;
  /** `‖W₁Q_x(t) − e^{−λt}W₁Q_x(0)‖_F` (factor models on data energies with a null input space): conserved by the exact flow (docs/theory.md §7.2). */
  readonly nullInputDrift?: number;
  /** `‖W_j‖_F`, j = 1..N (factor models only). */
  readonly layerFrobenius?: number[];
  /** `σ_max(W_j)` (factor models only). */
  readonly layerTop?: number[];
  /** `‖D_j‖_F = ‖W_{j+1}ᵀW_{j+1} − W_jW_jᵀ‖_F`, j = 1..N−1: the Gram mismatch of adjacent layers (factor models only). */
  readonly gramMismatch?: number[];
  /** `tr D_j`, j = 1..N−1 (factor models only). */
  readonly gramTrace?: number[];
  /** The regulariser's value `R` on the factors (regularised factor models only; `loss` stays `E`). */
  readonly penalty?: number;
}

export function diagnose(
  t: number,
  W: Float64Array,
  energy: Energy,
  factors: { layout: FactorLayout; y: Float64Array; D0: readonly Float64Array[]; penalty?: (y: Float64Array) => number } | undefined,
  rankThreshold = RANK_THRESHOLD,
  exact?: ExactSpectrum,
): DiagnosticsRow {
  const s = spectrum(W, energy.rows, energy.cols, rankThreshold, factors, exact);
  const base = {
    t,
    loss: energy.value(W),
    sigma: Array.from(s.sigma),
    erank: s.erank,
    nuclear: s.nuclear,
    frobenius: s.frobenius,
    spectral: s.spectral,
    rank: s.rank,
    ...(s.det === undefined ? {} : { det: s.det }),
    ...(s.logAbsDet === undefined ? {} : { logAbsDet: s.logAbsDet }),
  };
  if (!factors) return base;
  const layers = layerSummary(factors.layout, factors.y);
  const D = invariants(factors.layout, factors.y);
  let drift = 0;
  D.forEach((Dj, i) => (drift = Math.max(drift, frobeniusDistance(Dj, factors.D0[i]!))));
  return {
    ...base,
    invariantDrift: drift,
    layerFrobenius: layers.frobenius,
    layerTop: layers.top,
    gramMismatch: D.map((Dj) => frobeniusNorm(Dj)),
    gramTrace: D.map((Dj, i) => {
      const d = factors.layout.widths[i + 1]!;
      let tr = 0;
      for (let k = 0; k < d; k++) tr += Dj[k * d + k]!;
      return tr;
    }),
    ...(factors.penalty ? { penalty: factors.penalty(factors.y) } : {}),
  };
}
