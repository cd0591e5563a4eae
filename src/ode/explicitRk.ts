/**
 * One stepper for every embedded explicit Runge–Kutta pair with a first-same-as-last stage:
 * stages, error norm, PI step control, lazily built dense output and Hairer's stiffness test.
 * Works in buffers allocated once; a step allocates nothing. The stage arithmetic runs in kernels
 * generated once per tableau row (linearCombination.ts): one pass over flat arrays per stage.
 * @see E. Hairer, S. P. Nørsett, G. Wanner, Solving ODEs I, 2nd ed., §II.4–II.6, §IV.2 (stiffness detection).
 */
import { PIController, type ControllerOptions, type StepSizeController } from './controller.js';
import { initialStep } from './initialStep.js';
import type { OdeBlas } from './linearAlgebra.js';
import { tableauKernels, type TableauKernels } from './linearCombination.js';
import type { Tolerances } from './norm.js';
import { PIDController } from './pidController.js';
import type { LiveSegment, Segment, Stepper, StepperContext, StepOutcome } from './stepper.js';
import type { ExplicitTableau } from './tableau.js';
import type { StiffnessReport } from './types.js';

/** Dense output of one method: how many state-sized coefficient vectors, how to fill and evaluate them. */
export interface DenseFormula {
  /** Number of `dim`-vectors stored per step. */
  readonly nCoef: number;
  /** Extra stage evaluations the formula needs (DOP853: 3), done lazily when the interpolant is used. */
  readonly extraStages: number;
  /** Fills `coef` (nCoef × dim, row-major) from the step's data. */
  fill(step: StepData, coef: Float64Array): void;
  /** `y(t0 + θh)` from the coefficients. */
  evaluate(theta: number, h: number, coef: Float64Array, dim: number, out: Float64Array): void;
}

/** Everything a dense formula or error norm can read about the step just taken. */
export interface StepData {
  readonly t: number;
  /** Signed step. */
  readonly h: number;
  readonly yOld: Float64Array;
  readonly yNew: Float64Array;
  /** Stages `K_0..K_s` (`K_s = f(t+h, yNew)`) and room for extra stages: views into `Kflat`. */
  readonly K: Float64Array[];
  /** The same stages one after another: `K_j[i]` is `Kflat[j·dim + i]` (what the kernels read). */
  readonly Kflat: Float64Array;
  readonly dim: number;
  /** Evaluates `f` (counted). */
  readonly f: (t: number, y: Float64Array, out: Float64Array) => void;
  /** Scratch vector. */
  readonly work: Float64Array;
  /** The native BLAS for the vector arithmetic, when the caller gave one (see `linearCombination.ts`). */
  readonly blas: OdeBlas | undefined;
}

/** An explicit method: tableau, error norm, dense formula, controller and stiffness threshold. */
export interface ExplicitMethod {
  readonly tableau: ExplicitTableau;
  readonly controller: ControllerOptions;
  /** Hairer's bound on `h·|λ|` beyond which a step is counted as stability-limited (3.25 DOPRI5, 6.1 DOP853). */
  readonly stiffThreshold: number;
  errorNorm(step: StepData, tol: Tolerances): number;
  /**
   * For a method whose error estimate does not read the FSAL stage `K_s`: writes
   * `yNew = y + h Σ b_j K_j` and returns the error norm, in one pass; the stepper then evaluates
   * `K_s` as usual (so the evaluation counts are those of computing the norm afterwards).
   */
  updateAndErrorNorm?(step: StepData, tol: Tolerances): number;
  readonly dense: DenseFormula;
}

/** Options of the explicit stepper that auto-rk sets. */
export interface ExplicitStepperOptions {
  readonly h0?: number;
  /** Test stiffness every `nstiff` accepted steps (Hairer: 1000; auto-rk: 1). */
  readonly nstiff?: number;
  /** Over the method's defaults; `kind: 'pid'` selects the PID controller (pidController.ts). */
  readonly controller?: ControllerOptions;
}

class LiveRkSegment implements LiveSegment {
  t0 = 0;
  t1 = 0;
  h = 0;
  prepared = false;
  constructor(
    private readonly stepper: ExplicitRkStepper,
    private readonly dense: DenseFormula,
    private readonly dim: number,
    readonly coef: Float64Array,
  ) {}
  evaluate(t: number, out: Float64Array): void {
    if (!this.prepared) {
      this.stepper.fillDense(this.coef);
      this.prepared = true;
    }
    this.dense.evaluate((t - this.t0) / this.h, this.h, this.coef, this.dim, out);
  }
  snapshot(): Segment {
    if (!this.prepared) {
      this.stepper.fillDense(this.coef);
      this.prepared = true;
    }
    const coef = this.coef.slice();
    const { t0, t1, h, dense, dim } = this;
    return {
      t0,
      t1,
      evaluate: (t: number, out: Float64Array): void => {
        dense.evaluate((t - t0) / h, h, coef, dim, out);
      },
    };
  }
}

/** The explicit Runge–Kutta stepper. */
export class ExplicitRkStepper implements Stepper {
  readonly name: string;
  t: number;
  y: Float64Array;
  hNext: number;
  private yOld: Float64Array;
  private yNew: Float64Array;
  private readonly K: Float64Array[];
  private readonly Kflat: Float64Array;
  private readonly yStage: Float64Array;
  private readonly yLastArg: Float64Array;
  private readonly work: Float64Array;
  private readonly ctrl: StepSizeController;
  private readonly kernels: TableauKernels;
  private fsalPending = false;
  private hLast = 0;
  private readonly stepData: {
    t: number;
    h: number;
    yOld: Float64Array;
    yNew: Float64Array;
    K: Float64Array[];
    Kflat: Float64Array;
    dim: number;
    f: StepperContext['f'];
    work: Float64Array;
    blas: OdeBlas | undefined;
  };
  readonly segment: LiveRkSegment;
  // Hairer's stiffness detection state
  private readonly nstiff: number;
  private iasti = 0;
  private nonsti = 0;
  /** Last estimate of `h·|λ|` from the stiffness test (NaN before the first test). */
  lastHLambda = Number.NaN;
  private detected = false;
  private tFirst: number | undefined = undefined;

  constructor(
    private readonly method: ExplicitMethod,
    private readonly ctx: StepperContext,
    t0: number,
    y0: Float64Array,
    options: ExplicitStepperOptions = {},
    f0?: Float64Array,
  ) {
    const tab = method.tableau;
    const n = ctx.dim;
    this.name = tab.name;
    this.t = t0;
    this.y = Float64Array.from(y0);
    this.yOld = new Float64Array(n);
    this.yNew = new Float64Array(n);
    const nK = tab.stages + 1 + method.dense.extraStages;
    this.Kflat = new Float64Array(nK * n);
    this.K = [];
    for (let i = 0; i < nK; i++) this.K.push(this.Kflat.subarray(i * n, (i + 1) * n));
    this.yStage = new Float64Array(n);
    this.yLastArg = new Float64Array(n);
    this.work = new Float64Array(n);
    this.kernels = tableauKernels(tab, n, ctx.blas);
    const control = { ...method.controller, ...options.controller };
    this.ctrl = control.kind === 'pid' ? new PIDController(tab.errorOrder, control) : new PIController(tab.errorOrder, control);
    this.nstiff = options.nstiff ?? 1000;
    this.stepData = { t: t0, h: 0, yOld: this.yOld, yNew: this.yNew, K: this.K, Kflat: this.Kflat, dim: n, f: ctx.f, work: this.work, blas: ctx.blas };
    this.segment = new LiveRkSegment(this, method.dense, n, new Float64Array(method.dense.nCoef * n));
    if (f0) this.K[0]!.set(f0);
    else ctx.f(t0, this.y, this.K[0]!);
    this.hNext = options.h0 ?? initialStep(ctx.f, t0, this.y, this.K[0]!, ctx.direction, tab.errorOrder + 1, ctx.hmax, ctx.tol, [this.yStage, this.work]);
  }

  /** The derivative at the current point (valid between steps). */
  get fCurrent(): Float64Array {
    return this.fsalPending ? this.K[this.method.tableau.stages]! : this.K[0]!;
  }

  /** True when `f(t, y)` at the current point is finite. */
  currentIsFinite(): boolean {
    const f0 = this.fCurrent;
    for (let i = 0; i < f0.length; i++) if (!Number.isFinite(f0[i]!)) return false;
    return true;
  }

  get stiffness(): StiffnessReport {
    return { detected: this.detected, tFirst: this.tFirst, switches: [] };
  }

  /** Resets the step-size history (used when auto-rk hands over). */
  restart(t: number, y: Float64Array, f: Float64Array, h: number): void {
    this.t = t;
    this.y.set(y);
    this.K[0]!.set(f);
    this.fsalPending = false;
    this.hNext = h;
    this.ctrl.reset();
    this.iasti = 0;
    this.nonsti = 0;
  }

  step(tBound: number): StepOutcome {
    const { ctx, method } = this;
    const tab = method.tableau;
    const n = ctx.dim;
    const s = tab.stages;
    const K = this.K;
    const Kflat = this.Kflat;
    const dir = ctx.direction;
    if (this.fsalPending) {
      Kflat.copyWithin(0, s * n, (s + 1) * n);
      this.fsalPending = false;
    }
    let h = Math.min(this.hNext, ctx.hmax);
    let afterReject = false;
    let sawNonFinite = false;
    for (;;) {
      if (ctx.stats.nsteps >= ctx.maxSteps) return 'max-steps';
      const minStep = 10 * Math.abs(nextUp(this.t) - this.t);
      if (h < minStep) {
        this.hNext = h;
        return sawNonFinite ? 'non-finite' : 'underflow';
      }
      let tNew = this.t + dir * h;
      if (dir * (tNew - tBound) > 0) tNew = tBound;
      const hs = tNew - this.t;
      h = Math.abs(hs);
      ctx.stats.nsteps++;
      const y = this.y;
      const stageKernels = this.kernels.stages;
      for (let i = 1; i < s; i++) {
        const arg = i === s - 1 ? this.yLastArg : this.yStage;
        stageKernels[i]!(arg, y, hs, Kflat, n);
        ctx.f(this.t + tab.c[i]! * hs, arg, K[i]!);
      }
      const yNew = this.yNew;
      const sd = this.stepData;
      sd.t = this.t;
      sd.h = hs;
      sd.yOld = y;
      sd.yNew = yNew;
      let err: number;
      if (method.updateAndErrorNorm) {
        err = method.updateAndErrorNorm(sd, ctx.tol);
        ctx.f(tNew, yNew, K[s]!);
      } else {
        this.kernels.update(yNew, y, hs, Kflat, n);
        ctx.f(tNew, yNew, K[s]!);
        err = method.errorNorm(sd, ctx.tol);
      }
      if (err <= 1) {
        this.hNext = h * this.ctrl.accepted(err, afterReject);
        ctx.stats.naccepted++;
        this.stiffnessTest(h, yNew, tNew);
        // rotate buffers: yOld ← y, y ← yNew
        const old = this.yOld;
        this.yOld = y;
        this.y = yNew;
        this.yNew = old;
        this.hLast = hs;
        const seg = this.segment;
        seg.t0 = this.t;
        seg.t1 = tNew;
        seg.h = hs;
        seg.prepared = false;
        this.t = tNew;
        this.fsalPending = true;
        return 'accepted';
      }
      if (!Number.isFinite(err)) sawNonFinite = true;
      ctx.stats.nrejected++;
      h *= this.ctrl.rejected(err);
      afterReject = true;
    }
  }

  /** Hairer's test: `h·|λ| ≈ |h|·‖K_s − K_{s−1}‖ / ‖yNew − y_{s−1}‖`, both stages at `t + h`. */
  private stiffnessTest(h: number, yNew: Float64Array, tNew: number): void {
    const { ctx } = this;
    const s = this.method.tableau.stages;
    if (ctx.stats.naccepted % this.nstiff !== 0 && this.iasti === 0) return;
    const Ks = this.K[s]!;
    const Kl = this.K[s - 1]!;
    let num = 0;
    let den = 0;
    for (let k = 0; k < ctx.dim; k++) {
      num += (Ks[k]! - Kl[k]!) ** 2;
      den += (yNew[k]! - this.yLastArg[k]!) ** 2;
    }
    if (!(den > 0)) return;
    const hl = h * Math.sqrt(num / den);
    this.lastHLambda = hl;
    if (hl > this.method.stiffThreshold) {
      this.nonsti = 0;
      this.iasti++;
      if (this.iasti === 15 && !this.detected) {
        this.detected = true;
        this.tFirst = tNew;
      }
    } else {
      this.nonsti++;
      if (this.nonsti === 6) this.iasti = 0;
    }
  }

  /** Builds the last step's dense coefficients (may evaluate extra stages). */
  fillDense(coef: Float64Array): void {
    const sd = this.stepData;
    sd.t = this.segment.t0;
    sd.h = this.hLast;
    sd.yOld = this.yOld;
    sd.yNew = this.y;
    if (this.fsalPending) {
      // K_0 still holds f(t_old), K_s holds f(t_new): exactly what the formula needs.
      this.method.dense.fill(sd, coef);
    } else {
      throw new Error('dense output requested after the next step began');
    }
  }
}

/** The next double after `x` towards +∞ in magnitude (SciPy's `nextafter` spacing). */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const ax = Math.abs(x);
  return x + Math.sign(x) * ax * Number.EPSILON;
}
