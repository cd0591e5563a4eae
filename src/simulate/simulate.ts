/**
 * `simulate(…)`: one gradient-flow run of a deep linear network — energy, model, start, solver —
 * to a trajectory with the diagnostics at every saved time and the solver statistics.
 * Numerical trouble is a status on the trajectory (everything reached so far is kept), never an
 * exception; exceptions are for inconsistent input.
 */
import { invariants } from '../analysis/invariants.js';
import type { Energy } from '../energies/energy.js';
import { downstairsFlow } from '../flows/downstairs.js';
import { packFactors, type FactorLayout } from '../flows/layout.js';
import { defaultTime, type TimeConvention } from '../flows/time.js';
import { isZeroRegularizer } from '../flows/regularizer.js';
import { upstairsFlow } from '../flows/upstairs.js';
import { balancedFactors, productOf } from '../init/inits.js';
import { determinant } from '../linalg/lu.js';
import { frobeniusNorm, numericalRank } from '../linalg/norms.js';
import { singularValueWorkspace, singularValues, type SvdWorkspace } from '../linalg/svd.js';
import { solve } from '../ode/solve.js';
import type { MethodName } from '../ode/methods.js';
import type { OdeEvent, OdeSystem, SaveAt, Solution, SolveStats, SolveStatus } from '../ode/types.js';
import { odeLinearAlgebra } from './odeLinearAlgebra.js';
import { DEFAULT_SOLVER } from './defaultSolver.js';
import { diagnose, type DiagnosticsRow } from './diagnostics.js';
import { simulateMessages } from './messages.js';
import { modelProblems, optionProblems } from './optionProblems.js';
import type { ModelSpec, StartSpec } from './modelSpec.js';
import { PRECISION_FLOOR } from './precisionFloor.js';
import { END_TO_END_GUARD, endToEndPrecisionEvent, endToEndStart, invariantBreach, nullInputDrifts } from './invariantGuards.js';

export { PRECISION_FLOOR } from './precisionFloor.js';
export { simulateMessages } from './messages.js';

export type { ModelSpec, StartSpec } from './modelSpec.js';

/** Solver settings; whatever is left out comes from `DEFAULT_SOLVER`. */
export interface SolverSpec {
  readonly method?: MethodName;
  readonly rtol?: number;
  readonly atol?: number;
  readonly maxSteps?: number;
  readonly h0?: number;
  readonly hmax?: number;
  /** bdf and auto: steps a Jacobian is kept for (see `SolveOptions.jacobianAge`); default LSODA's rule. */
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

const defaultSave: SaveAt = { kind: 'uniform', n: 101 };
/** Statuses that already say the run did not end normally: the invariant monitor leaves them as they are. */
const STOPPED: ReadonlySet<TrajectoryStatus> = new Set<TrajectoryStatus>([
  'precision-limit',
  'max-steps',
  'step-size-underflow',
  'non-finite',
  'interrupted',
  'invariant-broken',
]);
/** Singular values of the start below this (relative, ~64 ulp) are rounding: the start is rank-deficient. */
const RANK_TOL_START = 64 * Number.EPSILON;
/** Writes `σ_min(W_j)/σ_max(W_j)` of the square `d × d` factors packed in `y` into `ratios`; returns the smallest. Allocation-free. */
function factorRatios(y: Float64Array, d: number, block: Float64Array, svd: SvdWorkspace, ratios: Float64Array): number {
  let min = Infinity;
  for (let j = 0; j < ratios.length; j++) {
    for (let i = 0; i < d * d; i++) block[i] = y[j * d * d + i]!;
    const sv = svd.compute(block).sigma;
    ratios[j] = sv[0]! > 0 ? sv[d - 1]! / sv[0]! : 0;
    if (ratios[j]! < min) min = ratios[j]!;
  }
  return min;
}

/** The terminal event of the precision guard: a factor's σ_min/σ_max reaching `PRECISION_FLOOR`. Allocation-free. */
function factorPrecisionEvent(d: number, N: number): OdeEvent {
  const block = new Float64Array(d * d);
  const svd = singularValueWorkspace(d, d);
  const ratios = new Float64Array(N);
  return { name: 'precision-guard', direction: -1, terminal: true, g: (_t, y) => factorRatios(y, d, block, svd, ratios) - PRECISION_FLOOR };
}

/** Balanced to rounding: `‖D_j‖_F ≤ BALANCED_TOL·(‖W_j‖_F² + ‖W_{j+1}‖_F²)` for every j (docs/theory.md §2). */
const BALANCED_TOL = 1e-12;

function balancedStart(layout: FactorLayout, y: Float64Array): boolean {
  const D = invariants(layout, y);
  const sq = (j: number): number => frobeniusNorm(y.subarray(layout.offsets[j], layout.offsets[j]! + layout.widths[j + 1]! * layout.widths[j]!)) ** 2;
  return D.every((Dj, i) => frobeniusNorm(Dj) <= BALANCED_TOL * (sq(i) + sq(i + 1)));
}

/** A factor model's state read as its layout, its factors, the invariants D_j at the start and the regulariser's value. */
type FactorInfo = (y: Float64Array) => { layout: FactorLayout; y: Float64Array; D0: Float64Array[]; penalty?: (y: Float64Array) => number };

/** The flow a run integrates, its start, and how to read the end-to-end matrix and the factors from a state. */
interface RunSystem {
  readonly system: OdeSystem;
  readonly y0: Float64Array;
  /** Writes the end-to-end matrix of a state into `out`. */
  readonly endToEnd: (y: Float64Array, out: Float64Array) => void;
  /** The rank an end-to-end flow keeps (factor models: undefined). */
  readonly invariantRank: number | undefined;
  readonly factorInfo: FactorInfo | undefined;
  readonly flowLayout: FactorLayout | undefined;
}

function runSystem(o: SimulateOptions, widths: number[], time: TimeConvention): RunSystem {
  const { energy, model } = o;
  const N = model.depth;
  const rows = energy.rows;
  const cols = energy.cols;
  if (model.parametrization === 'factors') {
    const flow = upstairsFlow(energy, widths, time, model.regularizer);
    const factors = 'factors' in o.start ? o.start.factors : balancedFactors(widths, o.start.endToEnd);
    const y0 = packFactors(flow.layout, factors);
    const D0 = invariants(flow.layout, y0);
    const penalty = isZeroRegularizer(model.regularizer) ? undefined : (z: Float64Array): number => flow.penalty(z);
    return {
      system: flow,
      y0,
      endToEnd: (y, out) => {
        flow.endToEnd(y, out);
      },
      invariantRank: undefined,
      factorInfo: (y) => ({ layout: flow.layout, y, D0, ...(penalty ? { penalty } : {}) }),
      flowLayout: flow.layout,
    };
  }
  const y0 = 'factors' in o.start ? productOf(widths, o.start.factors) : Float64Array.from(o.start.endToEnd);
  // a rank-deficient start keeps its rank for N ≥ 2: say so to the flow (see DownstairsOptions.rank)
  const rank = model.rank ?? (N === 1 ? Math.min(rows, cols) : numericalRank(singularValues(y0, rows, cols), RANK_TOL_START));
  return {
    system: downstairsFlow(energy, N, time, { rank }),
    y0,
    endToEnd: (y, out) => {
      out.set(y);
    },
    invariantRank: rank,
    factorInfo: undefined,
    flowLayout: undefined,
  };
}

/**
 * The run's events, in their order: the caller's (indices 0 … n−1 of the solution's roots), the loss
 * floor, the determinant floor and the precision guard wherever it applies; and whether the guard is armed.
 */
function runEvents(o: SimulateOptions, run: RunSystem, widths: number[], rtol: number, atol: number): { events: OdeEvent[]; guarded: boolean } {
  const { energy } = o;
  const N = o.model.depth;
  const rows = energy.rows;
  const cols = energy.cols;
  const { endToEnd, factorInfo, flowLayout, y0, invariantRank } = run;
  // event functions run at every step: they work in buffers allocated here
  const events: OdeEvent[] = [];
  const Wbuf = new Float64Array(rows * cols);
  const wOf = (y: Float64Array): Float64Array => {
    endToEnd(y, Wbuf);
    return Wbuf;
  };
  // the caller's events first: indices 0 … n−1 of the solution's roots are theirs
  const userEvents = o.events ?? [];
  for (const ev of userEvents) {
    const fn = ev.fn;
    events.push({ name: ev.name, direction: ev.direction ?? 0, terminal: ev.terminal === true, g: (t, y) => fn(t, wOf(y), y) });
  }
  if (o.lossBelow !== undefined) {
    const eps = o.lossBelow;
    events.push({ name: 'loss-reached', direction: -1, terminal: true, g: (_t, y) => energy.value(wOf(y)) - eps });
  }
  if (o.detFloor !== undefined) {
    const floor = o.detFloor;
    const lu = new Float64Array(rows * rows);
    const piv = new Int32Array(rows);
    events.push({
      name: 'precision-limit',
      direction: -1,
      terminal: true,
      g: (_t, y) => {
        const W = wOf(y);
        return Math.log(Math.abs(determinant(W, rows, lu, piv)) + Number.MIN_VALUE) - Math.log(floor) - rows * Math.log(frobeniusNorm(W));
      },
    });
  }
  // the precision guard: asked for (true), off (false), or by default wherever it applies
  let guarded = false;
  if (o.precisionGuard !== false) {
    const explicit = o.precisionGuard === true;
    const d = widths[0]!;
    // optionProblems has already refused precisionGuard: true where it cannot apply
    if (factorInfo && widths.every((w) => w === d) && (explicit || (widths.length >= 3 && balancedStart(flowLayout!, y0)))) {
      // by default only where the exact flow keeps the sign: depth ≥ 2 from a balanced start
      const ratios = new Float64Array(widths.length - 1);
      const min = factorRatios(y0, d, new Float64Array(d * d), singularValueWorkspace(d, d), ratios);
      if (min > PRECISION_FLOOR) {
        events.push(factorPrecisionEvent(d, ratios.length));
        guarded = true;
      } else if (explicit) throw new RangeError(simulateMessages.guardStartBelow(ratios.indexOf(min) + 1, min));
    }
    // end-to-end: the exact flow keeps the sign of det W at depth N ≥ 2 and ∞ from a full-rank square start
    if (!factorInfo && rows === cols && (explicit || (N >= 2 && invariantRank === rows))) {
      const start = endToEndStart(y0, rows, rtol, atol);
      if (start.ratio > start.floor) {
        events.push(endToEndPrecisionEvent(rows, rtol, atol));
        guarded = true;
      } else if (explicit) throw new RangeError(simulateMessages.endToEndStartBelow(start.ratio, start.floor));
    }
  }
  return { events, guarded };
}

/** How a solve ended, as a run's status and message (before the invariants are checked), and the caller's events located. */
function endOfRun(
  o: SimulateOptions,
  sol: Solution,
  userEvents: number,
  rtol: number,
  atol: number,
): { status: TrajectoryStatus; message: string; located: { name: string; t: number; terminal: boolean }[]; tEvent: number | undefined } {
  const rows = o.energy.rows;
  let status: TrajectoryStatus;
  let message = sol.message;
  const located = sol.events.filter((e) => e.index < userEvents).map((e) => ({ name: e.name, t: e.t, terminal: e.terminal }));
  const stopper = sol.status === 'event' ? sol.events.find((e) => e.terminal) : undefined;
  const tEvent = stopper && stopper.index < userEvents ? stopper.t : undefined;
  if (tEvent !== undefined) {
    status = 'event';
    message = simulateMessages.eventReached(stopper!.name, tEvent);
  } else if (sol.status === 'event') {
    const ev = sol.events.find((e) => e.terminal);
    status = ev?.name === 'precision-limit' || ev?.name === 'precision-guard' || ev?.name === END_TO_END_GUARD ? 'precision-limit' : 'loss-reached';
    if (status === 'loss-reached') message = simulateMessages.lossReached(o.lossBelow!, sol.tFinal);
    else if (ev?.name === END_TO_END_GUARD) message = simulateMessages.endToEndPrecision(rtol, atol, sol.tFinal);
    else message = ev?.name === 'precision-guard' ? simulateMessages.factorPrecision(sol.tFinal) : simulateMessages.detPrecision(o.detFloor!, rows, sol.tFinal);
  } else if (sol.status === 'success' && o.lossBelow !== undefined) {
    status = 't1-reached';
    message = simulateMessages.t1Reached(o.t1, o.lossBelow);
  } else status = sol.status;
  return { status, message, located, tEvent };
}

/** Integrates a model's flow from its start; throws a RangeError naming the first option that is not valid. */
export function simulate(o: SimulateOptions): Trajectory {
  const problem = optionProblems(o)[0];
  if (problem) throw new RangeError(simulateMessages.badOption(problem));
  return simulateValidated(o);
}

/**
 * `simulate` for options already validated: a scenario's are, once per cell, by the resolver
 * (experiment/resolve.ts), so its runs do not check them again.
 */
export function simulateValidated(o: SimulateOptions): Trajectory {
  const { energy, model } = o;
  const N = model.depth;
  const time: TimeConvention = model.time ?? defaultTime(N);
  const rows = energy.rows;
  const cols = energy.cols;
  const { widths } = modelProblems(model, rows, cols);
  const rtol = o.solver?.rtol ?? DEFAULT_SOLVER.rtol;
  const atol = o.solver?.atol ?? DEFAULT_SOLVER.atol;
  const run = runSystem(o, widths, time);
  const { system, y0, endToEnd, invariantRank, factorInfo, flowLayout } = run;
  const { events, guarded } = runEvents(o, run, widths, rtol, atol);

  const s = o.solver ?? {};
  const sol = solve(system, s.method ?? DEFAULT_SOLVER.method, {
    t0: 0,
    t1: o.t1,
    y0,
    rtol,
    atol,
    maxSteps: s.maxSteps ?? DEFAULT_SOLVER.maxSteps,
    ...(s.h0 === undefined ? {} : { h0: s.h0 }),
    ...(s.hmax === undefined ? {} : { hmax: s.hmax }),
    ...(s.jacobianAge === undefined ? {} : { jacobianAge: s.jacobianAge }),
    saveAt: o.saveAt ?? defaultSave,
    events,
    dense: false,
    linearAlgebra: odeLinearAlgebra,
    ...(o.signal === undefined ? {} : { signal: o.signal }),
  });

  const t = Array.from(sol.t);
  const states = sol.y;
  const W = states.map((y) => {
    const out = new Float64Array(rows * cols);
    endToEnd(y, out);
    return out;
  });
  const diag = states.map((y, k) => diagnose(t[k]!, W[k]!, energy, factorInfo?.(y), o.rankThreshold));
  const end = endOfRun(o, sol, (o.events ?? []).length, rtol, atol);
  let { status, message } = end;
  const { located, tEvent } = end;
  // the invariants of the exact flow, checked at the saved rows: a run that broke one does not end as if it had not
  if (!STOPPED.has(status)) {
    const breach = invariantBreach({
      t,
      states,
      y0,
      rows,
      cols,
      depth: N,
      scale: Number.isFinite(N) && time === 'normalized' ? 1 / N : 1,
      ...(flowLayout ? { layout: flowLayout } : {}),
      ...(model.regularizer ? { regularizer: model.regularizer } : {}),
      ...(energy.inputCovariance ? { inputCovariance: energy.inputCovariance } : {}),
      ...(invariantRank === undefined ? {} : { rank: invariantRank }),
      rtol,
      atol,
      steps: sol.stats.naccepted,
    });
    if (breach) {
      message = simulateMessages.invariantBroken(breach.invariant, breach.t, breach.drift, breach.bound, status);
      status = 'invariant-broken';
    }
  }
  // factor models on data: the first layer's null-input block, which the exact flow keeps (docs/theory.md §7.2)
  const drifts =
    flowLayout && energy.inputCovariance
      ? nullInputDrifts(states, t, y0, flowLayout, energy.inputCovariance, Number.isFinite(N) && time === 'normalized' ? 1 / N : 1, model.regularizer)
      : undefined;
  const rowsOut = drifts ? diag.map((r, k) => ({ ...r, nullInputDrift: drifts[k]! })) : diag;
  return {
    status,
    message,
    time,
    depth: N,
    parametrization: model.parametrization,
    widths,
    precisionGuard: guarded,
    invariantRank,
    t,
    W,
    states,
    rows: rowsOut,
    stats: sol.stats,
    method: sol.method,
    solution: sol,
    events: located,
    tEvent,
  };
}
