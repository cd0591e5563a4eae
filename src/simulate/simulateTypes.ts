/**
 * The types of a simulation: its options and the trajectory it returns (in their own module, so that
 * the run's pieces, `runEvents.ts` and `spectralRun.ts`, read them without importing `simulate.ts`).
 */
import type { MethodName } from '../ode/methods.js';
import type { SaveAt, Solution, SolveStats, SolveStatus } from '../ode/types.js';
import type { TimeConvention } from '../flows/time.js';
import type { Energy } from '../energies/energy.js';
import type { DiagnosticsRow } from './diagnostics.js';
import type { ModelSpec, StartSpec } from './modelSpec.js';

/** Solver settings; whatever is left out comes from `DEFAULT_SOLVER`. */
export interface SolverSpec {
  readonly method?: MethodName;
  readonly rtol?: number;
  readonly atol?: number;
  readonly maxSteps?: number;
  readonly h0?: number;
  readonly hmax?: number;
  /** bdf, auto and their Krylov forms: steps a Jacobian (or setup point) is kept for (see `SolveOptions.jacobianAge`); default LSODA's rule. */
  readonly jacobianAge?: number;
}

export interface SimulateOptions {
  readonly energy: Energy;
  readonly model: ModelSpec;
  readonly start: StartSpec;
  readonly solver?: SolverSpec;
  /** End time, in the model's time convention. */
  readonly t1: number;
  /** Where to record (default 101 uniform points). */
  readonly saveAt?: SaveAt;
  /** Stop when the loss falls below this value (a terminal event located to 1e-12 in t). */
  readonly lossBelow?: number;
  /**
   * Events of your own: `{ name, fn, terminal, direction }`. `fn(t, W, y)` gets the time, the
   * end-to-end matrix `W` (`d_N × d_0`, row-major) and the raw solver state `y` (the packed factors of
   * a factor model, `W` itself otherwise); a sign change of its value is the event. Each root is
   * located by Brent's method on the solver's dense output of the step that brackets it, to
   * `EVENT_RTOL` = 1e-12 relative in t, whatever `saveAt` is, and reported in `Trajectory.events` (every
   * root of a non-terminal event, in time order). A terminal event ends the run at its first root with
   * status `event` (`Trajectory.tEvent`; the stopping state is saved as the last row). `fn` runs at
   * every step and during root finding: do not allocate in it, and do not keep `W` or `y` (they are
   * buffers reused between calls). A root at the start itself is not an event (there is no sign change).
   *
   *     simulate({ …, events: [{ name: 'w11 = 0.5', fn: (_t, W) => W[0]! - 0.5, terminal: true }] })
   */
  readonly events?: readonly SimulateEvent[];
  /**
   * Square problems only: stop with status `precision-limit` when `|det W| < detFloor · ‖W‖_F^d`,
   * where the sign of `det W` — which the exact balanced flow preserves — is about to be lost to
   * rounding (docs/theory.md §5; 1e-13 is a sensible value). Off by default.
   */
  readonly detFloor?: number;
  /**
   * Factor models with square factors: stop with status `precision-limit` when some factor's
   * smallest singular value falls below `PRECISION_FLOOR · σ_max(W_j)` (≈ 2.2e-10 relative, a
   * million ulps). Below it the sign of det W_j — hence of det W = Π det W_j, which the exact
   * balanced flow keeps — is about to be lost to rounding (docs/theory.md §5: Razin–Cohen at depth 2).
   * The floor is set by double precision, not by the solver tolerance, so the stopping time does
   * not move with rtol. **On by default** where the exact flow provably keeps that sign: factor
   * models of depth N ≥ 2 with square factors and a balanced (`‖D_j(0)‖_F ≤ 1e-12·(‖W_j‖² + ‖W_{j+1}‖²)`),
   * nonsingular start. Elsewhere det W_j may legitimately cross 0 (depth 1 is plain gradient flow;
   * unbalanced starts, docs/theory.md §5), so the default leaves those runs alone. `false` turns it off;
   * `true` arms it on any factor model with square factors, and is an error where it cannot apply
   * (non-square factors or problems, a start already below the floor).
   *
   * End-to-end models of a square problem: the guard stops the run when `σ_min(W)/σ_max(W)` falls below
   * `endToEndFloor = max(10·(rtol + atol/σ_max), PRECISION_FLOOR)` (`precisionFloor.ts`): in these
   * coordinates the solver knows W only to about `rtol·σ_max + atol`, so a smaller σ_min — and the
   * sign of det W, which the exact flow keeps at every depth N ≥ 2 and ∞ — is not resolved; this floor
   * moves with the tolerance. **On by default** at depth N ≥ 2 and ∞ from a full-rank start above the
   * floor; `true` arms it at depth 1 too.
   */
  readonly precisionGuard?: boolean;
  /** Relative threshold of the numerical rank in the diagnostics (default 1e-6). */
  readonly rankThreshold?: number;
  readonly signal?: AbortSignal;
}

/**
 * Why a simulation stopped: the solver's statuses, plus `loss-reached`, `precision-limit`, and
 * `t1-reached` — the end time came before the loss fell below `lossBelow`. `success` means t1 was
 * reached by a run that had no `lossBelow` to reach; `event` means a terminal event of your own
 * (`SimulateOptions.events`) ended it — a normal end, like `loss-reached`.
 */
export type TrajectoryStatus = SolveStatus | 'loss-reached' | 'precision-limit' | 't1-reached' | 'invariant-broken';

/** An event of your own (`SimulateOptions.events`): the sign changes of `fn` are its roots. */
export interface SimulateEvent {
  readonly name: string;
  /** `g(t, W, y)`: `W` the end-to-end matrix, `y` the raw state; both reused buffers. No allocation. */
  readonly fn: (t: number, W: Float64Array, y: Float64Array) => number;
  /** End the run at the first root, with status `event` (default false). */
  readonly terminal?: boolean;
  /** `+1`: only upward sign changes (− to +); `−1`: only downward; `0` (default): both. */
  readonly direction?: -1 | 0 | 1;
}

/** A located root of an event of your own. */
export interface LocatedEvent {
  readonly name: string;
  /** Located to `EVENT_RTOL` (1e-12) relative on the dense output (flows); the step's time (optimisers). */
  readonly t: number;
  readonly terminal: boolean;
}

export interface Trajectory {
  readonly status: TrajectoryStatus;
  readonly message: string;
  /** The time convention of `t` and of every rate. */
  readonly time: TimeConvention;
  readonly depth: number;
  readonly parametrization: 'factors' | 'end-to-end';
  /** `spectral` when the run was integrated in spectral coordinates (`ModelSpec.coordinates`); absent for matrix coordinates. */
  readonly coordinates?: 'spectral';
  /** Spectral runs from (nearly) equal singular values: the time the matrix-coordinate phase handed over (`spectralRun.ts`). */
  readonly handoff?: number;
  readonly widths: readonly number[];
  /** Whether the precision guard was armed (see `SimulateOptions.precisionGuard`). */
  readonly precisionGuard: boolean;
  /** End-to-end models: the rank the flow was held to (`min(rows, cols)` when full). */
  readonly invariantRank: number | undefined;
  /** Saved times. */
  readonly t: number[];
  /** End-to-end matrices at the saved times (`d_N × d_0`, row-major). */
  readonly W: Float64Array[];
  /** Raw solver states at the saved times (the packed factors for factor models). */
  readonly states: Float64Array[];
  readonly rows: DiagnosticsRow[];
  readonly stats: SolveStats;
  readonly method: string;
  readonly solution: Solution;
  /** The roots of `SimulateOptions.events`, in time order (empty without events). */
  readonly events: readonly LocatedEvent[];
  /** The time of the terminal event of your own that ended the run (status `event`), else undefined. */
  readonly tEvent: number | undefined;
}
