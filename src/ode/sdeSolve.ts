/**
 * Fixed-step integration of an additive-noise SDE over `[t0, t1]`, saved at the requested times.
 * Each interval between consecutive save times is cut into `m = ⌈Δ/dt⌉` equal steps (so every save
 * time is a step end and no step exceeds `dt`), and each step draws its Brownian increments from
 * `source` (see `brownianIncrements`): the path is a function of the source and the save grid only.
 * No error control: the accuracy is the method's strong order in `dt` (docs/theory.md, "Langevin
 * dynamics upstairs").
 */
import { brownianIncrements, type BrownianSource } from './brownian.js';
import { eulerMaruyama } from './eulerMaruyama.js';
import { messages } from './messages.js';
import { SavedPath, saveTimes } from './savedPath.js';
import type { AdditiveSde, SdeMethodName, SdeStepper } from './sdeTypes.js';
import { sra1 } from './sra1.js';
import type { SaveAt, SolveStats } from './types.js';

/** Options of `solveSde`. */
export interface SdeOptions {
  readonly t0: number;
  readonly t1: number;
  readonly y0: ArrayLike<number>;
  /** Largest step size. */
  readonly dt: number;
  /** The standard normal draws that make the Brownian path. */
  readonly source: BrownianSource;
  /** Where to save (default: every step of a uniform grid of step ≤ dt). */
  readonly saveAt?: SaveAt;
  /** Largest number of steps (default 100000). */
  readonly maxSteps?: number;
  readonly signal?: AbortSignal;
}

/** Why a stochastic integration stopped. */
export type SdeStatus = 'success' | 'max-steps' | 'non-finite' | 'step-size-underflow' | 'interrupted';

/** The saved path of one integration. */
export interface SdeSolution {
  readonly method: string;
  readonly status: SdeStatus;
  readonly message: string;
  readonly t: Float64Array;
  readonly y: Float64Array[];
  readonly stats: SolveStats;
}

/** The stepper of a method for `sde`. */
export function sdeStepper(sde: AdditiveSde, method: SdeMethodName): SdeStepper {
  switch (method) {
    case 'sra1':
      return sra1(sde);
    case 'euler-maruyama':
      return eulerMaruyama(sde);
  }
}

/** Integrates `sde` with `method` at fixed steps of at most `dt`. */
export function solveSde(sde: AdditiveSde, method: SdeMethodName, o: SdeOptions): SdeSolution {
  const started = performance.now();
  const n = sde.dim;
  if (o.y0.length !== n) throw new RangeError(messages.badDimension('y0', n, o.y0.length));
  if (!(o.t1 > o.t0) || !Number.isFinite(o.t1) || !Number.isFinite(o.t0)) throw new RangeError(messages.sdeSpan(o.t0, o.t1));
  if (!(o.dt > 0) || !Number.isFinite(o.dt)) throw new RangeError(messages.sdeStep(o.dt));
  const span = o.t1 - o.t0;
  const save: SaveAt = o.saveAt ?? { kind: 'uniform', n: Math.ceil(span / o.dt) + 1 };
  const times = saveTimes(save.kind === 'steps' ? { kind: 'uniform', n: Math.ceil(span / o.dt) + 1 } : save, o.t0, o.t1, (m) => {
    throw new RangeError(m);
  })!;
  const stepper = sdeStepper(sde, method);
  const maxSteps = o.maxSteps ?? 100_000;
  let y = Float64Array.from(o.y0);
  let next = new Float64Array(n);
  const dW = new Float64Array(n);
  const chi = new Float64Array(n);
  const path = new SavedPath(times, 1);
  let t = o.t0;
  path.start(t, y);
  let steps = 0;
  let status: SdeStatus = 'success';
  outer: for (let b = path.pending; b !== undefined; b = path.pending) {
    const a = t;
    const m = Math.max(1, Math.ceil((b - a) / o.dt - 1e-9));
    const h = (b - a) / m;
    for (let s = 0; s < m; s++) {
      if (o.signal?.aborted) {
        status = 'interrupted';
        break outer;
      }
      if (steps >= maxSteps) {
        status = 'max-steps';
        break outer;
      }
      brownianIncrements(h, o.source, dW, chi);
      stepper.step(t, h, y, dW, chi, next);
      steps++;
      let finite = true;
      for (let i = 0; i < n; i++) if (!Number.isFinite(next[i]!)) finite = false;
      if (!finite) {
        status = 'non-finite';
        break outer;
      }
      [y, next] = [next, y];
      t = s === m - 1 ? b : a + (s + 1) * h;
    }
    path.advance(t, y);
  }
  const message =
    status === 'success'
      ? messages.success(o.t1)
      : status === 'max-steps'
        ? messages.sdeMaxSteps(maxSteps, t)
        : status === 'non-finite'
          ? messages.nonFinite(t)
          : messages.interrupted(t);
  return {
    method: stepper.name,
    status,
    message,
    t: Float64Array.from(path.ts),
    y: path.ys,
    stats: {
      nfev: steps * stepper.driftEvaluations,
      njev: 0,
      nlu: 0,
      nsteps: steps,
      naccepted: steps,
      nrejected: 0,
      wallMs: performance.now() - started,
    },
  };
}
