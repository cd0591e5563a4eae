/**
 * Step-size control for embedded explicit pairs: the PI (Lund) controller of Hairer's DOPRI5,
 * which is SciPy's elementary controller when `beta = 0`.
 * @see E. Hairer, G. Wanner, Solving ODEs II, 2nd ed., §IV.2, eq. (2.43c) (PI control);
 *      E. Hairer, S. P. Nørsett, G. Wanner, Solving ODEs I, §II.4.
 */

/** Controller parameters. Defaults: safety 0.9, factors in [0.2, 10] (SciPy), `beta` per method. */
export interface ControllerOptions {
  /** `pi` (default): this file's controller; `pid`: Söderlind's PID (pidController.ts). */
  readonly kind?: 'pi' | 'pid';
  readonly safety?: number;
  readonly minFactor?: number;
  readonly maxFactor?: number;
  /** PI stabilisation exponent (Hairer's BETA: 0.04 for DOPRI5, 0 for DOP853). */
  readonly beta?: number;
  /** PID only: proportional, integral and derivative coefficients (diffrax's pcoeff, icoeff, dcoeff). */
  readonly pcoeff?: number;
  readonly icoeff?: number;
  readonly dcoeff?: number;
}

/** What a stepper asks its step-size controller; it holds the error history between steps. */
export interface StepSizeController {
  /** Factor for the next step after accepting a step with error norm `err ≤ 1` (at most 1 right after a rejection). */
  accepted(err: number, afterReject: boolean): number;
  /** Factor for the retry after rejecting a step with error norm `err > 1` (or non-finite). */
  rejected(err: number): number;
  /** Forgets the error history (after a restart). */
  reset(): void;
}

/** A PI controller for an error estimate of order `q` (local error ~ h^(q+1)). */
export class PIController implements StepSizeController {
  readonly safety: number;
  readonly minFactor: number;
  readonly maxFactor: number;
  readonly beta: number;
  private readonly expo: number;
  private errOld = 1e-4;

  constructor(q: number, options: ControllerOptions = {}) {
    this.safety = options.safety ?? 0.9;
    this.minFactor = options.minFactor ?? 0.2;
    this.maxFactor = options.maxFactor ?? 10;
    this.beta = options.beta ?? 0;
    this.expo = 1 / (q + 1) - 0.75 * this.beta;
  }

  /** Factor for the next step after accepting a step with error norm `err ≤ 1`. */
  accepted(err: number, afterReject: boolean): number {
    let factor: number;
    if (err === 0) {
      factor = this.maxFactor;
    } else {
      factor = (this.safety * this.errOld ** this.beta) / err ** this.expo;
      factor = Math.min(this.maxFactor, Math.max(this.minFactor, factor));
    }
    this.errOld = Math.max(err, 1e-4);
    return afterReject ? Math.min(1, factor) : factor;
  }

  /** Factor for the retry after rejecting a step with error norm `err > 1` (or non-finite). */
  rejected(err: number): number {
    if (!Number.isFinite(err)) return this.minFactor;
    return Math.max(this.minFactor, this.safety / err ** this.expo);
  }

  reset(): void {
    this.errOld = 1e-4;
  }
}
