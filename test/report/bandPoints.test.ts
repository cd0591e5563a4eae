/** The data of band figures: quantiles, mean ± 3 SE and a law's mean per cell and saved row, against hand computation. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bandPoints } from '../../src/report/bandPoints.js';
import type { Cell } from '../../src/checks/cell.js';
import type { RunResult } from '../../src/checks/runResult.js';

const cell = { index: 0, values: {}, scenario: {} } as unknown as Cell;
const run = (k: number, xs: number[]): RunResult => ({
  cell: 0,
  run: k,
  status: 'success',
  message: '',
  time: 'upstairs',
  depth: 2,
  rows: xs.map((x, i) => ({ t: i, x })),
  stats: { nfev: 0, njev: 0, naccepted: 0, nrejected: 0, wallMs: 0 },
  method: 'sra1',
});
// five runs; at t = 1 the values 1, 2, 3, 4, 10; the last run stopped after t = 0
const runs = [run(0, [0, 1]), run(1, [0, 2]), run(2, [0, 3]), run(3, [0, 4]), run(4, [0, 10]), run(5, [0])];

test('median with 5–95% quantiles (type 7), per saved row, leaving out runs that stopped earlier', () => {
  const { points } = bandPoints([cell], runs, 'x', 'median', () => 'c');
  assert.equal(points.length, 2);
  assert.deepEqual(points[0], { x: 0, group: 'c', mid: 0, lo: 0, hi: 0, n: 6 });
  const p = points[1]!;
  assert.equal(p.n, 5);
  assert.equal(p.mid, 3);
  // type 7 on 1, 2, 3, 4, 10: h = 4q; q = 0.05 → 1 + 0.2·1; q = 0.95 → 4 + 0.8·6
  assert.ok(Math.abs(p.lo - 1.2) < 1e-15 && Math.abs(p.hi - 8.8) < 1e-14, `${String(p.lo)} ${String(p.hi)}`);
});

test('mean ± 3 standard errors, and the law averaged over the same runs', () => {
  const { points, lawRows } = bandPoints(
    [cell],
    runs,
    'x',
    'mean',
    () => 'c',
    (_c, r, row) => row.t! * (r.run + 1),
  );
  const p = points[1]!;
  // mean 4, sample variance (9 + 4 + 1 + 0 + 36)/4 = 12.5, SE √(12.5/5)
  const se = Math.sqrt(12.5 / 5);
  assert.equal(p.mid, 4);
  assert.ok(Math.abs(p.lo - (4 - 3 * se)) < 1e-14 && Math.abs(p.hi - (4 + 3 * se)) < 1e-14);
  // the law t·(run + 1) at t = 1 over runs 0…4: mean 3
  assert.deepEqual(lawRows[1], { x: 1, value: 3, group: 'c · law' });
});
