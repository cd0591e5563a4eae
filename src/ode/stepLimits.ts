/**
 * The step-size limits shared by the stiff steppers (rosenbrock.ts, nordsieck.ts): the smallest
 * step double precision can resolve at t, and where a step towards a bound ends.
 */

/**
 * True when |h| is below 10 ulps-worth of t (10·ε·|t|, or 10·ε·MIN_VALUE at t = 0): the step can
 * no longer move t by a resolvable amount and the stepper reports a step-size underflow.
 */
export function belowMinStep(h: number, t: number): boolean {
  return Math.abs(h) < 10 * Number.EPSILON * Math.max(Math.abs(t), Number.MIN_VALUE);
}

/**
 * End of a step of signed size `h` from `t` towards `tBound` (direction `dir`): `t + h`, or exactly
 * `tBound` when the step reaches or passes it, so the last step lands on the bound without rounding.
 */
export function stepEnd(t: number, h: number, tBound: number, dir: 1 | -1): number {
  const tNew = t + h;
  return dir * (tNew - tBound) >= 0 ? tBound : tNew;
}
