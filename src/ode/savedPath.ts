/**
 * The save-at grid and the path saved on it, shared by every driver: the ODE recorder (which adds
 * events and the dense interpolant), the fixed-step SDE driver and the adaptive SDE driver. A
 * driver asks for the next planned time, steps to it (or past it, interpolating), and saves.
 * @see diffrax, `SaveAt(t0, t1, ts, steps)` and its save loop in `_integrate.py`.
 */
import { messages } from './messages.js';
import type { SaveAt } from './types.js';

/** Builds the requested save times (sorted in the direction of integration), or undefined for every step. */
export function saveTimes(saveAt: SaveAt, t0: number, t1: number, fail: (m: string) => never): number[] | undefined {
  const dir = t1 > t0 ? 1 : -1;
  switch (saveAt.kind) {
    case 'steps':
      return undefined;
    case 'times': {
      const ts = [...saveAt.times];
      for (const t of ts) {
        if (!Number.isFinite(t) || dir * (t - t0) < 0 || dir * (t - t1) > 0)
          fail(messages.badSaveAt(`time ${String(t)} lies outside [${String(t0)}, ${String(t1)}]`));
      }
      ts.sort((p, q) => dir * (p - q));
      return ts;
    }
    case 'uniform': {
      if (!Number.isInteger(saveAt.n) || saveAt.n < 2) fail(messages.badSaveAt('uniform needs an integer n ≥ 2'));
      const ts: number[] = [];
      for (let k = 0; k < saveAt.n; k++) ts.push(k === saveAt.n - 1 ? t1 : t0 + ((t1 - t0) * k) / (saveAt.n - 1));
      return ts;
    }
    case 'log': {
      const span = Math.abs(t1 - t0);
      const tmin = saveAt.tmin ?? span * 1e-6;
      if (!Number.isInteger(saveAt.n) || saveAt.n < 2) fail(messages.badSaveAt('log needs an integer n ≥ 2'));
      if (!(tmin > 0 && tmin < span)) fail(messages.badSaveAt('log needs 0 < tmin < |t1 − t0|'));
      const ts: number[] = [t0];
      const a = Math.log(tmin);
      const b = Math.log(span);
      for (let k = 0; k < saveAt.n; k++) {
        ts.push(k === saveAt.n - 1 ? t1 : t0 + dir * Math.exp(a + ((b - a) * k) / (saveAt.n - 1)));
      }
      return ts;
    }
  }
}

/** The saved times and states, filled along a planned grid (or at every step when there is none). */
export class SavedPath {
  readonly ts: number[] = [];
  readonly ys: Float64Array[] = [];
  private next = 0;

  /**
   * @param times the planned save times in the direction of integration (`saveTimes`), or undefined
   *   when the driver saves every step itself
   */
  constructor(
    private readonly times: readonly number[] | undefined,
    private readonly direction: 1 | -1,
  ) {}

  /** The next planned time not yet saved; undefined when all are saved, or when there is no plan. */
  get pending(): number | undefined {
    return this.times?.[this.next];
  }

  /** Appends a copy of `y` at `t`. */
  save(t: number, y: Float64Array): void {
    this.ts.push(t);
    this.ys.push(Float64Array.from(y));
  }

  /** Saves `y` at the pending planned time `t` (just reached) and moves on to the next. */
  advance(t: number, y: Float64Array): void {
    this.save(t, y);
    this.next++;
  }

  /** At the start: saves `t0` itself without a plan, else every planned time equal to `t0`. */
  start(t0: number, y0: Float64Array): void {
    if (this.times === undefined) {
      this.save(t0, y0);
      return;
    }
    while (this.pending === t0) this.advance(t0, y0);
  }

  /**
   * After a step that reached `tNew` with `yNew`: saves every planned time up to `tEnd` (`tNew`, or
   * an earlier terminal event), `yNew` at `tNew` itself and the step's interpolant (written into
   * `tmp`) inside the step.
   */
  saveThrough(tEnd: number, tNew: number, yNew: Float64Array, step: { evaluate(t: number, out: Float64Array): void }, tmp: Float64Array): void {
    const ts = this.times;
    if (ts === undefined) return;
    const dir = this.direction;
    while (this.next < ts.length && dir * (ts[this.next]! - tEnd) <= 0) {
      const t = ts[this.next]!;
      if (t === tNew) this.save(t, yNew);
      else {
        step.evaluate(t, tmp);
        this.save(t, tmp);
      }
      this.next++;
    }
  }
}
