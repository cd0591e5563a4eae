/**
 * Turns a stream of accepted steps into a solution: save-at points, located events, the dense
 * interpolant over the whole span. Shared by every method, odex included.
 */
import { brentRoot } from './brent.js';
import { messages } from './messages.js';
import { SavedPath } from './savedPath.js';
import type { LiveSegment, Segment } from './stepper.js';
import type { EventRoot, OdeEvent } from './types.js';

export { saveTimes } from './savedPath.js';

/** Relative accuracy in t to which events are located. */
export const EVENT_RTOL = 1e-12;

export class Recorder {
  /** The saved path; `ts` and `ys` are its arrays. */
  private readonly path: SavedPath;
  readonly ts: number[];
  readonly ys: Float64Array[];
  readonly roots: EventRoot[] = [];
  readonly segments: Segment[] = [];
  private readonly gOld: Float64Array;
  private readonly gNew: Float64Array;
  /** Roots found in the current step: event indices and times (no allocation per step). */
  private readonly foundIndex: Int32Array;
  private readonly foundT: Float64Array;
  private readonly tmp: Float64Array;
  /** False when every step is saved (no planned times). */
  private readonly planned: boolean;
  /** Set when a terminal event stopped the integration. */
  stopT = Number.NaN;
  stopY: Float64Array | undefined;

  constructor(
    private readonly dim: number,
    times: number[] | undefined,
    private readonly events: readonly OdeEvent[],
    private readonly keepDense: boolean,
    private readonly direction: 1 | -1,
  ) {
    this.planned = times !== undefined;
    this.path = new SavedPath(times, direction);
    this.ts = this.path.ts;
    this.ys = this.path.ys;
    this.gOld = new Float64Array(events.length);
    this.gNew = new Float64Array(events.length);
    this.foundIndex = new Int32Array(events.length);
    this.foundT = new Float64Array(events.length);
    this.tmp = new Float64Array(dim);
  }

  start(t0: number, y0: Float64Array): void {
    this.path.start(t0, y0);
    this.events.forEach((ev, i) => {
      this.gOld[i] = ev.g(t0, y0);
    });
  }

  /** Offers an accepted step `[seg.t0, tNew]` ending in `yNew`. Returns true when a terminal event stops it. */
  step(seg: LiveSegment, tNew: number, yNew: Float64Array): boolean {
    const dir = this.direction;
    let tEnd = tNew;
    let stop = false;
    // events: find every sign change, locate roots, keep the earliest terminal one
    if (this.events.length > 0) {
      const gNew = this.gNew;
      let nFound = 0;
      for (let i = 0; i < this.events.length; i++) gNew[i] = this.events[i]!.g(tNew, yNew);
      for (let i = 0; i < this.events.length; i++) {
        const ev = this.events[i]!;
        const ga = this.gOld[i]!;
        const gb = gNew[i]!;
        const up = ga < 0 && gb >= 0;
        const down = ga > 0 && gb <= 0;
        const want = ev.direction ?? 0;
        if ((up && want >= 0) || (down && want <= 0)) {
          const xtol = EVENT_RTOL * Math.max(Math.abs(seg.t0), Math.abs(tNew), Math.abs(tNew - seg.t0));
          const g = (t: number): number => {
            seg.evaluate(t, this.tmp);
            return ev.g(t, this.tmp);
          };
          // insertion into the time-ordered list of this step's roots
          const tr = gb === 0 ? tNew : brentRoot(g, seg.t0, tNew, ga, gb, xtol);
          let k = nFound++;
          while (k > 0 && dir * (this.foundT[k - 1]! - tr) > 0) {
            this.foundT[k] = this.foundT[k - 1]!;
            this.foundIndex[k] = this.foundIndex[k - 1]!;
            k--;
          }
          this.foundT[k] = tr;
          this.foundIndex[k] = i;
        }
      }
      for (let f = 0; f < nFound; f++) {
        const r = { index: this.foundIndex[f]!, t: this.foundT[f]! };
        const ev = this.events[r.index]!;
        if (stop && dir * (r.t - tEnd) > 0) break;
        const y = new Float64Array(this.dim);
        if (r.t === tNew) y.set(yNew);
        else seg.evaluate(r.t, y);
        this.roots.push({ index: r.index, name: ev.name ?? `event ${String(r.index)}`, t: r.t, y, terminal: ev.terminal === true });
        if (ev.terminal === true && !stop) {
          stop = true;
          tEnd = r.t;
          this.stopT = r.t;
          this.stopY = y;
        }
      }
      this.gOld.set(gNew);
    }
    // save-at points in (t_old, tEnd]
    const path = this.path;
    if (!this.planned) {
      if (stop && this.stopY) path.save(tEnd, this.stopY);
      else path.save(tNew, yNew);
    } else {
      path.saveThrough(tEnd, tNew, yNew, seg, this.tmp);
      if (stop && this.stopY && this.ts[this.ts.length - 1] !== tEnd) path.save(tEnd, this.stopY);
    }
    if (this.keepDense) this.segments.push(seg.snapshot());
    return stop;
  }

  /** The dense interpolant over the recorded segments. */
  interpolant(t0: number, y0: Float64Array, tFinal: number): (t: number, out?: Float64Array) => Float64Array {
    const segs = this.segments;
    const dir = this.direction;
    const y0c = Float64Array.from(y0);
    const dim = this.dim;
    return (t: number, out?: Float64Array): Float64Array => {
      const o = out ?? new Float64Array(dim);
      const lo = Math.min(t0, tFinal);
      const hi = Math.max(t0, tFinal);
      if (!(t >= lo && t <= hi)) throw new RangeError(messages.outsideSpan(t, lo, hi));
      if (segs.length === 0 || t === t0) {
        o.set(y0c);
        return o;
      }
      // binary search for the first segment whose end is at or beyond t
      let a = 0;
      let b = segs.length - 1;
      while (a < b) {
        const m = (a + b) >> 1;
        if (dir * (segs[m]!.t1 - t) >= 0) b = m;
        else a = m + 1;
      }
      segs[a]!.evaluate(t, o);
      return o;
    };
  }
}
