/**
 * What `simulate` integrates: the network (`ModelSpec`) and its start (`StartSpec`), in their own
 * module so that the option checks read them without importing `simulate`.
 */
import type { TimeConvention } from '../flows/time.js';
import type { Regularizer } from '../flows/regularizer.js';

/** The network and the flow integrated. */
export interface ModelSpec {
  /** `N ≥ 1`, or `Infinity` (end-to-end only, normalised time). */
  readonly depth: number;
  /** Hidden widths `d_1 … d_{N−1}` (default: `max(d_0, d_N)` each). */
  readonly hidden?: readonly number[];
  /** Integrate the factors (`factors`, upstairs) or the end-to-end matrix (`end-to-end`, downstairs). */
  readonly parametrization: 'factors' | 'end-to-end';
  /** Time convention of every output (default `upstairs`; depth ∞ requires `normalized`). */
  readonly time?: TimeConvention;
  /**
   * End-to-end models: the invariant rank of the start (default: its numerical rank at 64 ε relative
   * when N ≥ 2). See `DownstairsOptions.rank`.
   */
  readonly rank?: number;
  /**
   * End-to-end models of square problems: the coordinates the flow is integrated in. `matrix`
   * (default) integrates the entries of W; `spectral` integrates W = U·diag(e^ℓ)·Vᵀ with ℓ = log σ
   * (`flows/spectral.ts`), which keeps exponentially small singular values and the sign of det W
   * exactly. A start with (nearly) equal singular values runs in matrix coordinates until they
   * separate (`spectralRun.ts`).
   */
  readonly coordinates?: 'matrix' | 'spectral';
  /**
   * Factor models: weight decay `λ/2 Σ‖W_j‖²` and balancing penalty `μ/4 Σ‖W_{j+1}ᵀW_{j+1} − W_jW_jᵀ‖²`
   * added to the energy the factors descend (`flows/regularizer.ts`); the `loss` column stays `E`.
   */
  readonly regularizer?: Regularizer;
}

/** The start: explicit factors, or an end-to-end matrix (balanced factors of it for factor models). */
export type StartSpec = { readonly factors: readonly ArrayLike<number>[] } | { readonly endToEnd: ArrayLike<number> };
