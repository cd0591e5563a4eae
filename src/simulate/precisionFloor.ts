/** The precision guard's floor (its own file so that the messages can quote it). */

/**
 * The precision guard's floor on `σ_min(W_j)/σ_max(W_j)`: a million ulps (≈ 2.2e-10). Rounding adds
 * ~ε‖W_j‖ to a factor per step; a million steps (the scenarios' default maxSteps) bounded linearly
 * stay below it. Measured on Razin–Cohen at depth 2 (test/simulate/precisionGuard.test.ts): at this
 * floor det W_1 and det W_2 — equal for the exact balanced flow — still agree to 1e-5 at rtol 1e-6
 * and to 1e-7 at rtol 1e-8…1e-10, and the run stops at t = 65.0–65.2 for all of them with auto and
 * auto-rk; a factor's determinant first changes sign at σ_min/σ_max ≈ 1e-13…1e-15 (t ≈ 110–200).
 */
export const PRECISION_FLOOR = 1e6 * Number.EPSILON;

/**
 * The end-to-end guard's multiple `κ` of the solver's error level (`endToEndFloor`). Measured on
 * Razin–Cohen at depth 2 against the factor run (docs/theory.md §5.2): σ_min(W) of the end-to-end run
 * is off by ≲ 1e-3 relative while `e = (rtol·σ_max + atol)/σ_min ≤ 0.02`, by ~1e-2 at e ≈ 0.1–0.7, by
 * ~10% at e ≈ 1–7, and det W changes sign at e ≈ 10–40 (rtol 1e-6 … 1e-10, atol 1e-10 and 1e-14).
 * κ = 10 stops at e = 0.1: σ_min still right to ~1%, a factor 100–400 above the first sign change.
 */
export const END_TO_END_KAPPA = 10;

/**
 * The end-to-end precision guard's floor on `σ_min(W)/σ_max(W)` at a state with `σ_max(W) = sigmaMax`:
 * `max(κ·(rtol + atol/σ_max), PRECISION_FLOOR)`. In end-to-end coordinates the solver keeps each
 * step's local error in W at about `rtol·|w| + atol` per entry, so the state is known to within
 * `‖δW‖₂ ≈ rtol·σ_max + atol`, and by Weyl's inequality `|σ_min(W + δW) − σ_min(W)| ≤ ‖δW‖₂`: a
 * σ_min below a small multiple of that is not resolved by the integration, and neither is the sign of
 * det W. Unlike the factor guard's floor (`PRECISION_FLOOR`, set by rounding, on factors that store
 * σ(W)^{1/N}), this one moves with the tolerance; `PRECISION_FLOOR` stays as the rounding limit when
 * rtol is tiny. Allocation-free.
 */
export function endToEndFloor(rtol: number, atol: number, sigmaMax: number): number {
  return Math.max(END_TO_END_KAPPA * (rtol + atol / sigmaMax), PRECISION_FLOOR);
}
