/**
 * `simulate(…)`: one gradient-flow run of a deep linear network — energy, model, start, solver —
 * to a trajectory with the diagnostics at every saved time and the solver statistics.
 * Numerical trouble is a status on the trajectory (everything reached so far is kept), never an
 * exception; exceptions are for inconsistent input.
 */
import { invariants } from '../analysis/invariants.js';
import { downstairsFlow } from '../flows/downstairs.js';
import { packFactors } from '../flows/layout.js';
import { defaultTime, type TimeConvention } from '../flows/time.js';
import { isZeroRegularizer } from '../flows/regularizer.js';
import { upstairsFlow } from '../flows/upstairs.js';
import { balancedFactors, productOf } from '../init/inits.js';
import { numericalRank } from '../linalg/norms.js';
import { singularValues } from '../linalg/svd.js';
import { DEFAULT_SOLVER } from './defaultSolver.js';
import { diagnose } from './diagnostics.js';
import { simulateMessages } from './messages.js';
import { modelProblems, optionProblems, startProblems } from './optionProblems.js';
import { invariantBreach, nullInputDrifts } from './invariantGuards.js';
import { DEFAULT_SAVE, endOfRun, runEvents, solveRun, type RunSystem } from './runEvents.js';
import { simulateSpectral } from './spectralRun.js';

export { PRECISION_FLOOR } from './precisionFloor.js';
export { simulateMessages } from './messages.js';

export type { ModelSpec, StartSpec } from './modelSpec.js';

import type { SimulateOptions, Trajectory, TrajectoryStatus } from './simulateTypes.js';
export type { SolverSpec, SimulateOptions, TrajectoryStatus, SimulateEvent, LocatedEvent, Trajectory } from './simulateTypes.js';

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

/** Integrates a model's flow from its start; throws a RangeError naming the first option that is not valid. */
export function simulate(o: SimulateOptions): Trajectory {
  const problem = optionProblems(o)[0] ?? startProblems(o)[0];
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
  if (model.coordinates === 'spectral') return simulateSpectral(o, widths, time, rtol, atol);
  const run = runSystem(o, widths, time);
  const { y0, endToEnd, invariantRank, factorInfo, flowLayout } = run;
  const { events, guarded } = runEvents(o, run, widths, rtol, atol);

  const sol = solveRun(o, run, 0, o.saveAt ?? DEFAULT_SAVE, events, rtol, atol);

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
