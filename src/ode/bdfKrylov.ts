/**
 * The method `bdf-krylov`: the `bdf` method (variable-order BDF 1–5 in Nordsieck form, LSODE's step,
 * order and corrector rules, nordsieck.ts) with the Newton systems `(I − γ J) x = r`, `γ = h ℓ_0`,
 * solved matrix-free, as SUNDIALS CVODE does with its SPGMR linear solver:
 * - GMRES(5) without restarts (SPGMR's defaults), preconditioned on the right by the system's
 *   `preconditioner` when it has one (gmres.ts);
 * - products `J v` from the system's `jvp` when it has one, else CVODE's difference quotient
 *   `(f(y + σ v) − f(y))/σ` with `σ = 1/‖v‖_WRMS` (cvLsDQJtimes), one evaluation of `f` each;
 *   differenced products at the current Newton iterate (an inexact Newton iteration, as CVODE);
 *   exact products of a system with a preconditioner at the point of the preconditioner's last
 *   setup, the modified Newton iteration of `bdf` with its Jacobian kept between setups: such a
 *   system (the end-to-end flow) caches what a product needs at a point (an SVD), so one point per
 *   setup costs one SVD where one per iterate would cost one per product;
 * - the linear tolerance `0.05 ×` the corrector's convergence tolerance in its weighted RMS norm
 *   (CVODE's eplifac); a residual already below it gives `x = r` on the first iteration and `x = 0`
 *   after; GMRES stopping short of the tolerance but below the initial residual is accepted on the
 *   first iteration only, otherwise it counts as a corrector convergence failure (cvLsSolve);
 * - `preconditioner.setup(t, y, h ℓ_0)` wherever `bdf` would form and factor its Newton matrix
 *   (new point, h ℓ_0 changed by 30 %, every 20 steps, a convergence failure with an old one).
 * No `dim × dim` array is allocated, so the state size is bounded by memory for vectors only
 * (about 45 of the state's size, 26 of them the Nordsieck array and its dense-output copy).
 * With `jacobianAge` the setup point is kept as `bdf` keeps its Jacobian (NewtonKrylov.rescale re-forms
 * the preconditioner there for a new h ℓ_0); the statistics count products (`jvps`, also in
 * `nfev` when differenced), GMRES iterations (`linearIterations`), and preconditioner setups as
 * `njev`; `nlu` stays 0. There is no Adams ↔ BDF switching on this solver: LSODA's test for going
 * back to Adams needs ‖J‖ in the weighted max norm (row sums of |J|), which products cannot give. A
 * power-iteration estimate (a few products per test) would be a different rule from LSODA's, with
 * no published counts to check it against.
 * @see A. C. Hindmarsh, P. N. Brown et al., "SUNDIALS: Suite of nonlinear and differential/algebraic
 *      equation solvers", ACM TOMS 31 (2005) 363–396, §3 (CVODE's Newton–Krylov iteration).
 * @see P. N. Brown, A. C. Hindmarsh, "Reduced storage matrix methods in stiff ODE systems", Appl.
 *      Math. Comput. 31 (1989) 40–91 (LSODPK, the BDF–GMRES combination).
 * @see SUNDIALS v7.5.0, src/cvode/cvode_ls.c (cvLsSolve, cvLsATimes, cvLsDQJtimes, CVLS_EPLIN).
 */
import { Gmres, type LinearOperator } from './gmres.js';
import type { SolverDescription, StepperStart } from './method.js';
import type { NewtonLinearSolver, NordsieckOptions } from './nordsieck.js';
import { startNordsieck } from './nordsieckMethod.js';
import type { Stepper, StepperContext } from './stepper.js';
import type { OdePreconditioner, OdeSystem, SolveStats } from './types.js';

/** The Newton–Krylov solver's constants; the defaults are CVODE's. */
export interface KrylovOptions {
  /** Krylov subspace dimension (SPGMR's maxl, default 5; at most the state size). */
  readonly maxl?: number;
  /** GMRES restarts (SPGMR's max_restarts, default 0). */
  readonly maxRestarts?: number;
  /** Linear tolerance as a fraction of the corrector's convergence tolerance (CVODE's eplifac, default 0.05). */
  readonly eplifac?: number;
}

/** Products spent per estimate of ‖J‖ for the Adams ↔ BDF switching test (auto-krylov). */
const NORM_STEPS = 4;

/** GMRES on Jacobian-vector products for the BDF corrector's Newton systems (CVODE's cvLsSolve with SPGMR). */
export class NewtonKrylov implements NewtonLinearSolver {
  readonly name = 'bdf-krylov';
  readonly hasSetup: boolean;
  private readonly gmres: Gmres;
  private readonly stats: SolveStats;
  private readonly eplifac: number;
  private readonly preconditioner: OdePreconditioner | undefined;
  /** The preconditioner's last setup applied (it may decline a point). */
  private preconditioned = false;
  private readonly operator: LinearOperator;
  private readonly applyPreconditioner: LinearOperator;
  /** The linearisation of the current solve: J at (t, y) with f(t, y) = fy, γ, error weights w. */
  private t = 0;
  private y: Float64Array;
  private fy: Float64Array;
  private gamma = 0;
  private w: Float64Array;
  /** Exact products with a preconditioner: the point of the last setup (`linearised` once there is one). */
  private readonly frozen: boolean;
  private linearised = false;
  private tJ = 0;
  private readonly yJ: Float64Array;
  /** The norm estimate's vectors and f(t, y) for its difference quotients. */
  private readonly xNorm: Float64Array;
  private readonly vNorm: Float64Array;
  private readonly jvNorm: Float64Array;
  private readonly fNorm: Float64Array;
  private readonly jvAt: (t: number, y: Float64Array, fy: Float64Array, v: Float64Array, out: Float64Array) => void;
  private readonly differenced: boolean;
  private readonly ctx: StepperContext;
  /** Difference quotients: y + σ v and f there. */
  private readonly yPerturbed: Float64Array;
  private readonly fPerturbed: Float64Array;

  constructor(system: OdeSystem, ctx: StepperContext, options: KrylovOptions = {}) {
    const n = ctx.dim;
    const { stats } = ctx;
    this.stats = stats;
    stats.jvps = 0;
    stats.linearIterations = 0;
    this.gmres = new Gmres(n, Math.min(options.maxl ?? 5, n), options.maxRestarts ?? 0);
    this.eplifac = options.eplifac ?? 0.05;
    if (!(this.eplifac > 0)) throw new RangeError(`eplifac must be positive, got ${String(this.eplifac)}`);
    this.preconditioner = system.preconditioner;
    this.ctx = ctx;
    this.xNorm = new Float64Array(n);
    this.vNorm = new Float64Array(n);
    this.jvNorm = new Float64Array(n);
    this.hasSetup = system.preconditioner !== undefined;
    this.y = new Float64Array(0);
    this.fy = this.y;
    this.w = this.y;
    const exact = system.jvp?.bind(system);
    const differenced = exact === undefined;
    this.frozen = !differenced && system.preconditioner !== undefined;
    this.yJ = new Float64Array(this.frozen ? n : 0);
    this.yPerturbed = new Float64Array(differenced ? n : 0);
    this.fPerturbed = new Float64Array(differenced ? n : 0);
    this.fNorm = new Float64Array(differenced ? n : 0);
    this.differenced = differenced;
    const jv: (v: Float64Array, out: Float64Array) => void = differenced
      ? (v, out) => {
          // cvLsDQJtimes: σ = 1/‖v‖_WRMS moves y by one unit of the error scale along v
          const { y, fy, w, yPerturbed, fPerturbed } = this;
          let s = 0;
          for (let i = 0; i < n; i++) {
            const r = v[i]! * w[i]!;
            s += r * r;
          }
          if (s === 0) {
            out.fill(0);
            return;
          }
          const sigma = 1 / Math.sqrt(s / n);
          for (let i = 0; i < n; i++) yPerturbed[i] = y[i]! + sigma * v[i]!;
          ctx.f(this.t, yPerturbed, fPerturbed);
          const inv = 1 / sigma;
          for (let i = 0; i < n; i++) out[i] = inv * fPerturbed[i]! - inv * fy[i]!;
        }
      : (v, out) => {
          if (this.linearised) exact(this.tJ, this.yJ, v, out);
          else exact(this.t, this.y, v, out);
        };
    // J v at a given point, for the norm estimate (the linearisation's own point may be older)
    this.jvAt = differenced
      ? (t, y, fy, v, out) => {
          const { yPerturbed, fPerturbed } = this;
          let s = 0;
          for (let i = 0; i < n; i++) s = Math.max(s, Math.abs(v[i]!) / Math.max(Math.abs(y[i]!), 1e-8));
          const sigma = Math.sqrt(2.2e-16) / Math.max(s, 1e-300);
          for (let i = 0; i < n; i++) yPerturbed[i] = y[i]! + sigma * v[i]!;
          ctx.f(t, yPerturbed, fPerturbed);
          for (let i = 0; i < n; i++) out[i] = (fPerturbed[i]! - fy[i]!) / sigma;
        }
      : (t, y, _fy, v, out) => {
          exact(t, y, v, out);
        };
    // cvLsATimes: (I − γ J) v
    this.operator = (v, out) => {
      stats.jvps = stats.jvps! + 1;
      jv(v, out);
      const g = this.gamma;
      for (let i = 0; i < n; i++) out[i] = v[i]! - g * out[i]!;
    };
    this.applyPreconditioner = (r, z) => {
      this.preconditioner!.apply(r, z);
    };
    // only where products are frozen at the setup point is there a kept linearisation to re-form
    this.rescale = this.frozen
      ? (gamma) => {
          if (this.linearised) this.preconditioned = this.preconditioner!.setup(this.tJ, this.yJ, gamma) !== false;
        }
      : undefined;
  }

  /** With exact products at a frozen point: the preconditioner re-formed for `gamma` at the last setup's point. */
  readonly rescale: ((gamma: number) => void) | undefined;

  setup(t: number, y: Float64Array, gamma: number): void {
    if (this.frozen) {
      this.tJ = t;
      this.yJ.set(y);
      this.linearised = true;
    }
    const p = this.preconditioner;
    if (p !== undefined) this.preconditioned = p.setup(t, y, gamma) !== false;
  }

  /**
   * `max_i w_i Σ_j |J_ij| / w_j` from below, by power iteration on `B = diag(w) J diag(w)⁻¹` in the max
   * norm from the vector of ones (exact for a J with nonnegative entries): `NORM_STEPS` products.
   */
  normEstimate(t: number, y: Float64Array, w: Float64Array): number {
    const { xNorm: x, vNorm: v, jvNorm: jv, fNorm: fy, stats } = this;
    const n = x.length;
    if (this.differenced) this.ctx.f(t, y, fy);
    x.fill(1);
    let best = 0;
    for (let k = 0; k < NORM_STEPS; k++) {
      for (let i = 0; i < n; i++) v[i] = x[i]! / w[i]!;
      stats.jvps = stats.jvps! + 1;
      this.jvAt(t, y, fy, v, jv);
      let m = 0;
      for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(w[i]! * jv[i]!));
      if (!(m > 0) || !Number.isFinite(m)) return Number.isFinite(m) ? best : Infinity;
      best = Math.max(best, m);
      for (let i = 0; i < n; i++) x[i] = (w[i]! * jv[i]!) / m;
    }
    return best;
  }

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
  ): 'ok' | 'fail' | 'non-finite' {
    this.t = t;
    this.y = y;
    this.fy = fy;
    this.gamma = gamma;
    this.w = w;
    const res = this.gmres.solve(this.operator, r, x, this.eplifac * newtonTol, w, this.preconditioned ? this.applyPreconditioner : undefined);
    this.stats.linearIterations = this.stats.linearIterations! + res.iterations;
    if (!Number.isFinite(res.residual)) return 'non-finite';
    if (res.converged) {
      // the residual was already below the tolerance: CVODE takes x = r on the first iteration
      if (res.iterations === 0 && first) x.set(r);
      return 'ok';
    }
    return first && res.residual < res.initialResidual ? 'ok' : 'fail';
  }
}

/** A Nordsieck stepper of `family` whose Newton systems are solved matrix-free (bdf-krylov, auto-krylov). */
export function startKrylov(family: NordsieckOptions['family'], s: StepperStart): Stepper {
  return startNordsieck(family, s, new NewtonKrylov(s.system, s.ctx));
}

export const bdfKrylov: SolverDescription<'bdf-krylov'> = {
  name: 'bdf-krylov',
  order: 5,
  stiffness: 'stiff',
  dense: 'nordsieck',
  needsLinearAlgebra: false,
  algorithm: { kind: 'stepper', start: (s) => startKrylov('bdf', s) },
};
