/**
 * The Rosenbrock stepper for RODAS4: one Jacobian and one LU factorisation per step (kept across
 * rejections), analytic Jacobian when the system has one and finite differences otherwise,
 * Hairer's predictive (Gustafsson) step-size controller, 3rd-order dense output.
 * All work in buffers allocated once.
 * @see E. Hairer, G. Wanner, Solving ODEs II, 2nd ed., §IV.7 and §IV.8 (step-size control, (8.21)).
 */
import { luFactor, luSolve } from '../linalg/lu.js';
import { errorNorm } from './norm.js';
import { RODAS4 } from './rodas4.js';
import { initialStep } from './initialStep.js';
import type { LiveSegment, Segment, Stepper, StepperContext, StepOutcome } from './stepper.js';
import type { OdeSystem, StiffnessReport } from './types.js';

const R = RODAS4;

function evalDense(theta: number, coef: Float64Array, dim: number, out: Float64Array): void {
  // y(θ) = y0 (1−θ) + θ (y1 + (1−θ)(c3 + θ c4)), coef = [y0, y1, c3, c4]
  const s1 = 1 - theta;
  for (let k = 0; k < dim; k++) {
    out[k] = coef[k]! * s1 + theta * (coef[dim + k]! + s1 * (coef[2 * dim + k]! + theta * coef[3 * dim + k]!));
  }
}

class LiveRosSegment implements LiveSegment {
  t0 = 0;
  t1 = 0;
  constructor(
    readonly coef: Float64Array,
    private readonly dim: number,
  ) {}
  evaluate(t: number, out: Float64Array): void {
    evalDense((t - this.t0) / (this.t1 - this.t0), this.coef, this.dim, out);
  }
  snapshot(): Segment {
    const coef = this.coef.slice();
    const { t0, t1, dim } = this;
    return {
      t0,
      t1,
      evaluate: (t: number, out: Float64Array): void => {
        evalDense((t - t0) / (t1 - t0), coef, dim, out);
      },
    };
  }
}

/** Options of the Rosenbrock stepper. */
export interface RosenbrockOptions {
  readonly h0?: number;
}

export class RosenbrockStepper implements Stepper {
  readonly name = 'rodas4';
  t: number;
  y: Float64Array;
  hNext: number;
  readonly segment: LiveRosSegment;
  private readonly f0: Float64Array;
  private readonly J: Float64Array;
  private readonly W: Float64Array;
  private readonly piv: Int32Array;
  private readonly fT: Float64Array;
  private readonly k: Float64Array[];
  private readonly ytmp: Float64Array;
  private readonly ftmp: Float64Array;
  private readonly ynew: Float64Array;
  private jacCurrent = false;
  private hOld = 0;
  private errOld = 0;
  private firstStep = true;

  constructor(
    private readonly system: OdeSystem,
    private readonly ctx: StepperContext,
    t0: number,
    y0: Float64Array,
    options: RosenbrockOptions = {},
    f0?: Float64Array,
  ) {
    const n = ctx.dim;
    this.t = t0;
    this.y = Float64Array.from(y0);
    this.f0 = new Float64Array(n);
    this.J = new Float64Array(n * n);
    this.W = new Float64Array(n * n);
    this.piv = new Int32Array(n);
    this.fT = new Float64Array(n);
    this.k = [];
    for (let i = 0; i < 6; i++) this.k.push(new Float64Array(n));
    this.ytmp = new Float64Array(n);
    this.ftmp = new Float64Array(n);
    this.ynew = new Float64Array(n);
    this.segment = new LiveRosSegment(new Float64Array(4 * n), n);
    if (f0) this.f0.set(f0);
    else ctx.f(t0, this.y, this.f0);
    this.hNext = options.h0 ?? initialStep(ctx.f, t0, this.y, this.f0, ctx.direction, 4, ctx.hmax, ctx.tol, [this.ytmp, this.ftmp]);
  }

  get stiffness(): StiffnessReport {
    return { detected: false, tFirst: undefined, switches: [] };
  }

  /** The derivative at the current point. */
  get fCurrent(): Float64Array {
    return this.f0;
  }

  /** Hands the stepper a new current point (used by the automatic method). */
  restart(t: number, y: Float64Array, f: Float64Array, h: number): void {
    this.t = t;
    this.y.set(y);
    this.f0.set(f);
    this.hNext = h;
    this.jacCurrent = false;
    this.firstStep = true;
  }

  /** ‖J‖∞ of the last Jacobian, an upper bound for its spectral radius (for the automatic method). */
  jacobianNormInf(): number {
    const n = this.ctx.dim;
    let m = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += Math.abs(this.J[i * n + j]!);
      if (s > m) m = s;
    }
    return m;
  }

  private computeJacobian(): void {
    const { ctx, system } = this;
    const n = ctx.dim;
    const t = this.t;
    const y = this.y;
    ctx.stats.njev++;
    if (system.jacobian) {
      system.jacobian(t, y, this.J);
    } else {
      // forward differences, Hairer's increment sqrt(uround·max(1e-5, |y_j|))
      const fj = this.ftmp;
      for (let j = 0; j < n; j++) {
        const ysafe = y[j]!;
        const delt = Math.sqrt(2.2e-16 * Math.max(1e-5, Math.abs(ysafe)));
        y[j] = ysafe + delt;
        ctx.f(t, y, fj);
        y[j] = ysafe;
        for (let i = 0; i < n; i++) this.J[i * n + j] = (fj[i]! - this.f0[i]!) / delt;
      }
    }
    if (system.autonomous === true) {
      this.fT.fill(0);
    } else {
      const delt = Math.sqrt(2.2e-16 * Math.max(1e-5, Math.abs(t)));
      ctx.f(t + delt, y, this.ftmp);
      for (let i = 0; i < n; i++) this.fT[i] = (this.ftmp[i]! - this.f0[i]!) / delt;
    }
    this.jacCurrent = true;
  }

  step(tBound: number): StepOutcome {
    const { ctx } = this;
    const n = ctx.dim;
    const dir = ctx.direction;
    const [k1, k2, k3, k4, k5, k6] = this.k as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    const y = this.y;
    const yt = this.ytmp;
    const ft = this.ftmp;
    const fT = this.fT;
    const W = this.W;
    const J = this.J;
    let h = Math.min(this.hNext, ctx.hmax);
    let afterReject = false;
    let sawNonFinite = false;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(this.f0[i]!)) return 'non-finite';
    }
    if (!this.jacCurrent) this.computeJacobian();
    for (;;) {
      if (ctx.stats.nsteps >= ctx.maxSteps) return 'max-steps';
      const minStep = 10 * Number.EPSILON * Math.max(Math.abs(this.t), Number.MIN_VALUE);
      if (h < minStep) {
        this.hNext = h;
        return sawNonFinite ? 'non-finite' : 'underflow';
      }
      let tNew = this.t + dir * h;
      if (dir * (tNew - tBound) > 0) tNew = tBound;
      const hs = tNew - this.t;
      h = Math.abs(hs);
      ctx.stats.nsteps++;
      // W = I/(γh) − J
      const diag = 1 / (R.gamma * hs);
      for (let i = 0; i < n * n; i++) W[i] = -J[i]!;
      for (let i = 0; i < n; i++) W[i * n + i] = W[i * n + i]! + diag;
      ctx.stats.nlu++;
      if (!luFactor(W, n, this.piv)) {
        ctx.stats.nrejected++;
        h *= 0.5;
        afterReject = true;
        continue;
      }
      const ih = 1 / hs;
      // stage 1
      for (let i = 0; i < n; i++) k1[i] = this.f0[i]! + hs * R.d[0]! * fT[i]!;
      luSolve(W, n, this.piv, k1);
      // stage 2
      for (let i = 0; i < n; i++) yt[i] = y[i]! + R.a21 * k1[i]!;
      ctx.f(this.t + R.c[1]! * hs, yt, ft);
      for (let i = 0; i < n; i++) k2[i] = ft[i]! + hs * R.d[1]! * fT[i]! + R.c21 * k1[i]! * ih;
      luSolve(W, n, this.piv, k2);
      // stage 3
      for (let i = 0; i < n; i++) yt[i] = y[i]! + R.a31 * k1[i]! + R.a32 * k2[i]!;
      ctx.f(this.t + R.c[2]! * hs, yt, ft);
      for (let i = 0; i < n; i++) k3[i] = ft[i]! + hs * R.d[2]! * fT[i]! + (R.c31 * k1[i]! + R.c32 * k2[i]!) * ih;
      luSolve(W, n, this.piv, k3);
      // stage 4
      for (let i = 0; i < n; i++) yt[i] = y[i]! + R.a41 * k1[i]! + R.a42 * k2[i]! + R.a43 * k3[i]!;
      ctx.f(this.t + R.c[3]! * hs, yt, ft);
      for (let i = 0; i < n; i++)
        k4[i] = ft[i]! + hs * R.d[3]! * fT[i]! + (R.c41 * k1[i]! + R.c42 * k2[i]! + R.c43 * k3[i]!) * ih;
      luSolve(W, n, this.piv, k4);
      // stage 5 at t + h
      for (let i = 0; i < n; i++) yt[i] = y[i]! + R.a51 * k1[i]! + R.a52 * k2[i]! + R.a53 * k3[i]! + R.a54 * k4[i]!;
      ctx.f(tNew, yt, ft);
      for (let i = 0; i < n; i++)
        k5[i] = ft[i]! + (R.c51 * k1[i]! + R.c52 * k2[i]! + R.c53 * k3[i]! + R.c54 * k4[i]!) * ih;
      luSolve(W, n, this.piv, k5);
      // stage 6 (stiffly accurate: its increment is the error estimate)
      for (let i = 0; i < n; i++) yt[i] = yt[i]! + k5[i]!;
      ctx.f(tNew, yt, ft);
      for (let i = 0; i < n; i++)
        k6[i] =
          ft[i]! + (R.c61 * k1[i]! + R.c62 * k2[i]! + R.c63 * k3[i]! + R.c64 * k4[i]! + R.c65 * k5[i]!) * ih;
      luSolve(W, n, this.piv, k6);
      const ynew = this.ynew;
      for (let i = 0; i < n; i++) ynew[i] = yt[i]! + k6[i]!;
      const err = errorNorm(k6, y, ynew, ctx.tol);
      // Gustafsson's predictive controller, as in rodas.f: fac ∈ [1/6, 5] on h/hnew
      let fac = Math.max(1 / 6, Math.min(5, err ** 0.25 / 0.9));
      if (err <= 1) {
        if (!this.firstStep) {
          let facpred = ((this.hOld / h) * (err * err / this.errOld) ** 0.25) / 0.9;
          facpred = Math.max(1 / 6, Math.min(5, facpred));
          fac = Math.max(fac, facpred);
        }
        let hnew = h / fac;
        if (afterReject) hnew = Math.min(hnew, h);
        this.firstStep = false;
        this.hOld = h;
        this.errOld = Math.max(0.01, err);
        this.hNext = hnew;
        ctx.stats.naccepted++;
        // dense coefficients [y0, y1, Σ d2j k_j, Σ d3j k_j]
        const coef = this.segment.coef;
        coef.set(y, 0);
        coef.set(ynew, n);
        const [d21, d22, d23, d24, d25] = R.dense2 as unknown as [number, number, number, number, number];
        const [d31, d32, d33, d34, d35] = R.dense3 as unknown as [number, number, number, number, number];
        for (let i = 0; i < n; i++) {
          coef[2 * n + i] = d21 * k1[i]! + d22 * k2[i]! + d23 * k3[i]! + d24 * k4[i]! + d25 * k5[i]!;
          coef[3 * n + i] = d31 * k1[i]! + d32 * k2[i]! + d33 * k3[i]! + d34 * k4[i]! + d35 * k5[i]!;
        }
        this.segment.t0 = this.t;
        this.segment.t1 = tNew;
        y.set(ynew);
        this.t = tNew;
        ctx.f(tNew, y, this.f0);
        this.jacCurrent = false;
        return 'accepted';
      }
      if (!Number.isFinite(err)) {
        sawNonFinite = true;
        fac = 5;
      }
      ctx.stats.nrejected++;
      h /= fac;
      afterReject = true;
    }
  }
}
