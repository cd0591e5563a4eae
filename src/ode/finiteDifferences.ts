/**
 * The forward-difference Jacobian shared by the stiff methods (rodas4, bdf, auto, auto-rk), with the
 * two published increment rules as separate functions: the increment is a parameter because the
 * codes gradflow reproduces choose it differently by design — Hairer's `rodas.f` perturbs y_j by
 * √(u·max(1e-5, |y_j|)), LSODA by max(√u·|y_j|, r0/w_j) with r0 scaled by the step, the error
 * weights and ‖f‖ — and each stepper keeps its own code's rule so its step sequence is unchanged.
 * @see E. Hairer, G. Wanner, Solving ODEs II, 2nd ed., the code rodas.f (JACOBIAN BY DIFFERENCES).
 * @see K. Radhakrishnan, A. C. Hindmarsh, "Description and use of LSODE", LLNL UCRL-ID-113855 (1993),
 *      §3.4 (difference-quotient Jacobian); LSODA's PREPJ.
 */

/** Unit roundoff as `rodas.f`'s increment uses it (the code's 2.2e-16, kept for identical steps). */
const HAIRER_UROUND = 2.2e-16;

/** Hairer's increment for a variable of value `v` (a state component, or t for ∂f/∂t). */
export function hairerIncrement(v: number): number {
  return Math.sqrt(HAIRER_UROUND * Math.max(1e-5, Math.abs(v)));
}

/**
 * LSODA's increments r_j = max(√u·|y_j|, r0/w_j), r0 = 1000·|h|·u·n·‖f‖_w (1 when that is 0),
 * written into `out`.
 * @param w the error weights 1/(rtol_j·|y_j| + atol_j)
 */
export function lsodaIncrements(y: Float64Array, fy: Float64Array, w: Float64Array, hAbs: number, out: Float64Array): void {
  const n = y.length;
  const uround = Number.EPSILON;
  let fac = 0;
  for (let i = 0; i < n; i++) fac = Math.max(fac, Math.abs(fy[i]! * w[i]!));
  let r0 = 1000 * hAbs * uround * n * fac;
  if (r0 === 0) r0 = 1;
  const srur = Math.sqrt(uround);
  for (let j = 0; j < n; j++) out[j] = Math.max(srur * Math.abs(y[j]!), r0 / w[j]!);
}

/**
 * J_ij ≈ (f_i(t, y + r_j e_j) − f_i(t, y)) / r_j, row-major into `J` (n × n); n evaluations of `f`.
 * `y` is perturbed in place and restored exactly; nothing is allocated.
 * @param fy `f(t, y)`, already evaluated
 * @param r the increments r_j (hairerIncrement or lsodaIncrements)
 * @param work scratch vector of length n
 */
export function forwardDifferenceJacobian(
  f: (t: number, y: Float64Array, out: Float64Array) => void,
  t: number,
  y: Float64Array,
  fy: Float64Array,
  r: Float64Array,
  J: Float64Array,
  work: Float64Array,
): void {
  const n = y.length;
  for (let j = 0; j < n; j++) {
    const yj = y[j]!;
    const rj = r[j]!;
    y[j] = yj + rj;
    f(t, y, work);
    y[j] = yj;
    for (let i = 0; i < n; i++) J[i * n + j] = (work[i]! - fy[i]!) / rj;
  }
}
