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
import type { TimeConvention } from '../flows/time.js';
import { upstairsFlow } from '../flows/upstairs.js';
import { balancedFactors, productOf } from '../init/inits.js';
import { determinant } from '../linalg/lu.js';
import { frobeniusNorm, numericalRank } from '../linalg/norms.js';
import { SvdWorkspace, singularValues } from '../linalg/svd.js';
import { solve } from '../ode/solve.js';
import type { MethodName, OdeEvent, OdeSystem, SaveAt, Solution, SolveStats, SolveStatus } from '../ode/types.js';
import { diagnose, type DiagnosticsRow } from './diagnostics.js';

/** The network and the flow integrated. */
export interface ModelSpec {
  /** `N ≥ 1`, or `Infinity` (end-to-end only, normalised time). */
  readonly depth: number;
  /** Hidden widths `d_1 … d_{N−1}` (default: `max(d_0, d_N)` each). */
  readonly hidden?: readonly number[];
  /** Integrate the factors (`factors`, upstairs) or the end-to-end matrix (`end-to-end`, downstairs). */
  readonly parametrization: 'factors' | 'end-to-end';
  /** Time convention of every output (default `upstairs`; depth ∞ requires `normalized`). */
  readonly time?: TimeConvention;
  /**
   * End-to-end models: the invariant rank of the start (default: its numerical rank at 64 ε relative
   * when N ≥ 2). See `DownstairsOptions.rank`.
   */
  readonly rank?: number;
}

/** The start: explicit factors, or an end-to-end matrix (balanced factors of it for factor models). */
export type StartSpec = { readonly factors: readonly ArrayLike<number>[] } | { readonly endToEnd: ArrayLike<number> };

export interface SolverSpec {
  readonly method?: MethodName;
  readonly rtol?: number;
  readonly atol?: number;
  readonly maxSteps?: number;
  readonly h0?: number;
  readonly hmax?: number;
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
   * Square problems only: stop with status `precision-limit` when `|det W| < detFloor · ‖W‖_F^d`,
   * where the sign of `det W` — which the exact balanced flow preserves — is about to be lost to
   * rounding (docs/theory.md §5; 1e-13 is a sensible value). Off by default.
   */
  readonly detFloor?: number;
  /**
   * Factor models with square factors: stop with status `precision-limit` when some factor's
   * smallest singular value falls below 10·(atol + rtol·σ_max(W_j)), the level the solver controls.
   * Below it the sign of det W_j — hence of det W = Π det W_j, which the exact balanced flow keeps —
   * is noise (docs/theory.md §5: Razin–Cohen at depth 2). Off by default.
   */
  readonly precisionGuard?: boolean;
  /** Relative threshold of the numerical rank in the diagnostics (default 1e-6). */
  readonly rankThreshold?: number;
  readonly signal?: AbortSignal;
}

/** Why a simulation stopped: the solver's statuses, plus `loss-reached` and `precision-limit`. */
export type TrajectoryStatus = Exclude<SolveStatus, 'event'> | 'loss-reached' | 'precision-limit';

export interface Trajectory {
  readonly status: TrajectoryStatus;
  readonly message: string;
  /** The time convention of `t` and of every rate. */
  readonly time: TimeConvention;
  readonly depth: number;
  readonly parametrization: 'factors' | 'end-to-end';
  readonly widths: readonly number[];
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
}

const defaultSave: SaveAt = { kind: 'uniform', n: 101 };
/** Solver tolerances when the caller gives none (tighter than solve's: these runs are compared with closed forms). */
const DEFAULT_RTOL = 1e-8;
const DEFAULT_ATOL = 1e-10;
/** Singular values of the start below this (relative, ~64 ulp) are rounding: the start is rank-deficient. */
const RANK_TOL_START = 64 * Number.EPSILON;

/** What a simulation says when it stops on one of its own events. */
export const simulateMessages = {
  lossReached: (eps: number, t: number): string => `The loss fell below ${String(eps)} at t = ${String(t)}.`,
  factorPrecision: (t: number): string =>
    `A factor's smallest singular value fell to the solver's error level (10·(atol + rtol·σ_max)) at t = ${String(t)}: beyond this the sign of det W — which the exact flow keeps — is noise, so the run stops here rather than report a spurious limit.`,
  detPrecision: (floor: number, d: number, t: number): string =>
    `|det W| fell below ${String(floor)}·‖W‖^${String(d)} at t = ${String(t)}: beyond this its sign — which the exact flow keeps — is lost to rounding, so the run stops here rather than report a spurious limit.`,
};

/** The terminal event `precisionGuard` adds: a factor's σ_min reaching the solver's error level. Allocation-free. */
function factorPrecisionEvent(d: number, N: number, rtol: number, atol: number): OdeEvent {
  const block = new Float64Array(d * d);
  const svd = new SvdWorkspace(d, d);
  return {
    name: 'precision-limit',
    direction: -1,
    terminal: true,
    g: (_t, y) => {
      let worst = Infinity;
      for (let j = 0; j < N; j++) {
        for (let i = 0; i < d * d; i++) block[i] = y[j * d * d + i]!;
        const sv = svd.compute(block).sigma;
        worst = Math.min(worst, sv[d - 1]! - 10 * (atol + rtol * sv[0]!));
      }
      return worst;
    },
  };
}

export function simulate(o: SimulateOptions): Trajectory {
  const { energy, model } = o;
  const N = model.depth;
  const time: TimeConvention = model.time ?? (Number.isFinite(N) ? 'upstairs' : 'normalized');
  const rows = energy.rows;
  const cols = energy.cols;
  const hiddenDefault = Math.max(rows, cols);
  const hidden = model.hidden ?? (Number.isFinite(N) ? Array.from({ length: N - 1 }, () => hiddenDefault) : []);
  if (Number.isFinite(N) && hidden.length !== N - 1) throw new RangeError(`model.hidden lists ${String(hidden.length)} widths; depth ${String(N)} has ${String(N - 1)} hidden layers`);
  const widths = Number.isFinite(N) ? [cols, ...hidden, rows] : [cols, rows];
  const rtol = o.solver?.rtol ?? DEFAULT_RTOL;
  const atol = o.solver?.atol ?? DEFAULT_ATOL;

  let system: OdeSystem;
  let y0: Float64Array;
  /** Writes the end-to-end matrix of a state into `out`. */
  let endToEnd: (y: Float64Array, out: Float64Array) => void;
  let invariantRank: number | undefined;
  let factorInfo: ((y: Float64Array) => { layout: FactorLayout; y: Float64Array; D0: Float64Array[] }) | undefined;
  if (model.parametrization === 'factors') {
    if (!Number.isFinite(N)) throw new RangeError('depth ∞ exists only for the end-to-end parametrization');
    const flow = upstairsFlow(energy, widths, time);
    const factors = 'factors' in o.start ? o.start.factors : balancedFactors(widths, o.start.endToEnd);
    y0 = packFactors(flow.layout, factors);
    const D0 = invariants(flow.layout, y0);
    endToEnd = (y, out) => {
      flow.endToEnd(y, out);
    };
    factorInfo = (y) => ({ layout: flow.layout, y, D0 });
    system = flow;
  } else {
    if ('factors' in o.start) y0 = productOf(widths, o.start.factors);
    else {
      if (o.start.endToEnd.length !== rows * cols) throw new RangeError(`start.endToEnd must have ${String(rows * cols)} entries, got ${String(o.start.endToEnd.length)}`);
      y0 = Float64Array.from(o.start.endToEnd);
    }
    // a rank-deficient start keeps its rank for N ≥ 2: say so to the flow (see DownstairsOptions.rank)
    const rank = model.rank ?? (N === 1 ? Math.min(rows, cols) : numericalRank(singularValues(y0, rows, cols), RANK_TOL_START));
    system = downstairsFlow(energy, N, time, { rank });
    invariantRank = rank;
    endToEnd = (y, out) => { out.set(y); };
  }

  // event functions run at every step: they work in buffers allocated here
  const events: OdeEvent[] = [];
  const Wbuf = new Float64Array(rows * cols);
  const wOf = (y: Float64Array): Float64Array => {
    endToEnd(y, Wbuf);
    return Wbuf;
  };
  if (o.lossBelow !== undefined) {
    const eps = o.lossBelow;
    events.push({ name: 'loss-reached', direction: -1, terminal: true, g: (_t, y) => energy.value(wOf(y)) - eps });
  }
  if (o.detFloor !== undefined) {
    if (rows !== cols) throw new RangeError('detFloor applies to square problems only');
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
  if (o.precisionGuard === true) {
    if (!factorInfo) throw new RangeError('precisionGuard applies to factor models; use detFloor for end-to-end models');
    const d = widths[0]!;
    if (!widths.every((w) => w === d)) throw new RangeError('precisionGuard needs square factors (every width equal)');
    events.push(factorPrecisionEvent(d, widths.length - 1, rtol, atol));
  }

  const s = o.solver ?? {};
  const sol = solve(system, s.method ?? 'auto', {
    t0: 0,
    t1: o.t1,
    y0,
    rtol,
    atol,
    ...(s.maxSteps === undefined ? {} : { maxSteps: s.maxSteps }),
    ...(s.h0 === undefined ? {} : { h0: s.h0 }),
    ...(s.hmax === undefined ? {} : { hmax: s.hmax }),
    saveAt: o.saveAt ?? defaultSave,
    events,
    dense: false,
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
  let status: TrajectoryStatus;
  let message = sol.message;
  if (sol.status === 'event') {
    const ev = sol.events.find((e) => e.terminal);
    status = ev?.name === 'precision-limit' ? 'precision-limit' : 'loss-reached';
    if (status === 'loss-reached') message = simulateMessages.lossReached(o.lossBelow!, sol.tFinal);
    else message = o.precisionGuard === true ? simulateMessages.factorPrecision(sol.tFinal) : simulateMessages.detPrecision(o.detFloor!, rows, sol.tFinal);
  } else status = sol.status;
  return { status, message, time, depth: N, parametrization: model.parametrization, widths, invariantRank, t, W, states, rows: diag, stats: sol.stats, method: sol.method, solution: sol };
}
