/**
 * What every driver shares: option validation, the counted right-hand side, and assembling a
 * Solution from the recorder once the integration stops.
 */
import { NATIVE_STAGES_FROM } from './linearCombination.js';
import { messages } from './messages.js';
import { expandTolerance } from './norm.js';
import { Recorder, saveTimes } from './recorder.js';
import type { StepperContext } from './stepper.js';
import type { OdeSystem, Solution, SolveOptions, SolveStats, SolveStatus } from './types.js';

function fail(message: string): never {
  throw new RangeError(message);
}

/** Validated, expanded options shared by the drivers. */
export interface Prepared {
  readonly system: OdeSystem;
  readonly ctx: StepperContext;
  readonly y0: Float64Array;
  readonly t0: number;
  readonly t1: number;
  readonly recorder: Recorder;
  readonly options: SolveOptions;
  readonly started: number;
}

/** Validates options and builds the counted right-hand side, tolerances and recorder. */
export function prepare(system: OdeSystem, options: SolveOptions): Prepared {
  const n = system.dim;
  if (!Number.isInteger(n) || n < 1) fail(`system.dim must be a positive integer, got ${String(n)}`);
  const { t0, t1 } = options;
  if (!Number.isFinite(t0) || !Number.isFinite(t1) || t0 === t1) fail(messages.badSpan(t0, t1));
  if (options.y0.length !== n) fail(messages.badDimension('y0', n, options.y0.length));
  const y0 = Float64Array.from(options.y0);
  const rtol = expandTolerance(options.rtol ?? 1e-6, n, 'rtol', fail);
  const atol = expandTolerance(options.atol ?? 1e-9, n, 'atol', fail);
  for (let i = 0; i < n; i++) if (rtol[i]! === 0 && atol[i]! === 0) fail(messages.badTolerance('rtol + atol'));
  const direction: 1 | -1 = t1 > t0 ? 1 : -1;
  const hmax = options.hmax ?? Math.abs(t1 - t0);
  if (!(hmax > 0)) fail(messages.badTolerance('hmax'));
  const maxSteps = options.maxSteps ?? 100000;
  if (!(maxSteps >= 1)) fail('maxSteps must be at least 1');
  const stats: SolveStats = { nfev: 0, njev: 0, nlu: 0, nsteps: 0, naccepted: 0, nrejected: 0, wallMs: 0 };
  const f = (t: number, y: Float64Array, out: Float64Array): void => {
    stats.nfev++;
    system.rhs(t, y, out);
  };
  // asked only for states large enough to use it, so small problems never load a native library
  const blas = n >= NATIVE_STAGES_FROM ? options.linearAlgebra?.nativeBlas() : undefined;
  const times = saveTimes(options.saveAt ?? { kind: 'steps' }, t0, t1, fail);
  const recorder = new Recorder(n, times, options.events ?? [], options.dense !== false, direction);
  return {
    system,
    ctx: { f, dim: n, tol: { rtol, atol }, direction, hmax, maxSteps, stats, linearAlgebra: options.linearAlgebra, blas },
    y0,
    t0,
    t1,
    recorder,
    options,
    started: performance.now(),
  };
}

/** Assembles the solution from the recorder and the final state. */
export function finish(
  p: Prepared,
  method: string,
  status: SolveStatus,
  tReached: number,
  yReached: Float64Array,
  stiffness: Solution['stiffness'],
  hLast = Number.NaN,
): Solution {
  const { recorder, ctx } = p;
  let tFinal = tReached;
  let yFinal: Float64Array = Float64Array.from(yReached);
  if (status === 'event' && recorder.stopY) {
    tFinal = recorder.stopT;
    yFinal = recorder.stopY;
  }
  const message =
    status === 'success'
      ? messages.success(p.t1)
      : status === 'event'
        ? messages.event(recorder.roots.find((r) => r.terminal)?.name ?? 'event', tFinal)
        : status === 'max-steps'
          ? messages.maxSteps(ctx.maxSteps, tFinal)
          : status === 'step-size-underflow'
            ? messages.underflow(tFinal, hLast)
            : status === 'non-finite'
              ? messages.nonFinite(tFinal)
              : messages.interrupted(tFinal);
  // a failed run keeps its last good point among the saved ones when saving every step already did
  if (status !== 'success' && status !== 'event' && recorder.ts[recorder.ts.length - 1] !== tFinal) {
    recorder.ts.push(tFinal);
    recorder.ys.push(Float64Array.from(yFinal));
  }
  ctx.stats.wallMs = performance.now() - p.started;
  return {
    method,
    status,
    message,
    t: Float64Array.from(recorder.ts),
    y: recorder.ys,
    tFinal,
    yFinal,
    events: recorder.roots,
    stats: ctx.stats,
    stiffness,
    sol: p.options.dense === false ? undefined : recorder.interpolant(p.t0, p.y0, tFinal),
  };
}
