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
