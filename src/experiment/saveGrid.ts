/** A scenario's save grid as loading settles it: a log grid's first time, and the grid the solver will build, checked before any run. */
import { saveTimes } from '../ode/recorder.js';
import type { SimulateOptions } from '../simulate/simulate.js';
import { FieldError } from '../scenario/errors.js';
import { sweptValues, type Scenario } from '../scenario/schema.js';

/** The first saved time of a log grid when none is given (README, "Scenarios"): t1·1e-6, at most 1e-2. */
export const DEFAULT_LOG_TMIN = (t1: number): number => Math.min(t1 * 1e-6, 1e-2);

/**
 * Fills in a log grid's `tmin` (from the smallest t1 of the sweep), so that long horizons — a run to
 * `lossBelow` with t1 = 1e10 — still save the early dynamics instead of starting at t = 1e4.
 */
export function fillLogGridStart(s: Scenario): void {
  const save = s.horizon.save;
  if (save.kind !== 'log' || save.tmin !== undefined) return;
  const t1s = (sweptValues(s, 'horizon.t1') ?? [s.horizon.t1]).filter((v): v is number => typeof v === 'number');
  save.tmin = DEFAULT_LOG_TMIN(Math.min(s.horizon.t1, ...t1s));
}

/**
 * The save grid as the solver will build it, so that `validate` refuses what `run` would throw on:
 * a log grid needs 0 < tmin < t1.
 */
export function checkSaveGrid(o: SimulateOptions): void {
  const save = o.saveAt;
  if (save?.kind === 'log' && save.tmin !== undefined && !(save.tmin < o.t1))
    throw new FieldError('horizon.save.tmin', `${String(save.tmin)} must be below t1 = ${String(o.t1)}: the log grid runs from tmin to t1`);
  if (save)
    saveTimes(save, 0, o.t1, (m) => {
      throw new FieldError('horizon.save', m);
    });
}
