/**
 * Söderlind's PID step-size controller in diffrax's form: with `k = q + 1` and the error norms
 * `e_n, e_{n−1}, e_{n−2}` of the last three accepted steps (history starting at 1),
 *
 *   factor = safety · e_{n−1}^{(p + 2d)/k} · e_{n−2}^{−d/k} / e_n^{(p + i + d)/k},
 *
 * which is diffrax's `safety · δ_n^{β1} · δ_{n−1}^{β2} · δ_{n−2}^{β3}` with `δ = 1/e`,
 * `β1 = (p + i + d)/k`, `β2 = −(p + 2d)/k`, `β3 = d/k`. Clipped to [minFactor, maxFactor] on
 * acceptance and to [minFactor, safety] on rejection; a rejected step leaves the history alone and
 * a zero or infinite error enters it as 1 (diffrax's rules). As gradflow's PI controller does
 * (Hairer's codes), the step does not grow right after a rejection. The formula is written so that
 * `p = d = 0, i = 1` gives the elementary controller `safety / e_n^{1/k}` bit for bit.
 * Unset coefficients are diffrax's defaults `p = 0, i = 1, d = 0` (the I controller); for problems
 * whose error estimate is not smooth diffrax suggests e.g. `p = 0.4, i = 0.3` or `p = 0.2, i = 0.4`.
 * @see G. Söderlind, "Digital filters in adaptive time-stepping", ACM Trans. Math. Softw. 29 (2003) 1–26.
 * @see diffrax, `_step_size_controller/pid.py` (`PIDController`: form (4) of its notes, the coefficients' roles).
 */
import type { ControllerOptions, StepSizeController } from './controller.js';

/** A PID controller for an error estimate of order `q` (local error ~ h^(q+1)). */
export class PIDController implements StepSizeController {
  readonly safety: number;
  readonly minFactor: number;
  readonly maxFactor: number;
  /** Exponents of `e_n` (divided by), `e_{n−1}` and `e_{n−2}` (both multiplied by). */
  private readonly b1: number;
  private readonly b2: number;
  private readonly b3: number;
  private prev = 1;
  private prevPrev = 1;

  constructor(q: number, options: ControllerOptions = {}) {
    this.safety = options.safety ?? 0.9;
    this.minFactor = options.minFactor ?? 0.2;
    this.maxFactor = options.maxFactor ?? 10;
    const p = options.pcoeff ?? 0;
    const i = options.icoeff ?? 1;
    const d = options.dcoeff ?? 0;
    const k = q + 1;
    this.b1 = (p + i + d) / k;
    this.b2 = (p + 2 * d) / k;
    this.b3 = -d / k;
  }

  private raw(err: number): number {
    return (this.safety * this.prev ** this.b2 * this.prevPrev ** this.b3) / err ** this.b1;
  }

  accepted(err: number, afterReject: boolean): number {
    const factor = Math.min(this.maxFactor, Math.max(this.minFactor, this.raw(err)));
    this.prevPrev = this.prev;
    this.prev = err === 0 || !Number.isFinite(err) ? 1 : err;
    return afterReject ? Math.min(1, factor) : factor;
  }

  rejected(err: number): number {
    if (!Number.isFinite(err)) return this.minFactor;
    return Math.max(this.minFactor, Math.min(this.safety, this.raw(err)));
  }

  reset(): void {
    this.prev = 1;
    this.prevPrev = 1;
  }
}
