/**
 * RADAU5: Hairer and Wanner's 3-stage Radau IIA collocation method of order 5, stiffly accurate and
 * L-stable, as their code `radau5.f` (subroutines RADCOR, ESTRAD, SLVRAD; full Jacobian, M = I)
 * integrates it:
 * - the stage equations are solved by simplified Newton on the system transformed by the
 *   eigen-decomposition T⁻¹A⁻¹T = diag(γ̂, [[α̂, −β̂], [β̂, α̂]]) of the inverse Radau IIA matrix: each
 *   iteration solves one real system (γ̂/h·I − J) and one complex system ((α̂ + iβ̂)/h·I − J). The
 *   complex system is factored in complex arithmetic (complexLu.ts) below COMPLEX_LU_MAX_DIM states
 *   or without a native LAPACK, else as the real 2n × 2n block system
 *   [[α̂/h·I − J, −β̂/h·I], [β̂/h·I, α̂/h·I − J]] by the backend's LU (twice the flops, in LAPACK);
 * - the Newton iteration stops on Hairer's contraction estimate (FNEWT, FACCON, θ), after at least
 *   two iterations (NEWTON_MIN), and cuts the step when it predicts no convergence within NIT = 7
 *   iterations;
 * - the error estimate is ESTRAD's (I − hγ₀J)⁻¹(γ₀h f(y₀) + Σ eᵢzᵢ), with the second, filtered
 *   estimate after a rejection and on the first step;
 * - step size: Gustafsson's predictive controller with RADAU5's safety factor, which shrinks with
 *   the Newton iterations taken, the step kept when hnew/h ∈ [1, 1.2] so the LU is reused, and the
 *   Jacobian kept while Newton contracts by θ ≤ 0.001 per iteration;
 * - RADAU5's tolerance transformation rtol′ = 0.1·rtol^(2/3), atol′ = rtol′·atol/rtol, which makes
 *   the global error of this order-5 method (controlled by an order-3 estimate) proportional to the
 *   requested tolerance;
 * - dense output: the collocation polynomial through y₀ and the three stages (CONTR5), which also
 *   starts the next step's Newton iteration.
 * The constants are `radau5.f`'s (T, TI to 20 digits; U1, ALPH, BETA, DD from closed forms), and the
 * module checks them when it loads against the Radau IIA matrix built from the nodes (see
 * checkRadau5Constants). SciPy's `integrate/_ivp/radau.py` implements the same algorithm with an
 * eigenvector basis scaled differently (its T, TI, MU_REAL, MU_COMPLEX) and without the tolerance
 * transformation; its nodes C, error weights E = DD and dense-output matrix P agree with these.
 * Differences from radau5.f: the starting step is Hairer's HINIT (initialStep.ts, for the order-3
 * estimate) where radau5.f takes the caller's; the finite-difference Jacobian uses rodas.f's
 * increment (finiteDifferences.ts); a singular matrix or a non-finite stage halves the step (as
 * RADAU5 does for a singular matrix) until the step underflows, which is then reported as a status;
 * after a Newton failure the step grows to at most NEWTON_CAP times the failed size, a bound that
 * relaxes by NEWTON_RELAX per accepted step (radau5.f retries the failed size after every success);
 * Newton takes at least two iterations (NEWTON_MIN, as SciPy's Radau); and the Jacobian is evaluated
 * at the predicted middle of the step rather than at its start (JACOBIAN_AT).
 * @see E. Hairer, G. Wanner, Solving ODEs II, 2nd ed., §IV.5 (Radau IIA), §IV.8 (implementation of
 *      implicit Runge–Kutta methods: (8.16) transformation, (8.19)–(8.20) error estimate, (8.21)
 *      predictive controller) and the code radau5.f (version of 2002, www.unige.ch/~hairer/software.html).
 * @see SciPy, scipy/integrate/_ivp/radau.py (class Radau, solve_collocation_system, RadauDenseOutput).
 */
import { forwardDifferenceJacobian, hairerIncrement } from './finiteDifferences.js';
import { initialStep } from './initialStep.js';
import { requireLinearAlgebra, type OdeLinearAlgebra } from './linearAlgebra.js';
import type { SolverDescription } from './method.js';
import type { Tolerances } from './norm.js';
import { complexLuFactor, complexLuSolve } from './complexLu.js';
import { errorScale } from './errorScale.js';
import { belowMinStep, stepEnd } from './stepLimits.js';
import { CoefficientSegment } from './coefficientSegment.js';
import type { Stepper, StepperContext, StepOutcome } from './stepper.js';
import type { OdeSystem, StiffnessReport } from './types.js';

const SQ6 = Math.sqrt(6);
/** The Radau IIA nodes c₁, c₂ (c₃ = 1). */
const C1 = (4 - SQ6) / 10;
const C2 = (4 + SQ6) / 10;
const C1M1 = C1 - 1;
const C2M1 = C2 - 1;
const C1MC2 = C1 - C2;
/** radau5.f's DD1..DD3: the error estimate's weights on z₁..z₃ (SciPy's E). */
const DD1 = -(13 + 7 * SQ6) / 3;
const DD2 = (-13 + 7 * SQ6) / 3;
const DD3 = -1 / 3;
/** γ₀, the real eigenvalue of A, and α ± iβ its complex pair (radau5.f's U1, ALPH, BETA before inversion). */
const GAMMA0 = (6 + 81 ** (1 / 3) - 9 ** (1 / 3)) / 30;
const ALPH0 = (12 - 81 ** (1 / 3) + 9 ** (1 / 3)) / 60;
const BETA0 = ((81 ** (1 / 3) + 9 ** (1 / 3)) * Math.sqrt(3)) / 60;
const CNO = ALPH0 * ALPH0 + BETA0 * BETA0;
/** The eigenvalues of A⁻¹: γ̂ = 1/γ₀ and α̂ ± iβ̂ = 1/(α ∓ iβ). */
const U1 = 1 / GAMMA0;
const ALPH = ALPH0 / CNO;
const BETA = BETA0 / CNO;
/**
 * radau5.f's T (T32 = 1, T33 = 0) and TI = T⁻¹. radau5.f prints 20 digits; these are the doubles
 * they round to, written as the shortest decimals that read back to the same double.
 */
const T11 = 0.09123239487089295;
const T12 = -0.1412552950209542;
const T13 = -0.030029194105147424;
const T21 = 0.241717932707107;
const T22 = 0.20412935229379994;
const T23 = 0.3829421127572619;
const T31 = 0.966048182615093;
const TI11 = 4.325579890063155;
const TI12 = 0.33919925181580984;
const TI13 = 0.5417705399358749;
const TI21 = -4.178718591551905;
const TI22 = -0.32768282076106237;
const TI23 = 0.47662355450055044;
const TI31 = -0.5028726349457868;
const TI32 = 2.571926949855605;
const TI33 = -0.5960392048282249;

/** radau5.f's defaults: NIT, UROUND, SAFE, THET, QUOT1, QUOT2, FACL = 1/0.2, FACR = 1/8. */
const NIT = 7;
const UROUND = 1e-16;
const SAFE = 0.9;
const THET = 0.001;
const QUOT1 = 1;
const QUOT2 = 1.2;
const FACL = 5;
const FACR = 1 / 8;
/**
 * Not in radau5.f: after Newton fails at step size h_f, steps grow to at most NEWTON_CAP·h_f, a bound
 * that relaxes per accepted step by NEWTON_RELAX_EASY where Newton converged in one iteration or
 * contracted by θ ≤ NEWTON_EASY, else by NEWTON_RELAX. Where the error estimate allows far larger
 * steps than Newton converges at, radau5.f grows the step back into the failure after every success.
 * Measured (bench/razinCohenLong.ts, Razin–Cohen at depth 3 to t = 1e8, rtol 1e-7): radau5.f's rule
 * rejected 3,121 attempts beside 1,733 accepted steps, every one a Newton failure; with the bound,
 * 59 beside 759. Robertson without its Jacobian (rtol 1e-6): 226 rejected beside 315 accepted,
 * now 18 beside 311; with its Jacobian, HIRES and Van der Pol μ = 1e3 the counts are unchanged within
 * a step or two. The constants were chosen on these problems (with radau5.f's one-iteration Newton
 * rule and Jacobian at the step's start, before NEWTON_MIN and JACOBIAN_AT).
 */
const NEWTON_CAP = 0.7;
/**
 * Not in radau5.f, as in SciPy's Radau: Newton stops only after it has measured its own contraction,
 * so at least two iterations. radau5.f also accepts the first iterate when the previous step's
 * contraction (FACCON) predicts convergence; where the step changes the iteration's rate, that leaves
 * the first iterate's error, which the flows' neutral directions (conserved quantities, equilibria)
 * never damp. Measured on Razin–Cohen at depth 3 to t = 1e8 (bench/razinCohenLong.ts): error in W
 * 4.4e-9 at rtol 1e-6 and 3.1e-10 at rtol 1e-7; accepting the first iterate as radau5.f does leaves
 * 3.4e-6 and 1.0e-6.
 */
const NEWTON_MIN = 2;
/**
 * Not in radau5.f: after the first step the Jacobian is evaluated at the middle of the step, at
 * y + z(h/2) from the last step's collocation polynomial (the predictor of the Newton starting
 * values), instead of at its start. Any approximation of f′ serves simplified Newton, whose converged
 * stages are the same; this one is at most h/2 from each stage instead of h, so the iteration
 * contracts faster where f′ changes along the step, and the error estimate's filter (I − hγ₀J)⁻¹ uses
 * it as radau5.f uses its own. With finite differences it costs one more evaluation of f.
 * Measured on Razin–Cohen at depth 3 to t = 1e8 (bench/razinCohenLong.ts), where Newton sets the
 * steps: error in W 4.4e-9 with 611 accepted steps at rtol 1e-6, against 5.0e-7 with 698 at the
 * step's start (and 2.6e-9 with 888 at rtol 1e-7).
 */
const JACOBIAN_AT = 0.5;
const NEWTON_RELAX = 1.05;
const NEWTON_EASY = 0.01;
const NEWTON_RELAX_EASY = 2;
/**
 * Below this order the complex Newton matrix is factored by complexLu.ts (half the flops of the real
 * 2n × 2n form) even when a native LAPACK loaded: measured, factor and three solves at n = 12 take
 * 2.6 µs against 6.1 µs for LAPACK on the real form, and break even near n = 30 (13.6 against 15.5 µs
 * at 24, 91 against 51 µs at 48). Without a native library the complex form is always used (4–5 times
 * faster than the JavaScript real LU of the 2n form).
 */
const COMPLEX_LU_MAX_DIM = 32;

type Mat3 = readonly [readonly [number, number, number], readonly [number, number, number], readonly [number, number, number]];

function mul3(a: Mat3, b: Mat3): Mat3 {
  const row = (i: number): [number, number, number] =>
    [0, 1, 2].map((j) => a[i]![0] * b[0][j]! + a[i]![1] * b[1][j]! + a[i]![2] * b[2][j]!) as [number, number, number];
  return [row(0), row(1), row(2)];
}

/**
 * Checks the constants against the method they describe, at load: A (a_ij = ∫₀^{c_i} ℓ_j, the
 * collocation matrix of the nodes, by Simpson's rule, exact for the quadratic ℓ_j) must satisfy
 * A·T·Λ·TI = I with Λ = diag(γ̂, [[α̂, −β̂], [β̂, α̂]]); TI·T = I; the weights DD must make the error
 * estimate vanish on cubics (1 + Σ ddᵢcᵢ = Σ ddᵢcᵢ² = Σ ddᵢcᵢ³ = 0); and the dense-output Newton
 * form must reproduce the stages at its nodes. Throws, naming the failed condition.
 * @returns the largest residual (about 1e-15)
 */
export function checkRadau5Constants(): number {
  const c = [C1, C2, 1] as const;
  const lagrange = (j: number, s: number): number => {
    let v = 1;
    for (let m = 0; m < 3; m++) if (m !== j) v *= (s - c[m]!) / (c[j]! - c[m]!);
    return v;
  };
  const a = c.map((ci) => [0, 1, 2].map((j) => (ci / 6) * (lagrange(j, 0) + 4 * lagrange(j, ci / 2) + lagrange(j, ci)))) as unknown as Mat3;
  const T: Mat3 = [
    [T11, T12, T13],
    [T21, T22, T23],
    [T31, 1, 0],
  ];
  const TI: Mat3 = [
    [TI11, TI12, TI13],
    [TI21, TI22, TI23],
    [TI31, TI32, TI33],
  ];
  const L: Mat3 = [
    [U1, 0, 0],
    [0, ALPH, -BETA],
    [0, BETA, ALPH],
  ];
  let worst = 0;
  const expectIdentity = (m: Mat3, what: string, tol: number): void => {
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        const r = Math.abs(m[i]![j]! - (i === j ? 1 : 0));
        worst = Math.max(worst, r);
        if (!(r < tol)) throw new Error(`radau5 constants: ${what} differs from I by ${String(r)} at (${String(i)}, ${String(j)})`);
      }
  };
  expectIdentity(mul3(TI, T), 'TI·T', 1e-14);
  expectIdentity(mul3(a, mul3(T, mul3(L, TI))), 'A·T·Λ·TI', 1e-13);
  const dd = [DD1, DD2, DD3];
  const moments = [1 + dd.reduce((s, d, i) => s + d * c[i]!, 0), dd.reduce((s, d, i) => s + d * c[i]! ** 2, 0), dd.reduce((s, d, i) => s + d * c[i]! ** 3, 0)];
  for (const [k, m] of moments.entries()) {
    worst = Math.max(worst, Math.abs(m));
    if (!(Math.abs(m) < 1e-13)) throw new Error(`radau5 constants: the error estimate misses degree ${String(k + 1)} by ${String(m)}`);
  }
  // dense output through z(c1−1) = z1, z(c2−1) = z2, z(0) = z3 and z(−1) = −y_new + y0 (relative to y_new)
  const z = [0.3, -0.7, 1.1];
  const k = new Float64Array(4);
  denseCoefficients(z[0]!, z[1]!, z[2]!, k, 1, 0);
  for (const [s, want] of [
    [C1M1, z[0]! - z[2]!],
    [C2M1, z[1]! - z[2]!],
    [0, 0],
    [-1, -z[2]!],
  ] as const) {
    const r = Math.abs(s * (k[1]! + (s - C2M1) * (k[2]! + (s - C1M1) * k[3]!)) - want);
    worst = Math.max(worst, r);
    if (!(r < 1e-14)) throw new Error(`radau5 constants: the dense output misses its node s = ${String(s)} by ${String(r)}`);
  }
  return worst;
}

/**
 * The collocation polynomial's Newton-form coefficients k₁..k₃ (radau5.f's CONT(N+1..4N)) of
 * component `i` from z₁, z₂, z₃, written into `cont` = [y₁, k₁, k₂, k₃] (blocks of `n`).
 */
function denseCoefficients(z1: number, z2: number, z3: number, cont: Float64Array, n: number, i: number): void {
  const k1 = (z2 - z3) / C2M1;
  const ak = (z1 - z2) / C1MC2;
  const acont3 = (ak - z1 / C1) / C2;
  const k2 = (ak - k1) / C1M1;
  cont[n + i] = k1;
  cont[2 * n + i] = k2;
  cont[3 * n + i] = k2 - acont3;
}

checkRadau5Constants();

/** y(t) = y₁ + s(k₁ + (s − c₂ + 1)(k₂ + (s − c₁ + 1)k₃)), s = (t − t₁)/h: radau5.f's CONTR5; coef = [y₁, k₁, k₂, k₃]. */
function evalDense(s: number, coef: Float64Array, dim: number, out: Float64Array): void {
  const a = s - C2M1;
  const b = s - C1M1;
  for (let i = 0; i < dim; i++) out[i] = coef[i]! + s * (coef[dim + i]! + a * (coef[2 * dim + i]! + b * coef[3 * dim + i]!));
}

/**
 * RADAU5's tolerance transformation: rtol′ = 0.1·rtol^(2/3), atol′ = rtol′·atol/rtol (radau5.f,
 * "CHECK AND CHANGE THE TOLERANCES"); a component with rtol = 0 gets atol′ = 0.1·atol^(2/3).
 */
export function radau5Tolerances(tol: Tolerances): Tolerances {
  const n = tol.rtol.length;
  const rtol = new Float64Array(n);
  const atol = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = tol.rtol[i]!;
    const a = tol.atol[i]!;
    if (r > 0) {
      rtol[i] = 0.1 * r ** (2 / 3);
      atol[i] = (rtol[i]! * a) / r;
    } else {
      atol[i] = 0.1 * a ** (2 / 3);
    }
  }
  return { rtol, atol };
}

/** Options of the RADAU5 stepper. */
export interface Radau5Options {
  readonly h0?: number;
}

/** Why a step attempt failed before its error test. */
type NewtonFailure = 'none' | 'singular' | 'diverged' | 'slow' | 'non-finite';

export class Radau5Stepper implements Stepper {
  readonly name = 'radau5';
  t: number;
  readonly y: Float64Array;
  hNext: number;
  readonly segment: CoefficientSegment;
  private readonly la: OdeLinearAlgebra;
  private readonly tol: Tolerances;
  private readonly fnewt: number;
  private readonly n: number;
  /** f(t, y) at the current point (radau5.f's Y0). */
  private readonly f0: Float64Array;
  private readonly J: Float64Array;
  /** γ̂/h·I − J, factored. */
  private readonly E1: Float64Array;
  /**
   * (α̂ + iβ̂)/h·I − J, factored: as split real and imaginary n × n parts (complexLu.ts) when
   * `complexLu`, else as its 2n × 2n real form through the backend's LU.
   */
  private readonly E2: Float64Array;
  private readonly complexLu: boolean;
  /** Views of E2's real and imaginary parts when `complexLu`. */
  private readonly E2re: Float64Array;
  private readonly E2im: Float64Array;
  private readonly piv1: Int32Array;
  private readonly piv2: Int32Array;
  /** The stage increments z₁..z₃ (Z = Y_stage − y). */
  private readonly z1: Float64Array;
  private readonly z2: Float64Array;
  private readonly z3: Float64Array;
  /** The transformed increments W = TI·Z (radau5.f's F1..F3). */
  private readonly w1: Float64Array;
  private readonly w2: Float64Array;
  private readonly w3: Float64Array;
  /** The complex right-hand side [real; imaginary], solved in place by the 2n system. */
  private readonly rc: Float64Array;
  private readonly ytmp: Float64Array;
  private readonly ftmp: Float64Array;
  private readonly err: Float64Array;
  /** atol′ + rtol′·|y| at the start of the step (radau5.f's SCAL). */
  private readonly scal: Float64Array;
  /** 1/scal, for the Newton iteration's norm. */
  private readonly iscal: Float64Array;
  private readonly incr: Float64Array;
  /** The point J is evaluated at, and f there (for finite differences). */
  private readonly yJac: Float64Array;
  private readonly fJac: Float64Array;
  /** The step size the matrices are factored for (signed); NaN when they must be re-formed. */
  private hFactored = Number.NaN;
  /** J must be evaluated afresh before the next attempt. */
  private jacStale = true;
  /** J was evaluated for the current step (radau5.f's CALJAC). */
  private jacAtCurrent = false;
  private first = true;
  private reject = false;
  private faccon = 1;
  private theta = THET;
  /** Previous accepted step (for the extrapolated starting values) and its error (for Gustafsson). */
  private hOld = 0;
  private hAcc = 0;
  private errAcc = 0;
  private accepted = 0;
  /** Newton iterations of the last attempt, and the step factor it asked for when it was too slow. */
  private newt = 0;
  private hhfac = 1;
  /** The smallest step size Newton failed at, relaxed per accepted step (NEWTON_CAP and the rules beside it; not in radau5.f). */
  private hNewton = Number.POSITIVE_INFINITY;

  constructor(
    private readonly system: OdeSystem,
    private readonly ctx: StepperContext,
    t0: number,
    y0: Float64Array,
    options: Radau5Options,
    f0?: Float64Array,
  ) {
    const n = ctx.dim;
    this.n = n;
    this.la = requireLinearAlgebra(ctx.linearAlgebra, 'radau5');
    this.tol = radau5Tolerances(ctx.tol);
    // FNEWT = max(10·UROUND/rtol′, min(0.03, √rtol′)), from the tightest component's rtol′
    let rmin = Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) if (this.tol.rtol[i]! > 0) rmin = Math.min(rmin, this.tol.rtol[i]!);
    if (!Number.isFinite(rmin)) for (let i = 0; i < n; i++) rmin = Math.min(rmin, this.tol.atol[i]!);
    this.fnewt = Math.max((10 * UROUND) / rmin, Math.min(0.03, Math.sqrt(rmin)));
    this.t = t0;
    this.y = Float64Array.from(y0);
    this.f0 = new Float64Array(n);
    this.J = new Float64Array(n * n);
    this.E1 = new Float64Array(n * n);
    this.complexLu = n < COMPLEX_LU_MAX_DIM || this.la.nativeBlas() === undefined;
    this.E2 = new Float64Array((this.complexLu ? 2 : 4) * n * n);
    this.piv1 = new Int32Array(n);
    this.piv2 = new Int32Array(this.complexLu ? n : 2 * n);
    this.E2re = this.E2.subarray(0, n * n);
    this.E2im = this.E2.subarray(n * n, 2 * n * n);
    this.z1 = new Float64Array(n);
    this.z2 = new Float64Array(n);
    this.z3 = new Float64Array(n);
    this.w1 = new Float64Array(n);
    this.w2 = new Float64Array(n);
    this.w3 = new Float64Array(n);
    this.rc = new Float64Array(2 * n);
    this.ytmp = new Float64Array(n);
    this.ftmp = new Float64Array(n);
    this.err = new Float64Array(n);
    this.scal = new Float64Array(n);
    this.iscal = new Float64Array(n);
    this.incr = new Float64Array(n);
    this.yJac = new Float64Array(n);
    this.fJac = new Float64Array(n);
    this.segment = new CoefficientSegment(new Float64Array(4 * n), n, evalDense, true);
    if (f0) this.f0.set(f0);
    else ctx.f(t0, this.y, this.f0);
    this.hNext = options.h0 ?? initialStep(ctx.f, t0, this.y, this.f0, ctx.direction, 4, ctx.hmax, this.tol, [this.ytmp, this.ftmp]);
  }

  get stiffness(): StiffnessReport {
    return { detected: false, tFirst: undefined, switches: [] };
  }

  /**
   * J for the step `hs`: at its middle, y + z(h/2) as the last step's collocation polynomial predicts it
   * (JACOBIAN_AT), or at its start on the first step.
   */
  private computeJacobian(hs: number): void {
    const { ctx, system, n, yJac } = this;
    ctx.stats.njev++;
    let tj = this.t;
    let yj = this.y;
    if (!this.first) {
      // the collocation polynomial's value there (its coefficients start with y itself)
      evalDense(JACOBIAN_AT * (hs / this.hOld), this.segment.coef, n, yJac);
      tj = this.t + JACOBIAN_AT * hs;
      yj = yJac;
    }
    if (!system.jacobian || system.jacobian(tj, yj, this.J) === false) {
      let fj = this.f0;
      if (yj !== this.y) {
        ctx.f(tj, yj, this.fJac);
        fj = this.fJac;
      }
      for (let j = 0; j < n; j++) this.incr[j] = hairerIncrement(yj[j]!);
      forwardDifferenceJacobian(ctx.f, tj, yj, fj, this.incr, this.J, this.ftmp);
    }
    this.jacStale = false;
    this.jacAtCurrent = true;
    this.hFactored = Number.NaN;
  }

  /**
   * Forms and factors E1 and E2 for the signed step `hs` (radau5.f's DECOMR, DECOMC): 'singular' when
   * a factorisation fails, 'non-finite' when J has a non-finite entry (f was, where J was evaluated).
   */
  private factor(hs: number): NewtonFailure {
    const { n, J, E1, E2 } = this;
    const fac1 = U1 / hs;
    const alphn = ALPH / hs;
    const betan = BETA / hs;
    this.ctx.stats.nlu += 2;
    this.hFactored = Number.NaN;
    if (this.complexLu) {
      // one pass over J: E1, and E2's real part −J + α̂/h·I and imaginary part β̂/h·I
      const { E2re, E2im } = this;
      for (let i = 0; i < n; i++) {
        const row = i * n;
        for (let j = 0; j < n; j++) {
          const v = -J[row + j]!;
          E1[row + j] = v;
          E2re[row + j] = v;
          E2im[row + j] = 0;
        }
        E1[row + i] = E1[row + i]! + fac1;
        E2re[row + i] = E2re[row + i]! + alphn;
        E2im[row + i] = betan;
      }
    } else {
      const nn = n * n;
      for (let i = 0; i < nn; i++) E1[i] = -J[i]!;
      for (let i = 0; i < n; i++) E1[i * n + i] = E1[i * n + i]! + fac1;
      // [[α̂/h·I − J, −β̂/h·I], [β̂/h·I, α̂/h·I − J]]
      const n2 = 2 * n;
      E2.fill(0);
      for (let i = 0; i < n; i++) {
        const rowJ = i * n;
        const top = i * n2;
        const bottom = (n + i) * n2;
        for (let j = 0; j < n; j++) {
          const v = -J[rowJ + j]!;
          E2[top + j] = v;
          E2[bottom + n + j] = v;
        }
        E2[top + i] = E2[top + i]! + alphn;
        E2[bottom + n + i] = E2[bottom + n + i]! + alphn;
        E2[top + n + i] = -betan;
        E2[bottom + i] = betan;
      }
    }
    if (
      !this.la.luFactor(E1, n, this.piv1) ||
      (this.complexLu ? !complexLuFactor(this.E2re, this.E2im, n, this.piv2) : !this.la.luFactor(E2, 2 * n, this.piv2))
    ) {
      // a non-finite entry of J fails the factorisation too: tell the two apart
      let sum = 0;
      for (let i = 0; i < n * n; i++) sum += J[i]! * 0;
      return sum === 0 ? 'singular' : 'non-finite'; // NaN or ±∞·0 is NaN
    }
    this.hFactored = hs;
    return 'none';
  }

  /**
   * Simplified Newton on the transformed stage equations (radau5.f, "LOOP FOR THE SIMPLIFIED NEWTON
   * ITERATION"); leaves z₁..z₃ and returns the failure kind, with `this.theta` the contraction and
   * the number of iterations in `this.newt`. On 'slow' the step factor is in `this.hhfac`.
   */
  private newton(hs: number): NewtonFailure {
    const { ctx, n, z1, z2, z3, w1, w2, w3, rc, ytmp, iscal } = this;
    const y = this.y;
    const t = this.t;
    const fac1 = U1 / hs;
    const alphn = ALPH / hs;
    const betan = BETA / hs;
    // starting values: zero on the first step, else the last collocation polynomial extrapolated
    if (this.first) {
      z1.fill(0);
      z2.fill(0);
      z3.fill(0);
      w1.fill(0);
      w2.fill(0);
      w3.fill(0);
    } else {
      const cont = this.segment.coef;
      const c3q = hs / this.hOld;
      const c1q = C1 * c3q;
      const c2q = C2 * c3q;
      for (let i = 0; i < n; i++) {
        const ak1 = cont[n + i]!;
        const ak2 = cont[2 * n + i]!;
        const ak3 = cont[3 * n + i]!;
        const a = c1q * (ak1 + (c1q - C2M1) * (ak2 + (c1q - C1M1) * ak3));
        const b = c2q * (ak1 + (c2q - C2M1) * (ak2 + (c2q - C1M1) * ak3));
        const c = c3q * (ak1 + (c3q - C2M1) * (ak2 + (c3q - C1M1) * ak3));
        z1[i] = a;
        z2[i] = b;
        z3[i] = c;
        w1[i] = TI11 * a + TI12 * b + TI13 * c;
        w2[i] = TI21 * a + TI22 * b + TI23 * c;
        w3[i] = TI31 * a + TI32 * b + TI33 * c;
      }
    }
    this.newt = 0;
    this.faccon = Math.max(this.faccon, UROUND) ** 0.8;
    this.theta = THET;
    let dynold = 0;
    let thqold = 0;
    for (;;) {
      if (this.newt >= NIT) return 'diverged';
      // the right-hand side at the three stages, overwriting z with f
      for (let i = 0; i < n; i++) ytmp[i] = y[i]! + z1[i]!;
      ctx.f(t + C1 * hs, ytmp, z1);
      for (let i = 0; i < n; i++) ytmp[i] = y[i]! + z2[i]!;
      ctx.f(t + C2 * hs, ytmp, z2);
      for (let i = 0; i < n; i++) ytmp[i] = y[i]! + z3[i]!;
      ctx.f(t + hs, ytmp, z3);
      // TI·F − Λ/h·W (SLVRAD), the complex part into rc = [real; imaginary]; a non-finite f reaches
      // the corrections through the solves and so dyno, which is tested below
      for (let i = 0; i < n; i++) {
        const a1 = z1[i]!;
        const a2 = z2[i]!;
        const a3 = z3[i]!;
        const s2 = -w2[i]!;
        const s3 = -w3[i]!;
        z1[i] = TI11 * a1 + TI12 * a2 + TI13 * a3 - w1[i]! * fac1;
        rc[i] = TI21 * a1 + TI22 * a2 + TI23 * a3 + s2 * alphn - s3 * betan;
        rc[n + i] = TI31 * a1 + TI32 * a2 + TI33 * a3 + s3 * alphn + s2 * betan;
      }
      this.la.luSolve(this.E1, n, this.piv1, z1);
      if (this.complexLu) complexLuSolve(this.E2re, this.E2im, n, this.piv2, rc);
      else this.la.luSolve(this.E2, 2 * n, this.piv2, rc);
      this.newt++;
      let dyno = 0;
      for (let i = 0; i < n; i++) {
        const q = iscal[i]!;
        const a = z1[i]! * q;
        const b = rc[i]! * q;
        const c = rc[n + i]! * q;
        dyno += a * a + b * b + c * c;
      }
      dyno = Math.sqrt(dyno / (3 * n));
      if (!Number.isFinite(dyno)) return 'non-finite';
      // bad convergence or too many iterations predicted
      if (this.newt > 1 && this.newt < NIT) {
        const thq = dyno / dynold;
        this.theta = this.newt === 2 ? thq : Math.sqrt(thq * thqold);
        thqold = thq;
        if (this.theta < 0.99) {
          this.faccon = this.theta / (1 - this.theta);
          const dyth = (this.faccon * dyno * this.theta ** (NIT - 1 - this.newt)) / this.fnewt;
          if (dyth >= 1) {
            const qnewt = Math.max(1e-4, Math.min(20, dyth));
            this.hhfac = 0.8 * qnewt ** (-1 / (4 + NIT - 1 - this.newt));
            return 'slow';
          }
        } else {
          return 'diverged';
        }
      }
      dynold = Math.max(dyno, UROUND);
      for (let i = 0; i < n; i++) {
        const f1 = w1[i]! + z1[i]!;
        const f2 = w2[i]! + rc[i]!;
        const f3 = w3[i]! + rc[n + i]!;
        w1[i] = f1;
        w2[i] = f2;
        w3[i] = f3;
        z1[i] = T11 * f1 + T12 * f2 + T13 * f3;
        z2[i] = T21 * f1 + T22 * f2 + T23 * f3;
        z3[i] = T31 * f1 + f2;
      }
      if (this.newt >= NEWTON_MIN && this.faccon * dyno <= this.fnewt) return 'none';
    }
  }

  /** RMS of err/scal, at least 1e-10 (ESTRAD). */
  private errNorm(): number {
    const { n, err, scal } = this;
    let s = 0;
    for (let i = 0; i < n; i++) s += (err[i]! / scal[i]!) ** 2;
    return Math.max(Math.sqrt(s / n), 1e-10);
  }

  /** ESTRAD: the error estimate in `err` and its norm; `ftmp` keeps Σ ddᵢzᵢ/h. */
  private estimate(hs: number): number {
    const { ctx, n, z1, z2, z3, err, ftmp, ytmp } = this;
    const hee1 = DD1 / hs;
    const hee2 = DD2 / hs;
    const hee3 = DD3 / hs;
    for (let i = 0; i < n; i++) {
      const f2 = hee1 * z1[i]! + hee2 * z2[i]! + hee3 * z3[i]!;
      ftmp[i] = f2;
      err[i] = f2 + this.f0[i]!;
    }
    this.la.luSolve(this.E1, n, this.piv1, err);
    let e = this.errNorm();
    if (e >= 1 && (this.first || this.reject)) {
      // the filtered estimate: one more evaluation and solve
      for (let i = 0; i < n; i++) ytmp[i] = this.y[i]! + err[i]!;
      ctx.f(this.t, ytmp, err);
      for (let i = 0; i < n; i++) err[i] = err[i]! + ftmp[i]!;
      this.la.luSolve(this.E1, n, this.piv1, err);
      e = this.errNorm();
    }
    return e;
  }

  step(tBound: number): StepOutcome {
    const { ctx, n } = this;
    const dir = ctx.direction;
    const y = this.y;
    for (let i = 0; i < n; i++) if (!Number.isFinite(this.f0[i]!)) return 'non-finite';
    const { rtol, atol } = this.tol;
    for (let i = 0; i < n; i++) {
      this.scal[i] = errorScale(atol[i]!, rtol[i]!, y[i]!, y[i]!);
      this.iscal[i] = 1 / this.scal[i]!;
    }
    let h = Math.min(this.hNext, ctx.hmax);
    let sawNonFinite = false;
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
      if (this.jacStale) this.computeJacobian(hs);
      let outcome: NewtonFailure = 'none';
      if (hs !== this.hFactored) outcome = this.factor(hs);
      if (outcome === 'none') outcome = this.newton(hs);
      if (outcome !== 'none') {
        // unexpected rejection (radau5.f label 78) or a predicted slow convergence
        ctx.stats.nrejected++;
        if (outcome === 'slow' || outcome === 'diverged') this.hNewton = Math.min(this.hNewton, h);
        if (outcome === 'non-finite') sawNonFinite = true;
        h *= outcome === 'slow' ? this.hhfac : 0.5;
        this.reject = true;
        // J is evaluated afresh unless it was for this step; after a non-finite value also then, at
        // the shorter step's middle, which may lie before where f stops being finite
        if (!this.jacAtCurrent || outcome === 'non-finite') this.jacStale = true;
        continue;
      }
      const err = this.estimate(hs);
      if (!Number.isFinite(err)) {
        sawNonFinite = true;
        ctx.stats.nrejected++;
        h *= 0.5;
        this.reject = true;
        if (!this.jacAtCurrent) this.jacStale = true;
        continue;
      }
      // RADAU5's safety factor shrinks with the Newton iterations; hnew/h ∈ [1/5, 8]
      const fac = Math.min(SAFE, (SAFE * (1 + 2 * NIT)) / (this.newt + 2 * NIT));
      let quot = Math.max(FACR, Math.min(FACL, err ** 0.25 / fac));
      if (err < 1) {
        this.first = false;
        this.accepted++;
        ctx.stats.naccepted++;
        // Gustafsson's predictive controller
        if (this.accepted > 1) {
          const facgus = Math.max(FACR, Math.min(FACL, ((this.hAcc / h) * ((err * err) / this.errAcc) ** 0.25) / SAFE));
          quot = Math.max(quot, facgus);
        }
        this.hAcc = h;
        this.errAcc = Math.max(1e-2, err);
        this.hOld = hs;
        // y_new = y + z₃ and the collocation polynomial [y_new, k₁, k₂, k₃]
        const cont = this.segment.coef;
        for (let i = 0; i < n; i++) {
          const z3i = this.z3[i]!;
          y[i] = y[i]! + z3i;
          cont[i] = y[i]!;
          denseCoefficients(this.z1[i]!, this.z2[i]!, z3i, cont, n, i);
        }
        this.segment.t0 = this.t;
        this.segment.t1 = tNew;
        this.t = tNew;
        ctx.f(tNew, y, this.f0);
        this.jacAtCurrent = false;
        let hnew = Math.min(h / quot, ctx.hmax);
        // no growth past NEWTON_CAP of the smallest step Newton failed at; that bound relaxes by NEWTON_RELAX per step
        hnew = Math.min(hnew, Math.max(h, NEWTON_CAP * this.hNewton));
        this.hNewton *= this.newt <= 1 || this.theta <= NEWTON_EASY ? NEWTON_RELAX_EASY : NEWTON_RELAX;
        if (this.reject) hnew = Math.min(hnew, h);
        this.reject = false;
        // keep the step (and so the LU) when it would grow by less than 20 % and Newton converged fast
        const qt = hnew / h;
        const fast = this.theta <= THET;
        this.hNext = fast && qt >= QUOT1 && qt <= QUOT2 ? h : hnew;
        this.jacStale = !fast;
        return 'accepted';
      }
      ctx.stats.nrejected++;
      this.reject = true;
      h = this.first ? h * 0.1 : h / quot;
      if (!this.jacAtCurrent) this.jacStale = true;
    }
  }
}

/** The method `radau5`: Hairer–Wanner's RADAU5 (Radau IIA, 3 stages, order 5) with its step control and collocation dense output. */
export const radau5: SolverDescription<'radau5'> = {
  name: 'radau5',
  order: 5,
  stiffness: 'stiff',
  dense: 'collocation',
  needsLinearAlgebra: true,
  algorithm: {
    kind: 'stepper',
    start: (s) => new Radau5Stepper(s.system, s.ctx, s.t0, s.y0, s.h0 === undefined ? {} : { h0: s.h0 }, s.f0),
  },
};
