/**
 * Gragg–Bulirsch–Stoer extrapolation through the `odex` package (Hairer's ODEX ported by Colin
 * Smith), behind the same interface: statistics mapped, save-at and events on odex's own dense
 * output. odex's interpolant lives in a buffer it overwrites on the next step, so each kept
 * segment is a snapshot sampled at Chebyshev–Lobatto nodes and evaluated by barycentric
 * interpolation, which reproduces odex's polynomial (degree ≤ 2·km + 4 = 22) to rounding.
 * @see E. Hairer, S. P. Nørsett, G. Wanner, Solving ODEs I, 2nd ed., §II.9 (ODEX).
 */
import { odex, OdexOutcome } from './odexModule.js';
import { finish, type Prepared } from './driver.js';
import type { LiveSegment, Segment } from './stepper.js';
import type { Solution, SolveStatus } from './types.js';

const KM = 9;
const NODES = 2 * KM + 5;

/** Barycentric weights of the Chebyshev–Lobatto nodes x_j = cos(πj/m), j = 0..m (Berrut–Trefethen). */
const CHEB_X = Array.from({ length: NODES }, (_, j) => 0.5 - 0.5 * Math.cos((Math.PI * j) / (NODES - 1)));
const CHEB_W = Array.from({ length: NODES }, (_, j) => (j % 2 === 0 ? 1 : -1) * (j === 0 || j === NODES - 1 ? 0.5 : 1));

function barycentric(theta: number, samples: Float64Array, dim: number, out: Float64Array): void {
  for (let j = 0; j < NODES; j++) {
    if (theta === CHEB_X[j]) {
      for (let k = 0; k < dim; k++) out[k] = samples[j * dim + k]!;
      return;
    }
  }
  out.fill(0);
  let den = 0;
  for (let j = 0; j < NODES; j++) {
    const w = CHEB_W[j]! / (theta - CHEB_X[j]!);
    den += w;
    for (let k = 0; k < dim; k++) out[k] = out[k]! + w * samples[j * dim + k]!;
  }
  for (let k = 0; k < dim; k++) out[k] = out[k]! / den;
}

class OdexSegment implements LiveSegment {
  t0 = 0;
  t1 = 0;
  dense: ((c: number, x: number) => number) | undefined;
  constructor(private readonly dim: number) {}
  evaluate(t: number, out: Float64Array): void {
    const d = this.dense;
    if (d === undefined) throw new Error('odex gave no dense output for this step');
    for (let k = 0; k < this.dim; k++) out[k] = d(k, t);
  }
  snapshot(): Segment {
    const { t0, t1, dim } = this;
    const samples = new Float64Array(NODES * dim);
    const row = new Float64Array(dim);
    for (let j = 0; j < NODES; j++) {
      this.evaluate(t0 + CHEB_X[j]! * (t1 - t0), row);
      samples.set(row, j * dim);
    }
    return {
      t0,
      t1,
      evaluate: (t: number, out: Float64Array): void => {
        barycentric((t - t0) / (t1 - t0), samples, dim, out);
      },
    };
  }
}

/** Runs odex with the prepared options (the driver has already checked `f(t0, y0)`). */
export function solveOdex(p: Prepared): Solution {
  const { ctx, recorder, t0, t1, options } = p;
  const n = ctx.dim;
  const solver = new odex.Solver(n);
  solver.denseOutput = true;
  solver.maxExtrapolationColumns = KM;
  solver.relativeTolerance = Array.from(ctx.tol.rtol);
  solver.absoluteTolerance = Array.from(ctx.tol.atol);
  solver.maxSteps = ctx.maxSteps;
  solver.maxStepSize = ctx.hmax;
  if (options.h0 !== undefined) solver.initialStepSize = options.h0;
  const yIn = new Float64Array(n);
  const yOut = new Float64Array(n);
  // set inside the right-hand-side wrapper, which narrowing cannot see
  let nonFinite = false as boolean;
  const f = (t: number, y: number[]): number[] => {
    for (let i = 0; i < n; i++) yIn[i] = y[i]!;
    ctx.f(t, yIn, yOut);
    for (let i = 0; i < n; i++) if (!Number.isFinite(yOut[i]!)) nonFinite = true;
    return Array.from(yOut);
  };
  const seg = new OdexSegment(n);
  let tLast = t0;
  const yLast = Float64Array.from(p.y0);
  // assigned inside odex's callback, which TypeScript's narrowing cannot see
  let stopStatus = undefined as SolveStatus | undefined;
  const yStep = new Float64Array(n);
  const result = solver.solve(f, t0, Array.from(p.y0), t1, (nr, xOld, x, y, dense) => {
    if (nr === 1) return true; // the initial point, already recorded
    for (let i = 0; i < n; i++) yStep[i] = y[i]!;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(yStep[i]!)) {
        stopStatus = 'non-finite';
        return false;
      }
    }
    seg.t0 = xOld;
    seg.t1 = x;
    seg.dense = dense;
    tLast = x;
    yLast.set(yStep);
    if (recorder.step(seg, x, yStep)) {
      stopStatus = 'event';
      return false;
    }
    if (options.signal?.aborted === true) {
      stopStatus = 'interrupted';
      return false;
    }
    return true;
  });
  // odex's own counters: nEval counts extrapolation-table evaluations; ours counts every call.
  ctx.stats.nsteps = result.nStep;
  ctx.stats.naccepted = result.nAccept;
  ctx.stats.nrejected = result.nReject;
  let status: SolveStatus;
  if (stopStatus !== undefined) status = stopStatus;
  else if (result.outcome === OdexOutcome.MaxStepsExceeded) status = 'max-steps';
  else if (nonFinite) status = 'non-finite';
  else status = 'success';
  if (status === 'success') {
    tLast = t1;
    for (let i = 0; i < n; i++) yLast[i] = result.y[i]!;
  }
  return finish(p, 'odex', status, tLast, yLast, { detected: false, tFirst: undefined, switches: [] });
}
