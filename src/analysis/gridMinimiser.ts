/**
 * Bracket-and-refine minimisation over a box sampled on a uniform grid (1-D or 2-D), derivative-free,
 * honest about the boundary (docs/theory.md §6.5):
 * 1. bracket: the grid point with the smallest finite value;
 * 2. refine: Brent line minimisations (`brentMinimum`) along each coordinate in turn, each within one
 *    grid step of the current point (clipped to the box), repeated until a sweep moves no coordinate by
 *    more than the tolerance. In 1-D this is Brent's method on the bracket `[x_{k−1}, x_{k+1}]`; in 2-D
 *    it is a coordinate search with Brent line searches. When a line search ends at the edge of its
 *    step window inside the box, the window is re-centred there and the sweep repeats;
 * 3. the boundary: when the refined point lies within the tolerance of an edge of the box and the
 *    value at the edge is no larger, the result is that edge point with status `boundary` — the
 *    infimum over the box is approached on its boundary, so it may escape beyond it — never an
 *    "interior" minimiser.
 * Non-finite values (where `f` is undefined) never win: they count as +∞.
 */
import { brentMinimum } from './brentMinimum.js';

/** One axis of the search box, in the coordinate searched (e.g. `log a` for a log grid): `n` uniform points from `lo` to `hi`. */
export interface SearchAxis {
  readonly lo: number;
  readonly hi: number;
  readonly n: number;
}

/**
 * `interior`: a local minimiser strictly inside the box; `boundary`: the smallest value is on the
 * box's edge (`edges` says which axes); `undefined`: no grid point has a finite value;
 * `not-converged`: the coordinate search did not settle within its budget of sweeps.
 */
export type MinimumStatus = 'interior' | 'boundary' | 'undefined' | 'not-converged';

export interface GridMinimum {
  readonly status: MinimumStatus;
  /** The minimiser, one coordinate per axis (the searched coordinate). */
  readonly point: number[];
  readonly value: number;
  /** The axes along which the point sits on the box's edge (empty for interior minimisers). */
  readonly edges: number[];
  /** The best grid point and its value (the bracket). */
  readonly gridPoint: number[];
  readonly gridValue: number;
  /** Evaluations of `f` spent refining. */
  readonly evaluations: number;
}

/** Coordinate `k` of grid index `i` on `axis`. */
export const gridCoordinate = (axis: SearchAxis, i: number): number => (i === axis.n - 1 ? axis.hi : axis.lo + ((axis.hi - axis.lo) * i) / (axis.n - 1));

/** Sweeps of the coordinate search before giving up (`not-converged`). */
const MAX_SWEEPS = 200;

/**
 * Minimises `f` over the box of `axes` (1 or 2), given its values on the grid (`values`, row-major with
 * axis 0 slowest, `NaN` where undefined). `f` is called with a `Float64Array` it must not keep.
 * `relTol` is the tolerance of the refined point relative to each axis's span.
 */
export function bracketAndRefine(f: (x: Float64Array) => number, axes: readonly SearchAxis[], values: ArrayLike<number>, relTol = 1e-10): GridMinimum {
  const dims = axes.length;
  let best = -1;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!) && (best < 0 || values[i]! < values[best]!)) best = i;
  const gridPoint: number[] = new Array<number>(dims).fill(NaN);
  if (best < 0) return { status: 'undefined', point: gridPoint, value: NaN, edges: [], gridPoint, gridValue: NaN, evaluations: 0 };
  let rest = best;
  for (let k = dims - 1; k >= 0; k--) {
    gridPoint[k] = gridCoordinate(axes[k]!, rest % axes[k]!.n);
    rest = Math.floor(rest / axes[k]!.n);
  }
  const gridValue = values[best]!;
  const x = Float64Array.from(gridPoint);
  const probe = new Float64Array(dims);
  const finite = (v: number): number => (Number.isFinite(v) ? v : Infinity);
  let evaluations = 0;
  let fx = gridValue;
  const tol = axes.map((a) => relTol * (a.hi - a.lo));
  const step = axes.map((a) => (a.hi - a.lo) / (a.n - 1));
  const near = (k: number, edge: number): boolean => Math.abs(x[k]! - edge) <= 4 * (Math.sqrt(Number.EPSILON) * Math.abs(x[k]!) + tol[k]!);
  let converged = false;
  for (let sweep = 0; sweep < MAX_SWEEPS && !converged; sweep++) {
    let moved = false;
    for (let k = 0; k < dims; k++) {
      const axis = axes[k]!;
      const lo = Math.max(axis.lo, x[k]! - step[k]!);
      const hi = Math.min(axis.hi, x[k]! + step[k]!);
      const line = (t: number): number => {
        probe.set(x);
        probe[k] = t;
        evaluations++;
        return finite(f(probe));
      };
      const m = brentMinimum(line, lo, hi, x[k]!, tol[k]!);
      if (m.fx < fx) {
        if (Math.abs(m.x - x[k]!) > tol[k]!) moved = true;
        x[k] = m.x;
        fx = m.fx;
      }
      // an end of the window inside the box: the minimum may lie beyond it, so search again from there
      if ((near(k, lo) && lo > axis.lo) || (near(k, hi) && hi < axis.hi)) moved = true;
    }
    converged = !moved;
  }
  // the box's edges: compare with the value on the edge itself (Brent never evaluates the ends)
  const edges: number[] = [];
  for (let k = 0; k < dims; k++) {
    for (const edge of [axes[k]!.lo, axes[k]!.hi]) {
      if (!near(k, edge)) continue;
      if (x[k] === edge) {
        edges.push(k);
        break;
      }
      probe.set(x);
      probe[k] = edge;
      evaluations++;
      const fe = finite(f(probe));
      if (fe <= fx) {
        x[k] = edge;
        fx = fe;
        edges.push(k);
      }
      break;
    }
  }
  const status: MinimumStatus = edges.length > 0 ? 'boundary' : converged ? 'interior' : 'not-converged';
  return { status, point: Array.from(x), value: fx, edges, gridPoint, gridValue, evaluations };
}
