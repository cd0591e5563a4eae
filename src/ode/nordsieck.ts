/**
 * Variable-order, variable-step multistep integration in Nordsieck form, with Petzold's automatic
 * choice between the Adams methods (orders 1–12, functional iteration, for non-stiff stretches) and
 * the BDF methods (orders 1–5, modified Newton with a reused Jacobian, for stiff ones): the algorithm
 * of LSODA. This is gradflow's `auto`. With `family: 'bdf'` it is a BDF code (LSODE's method 22) that never switches.
 * With a `linearSolver` (`bdf-krylov`, and `auto-krylov` with family `adams-bdf`) the Newton systems are solved matrix-free by
 * that solver (GMRES on Jacobian-vector products, bdfKrylov.ts) in place of the dense LU of P; no
 * n × n array is allocated then, and every other rule of the step is the same.
 *
 * One step: predict the Nordsieck vector z = [y, h y', h² y''/2, …] by the Pascal matrix, correct
 * it to the implicit method's solution (at most 3 iterations, convergence rate estimated on the
 * fly), test the local error estimate τ_q·‖Δ‖, then every q+1 steps choose the order q−1, q, q+1
 * that allows the largest next step. The Newton matrix P = I − h ℓ_0 J is refactored only when
 * h ℓ_0 has changed by more than 30 %, after 20 steps, or when the iteration fails to converge.
 * Every 20 steps the code compares the step the other family would allow — the Adams step being
 * bounded by its stability region (the Lipschitz estimate ρ·h ≤ bound) — and switches when it gains.
 * All work is in buffers allocated once. The dense output is the step's Nordsieck polynomial.
 * @see L. Petzold, "Automatic selection of methods for solving stiff and nonstiff systems of ODEs",
 *      SIAM J. Sci. Stat. Comput. 4 (1983) 136–148 (the switching tests).
 * @see K. Radhakrishnan, A. C. Hindmarsh, "Description and use of LSODE", LLNL UCRL-ID-113855 (1993),
 *      ch. 2–3 (Nordsieck form, corrector convergence test, step and order selection).
 *
 * Glossary. The names follow LSODE/LSODA (subroutines STODA, PREPJ, SOLSY, CFODE of ODEPACK) so the
 * code can be read beside them; their source name is in capitals.
 *
 * State and work arrays
 * - `z`       YH. The Nordsieck array [y, h y', h² y''/2!, …, h^q y^(q)/q!], column j at offset j·n.
 * - `w`       EWT, after LSODE inverts it in place: the error weights 1/(rtol_i |y_i| + atol_i), set
 *             at the start of each step.
 * - `acor`    ACOR. The accumulated corrector correction Δ of the step; z ← z + ℓ·Δ on acceptance.
 * - `savf`    SAVF. f at the current iterate (and scratch in the order selection).
 * - `ywork`   Y. The current corrector iterate (and scratch).
 * - `J`, `P`, `piv`   the Jacobian; WM, the Newton matrix P = I − h ℓ_0 J and its LU factors; IWM, the pivots.
 * - `incr`    the finite-difference increments of PREPJ (finiteDifferences.ts, lsodaIncrements).
 * - `ls`, `rk`, `xk`  matrix-free mode: the Newton-system solver, the Newton residual r and the
 *             correction x it solves (I − h ℓ_0 J) x = r for; `J`, `P`, `piv` are then empty.
 *
 * Method and order
 * - `fam`     METH. The family in use: ADAMS (METH = 1) or BDF (METH = 2).
 * - `q`       NQ. The current order.
 * - `el`      EL, a column of ELCO. ℓ_0 … ℓ_q, the coefficients of the method's polynomial l(x) at order q.
 * - `el0`     EL0 = EL(1) = ℓ_0, the coefficient of h f in the corrector.
 * - `fam.test`  TESCO. Per order q, the constants turning ‖Δ‖ into the local error estimate at orders
 *               q − 1, q, q + 1 (TESCO(1..3, NQ)); `tq2` is TESCO(2, NQ).
 * - `fam.switchConstant`  CM1 (Adams) / CM2 (BDF). TESCO(2, q)·ℓ_q, to convert one family's error
 *               estimate into the other's in Petzold's switching test.
 * - `ADAMS_STABILITY`  SM1. Per order, the bound on h·ρ inside the Adams method's stability region.
 *
 * Step-size and corrector control
 * - `h`       H. The signed step size of the next attempt; `hmxi` HMXI = 1/hmax.
 * - `rh`      RH. The ratio h_new/h applied by rescale (RHSM, RHUP, RHDN: the ratios allowed at the
 *             same order, one order up, one order down; DSM, DUP, DDN the corresponding error estimates).
 * - `rmax`    RMAX. The largest step ratio allowed at the next change: 1e4 on the first step, 10 after
 *             a successful step, 2 after a failure.
 * - `ialth`   IALTH. Steps left at this step size and order before the next order/step selection
 *             (q + 1 after each change); at 1, the correction is saved to estimate the order-(q+1) error.
 * - `dsm`     DSM. The local error estimate of the step in units of the tolerance (≤ 1 accepts it).
 * - `kflag`   KFLAG. 0, or minus the number of error-test failures of this step.
 * - `ncf`     NCF. Corrector convergence failures of this step (MXNCF of them give up).
 * - `conit`   CONIT = 0.5/(q + 2). The corrector's convergence tolerance relative to the error test.
 * - `crate`   CRATE. The estimated convergence rate of the corrector iteration (0.7 after a new matrix).
 * - `m`, `del`, `delp`  M, DEL, DELP. The corrector iteration count of the step, the norm of its
 *             last correction and of the previous one; `rate`, `dcon` are RATE and DCON of the test.
 * - `rc`      RC. h·ℓ_0 divided by its value when P was last formed; |rc − 1| > CCMAX forces a new P.
 * - `nst`, `nslp`  NST, NSLP. Accepted steps, and the step count when P was last formed (MSBP steps later it is refreshed).
 * - `matrixDue`  IPUP ≠ 0. P must be re-evaluated before the next corrector iteration.
 * - `jacobianCurrent`  JCUR = 1. J was evaluated at this step (a convergence failure then cuts h instead).
 * - `pnorm`   PNORM. ‖z_0‖ of the predicted y (roundoff threshold of the tests).
 *
 * Petzold's switching (LSODA only)
 * - `icount`  ICOUNT. Steps until the next switching test (SWITCH_EVERY = 20 after a switch).
 * - `RATIO`   RATIO = 5. The step-size advantage the other family must show.
 * - `pdest`   PDEST. The Lipschitz-constant estimate from the corrector's convergence rate (Adams).
 * - `pdlast`  PDLAST. The last non-zero PDEST.
 * - `pdnorm`  PDNORM. The weighted norm of J, the stiff side's Lipschitz estimate (BDF).
 * - `irflag`  IRFLAG. 1 when the last step change was cut by the Adams stability bound.
 * - `rh1`, `rh2`, `dm1`, `dm2`, `exsm`, `pdh`  RH1, RH2, DM1, DM2, EXSM, PDH. Step ratios of the
 *             Adams (1) and BDF (2) families, their converted error estimates, 1/(q + 1), and h·ρ.
 * - `CCMAX`, `MSBP`, `MAXCOR`, `MXNCF`  the constants of the same name.
 */
import { errorScale } from './errorScale.js';
import { forwardDifferenceJacobian, lsodaIncrements } from './finiteDifferences.js';
import { requireLinearAlgebra, type OdeLinearAlgebra } from './linearAlgebra.js';
import { ADAMS, ADAMS_STABILITY, BDF, type NordsieckFamily } from './nordsieckCoefficients.js';
import { belowMinStep, stepEnd } from './stepLimits.js';
import type { LiveSegment, Segment, Stepper, StepperContext, StepOutcome } from './stepper.js';
import type { OdeSystem, StiffnessReport } from './types.js';

const UROUND = Number.EPSILON;
/** Largest relative change of h·ℓ_0 before the Newton matrix is refactored. */
const CCMAX = 0.3;
/** Steps between Jacobian updates. */
const MSBP = 20;
/** Corrector iterations per attempt. */
const MAXCOR = 3;
/** Convergence failures in one step before giving up. */
const MXNCF = 10;
/** Steps between method-switch tests. */
const SWITCH_EVERY = 20;
/** Step-size advantage the BDF must show over Adams before switching to it. */
const RATIO = 5;

/** `dst[0..len) = src[0..len)` without the view object `subarray` would allocate. */
function copyPrefix(src: Float64Array, dst: Float64Array, len: number): void {
  for (let i = 0; i < len; i++) dst[i] = src[i]!;
}

function evalNordsieck(coef: Float64Array, q: number, dim: number, s: number, out: Float64Array): void {
  for (let i = 0; i < dim; i++) out[i] = coef[q * dim + i]!;
  for (let j = q - 1; j >= 0; j--) {
    const o = j * dim;
    for (let i = 0; i < dim; i++) out[i] = coef[o + i]! + s * out[i]!;
  }
}

class LiveNordsieckSegment implements LiveSegment {
  t0 = 0;
  t1 = 0;
  h = 1;
  q = 1;
  constructor(
    readonly coef: Float64Array,
    private readonly dim: number,
  ) {}
  evaluate(t: number, out: Float64Array): void {
    evalNordsieck(this.coef, this.q, this.dim, (t - this.t1) / this.h, out);
  }
  snapshot(): Segment {
    const { t0, t1, h, q, dim } = this;
    const coef = this.coef.slice(0, (q + 1) * dim);
    return {
      t0,
      t1,
      evaluate: (t: number, out: Float64Array): void => {
        evalNordsieck(coef, q, dim, (t - t1) / h, out);
      },
    };
  }
}

/** Options of the Nordsieck multistep stepper. */
export interface NordsieckOptions {
  /** `adams-bdf`: start with Adams, switch automatically (method `auto`); `bdf`: BDF only. */
  readonly family: 'adams-bdf' | 'bdf';
  /** End of the span, used by the starting-step formula. */
  readonly t1: number;
  /**
   * Steps a Jacobian is kept for (CVODE's MSBJ), re-forming the Newton matrix from it when only h ℓ_0
   * changed; a convergence failure, a restart or a switch to BDF evaluates it afresh. Undefined:
   * LSODA's rule, a new Jacobian with every Newton matrix. With a `linearSolver` that can `rescale`,
   * its setup point (the preconditioner's data and the exact products' point) is kept the same way.
   */
  readonly jacobianAge?: number;
  readonly h0?: number;
  /** Error norm over the weighted components: root mean square (default, as every gradflow method) or max (as LSODA). */
  readonly norm?: 'rms' | 'max';
  /**
   * A matrix-free solver of the Newton systems: the dense Jacobian and LU are then unused, and no
   * `linearAlgebra` is needed. With family `adams-bdf` the switching test estimates ‖J‖
   * from products (`normEstimate`).
   */
  readonly linearSolver?: NewtonLinearSolver;
}

/**
 * A matrix-free solver of the BDF corrector's Newton systems `(I − γ J) x = r`, `γ = h ℓ_0`, in place
 * of the dense LU of P (bdfKrylov.ts: GMRES on Jacobian-vector products, CVODE's SPGMR interface).
 */
export interface NewtonLinearSolver {
  /** The method's name, which the stepper reports. */
  readonly name: string;
  /** True when `setup` prepares something (a preconditioner): only then can a new setup rescue a failing iteration. */
  readonly hasSetup: boolean;
  /** Called where the dense path forms and factors P (LSODE's rules: a new point, γ changed by 30 %, 20 steps, a failure), at the predicted state. */
  setup(t: number, y: Float64Array, gamma: number): void;
  /**
   * Re-forms what `setup` prepared for a new `γ` from the data of the last setup's point (with
   * `jacobianAge`, where the dense path re-factors P from a kept J). Absent: every re-forming is a setup.
   */
  readonly rescale?: ((gamma: number) => void) | undefined;
  /**
   * An estimate (from below) of `max_i w_i Σ_j |J_ij| / w_j`, the norm of J that LSODA's switching test
   * reads (the dense path computes it from J): for Adams ↔ BDF switching on products.
   */
  normEstimate(t: number, y: Float64Array, w: Float64Array): number;
  /**
   * Writes into `x` the solution of `(I − γ J(t, y)) x = r`, J at the current iterate `y` with
   * `fy = f(t, y)`, to a residual below a fraction of `newtonTol` (the corrector's convergence
   * tolerance) in the RMS norm with weights `w`. `first`: the attempt's first iteration. Returns
   * `fail` when the corrector should count the iteration as not converging, `non-finite` when a
   * product was not finite.
   */
  solve(
    t: number,
    y: Float64Array,
    fy: Float64Array,
    gamma: number,
    r: Float64Array,
    x: Float64Array,
    w: Float64Array,
    newtonTol: number,
    first: boolean,
  ): 'ok' | 'fail' | 'non-finite';
}

export class NordsieckStepper implements Stepper {
  readonly name: string;
  t: number;
  readonly y: Float64Array;
  readonly segment: LiveNordsieckSegment;
  private readonly n: number;
  /** Nordsieck array, column j (0 … 12) at offset j·n. */
  private readonly z: Float64Array;
  private readonly w: Float64Array;
  private readonly acor: Float64Array;
  private readonly savf: Float64Array;
  private readonly ywork: Float64Array;
  private readonly ftmp: Float64Array;
  /** Finite-difference increments. */
  private readonly incr: Float64Array;
  private readonly J: Float64Array;
  private readonly P: Float64Array;
  private readonly piv: Int32Array;
  /** The caller's dense LU (`SolveOptions.linearAlgebra`); undefined in matrix-free mode. */
  private readonly la: OdeLinearAlgebra | undefined;
  /** Matrix-free mode: the Newton-system solver, the residual and the correction. */
  private readonly ls: NewtonLinearSolver | undefined;
  private readonly rk: Float64Array;
  private readonly xk: Float64Array;
  private readonly switchingAllowed: boolean;
  private readonly maxNorm: boolean;
  private readonly hmxi: number;
  private readonly switches: { t: number; to: string }[] = [];

  /** Signed step size for the next attempt. */
  private h: number;
  private q = 1;
  private fam: NordsieckFamily;
  private el: Float64Array;
  private el0 = 1;
  private conit = 0;
  private rc = 0;
  private rmax = 1e4;
  private crate = 0.7;
  private ialth = 2;
  private nst = 0;
  private nslp = 0;
  private matrixDue = true;
  private jacobianCurrent = false;
  /** A Jacobian is stored in J (from step nstJ), and none of the events that void it has happened since. */
  private jacobianKept = false;
  private nstJ = 0;
  private readonly jacobianAge: number | undefined;
  private icount = SWITCH_EVERY;
  private irflag = 0;
  private pdest = 0;
  private pdlast = 0;
  private pdnorm = 0;
  private pnorm = 0;
  private m = 0;
  private del = 0;
  /** A non-finite right-hand side was met at some point: a later failure is reported as non-finite. */
  private sawNonFinite = false;

  constructor(
    private readonly system: OdeSystem,
    private readonly ctx: StepperContext,
    t0: number,
    y0: Float64Array,
    options: NordsieckOptions,
    f0: Float64Array,
  ) {
    const n = ctx.dim;
    this.n = n;
    const ls = options.linearSolver;
    this.ls = ls;
    this.name = ls !== undefined ? (options.family === 'bdf' ? ls.name : `auto-${ls.name.replace(/^bdf-/, '')}`) : options.family === 'bdf' ? 'bdf' : 'auto';
    this.la = ls !== undefined ? undefined : requireLinearAlgebra(ctx.linearAlgebra, this.name);
    this.switchingAllowed = options.family === 'adams-bdf';
    this.maxNorm = options.norm === 'max';
    this.jacobianAge = options.jacobianAge;
    this.fam = options.family === 'adams-bdf' ? ADAMS : BDF;
    this.el = this.fam.el[1]!;
    this.el0 = this.el[0]!;
    this.conit = 0.5 / 3;
    this.t = t0;
    this.y = Float64Array.from(y0);
    this.z = new Float64Array(13 * n);
    this.w = new Float64Array(n);
    this.acor = new Float64Array(n);
    this.savf = new Float64Array(n);
    this.ywork = new Float64Array(n);
    this.ftmp = new Float64Array(n);
    this.incr = new Float64Array(n);
    // matrix-free: no n × n array at all (a state of 30,000 would need 7.2 GB per matrix)
    const nn = ls !== undefined ? 0 : n * n;
    this.J = new Float64Array(nn);
    this.P = new Float64Array(nn);
    this.piv = new Int32Array(ls !== undefined ? 0 : n);
    this.rk = new Float64Array(ls !== undefined ? n : 0);
    this.xk = new Float64Array(ls !== undefined ? n : 0);
    this.segment = new LiveNordsieckSegment(new Float64Array(13 * n), n);
    this.hmxi = 1 / ctx.hmax;
    this.setWeights(y0);
    let h: number;
    if (options.h0 !== undefined) {
      h = options.h0;
    } else {
      // LSODA's starting step: h0 = (1/(tol·w0²) + tol·‖f0‖²)^(−1/2), w0 = max(|t0|, |t1|)
      let tol = 0;
      for (let i = 0; i < n; i++) tol = Math.max(tol, ctx.tol.rtol[i]!);
      if (tol <= 0) {
        for (let i = 0; i < n; i++) {
          const a = Math.abs(y0[i]!);
          if (a !== 0) tol = Math.max(tol, ctx.tol.atol[i]! / a);
        }
      }
      tol = Math.min(Math.max(tol, 100 * UROUND), 1e-3);
      const w0 = Math.max(Math.abs(t0), Math.abs(options.t1));
      const fn = this.norm(f0);
      h = 1 / Math.sqrt(1 / (tol * w0 * w0) + tol * fn * fn);
      h = Math.min(h, Math.abs(options.t1 - t0));
    }
    h = Math.min(Math.abs(h), ctx.hmax);
    this.h = ctx.direction * h;
    this.z.set(y0, 0);
    for (let i = 0; i < n; i++) this.z[n + i] = this.h * f0[i]!;
  }

  get hNext(): number {
    return Math.abs(this.h);
  }

  get stiffness(): StiffnessReport {
    return { detected: this.switches.some((s) => s.to === 'bdf'), tFirst: this.switches.find((s) => s.to === 'bdf')?.t, switches: this.switches };
  }

  /** Weights 1/(rtol_i·|y_i| + atol_i), the inverse error scales of the state at the start of the step. */
  private setWeights(y: Float64Array): void {
    const { rtol, atol } = this.ctx.tol;
    for (let i = 0; i < this.n; i++) this.w[i] = 1 / errorScale(atol[i]!, rtol[i]!, y[i]!, y[i]!);
  }

  private norm(v: Float64Array, offset = 0): number {
    const { n, w } = this;
    if (this.maxNorm) {
      let m = 0;
      for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(v[offset + i]! * w[i]!));
      return m;
    }
    let s = 0;
    for (let i = 0; i < n; i++) {
      const r = v[offset + i]! * w[i]!;
      s += r * r;
    }
    return Math.sqrt(s / n);
  }

  private setOrder(q: number): void {
    this.q = q;
    this.el = this.fam.el[q]!;
    this.rc = (this.rc * this.el[0]!) / this.el0;
    this.el0 = this.el[0]!;
    this.conit = 0.5 / (q + 2);
  }

  /** Multiplies the step by `rh` (within the growth limit, hmax and Adams' stability bound), rescaling z. */
  private rescale(rhIn: number): void {
    let rh = Math.min(rhIn, this.rmax);
    rh = rh / Math.max(1, Math.abs(this.h) * this.hmxi * rh);
    if (this.fam === ADAMS) {
      this.irflag = 0;
      const pdh = Math.max(Math.abs(this.h) * this.pdlast, 1e-6);
      if (rh * pdh * 1.00001 >= ADAMS_STABILITY[this.q]!) {
        rh = ADAMS_STABILITY[this.q]! / pdh;
        this.irflag = 1;
      }
    }
    this.scaleColumns(rh);
    this.ialth = this.q + 1;
  }

  private scaleColumns(rh: number): void {
    const { n, z } = this;
    let r = 1;
    for (let j = 1; j <= this.q; j++) {
      r *= rh;
      const o = j * n;
      for (let i = 0; i < n; i++) z[o + i] = z[o + i]! * r;
    }
    this.h *= rh;
    this.rc *= rh;
  }

  /** z ← z·Pascal (prediction) or its inverse (retraction after a failed attempt). */
  private pascal(sign: 1 | -1): void {
    const { n, z, q } = this;
    for (let k = 0; k < q; k++) {
      for (let j = q - 1; j >= k; j--) {
        const o = j * n;
        for (let i = 0; i < n; i++) z[o + i] = z[o + i]! + sign * z[o + n + i]!;
      }
    }
  }

  /** Evaluates J at (t, y) (or keeps the stored one, within `jacobianAge` steps), forms P = I − h ℓ_0 J and factors it; records ‖J‖ for the switching test. */
  private formMatrix(t: number, y: Float64Array, fy: Float64Array): boolean {
    if (this.ls !== undefined) return this.setupMatrixFree(t, y);
    const { n, ctx, system, J, w } = this;
    const age = this.jacobianAge;
    if (age !== undefined && this.jacobianKept && this.nst < this.nstJ + age) return this.factorMatrix(false);
    ctx.stats.njev++;
    if (!system.jacobian || system.jacobian(t, y, J) === false) {
      // forward differences with LSODA's increments max(√u·|y_j|, r0/w_j)
      lsodaIncrements(y, fy, w, Math.abs(this.h), this.incr);
      forwardDifferenceJacobian(ctx.f, t, y, fy, this.incr, J, this.ftmp);
    }
    // ‖J‖ in the norm induced by the weighted max-norm: max_i w_i Σ_j |J_ij| / w_j
    let pd = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += Math.abs(J[i * n + j]!) / w[j]!;
      pd = Math.max(pd, s * w[i]!);
    }
    this.pdnorm = pd;
    this.jacobianKept = true;
    this.nstJ = this.nst;
    return this.factorMatrix(true);
  }

  /** Forms P = I − h ℓ_0 J from the stored J and factors it; `fresh`: J was evaluated at this step. */
  private factorMatrix(fresh: boolean): boolean {
    const { n, ctx, J, P } = this;
    const hl0 = this.h * this.el0;
    for (let k = 0; k < n * n; k++) P[k] = -hl0 * J[k]!;
    for (let i = 0; i < n; i++) P[i * n + i] = P[i * n + i]! + 1;
    ctx.stats.nlu++;
    this.matrixDue = false;
    this.rc = 1;
    this.nslp = this.nst;
    this.crate = 0.7;
    // a J evaluated earlier in this step (a retry at a smaller h) is still current
    if (fresh) this.jacobianCurrent = true;
    return this.la!.luFactor(P, n, this.piv);
  }

  /** Matrix-free mode: what forming P does for the dense path, with the solver's setup (a preconditioner) in place of J and its LU. */
  private setupMatrixFree(t: number, y: Float64Array): boolean {
    const ls = this.ls!;
    const age = this.jacobianAge;
    this.matrixDue = false;
    this.rc = 1;
    this.nslp = this.nst;
    this.crate = 0.7;
    if (ls.rescale !== undefined && age !== undefined && this.jacobianKept && this.nst < this.nstJ + age) {
      // the kept setup point, re-formed for the new h ℓ_0 (as factorMatrix(false) re-factors P from a kept J)
      ls.rescale(this.h * this.el0);
      return true;
    }
    if (ls.hasSetup) {
      this.ctx.stats.njev++;
      ls.setup(t, y, this.h * this.el0);
    }
    // the switching test's ‖J‖ (formMatrix's pdnorm), estimated from products where no J is formed
    if (this.switchingAllowed) this.pdnorm = ls.normEstimate(t, y, this.w);
    this.jacobianKept = true;
    this.nstJ = this.nst;
    this.jacobianCurrent = true;
    return true;
  }

  /** Corrector iteration at tNew from the predicted z; leaves the correction in acor. */
  private correct(tNew: number): boolean {
    const { n, z, ctx } = this;
    const y = this.ywork;
    const savf = this.savf;
    const acor = this.acor;
    const adams = this.fam === ADAMS;
    const tq2 = this.fam.test[this.q]![1];
    const ls = this.ls;
    for (;;) {
      let m = 0;
      let rate = 0;
      let del: number;
      let delp = 0;
      copyPrefix(z, y, n);
      ctx.f(tNew, y, savf);
      if (!adams && this.matrixDue) {
        if (!this.formMatrix(tNew, y, savf)) return false;
      }
      acor.fill(0);
      let converged = false;
      for (;;) {
        if (adams) {
          for (let i = 0; i < n; i++) {
            savf[i] = this.h * savf[i]! - z[n + i]!;
            y[i] = savf[i]! - acor[i]!;
          }
          del = this.norm(y);
          for (let i = 0; i < n; i++) {
            y[i] = z[i]! + this.el0 * savf[i]!;
            acor[i] = savf[i]!;
          }
        } else if (ls === undefined) {
          for (let i = 0; i < n; i++) y[i] = this.h * savf[i]! - (z[n + i]! + acor[i]!);
          this.la!.luSolve(this.P, n, this.piv, y);
          del = this.norm(y);
          for (let i = 0; i < n; i++) {
            acor[i] = acor[i]! + y[i]!;
            y[i] = z[i]! + this.el0 * acor[i]!;
          }
        } else {
          // the same Newton step with (I − h ℓ_0 J) x = r solved matrix-free at the iterate y
          const { rk, xk } = this;
          for (let i = 0; i < n; i++) rk[i] = this.h * savf[i]! - (z[n + i]! + acor[i]!);
          const solved = ls.solve(tNew, y, savf, this.h * this.el0, rk, xk, this.w, tq2 * this.conit, m === 0);
          if (solved !== 'ok') {
            if (solved === 'non-finite') this.sawNonFinite = true;
            del = Number.NaN;
            break;
          }
          del = this.norm(xk);
          for (let i = 0; i < n; i++) {
            acor[i] = acor[i]! + xk[i]!;
            y[i] = z[i]! + this.el0 * acor[i]!;
          }
        }
        if (!Number.isFinite(del)) {
          this.sawNonFinite = true;
          break;
        }
        if (del <= 100 * this.pnorm * UROUND) {
          converged = true;
          break;
        }
        if (m > 0 || !adams) {
          if (m > 0) {
            const rm = del <= 1024 * delp ? del / delp : 1024;
            rate = Math.max(rate, rm);
            this.crate = Math.max(0.2 * this.crate, rm);
          }
          const dcon = (del * Math.min(1, 1.5 * this.crate)) / (tq2 * this.conit);
          if (dcon <= 1) {
            this.pdest = Math.max(this.pdest, rate / Math.abs(this.h * this.el0));
            if (this.pdest !== 0) this.pdlast = this.pdest;
            converged = true;
            break;
          }
        }
        m++;
        if (m === MAXCOR || (m >= 2 && del > 2 * delp)) break;
        delp = del;
        ctx.f(tNew, y, savf);
      }
      if (converged) {
        this.m = m;
        this.del = del;
        this.jacobianCurrent = false;
        return true;
      }
      // a stale Jacobian gets one fresh try before the step is reduced (matrix-free without a
      // setup there is nothing to refresh: products are always at the iterate and the current h ℓ_0)
      if (adams || this.jacobianCurrent || (ls !== undefined && !ls.hasSetup)) return false;
      this.matrixDue = true;
      this.jacobianKept = false;
    }
  }

  /** Chooses the order and step after a success (`afterSuccess`) or an error-test failure. */
  private selectOrderAndStep(afterSuccess: boolean, dsm: number, kflag: number): void {
    const { n, z } = this;
    const q = this.q;
    const L = q + 1;
    const fam = this.fam;
    const lmax = fam.maxOrder + 1;
    const adams = fam === ADAMS;
    let rhup = 0;
    if (afterSuccess && L !== lmax) {
      const o = fam.maxOrder * n;
      for (let i = 0; i < n; i++) this.savf[i] = this.acor[i]! - z[o + i]!;
      const dup = this.norm(this.savf) / fam.test[q]![2];
      rhup = 1 / (1.4 * dup ** (1 / (L + 1)) + 1.4e-6);
    }
    let rhsm = 1 / (1.2 * dsm ** (1 / L) + 1.2e-6);
    let rhdn = 0;
    if (q > 1) {
      const ddn = this.norm(z, q * n) / fam.test[q]![0];
      rhdn = 1 / (1.3 * ddn ** (1 / q) + 1.3e-6);
    }
    let pdh = 0;
    if (adams) {
      pdh = Math.max(Math.abs(this.h) * this.pdlast, 1e-6);
      if (L < lmax) rhup = Math.min(rhup, ADAMS_STABILITY[L]! / pdh);
      rhsm = Math.min(rhsm, ADAMS_STABILITY[q]! / pdh);
      if (q > 1) rhdn = Math.min(rhdn, ADAMS_STABILITY[q - 1]! / pdh);
      this.pdest = 0;
    }
    let newq: number;
    let rh: number;
    if (rhsm >= rhup) {
      if (rhsm >= rhdn) {
        newq = q;
        rh = rhsm;
      } else {
        newq = q - 1;
        rh = kflag < 0 ? Math.min(rhdn, 1) : rhdn;
      }
    } else if (rhup > rhdn) {
      if (rhup < 1.1) {
        this.ialth = 3;
        return;
      }
      // raise the order: the new top column from the last correction
      const r = this.el[L - 1]! / L;
      const o = L * n;
      for (let i = 0; i < n; i++) z[o + i] = this.acor[i]! * r;
      this.setOrder(L);
      this.rescale(rhup);
      if (afterSuccess) this.rmax = 10;
      return;
    } else {
      newq = q - 1;
      rh = kflag < 0 ? Math.min(rhdn, 1) : rhdn;
    }
    const stabilityBound = adams && rh * pdh * 1.00001 >= ADAMS_STABILITY[newq]!;
    if (!stabilityBound && kflag === 0 && rh < 1.1) {
      this.ialth = 3;
      return;
    }
    if (kflag <= -2) rh = Math.min(rh, 0.2);
    if (newq !== q) this.setOrder(newq);
    this.rescale(rh);
    if (afterSuccess) this.rmax = 10;
  }

  /** Petzold's test, every 20 steps: would the other family allow a longer step? Switches if so. */
  private considerSwitch(dsm: number): boolean {
    const q = this.q;
    const L = q + 1;
    const exsm = 1 / L;
    if (this.fam === ADAMS) {
      if (q > BDF.maxOrder) return false;
      let rh2: number;
      if (dsm > 100 * this.pnorm * UROUND && this.pdest !== 0) {
        let rh1 = 1 / (1.2 * dsm ** exsm + 1.2e-6);
        let rh1it = 2 * rh1;
        const pdh = this.pdlast * Math.abs(this.h);
        if (pdh * rh1 > 1e-5) rh1it = ADAMS_STABILITY[q]! / pdh;
        rh1 = Math.min(rh1, rh1it);
        const dm2 = dsm * (ADAMS.switchConstant[q]! / BDF.switchConstant[q]!);
        rh2 = 1 / (1.2 * dm2 ** exsm + 1.2e-6);
        if (rh2 < RATIO * rh1) return false;
      } else {
        // estimates polluted by roundoff: switch only if the last step was cut for stability
        if (this.irflag === 0) return false;
        rh2 = 2;
      }
      this.switchTo(BDF, q, rh2);
      return true;
    }
    let dm1 = dsm * (BDF.switchConstant[q]! / ADAMS.switchConstant[q]!);
    let rh1 = 1 / (1.2 * dm1 ** exsm + 1.2e-6);
    let rh1it = 2 * rh1;
    const pdh = this.pdnorm * Math.abs(this.h);
    if (pdh * rh1 > 1e-5) rh1it = ADAMS_STABILITY[q]! / pdh;
    rh1 = Math.min(rh1, rh1it);
    const rh2 = 1 / (1.2 * dsm ** exsm + 1.2e-6);
    if (rh1 * RATIO < 5 * rh2) return false;
    dm1 = Math.max(0.001, rh1) ** exsm * dm1;
    if (dm1 <= 1000 * UROUND * this.pnorm) return false;
    this.switchTo(ADAMS, q, rh1);
    return true;
  }

  private switchTo(fam: NordsieckFamily, q: number, rh: number): void {
    this.icount = SWITCH_EVERY;
    this.fam = fam;
    this.pdlast = 0;
    this.setOrder(q);
    this.rescale(rh);
    this.rmax = 10;
    this.matrixDue = true;
    this.jacobianKept = false;
    this.switches.push({ t: this.t, to: fam === BDF ? 'bdf' : 'adams' });
  }

  step(tBound: number): StepOutcome {
    const { n, z, ctx } = this;
    const dir = ctx.direction;
    this.setWeights(z);
    let kflag = 0;
    let ncf = 0;
    this.jacobianCurrent = false;
    for (;;) {
      if (ctx.stats.nsteps >= ctx.maxSteps) return 'max-steps';
      if (belowMinStep(this.h, this.t)) return this.sawNonFinite ? 'non-finite' : 'underflow';
      // never step past tBound: shorten the step (z rescaled) and land on it exactly
      if (dir * (this.t + this.h - tBound) > 0) {
        this.scaleColumns((tBound - this.t) / this.h);
        this.ialth = this.q + 1;
      }
      const tNew = stepEnd(this.t, this.h, tBound, dir);
      ctx.stats.nsteps++;
      if (Math.abs(this.rc - 1) > CCMAX) this.matrixDue = true;
      if (this.nst >= this.nslp + MSBP) this.matrixDue = true;
      this.pascal(1);
      this.pnorm = this.norm(z);
      if (!this.correct(tNew)) {
        ctx.stats.nrejected++;
        ncf++;
        this.rmax = 2;
        this.pascal(-1);
        if (ncf === MXNCF) return this.sawNonFinite ? 'non-finite' : 'underflow';
        // the Jacobian that failed was evaluated at this step: the smaller step re-forms P from it
        this.matrixDue = true;
        this.rescale(0.25);
        continue;
      }
      const tq2 = this.fam.test[this.q]![1];
      const dsm = (this.m === 0 ? this.del : this.norm(this.acor)) / tq2;
      if (!(dsm <= 1)) {
        ctx.stats.nrejected++;
        kflag--;
        this.pascal(-1);
        this.rmax = 2;
        if (!Number.isFinite(dsm)) this.sawNonFinite = true;
        if (kflag <= -3) {
          if (kflag === -10) return this.sawNonFinite ? 'non-finite' : 'underflow';
          // repeated failures: restart at order 1 with a tenth of the step and a fresh derivative
          this.h *= 0.1;
          copyPrefix(z, this.ywork, n);
          ctx.f(this.t, this.ywork, this.savf);
          for (let i = 0; i < n; i++) z[n + i] = this.h * this.savf[i]!;
          this.matrixDue = true;
          this.jacobianKept = false;
          this.ialth = 5;
          if (this.q !== 1) this.setOrder(1);
          continue;
        }
        this.selectOrderAndStep(false, Number.isFinite(dsm) ? dsm : 1e10, kflag);
        continue;
      }
      // accepted: z ← z + ℓ·Δ
      ctx.stats.naccepted++;
      this.nst++;
      const q = this.q;
      for (let j = 0; j <= q; j++) {
        const lj = this.el[j]!;
        const o = j * n;
        for (let i = 0; i < n; i++) z[o + i] = z[o + i]! + lj * this.acor[i]!;
      }
      const seg = this.segment;
      copyPrefix(z, seg.coef, (q + 1) * n);
      seg.t0 = this.t;
      seg.t1 = tNew;
      seg.h = this.h;
      seg.q = q;
      this.t = tNew;
      copyPrefix(z, this.y, n);
      this.icount--;
      if (this.switchingAllowed && this.icount < 0 && this.considerSwitch(dsm)) return 'accepted';
      this.ialth--;
      if (this.ialth === 0) {
        this.selectOrderAndStep(true, dsm, 0);
      } else if (this.ialth === 1 && q + 1 !== this.fam.maxOrder + 1) {
        // keep this correction to estimate the order-(q+1) error at the next selection
        z.set(this.acor, this.fam.maxOrder * n);
      }
      return 'accepted';
    }
  }
}
