/**
 * Step-size control for embedded explicit pairs: the PI (Lund) controller of Hairer's DOPRI5,
 * which is SciPy's elementary controller when `beta = 0`.
 * @see E. Hairer, G. Wanner, Solving ODEs II, 2nd ed., §IV.2, eq. (2.43c) (PI control);
 *      E. Hairer, S. P. Nørsett, G. Wanner, Solving ODEs I, §II.4.
 */

/** Controller parameters. Defaults: safety 0.9, factors in [0.2, 10] (SciPy), `beta` per method. */
export interface ControllerOptions {
  readonly safety?: number;
  readonly minFactor?: number;
  readonly maxFactor?: number;
  /** PI stabilisation exponent (Hairer's BETA: 0.04 for DOPRI5, 0 for DOP853). */
  readonly beta?: number;
}

/** A PI controller for an error estimate of order `q` (local error ~ h^(q+1)). */
export class PIController {
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
