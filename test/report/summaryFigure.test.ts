/**
 * Summary figures from hand-made runs: the plotted mean and interval per cell are those of the
 * runs' final values, a second y is one line from the first cell at each x, and `statuses` keeps
 * only the runs that ended so (a diverged rate's step count is not a step count to ε).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scenarioFigures } from '../../src/report/figures.js';
import { cellsOf } from '../../src/experiment/resolveCells.js';
import { parseScenario } from '../../src/experiment/resolve.js';
import type { RunResult } from '../../src/checks/runResult.js';
import { describe as describeValues } from '../../src/checks/stats.js';

const loaded = (figures: string) =>
  parseScenario(
    `id: summary-test
title: summary figures on known runs
description: hand-made runs
energy: { kind: whitened, target: [[2, 0], [0, 1]] }
model: { depth: 2, width: 2 }
init: { kind: balanced, W0: [[0.1, 0], [0, 0.1]] }
optimizer: { kind: gd, lr: 0.01 }
horizon: { t1: 100, lossBelow: 1.0e-6 }
ensemble: { runs: 3 }
sweep:
  model.depth: [1, 2]
  optimizer.lr: [0.01, 0.1]
figures:
${figures}
`,
    'summary-test.yaml',
  );

const run = (cell: number, k: number, status: string, final: Record<string, number>): RunResult => ({
  cell,
  run: k,
  status,
  message: '',
  time: 'upstairs',
  depth: 2,
  rows: [
    { t: 0, step: 0, loss: 1, sigma2: 9 },
    { t: 1, ...final },
  ],
  stats: { nfev: 0, njev: 0, naccepted: 0, nrejected: 0, wallMs: 0 },
  method: 'gd',
});

// cells in grid order: (depth 1, lr 0.01), (1, 0.1), (2, 0.01), (2, 0.1); at lr 0.1 depth 2 diverges in every run
// and depth 1 in one run of three
const runs: RunResult[] = [
  run(0, 0, 'loss-reached', { step: 100, loss: 1e-6, sigma2: 1 }),
  run(0, 1, 'loss-reached', { step: 110, loss: 1e-6, sigma2: 2 }),
  run(0, 2, 'loss-reached', { step: 120, loss: 1e-6, sigma2: 3 }),
  run(1, 0, 'loss-reached', { step: 10, loss: 1e-6, sigma2: 4 }),
  run(1, 1, 'non-finite', { step: 4, loss: 1e30, sigma2: 5 }),
  run(1, 2, 'loss-reached', { step: 14, loss: 1e-6, sigma2: 6 }),
  run(2, 0, 'loss-reached', { step: 50, loss: 1e-6, sigma2: 7 }),
  run(2, 1, 'loss-reached', { step: 60, loss: 1e-6, sigma2: 8 }),
  run(2, 2, 'loss-reached', { step: 70, loss: 1e-6, sigma2: 9 }),
  run(3, 0, 'non-finite', { step: 3, loss: 1e30, sigma2: 10 }),
  run(3, 1, 'non-finite', { step: 3, loss: 1e30, sigma2: 11 }),
  run(3, 2, 'non-finite', { step: 4, loss: 1e30, sigma2: 12 }),
];

type Point = { x: number; group: string; mean: number; lo: number; hi: number; n: number };
const pointsOf = (figures: string): Point[] => {
  const l = loaded(figures);
  const figs = scenarioFigures(l.scenario, cellsOf(l.scenario), runs, [], new Map(), () => [{}]);
  // the scenario's own figure comes first (final-step-vs-lr, final-step-sigma2-vs-lr)
  const spec = figs[0]!.spec as unknown as { data: { values: Point[] } };
  return spec.data.values;
};
const at = (points: Point[], x: number, group: string): Point | undefined => points.find((p) => p.x === x && p.group === group);

test('a summary figure plots per cell the mean and Student-t interval of the final values; statuses leaves out the runs that ended otherwise', () => {
  const all = pointsOf('  - { kind: summary, x: optimizer.lr, y: step, logX: true }');
  assert.equal(all.length, 4);
  // every run counts without statuses: the diverged depth-1 run's 4 steps pull the mean of (10, 4, 14) to 9.333…
  assert.equal(at(all, 0.1, 'depth = 1')?.mean, 28 / 3);
  const only = pointsOf('  - { kind: summary, x: optimizer.lr, y: step, logX: true, statuses: [loss-reached] }');
  // the same cell over its two runs that reached ε: exactly the mean and interval of (10, 14)
  const d = describeValues([10, 14])!;
  const p = at(only, 0.1, 'depth = 1')!;
  assert.deepEqual([p.mean, p.lo, p.hi, p.n], [12, d.ci95[0], d.ci95[1], 2]);
  // a cell none of whose runs reached ε is not drawn (depth 2 at lr 0.1), the others are unchanged
  assert.equal(at(only, 0.1, 'depth = 2'), undefined);
  assert.equal(only.length, 3);
  assert.equal(at(only, 0.01, 'depth = 2')?.mean, 60);
});

test('a summary figure with two y: the first per cell, the second once per x from the first cell there (a baseline no other swept field changes)', () => {
  const points = pointsOf('  - { kind: summary, x: optimizer.lr, y: [step, sigma2] }');
  // step: four cells; sigma2: one line at each lr from the first cell with that lr (depth 1: means of 1, 2, 3 and 4, 5, 6)
  assert.equal(points.filter((q) => q.group !== 'sigma2').length, 4);
  const base = points.filter((q) => q.group === 'sigma2').map((q) => [q.x, q.mean, q.n]);
  assert.deepEqual(base, [
    [0.01, 2, 3],
    [0.1, 5, 3],
  ]);
});
