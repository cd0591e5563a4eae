/** docs/theory.md §6.5: Brent's minimiser and the bracket-and-refine search, against closed forms and dense grids. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { brentMinimum } from '../../src/analysis/brentMinimum.js';
import { bracketAndRefine, gridCoordinate, type SearchAxis } from '../../src/analysis/gridMinimiser.js';

/** The values of `f` on the grid of `axes` (axis 0 slowest). */
function sample(f: (x: Float64Array) => number, axes: readonly SearchAxis[]): Float64Array {
  const n = axes.reduce((p, a) => p * a.n, 1);
  const out = new Float64Array(n);
  const x = new Float64Array(axes.length);
  for (let i = 0; i < n; i++) {
    let rest = i;
    for (let k = axes.length - 1; k >= 0; k--) {
      x[k] = gridCoordinate(axes[k]!, rest % axes[k]!.n);
      rest = Math.floor(rest / axes[k]!.n);
    }
    out[i] = f(x);
  }
  return out;
}

test('brentMinimum: x − ln x is smallest at x = 1 (to √ε-level accuracy, 1e-7) in fewer than 40 evaluations', () => {
  const m = brentMinimum((x) => x - Math.log(x), 0.2, 5, 0.5, 1e-12);
  // a minimiser is determined only to ~√ε relative by values (f − f* ∝ (x − x*)²)
  assert.ok(Math.abs(m.x - 1) < 1e-7, String(m.x));
  assert.equal(m.fx, m.x - Math.log(m.x));
  assert.ok(m.evaluations < 40, String(m.evaluations));
});

test('1-D: the refined minimiser of a non-quadratic function lies where a dense grid of 2·10⁶ points puts it, and is never worse', () => {
  const f = (x: number): number => Math.cosh(x - 0.3) + 0.4 * Math.sin(3 * x);
  const axis: SearchAxis = { lo: -2, hi: 2, n: 41 };
  const r = bracketAndRefine(
    (x) => f(x[0]!),
    [axis],
    sample((x) => f(x[0]!), [axis]),
  );
  assert.equal(r.status, 'interior');
  let best = Infinity;
  let at = NaN;
  const n = 2_000_001;
  for (let i = 0; i < n; i++) {
    const x = -2 + (4 * i) / (n - 1);
    if (f(x) < best) {
      best = f(x);
      at = x;
    }
  }
  // the dense grid's spacing is 2e-6: its argmin is within one spacing of the true one
  assert.ok(Math.abs(r.point[0]! - at) < 2e-6, `${String(r.point[0])} vs dense ${String(at)}`);
  assert.ok(r.value <= best + 1e-15, `${String(r.value)} vs dense ${String(best)}`);
  assert.ok(r.value <= r.gridValue);
});

test('1-D boundary: a decreasing function reports the edge as a boundary minimum, a minimum just inside the last grid step is interior', () => {
  const axis: SearchAxis = { lo: 0, hi: 1, n: 11 };
  const down = (x: Float64Array): number => -x[0]!;
  const r = bracketAndRefine(down, [axis], sample(down, [axis]));
  assert.equal(r.status, 'boundary');
  assert.deepEqual(r.edges, [0]);
  assert.equal(r.point[0], 1);
  // the minimum outside the box (1.05): still the boundary
  const outside = (x: Float64Array): number => (x[0]! - 1.05) ** 2;
  assert.equal(bracketAndRefine(outside, [axis], sample(outside, [axis])).status, 'boundary');
  // the best grid point is the edge (f(1) = 2.5e-5 < f(0.9) = 9.0e-3), but the minimum 0.995 is inside
  const inside = (x: Float64Array): number => (x[0]! - 0.995) ** 2;
  const r2 = bracketAndRefine(inside, [axis], sample(inside, [axis]));
  assert.deepEqual(r2.gridPoint, [1]);
  assert.equal(r2.status, 'interior');
  // a quadratic's minimiser from values: √ε-level (1.5e-8), times a safety factor
  assert.ok(Math.abs(r2.point[0]! - 0.995) < 1e-7, String(r2.point[0]));
});

test('2-D: a coupled quadratic is minimised at its closed-form point; a tilted plane at the corner', () => {
  // f = (x − 0.3)² + 3(y + 0.2)² + x y: ∇f = 0 ⇔ 2x + y = 0.6, x + 6y = −1.2 ⇒ x = 4.8/11, y = −3/11
  const f = (p: Float64Array): number => (p[0]! - 0.3) ** 2 + 3 * (p[1]! + 0.2) ** 2 + p[0]! * p[1]!;
  const axes: SearchAxis[] = [
    { lo: -1, hi: 1, n: 21 },
    { lo: -1, hi: 1, n: 17 },
  ];
  const r = bracketAndRefine(f, axes, sample(f, axes));
  assert.equal(r.status, 'interior');
  // coordinate search on a coupled quadratic converges linearly to the tolerance (1e-10 of the span);
  // the minimiser is then known to √ε relative from values: 1e-7 is safe
  assert.ok(Math.abs(r.point[0]! - 4.8 / 11) < 1e-7 && Math.abs(r.point[1]! + 3 / 11) < 1e-7, String(r.point));
  const plane = (p: Float64Array): number => -p[0]! - 2 * p[1]!;
  const c = bracketAndRefine(plane, axes, sample(plane, axes));
  assert.equal(c.status, 'boundary');
  assert.deepEqual(c.edges, [0, 1]);
  assert.deepEqual(c.point, [1, 1]);
  // a valley escaping along y only: the boundary is axis 1, x stays interior at its own minimiser 0
  const valley = (p: Float64Array): number => p[0]! ** 2 - p[1]!;
  const v = bracketAndRefine(valley, axes, sample(valley, axes));
  assert.equal(v.status, 'boundary');
  assert.deepEqual(v.edges, [1]);
  // the interior coordinate is refined by Brent to within 2(√ε|x| + tol/3) of 0, far below 1e-7; the other sits exactly on its edge
  assert.ok(Math.abs(v.point[0]!) < 1e-7 && v.point[1] === 1);
});

test('undefined values never win, and a box without a finite value reports undefined', () => {
  const axis: SearchAxis = { lo: 0, hi: 1, n: 11 };
  // −∞ below x = 0.5 (where the function is undefined), a minimum at 0.7 beyond
  const f = (x: Float64Array): number => (x[0]! < 0.5 ? -Infinity : (x[0]! - 0.7) ** 2);
  const r = bracketAndRefine(f, [axis], sample(f, [axis]));
  assert.equal(r.status, 'interior');
  // Brent's line search stops within 2(√ε|x| + tol/3) of the minimiser, tol = relTol·(box width): far below 1e-7 here
  assert.ok(Math.abs(r.point[0]! - 0.7) < 1e-7);
  const none = bracketAndRefine(() => NaN, [axis], new Float64Array(11).fill(NaN));
  assert.equal(none.status, 'undefined');
  assert.ok(Number.isNaN(none.value));
});
