/**
 * The generic ODE interface: systems `y' = f(t, y)` on flat `Float64Array` state.
 * Nothing here knows about matrices or networks.
 */
import type { OdeLinearAlgebra } from './linearAlgebra.js';

/** A first-order system `y' = f(t, y)` of dimension `dim`. */
export interface OdeSystem {
  /** Number of state components. */
  readonly dim: number;
  /** Writes `f(t, y)` into `dydt` (length `dim`). Must not keep references to `y` or `dydt`. */
  rhs(t: number, y: Float64Array, dydt: Float64Array): void;
  /**
   * Optional analytic Jacobian `∂f/∂y` at `(t, y)`, written row-major into `J` (`dim × dim`). Returning
   * `false` (having written nothing) says it does not apply at this point: the method then forms the
   * Jacobian by finite differences, as it does for a system without one.
   */
  // eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- systems that always apply return nothing
  jacobian?(t: number, y: Float64Array, J: Float64Array): boolean | void;
  /** True when `f` does not depend on `t` (saves the `∂f/∂t` evaluation of Rosenbrock methods). */
  readonly autonomous?: boolean;
  /**
   * Optional exact Jacobian-vector product: writes `∂f/∂y (t, y) · v` into `out` (length `dim`, no
   * allocation; `out` is neither `y` nor `v`). The matrix-free methods call it many times at one
   * `(t, y)`, so a system may cache whatever depends on `y` alone. Without it they difference `f`
   * along `v`.
   */
  jvp?(t: number, y: Float64Array, v: Float64Array, out: Float64Array): void;
  /** Optional preconditioner of the Newton matrix `I − γ J` for the matrix-free methods. */
  readonly preconditioner?: OdePreconditioner;
}

/**
 * A preconditioner of the Newton matrix `I − γ ∂f/∂y` (SUNDIALS CVODE's `psetup`/`psolve` pair):
 * `setup` is called when the Newton matrix changes (a new point or a new `γ`), `apply` inside
 * every Krylov iteration.
 */
export interface OdePreconditioner {
  /** Prepares `z ≈ (I − γ J(t, y))⁻¹ r`; returning `false` says it does not apply here (the method then runs unpreconditioned). */
  // eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- preconditioners that always apply return nothing
  setup(t: number, y: Float64Array, gamma: number): boolean | void;
  /** Writes `z ≈ (I − γ J)⁻¹ r` (no allocation; `z` is not `r`). */
  apply(r: Float64Array, z: Float64Array): void;
}

/** Where the solution is saved. */
export type SaveAt =
  | { readonly kind: 'times'; readonly times: readonly number[] }
  | { readonly kind: 'steps' }
  | { readonly kind: 'uniform'; readonly n: number }
  /** `n` log-spaced offsets `t0 + τ`, τ from `tmin` (default `(t1 − t0)·1e-6`) to `t1 − t0`, after `t0` itself. */
  | { readonly kind: 'log'; readonly n: number; readonly tmin?: number };

/** An event function `g(t, y)`; a root is located where `g` changes sign. */
export interface OdeEvent {
  /** Event function. Must not keep references to `y`. */
  g(t: number, y: Float64Array): number;
  /** `+1`: only upward crossings (g from − to +); `−1`: only downward; `0` (default): both. */
  readonly direction?: -1 | 0 | 1;
  /** Stop the integration at the first root (default false). */
  readonly terminal?: boolean;
  /** A name used in the solution and messages. */
  readonly name?: string;
}

/**
 * Options shared by every method. The tolerances' defaults (rtol 1e-6, atol 1e-9) are gradflow's own,
 * a thousand times tighter than SciPy's `solve_ivp` (1e-3, 1e-6); Hairer's codes and LSODA have none.
 * `maxSteps` (100000) and `hmax` (the whole span) are the defaults of Hairer's codes (NMAX, HMAX).
 */
export interface SolveOptions {
  readonly t0: number;
  readonly t1: number;
  readonly y0: ArrayLike<number>;
  /** Relative tolerance, scalar or per component (default 1e-6). */
  readonly rtol?: number | ArrayLike<number>;
  /** Absolute tolerance, scalar or per component (default 1e-9). */
  readonly atol?: number | ArrayLike<number>;
  /**
   * Initial step size. When absent: Hairer's HINIT (as SciPy's `select_initial_step`) for dopri5,
   * dop853, rodas4 and auto-rk; LSODA's starting-step formula for bdf and auto; the odex package's default
   * (1e-4) for odex.
   */
  readonly h0?: number;
  /** Largest allowed step size (default: the whole span). */
  readonly hmax?: number;
  /** Largest number of attempted steps (default 100000). */
  readonly maxSteps?: number;
  /**
   * bdf and auto: keep a Jacobian for up to this many steps, re-forming the Newton matrix from it when
   * only the step or order changed (CVODE's rule; its MSBJ is 50). A convergence failure with a kept
   * Jacobian, a restart and a switch to BDF evaluate it afresh. Default: LSODA's rule, a new Jacobian
   * with every Newton matrix, which reproduces LSODA's counts. bdf-krylov and auto-krylov keep their
   * preconditioner's setup point (and the exact products' point) by the same rule.
   */
  readonly jacobianAge?: number;
  /** Where to save (default: every step). */
  readonly saveAt?: SaveAt;
  readonly events?: readonly OdeEvent[];
  /** Keep a dense interpolant over the whole span (default true; costs a few states per step). */
  readonly dense?: boolean;
  readonly signal?: AbortSignal;
  /**
   * Dense LU and the optional native BLAS (linearAlgebra.ts); the library's is `odeLinearAlgebra`
   * (src/simulate/odeLinearAlgebra.ts). Required by the methods that factorise matrices (rodas4, bdf,
   * auto, auto-rk); without it dopri5 and dop853 run their JavaScript kernels at every size.
   */
  readonly linearAlgebra?: OdeLinearAlgebra;
}

/** Why the integration stopped. Only `success` and `event` reached their goal. */
export type SolveStatus = 'success' | 'event' | 'max-steps' | 'step-size-underflow' | 'non-finite' | 'interrupted';

/** Work statistics of one solve. */
export interface SolveStats {
  /** Right-hand-side evaluations, including those spent on finite-difference Jacobians. */
  nfev: number;
  /** Jacobian evaluations (analytic or finite-difference); for bdf-krylov, preconditioner setups. */
  njev: number;
  /** LU factorisations. */
  nlu: number;
  /** Attempted steps. */
  nsteps: number;
  naccepted: number;
  nrejected: number;
  /** Wall time of the solve in milliseconds. */
  wallMs: number;
  /** bdf-krylov: Jacobian-vector products (the system's `jvp`, or difference quotients of f, which `nfev` also counts). */
  jvps?: number;
  /** bdf-krylov: GMRES iterations. */
  linearIterations?: number;
}

/** A located event. */
export interface EventRoot {
  /** Index into `options.events`. */
  readonly index: number;
  readonly name: string;
  readonly t: number;
  readonly y: Float64Array;
  readonly terminal: boolean;
}

/** What a method reports about stiffness (DOPRI5/DOP853 and the automatic methods). */
export interface StiffnessReport {
  /**
   * True when stiffness was found: Hairer's test (15 positive tests in a row, DOPRI5/DOP853), or a
   * switch to the stiff method (`auto`: to `bdf`; `auto-rk`: to `rodas4`).
   */
  readonly detected: boolean;
  /** First time at which stiffness was flagged. */
  readonly tFirst: number | undefined;
  /** For the automatic methods: the times at which they switched, and to which method (`bdf`/`adams`, `rodas4`/`dopri5`). */
  readonly switches: readonly { readonly t: number; readonly to: string }[];
}

/** A solution: saved points, status, statistics and a dense interpolant. */
export interface Solution {
  readonly method: string;
  readonly status: SolveStatus;
  /** A sentence saying what happened and, on failure, what to try. */
  readonly message: string;
  /** Saved times, increasing in the direction of integration. */
  readonly t: Float64Array;
  /** Saved states, `y[k]` at `t[k]`. */
  readonly y: Float64Array[];
  /** Final time reached (the event time for a terminal event). */
  readonly tFinal: number;
  readonly yFinal: Float64Array;
  readonly events: EventRoot[];
  readonly stats: SolveStats;
  readonly stiffness: StiffnessReport;
  /**
   * Dense interpolant over `[t0, tFinal]`, continuous and of the method's interpolation order.
   * Writes into `out` when given. Undefined when `options.dense === false`.
   */
  readonly sol: ((t: number, out?: Float64Array) => Float64Array) | undefined;
}
