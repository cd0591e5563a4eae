/**
 * The energy (loss) `E : R^{rows × cols} → R` of an end-to-end matrix, with its gradient
 * (docs/theory.md §1). Matrices are row-major `Float64Array`s of length `rows · cols`.
 */
import { energiesMessages } from './messages.js';

/** An energy on `rows × cols` end-to-end matrices (`rows = d_N`, `cols = d_0`). */
export interface Energy {
  /** A short identifier (`matrix-completion`, …). */
  readonly name: string;
  readonly rows: number;
  readonly cols: number;
  /** `E(W)`. */
  value(W: Float64Array): number;
  /** Writes `∇E(W)` into `G` (no allocation). */
  gradient(W: Float64Array, G: Float64Array): void;
  /** Writes the directional derivative of the gradient, `∇²E(W)[V]`, into `out` (no allocation). */
  hessianVector(W: Float64Array, V: Float64Array, out: Float64Array): void;
  /**
   * Optional: `∇²E(W)` applied to `k` directions at once, the rows of `V` (`k × rows·cols`), into the rows
   * of `out`; for energies whose product is a matrix pass (sensing: `𝒜ᵀ𝒜`), where `k` products cost a
   * few passes over the data instead of `k`. Callers fall back to `hessianVector` row by row without it.
   */
  hessianRows?(W: Float64Array, V: Float64Array, k: number, out: Float64Array): void;
  /** True when `∇²E` does not depend on `W` (quadratic energies): the flows' exact Jacobians then form it once. */
  readonly hessianConstant?: boolean;
  /** The smallest value `E` can take when known (0 for realisable targets), else undefined. */
  readonly minimum: number | undefined;
  /** What defines it (target, observed set, …), for manifests and reports. */
  describe(): Record<string, unknown>;
  /**
   * Energies of data (`E` depends on `W` only through `WX`): the input covariance `Σ_xx` (`cols × cols`).
   * Then `∇E(W)·Q = 0` for every `Q` with `Σ_xx Q = 0`, so the flow conserves `W₁Q_x` at every depth
   * (docs/theory.md §7.2) and `simulate` monitors it. Undefined for other energies.
   */
  readonly inputCovariance?: Float64Array | undefined;
}

/** Throws a caller error unless `data` has `rows · cols` entries. */
export function checkShape(what: string, data: ArrayLike<number>, rows: number, cols: number): void {
  if (data.length !== rows * cols) throw new RangeError(energiesMessages.shape(what, rows, cols, data.length));
}
