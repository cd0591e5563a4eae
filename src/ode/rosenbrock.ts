/**
 * The Rosenbrock stepper, for any tableau in Hairer's transformed form (rosenbrockTableau.ts); gradflow
 * runs it with RODAS4. One Jacobian and one LU factorisation per step (kept across rejections),
 * analytic Jacobian when the system has one and finite differences otherwise, Hairer's predictive
 * (Gustafsson) step-size controller, the tableau's dense output. All work in buffers allocated once.
 * @see E. Hairer, G. Wanner, Solving ODEs II, 2nd ed., §IV.7 and §IV.8 (step-size control, (8.21)).
 */
import { forwardDifferenceJacobian, hairerIncrement } from './finiteDifferences.js';
import { errorNorm, type ErrorNorm } from './norm.js';
import type { RosenbrockTableau } from './rosenbrockTableau.js';
import { initialStep } from './initialStep.js';
import { requireLinearAlgebra, type OdeLinearAlgebra } from './linearAlgebra.js';
import { belowMinStep, stepEnd } from './stepLimits.js';
import { CoefficientSegment } from './coefficientSegment.js';
import type { Stepper, StepperContext, StepOutcome } from './stepper.js';
import type { OdeSystem, StiffnessReport } from './types.js';

function evalDense(theta: number, coef: Float64Array, dim: number, out: Float64Array): void {
  // y(θ) = y0 (1−θ) + θ (y1 + (1−θ)(c3 + θ c4)), coef = [y0, y1, c3, c4]
  const s1 = 1 - theta;
  for (let k = 0; k < dim; k++) {
    out[k] = coef[k]! * s1 + theta * (coef[dim + k]! + s1 * (coef[2 * dim + k]! + theta * coef[3 * dim + k]!));
  }
}

/** Options of the Rosenbrock stepper. */
export interface RosenbrockOptions {
  readonly h0?: number;
  /** The method (gradflow runs RODAS4, rodas4.ts). */
  readonly tableau: RosenbrockTableau;
  /** The error norm (default: Hairer's RMS norm, norm.ts). */
  readonly norm?: ErrorNorm;
}

/**
 * `start + Σ_j w_j v_j[i]` over the nonzero weights, in order. Skipping zero weights keeps the sums
 * of the hand-unrolled stages bit for bit (no 0·x terms, which are not exact zeros for non-finite x).
 */
function combineFrom(start: number, w: readonly number[], v: readonly Float64Array[], count: number, i: number): number {
  let s = start;
  for (let j = 0; j < count; j++) {
    const wj = w[j]!;
    if (wj !== 0) s += wj * v[j]![i]!;
  }
  return s;
}

/** `Σ_j w_j v_j[i]` over the nonzero weights, in order, starting from the first term (not from 0). */
function combine(w: readonly number[], v: readonly Float64Array[], count: number, i: number): number {
  let s = 0;
  let first = true;
  for (let j = 0; j < count; j++) {
    const wj = w[j]!;
    if (wj === 0) continue;
    if (first) {
      s = wj * v[j]![i]!;
      first = false;
    } else {
      s += wj * v[j]![i]!;
    }
  }
  return s;
}

export class RosenbrockStepper implements Stepper {
  readonly name: string;
  t: number;
  y: Float64Array;
  hNext: number;
  readonly segment: CoefficientSegment;
  private readonly tab: RosenbrockTableau;
  private readonly la: OdeLinearAlgebra;
  private readonly norm: ErrorNorm;
  private readonly f0: Float64Array;
  private readonly J: Float64Array;
  private readonly W: Float64Array;
  private readonly piv: Int32Array;
  private readonly fT: Float64Array;
  /** Stage increments k_0..k_{s−1}. */
  private readonly k: Float64Array[];
  private readonly ytmp: Float64Array;
  private readonly ftmp: Float64Array;
  private readonly ynew: Float64Array;
  private readonly err: Float64Array;
  /** Finite-difference increments. */
  private readonly incr: Float64Array;
  private readonly expo: number;
  private jacCurrent = false;
  private hOld = 0;
  private errOld = 0;
  private firstStep = true;

  constructor(
    private readonly system: OdeSystem,
    private readonly ctx: StepperContext,
    t0: number,
    y0: Float64Array,
    options: RosenbrockOptions,
    f0?: Float64Array,
  ) {
    const n = ctx.dim;
    const tab = options.tableau;
    this.tab = tab;
    this.name = tab.name;
    this.la = requireLinearAlgebra(ctx.linearAlgebra, tab.name);
    this.norm = options.norm ?? errorNorm;
    this.expo = 1 / (tab.errorOrder + 1);
    this.t = t0;
    this.y = Float64Array.from(y0);
    this.f0 = new Float64Array(n);
    this.J = new Float64Array(n * n);
    this.W = new Float64Array(n * n);
    this.piv = new Int32Array(n);
    this.fT = new Float64Array(n);
    this.k = [];
    for (let i = 0; i < tab.stages; i++) this.k.push(new Float64Array(n));
    this.ytmp = new Float64Array(n);
    this.ftmp = new Float64Array(n);
    this.ynew = new Float64Array(n);
    this.err = new Float64Array(n);
    this.incr = new Float64Array(n);
    this.segment = new CoefficientSegment(new Float64Array(4 * n), n, evalDense, false);
    if (f0) this.f0.set(f0);
    else ctx.f(t0, this.y, this.f0);
    this.hNext = options.h0 ?? initialStep(ctx.f, t0, this.y, this.f0, ctx.direction, tab.errorOrder + 1, ctx.hmax, ctx.tol, [this.ytmp, this.ftmp]);
  }

  get stiffness(): StiffnessReport {
    return { detected: false, tFirst: undefined, switches: [] };
  }

  /** The derivative at the current point. */
  get fCurrent(): Float64Array {
    return this.f0;
  }

  /** Hands the stepper a new current point (used by auto-rk). */
  restart(t: number, y: Float64Array, f: Float64Array, h: number): void {
    this.t = t;
    this.y.set(y);
    this.f0.set(f);
    this.hNext = h;
    this.jacCurrent = false;
    this.firstStep = true;
  }

  /** ‖J‖∞ of the last Jacobian, an upper bound for its spectral radius (for auto-rk). */
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
    if (!system.jacobian || system.jacobian(t, y, this.J) === false) {
      for (let j = 0; j < n; j++) this.incr[j] = hairerIncrement(y[j]!);
      forwardDifferenceJacobian(ctx.f, t, y, this.f0, this.incr, this.J, this.ftmp);
    }
    if (system.autonomous === true) {
      this.fT.fill(0);
    } else {
      const delt = hairerIncrement(t);
      ctx.f(t + delt, y, this.ftmp);
      for (let i = 0; i < n; i++) this.fT[i] = (this.ftmp[i]! - this.f0[i]!) / delt;
    }
    this.jacCurrent = true;
  }

  /**
   * The stages at step `hs` (signed) ending at `tNew`, with W factored: leaves k_0..k_{s−1},
   * y_new in `ynew` and the error estimate in `err`.
   */
  private stages(hs: number, tNew: number): void {
    const { ctx, tab, k } = this;
    const n = ctx.dim;
    const y = this.y;
    const yt = this.ytmp;
    const ft = this.ftmp;
    const fT = this.fT;
    const ih = 1 / hs;
    for (let s = 0; s < tab.stages; s++) {
      const ks = k[s]!;
      const a = tab.a[s]!;
      const c = tab.c[s]!;
      const ds = tab.gammaSum[s]!;
      let fs: Float64Array;
      if (s === 0) {
        fs = this.f0;
      } else {
        for (let i = 0; i < n; i++) yt[i] = combineFrom(y[i]!, a, k, s, i);
        const alpha = tab.alpha[s]!;
        ctx.f(alpha === 1 ? tNew : this.t + alpha * hs, yt, ft);
        fs = ft;
      }
      for (let i = 0; i < n; i++) {
        let v = fs[i]!;
        if (ds !== 0) v += hs * ds * fT[i]!;
        if (s > 0) v += combine(c, k, s, i) * ih;
        ks[i] = v;
      }
      this.la.luSolve(this.W, n, this.piv, ks);
    }
    for (let i = 0; i < n; i++) {
      this.ynew[i] = combineFrom(y[i]!, tab.m, k, tab.stages, i);
      this.err[i] = combine(tab.e, k, tab.stages, i);
    }
  }

  step(tBound: number): StepOutcome {
    const { ctx, tab } = this;
    const n = ctx.dim;
    const dir = ctx.direction;
    const y = this.y;
    const W = this.W;
    const J = this.J;
    const expo = this.expo;
    let h = Math.min(this.hNext, ctx.hmax);
    let afterReject = false;
    let sawNonFinite = false;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(this.f0[i]!)) return 'non-finite';
    }
    if (!this.jacCurrent) this.computeJacobian();
    for (;;) {
      if (ctx.stats.nsteps >= ctx.maxSteps) return 'max-steps';
      if (belowMinStep(h, this.t)) {
        this.hNext = h;
        return sawNonFinite ? 'non-finite' : 'underflow';
      }
      const tNew = stepEnd(this.t, dir * h, tBound, dir);
      const hs = tNew - this.t;
      h = Math.abs(hs);
      ctx.stats.nsteps++;
      // W = I/(γh) − J
      const diag = 1 / (tab.gamma * hs);
      for (let i = 0; i < n * n; i++) W[i] = -J[i]!;
      for (let i = 0; i < n; i++) W[i * n + i] = W[i * n + i]! + diag;
      ctx.stats.nlu++;
      if (!this.la.luFactor(W, n, this.piv)) {
        ctx.stats.nrejected++;
        h *= 0.5;
        afterReject = true;
        continue;
      }
      this.stages(hs, tNew);
      const ynew = this.ynew;
      const err = this.norm(this.err, y, ynew, ctx.tol);
      // Gustafsson's predictive controller, as in rodas.f: fac ∈ [1/6, 5] on h/hnew
      let fac = Math.max(1 / 6, Math.min(5, err ** expo / 0.9));
      if (err <= 1) {
        if (!this.firstStep) {
          let facpred = ((this.hOld / h) * ((err * err) / this.errOld) ** expo) / 0.9;
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
        // dense coefficients [y0, y1, Σ d2_j k_j, Σ d3_j k_j]
        const coef = this.segment.coef;
        coef.set(y, 0);
        coef.set(ynew, n);
        const d2 = tab.dense[0];
        const d3 = tab.dense[1];
        for (let i = 0; i < n; i++) {
          coef[2 * n + i] = combine(d2, this.k, tab.stages, i);
          coef[3 * n + i] = combine(d3, this.k, tab.stages, i);
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
