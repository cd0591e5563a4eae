/**
 * A run's events and how its solve ended (shared by `simulate.ts` and the two-phase spectral run,
 * `spectralRun.ts`): the caller's events, the loss floor, the determinant floor and the precision
 * guards; the status and message of a finished solve.
 */
import { invariants } from '../analysis/invariants.js';
import type { FactorLayout } from '../flows/layout.js';
import { determinant } from '../linalg/lu.js';
import { frobeniusNorm } from '../linalg/norms.js';
import { singularValueWorkspace, type SvdWorkspace } from '../linalg/svd.js';
import { solve } from '../ode/solve.js';
import type { OdeEvent, OdeSystem, SaveAt, Solution } from '../ode/types.js';
import { DEFAULT_SOLVER } from './defaultSolver.js';
import { methodFor } from './methodChoice.js';
import { odeLinearAlgebra } from './odeLinearAlgebra.js';
import { simulateMessages } from './messages.js';
import { PRECISION_FLOOR } from './precisionFloor.js';
import { END_TO_END_GUARD, endToEndPrecisionEvent, endToEndStart } from './invariantGuards.js';
import type { SimulateOptions, TrajectoryStatus } from './simulateTypes.js';

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
export type FactorInfo = (y: Float64Array) => { layout: FactorLayout; y: Float64Array; D0: Float64Array[]; penalty?: (y: Float64Array) => number };

/** The flow a run integrates, its start, and how to read the end-to-end matrix and the factors from a state. */
export interface RunSystem {
  readonly system: OdeSystem;
  readonly y0: Float64Array;
  /** Writes the end-to-end matrix of a state into `out`. */
  readonly endToEnd: (y: Float64Array, out: Float64Array) => void;
  /** The rank an end-to-end flow keeps (factor models: undefined). */
  readonly invariantRank: number | undefined;
  readonly factorInfo: FactorInfo | undefined;
  readonly flowLayout: FactorLayout | undefined;
}

/**
 * The run's events, in their order: the caller's (indices 0 … n−1 of the solution's roots), the loss
 * floor, the determinant floor and the precision guard wherever it applies; and whether the guard is armed.
 */
export function runEvents(o: SimulateOptions, run: RunSystem, widths: number[], rtol: number, atol: number): { events: OdeEvent[]; guarded: boolean } {
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
export function endOfRun(
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

/** Where a run saves when the caller does not say (101 uniform points). */
export const DEFAULT_SAVE: SaveAt = { kind: 'uniform', n: 101 };

/** The solve of `run` from `t0` to `o.t1` with the caller's solver settings (one run, or one phase of a spectral run). */
export function solveRun(o: SimulateOptions, run: RunSystem, t0: number, saveAt: SaveAt, events: OdeEvent[], rtol: number, atol: number): Solution {
  const s = o.solver ?? {};
  return solve(run.system, methodFor(s.method ?? DEFAULT_SOLVER.method, run.system), {
    t0,
    t1: o.t1,
    y0: run.y0,
    rtol,
    atol,
    maxSteps: s.maxSteps ?? DEFAULT_SOLVER.maxSteps,
    ...(s.h0 === undefined ? {} : { h0: s.h0 }),
    ...(s.hmax === undefined ? {} : { hmax: s.hmax }),
    ...(s.jacobianAge === undefined ? {} : { jacobianAge: s.jacobianAge }),
    saveAt,
    events,
    dense: false,
    linearAlgebra: odeLinearAlgebra,
    ...(o.signal === undefined ? {} : { signal: o.signal }),
  });
}
