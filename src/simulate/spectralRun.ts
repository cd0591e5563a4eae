/**
 * A run in spectral coordinates (`model.coordinates: spectral`, `flows/spectral.ts`): the end-to-end
 * flow integrated as `W = U·diag(e^ℓ)·Vᵀ`, which keeps exponentially small singular values and the
 * sign of det W exactly. The coordinates are singular where two singular values are equal, and
 * small starts such as `c·I` begin there; so a start whose singular values are closer than
 * `HANDOFF_GAP` (relative, `min ln(σ_i/σ_{i+1})`) first runs in matrix coordinates, with a terminal
 * event where the gap reaches `HANDOFF_GAP`, and the spectral run continues from that state (the
 * handoff). The two phases share the caller's events, save grid and solver settings; the trajectory
 * reports the handoff time. Two singular values meeting later in the run end it with status
 * `precision-limit` and a message naming the coordinates (the trajectory to there is kept). The end-to-end precision guard is not armed: these coordinates keep what
 * it protects. The invariant monitor does not run (its bounds are for tolerances on W; here they act
 * on ℓ and the frames).
 */
import { SPECTRAL_MIN_GAP, spectralFlow } from '../flows/spectral.js';
import { downstairsFlow } from '../flows/downstairs.js';
import type { TimeConvention } from '../flows/time.js';
import { productOf } from '../init/inits.js';
import { singularValueWorkspace } from '../linalg/svd.js';
import { saveTimes } from '../ode/recorder.js';
import type { OdeEvent, SaveAt, Solution, SolveStats } from '../ode/types.js';
import { diagnose, type DiagnosticsRow } from './diagnostics.js';
import { simulateMessages } from './messages.js';
import { DEFAULT_SAVE, endOfRun, runEvents, solveRun, type RunSystem } from './runEvents.js';
import type { LocatedEvent, SimulateOptions, Trajectory } from './simulateTypes.js';

/** The relative gap `min ln(σ_i/σ_{i+1})` at which a start in matrix coordinates hands over to spectral ones. */
export const HANDOFF_GAP = 1e-2;

/** The name of the handoff's event in the first phase's event list. */
const HANDOFF = 'spectral-handoff';
/** The name of the second phase's event where two singular values meet. */
const CROSSING = 'spectral-crossing';

/** `min_i ln(σ_i/σ_{i+1})` of the square `W` (0 when singular). */
function logGap(sigma: Float64Array, n: number): number {
  let gap = Infinity;
  for (let i = 0; i + 1 < n; i++) gap = Math.min(gap, sigma[i + 1]! > 0 ? Math.log(sigma[i]! / sigma[i + 1]!) : 0);
  return gap;
}

/** The terminal event of the handoff: the relative gap rising through `HANDOFF_GAP`. Allocation-free. */
function handoffEvent(n: number): OdeEvent {
  const svd = singularValueWorkspace(n, n);
  return { name: HANDOFF, direction: 1, terminal: true, g: (_t, W) => logGap(svd.compute(W).sigma, n) - HANDOFF_GAP };
}

function sumStats(a: SolveStats, b: SolveStats): SolveStats {
  return {
    nfev: a.nfev + b.nfev,
    njev: a.njev + b.njev,
    nlu: a.nlu + b.nlu,
    nsteps: a.nsteps + b.nsteps,
    naccepted: a.naccepted + b.naccepted,
    nrejected: a.nrejected + b.nrejected,
    wallMs: a.wallMs + b.wallMs,
  };
}

/** What one phase contributes to the trajectory. */
interface PhaseRows {
  t: number[];
  W: Float64Array[];
  states: Float64Array[];
  rows: DiagnosticsRow[];
}

/** `simulateValidated` for `model.coordinates: spectral` (options validated: square, end-to-end, nonsingular start). */
export function simulateSpectral(o: SimulateOptions, widths: number[], time: TimeConvention, rtol: number, atol: number): Trajectory {
  const { energy, model } = o;
  const n = energy.rows;
  const N = model.depth;
  const save = o.saveAt ?? DEFAULT_SAVE;
  const userEvents = (o.events ?? []).length;
  const unguarded: SimulateOptions = { ...o, precisionGuard: false };
  const W0 = 'factors' in o.start ? productOf(widths, o.start.factors) : Float64Array.from(o.start.endToEnd);
  const out: PhaseRows = { t: [], W: [], states: [], rows: [] };
  let located: LocatedEvent[] = [];

  // phase 1, only from (nearly) equal singular values: matrix coordinates until they separate
  let start = W0;
  let t0 = 0;
  let first: Solution | undefined;
  if (logGap(singularValueWorkspace(n, n).compute(W0).sigma, n) < HANDOFF_GAP) {
    const run: RunSystem = {
      system: downstairsFlow(energy, N, time),
      y0: W0,
      endToEnd: (y, W) => {
        W.set(y);
      },
      invariantRank: n,
      factorInfo: undefined,
      flowLayout: undefined,
    };
    const { events } = runEvents(unguarded, run, widths, rtol, atol);
    events.push(handoffEvent(n));
    first = solveRun(o, run, 0, save, events, rtol, atol);
    const stopper = first.status === 'event' ? first.events.find((e) => e.terminal) : undefined;
    const handedOver = stopper?.name === HANDOFF;
    const end = endOfRun(o, first, userEvents, rtol, atol);
    located = end.located;
    // the handoff state is not a requested row: it starts the second phase
    const kept = handedOver ? first.t.length - 1 : first.t.length;
    for (let k = 0; k < kept; k++) {
      const W = Float64Array.from(first.y[k]!);
      out.t.push(first.t[k]!);
      out.W.push(W);
      out.states.push(first.y[k]!);
      out.rows.push(diagnose(first.t[k]!, W, energy, undefined, o.rankThreshold));
    }
    if (!handedOver) return trajectory(o, widths, time, out, end, first, first.stats, located, undefined);
    t0 = first.tFinal;
    start = first.y[first.y.length - 1]!;
  }

  // phase 2: spectral coordinates from `start` at t0, on the rest of the save grid
  const flow = spectralFlow(energy, N, time, start);
  const run: RunSystem = {
    system: flow,
    y0: flow.initial,
    endToEnd: (y, W) => {
      flow.matrix(y, W);
    },
    invariantRank: n,
    factorInfo: undefined,
    flowLayout: undefined,
  };
  const { events } = runEvents(unguarded, run, widths, rtol, atol);
  const grid = saveTimes(save, 0, o.t1, (m) => {
    throw new RangeError(m);
  });
  const rest: SaveAt = grid === undefined || first === undefined ? save : { kind: 'times', times: grid.filter((t) => t > t0) };
  // a crossing later in the run: the coordinates' pole, where the frames' rates grow like 1/gap
  // (ℓ starts descending, and two of them meet only after neighbours in that order do: the signed gaps of
  // neighbours change sign there, where |ℓ_i − ℓ_l| would only touch 0 between two steps)
  const ell = new Float64Array(n);
  const gap = (y: Float64Array): number => {
    flow.logSingularValues(y, ell);
    let g = Infinity;
    for (let i = 0; i + 1 < n; i++) g = Math.min(g, ell[i]! - ell[i + 1]!);
    return g;
  };
  events.push({ name: CROSSING, direction: -1, terminal: true, g: (_t, y) => gap(y) - SPECTRAL_MIN_GAP });
  const second = solveRun(o, run, t0, rest, events, rtol, atol);
  const ended = endOfRun(o, second, userEvents, rtol, atol);
  const crossed = second.status === 'event' && second.events.find((e) => e.terminal)?.name === CROSSING;
  const end = crossed ? { ...ended, status: 'precision-limit' as const, message: simulateMessages.spectralCrossing(second.tFinal, SPECTRAL_MIN_GAP) } : ended;
  for (let k = 0; k < second.t.length; k++) {
    const y = second.y[k]!;
    const W = new Float64Array(n * n);
    flow.matrix(y, W);
    flow.logSingularValues(y, ell);
    const sigma = Float64Array.from(ell, Math.exp).sort().reverse();
    const logAbsDet = flow.logAbsDet(y);
    out.t.push(second.t[k]!);
    out.W.push(W);
    out.states.push(y);
    out.rows.push(diagnose(second.t[k]!, W, energy, undefined, o.rankThreshold, { sigma, det: flow.detSign * Math.exp(logAbsDet), logAbsDet }));
  }
  const stats = first ? sumStats(first.stats, second.stats) : second.stats;
  return trajectory(o, widths, time, out, end, second, stats, [...located, ...end.located], first ? t0 : undefined);
}

function trajectory(
  o: SimulateOptions,
  widths: number[],
  time: TimeConvention,
  out: PhaseRows,
  end: ReturnType<typeof endOfRun>,
  sol: Solution,
  stats: SolveStats,
  located: LocatedEvent[],
  handoff: number | undefined,
): Trajectory {
  return {
    status: end.status,
    message: handoff === undefined ? end.message : `${end.message} ${simulateMessages.spectralHandoff(handoff)}`,
    time,
    depth: o.model.depth,
    parametrization: o.model.parametrization,
    coordinates: 'spectral',
    ...(handoff === undefined ? {} : { handoff }),
    widths,
    precisionGuard: false,
    invariantRank: o.energy.rows,
    t: out.t,
    W: out.W,
    states: out.states,
    rows: out.rows,
    stats,
    method: sol.method,
    solution: sol,
    events: located,
    tEvent: end.tEvent,
  };
}
