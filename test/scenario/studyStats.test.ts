/**
 * Statistics over seeds (README "Statistics"): the Student-t interval, the seeded bootstrap interval
 * of the median, paired differences, the pairing of cells with their reference in a list sweep, and
 * the paired check.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src/init/rng.js';
import { cellsOf } from '../../src/experiment/resolveCells.js';
import { evaluateChecks } from '../../src/checks/evaluate.js';
import { parseScenario } from '../../src/experiment/resolve.js';
import { referenceCellOf } from '../../src/checks/pairing.js';
import type { RunResult } from '../../src/checks/runResult.js';
import { bootstrapMedianCI, describe, pairedDifferences, tCritical } from '../../src/checks/stats.js';

test('the 95% interval of the mean uses Student t (tabulated t_{0.975,ν}: 12.706, 2.262, 2.042, → 1.960)', () => {
  // tables (e.g. NIST/SEMATECH e-Handbook, Table of t) to 3 decimals
  assert.ok(Math.abs(tCritical(1) - 12.706) < 5e-4);
  assert.ok(Math.abs(tCritical(9) - 2.262) < 5e-4);
  assert.ok(Math.abs(tCritical(30) - 2.042) < 5e-4);
  assert.ok(Math.abs(tCritical(1e6) - 1.96) < 5e-4);
  const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const d = describe(xs)!;
  const half = (tCritical(9) * Math.sqrt(55 / 6)) / Math.sqrt(10); // sample variance of 1…10 is 55/6
  assert.ok(Math.abs(d.ci95[0] - (5.5 - half)) < 1e-12 && Math.abs(d.ci95[1] - (5.5 + half)) < 1e-12);
});

test('the bootstrap interval of the median is reproducible from its seed, brackets the median, and covers the true median about 95% of the time', () => {
  const xs = Array.from(new Rng(1).normals(15));
  assert.deepEqual(bootstrapMedianCI(xs, 42), bootstrapMedianCI(xs, 42));
  const [lo, hi] = bootstrapMedianCI(xs, 42)!;
  const med = describe(xs)!.median;
  assert.ok(lo <= med && med <= hi);
  assert.equal(bootstrapMedianCI([1], 1), undefined);
  // coverage over 300 samples of 25 standard normals (true median 0): the percentile bootstrap of a median is
  // known to be roughly nominal at this size; 3 binomial standard errors of 300 draws at p = 0.95 are ±0.038,
  // and the bootstrap's own discreteness is allowed another 0.04 below
  const rng = new Rng(2);
  let covered = 0;
  for (let k = 0; k < 300; k++) {
    const [a, b] = bootstrapMedianCI(Array.from(rng.normals(25)), k)!;
    if (a <= 0 && 0 <= b) covered++;
  }
  const rate = covered / 300;
  assert.ok(rate >= 0.87 && rate <= 0.99, `coverage ${String(rate)}`);
});

test('paired differences pair index with index and skip pairs with a non-finite side', () => {
  const d = pairedDifferences([3, 5, NaN, 10], [1, 2, 4, 6], 0)!;
  assert.equal(d.n, 3);
  // (2 + 3 + 4)/3 from exact integers: one rounding
  assert.ok(Math.abs(d.mean - (2 + 3 + 4) / 3) < 1e-15);
  assert.equal(d.median, 3);
});

const study = `id: s
title: t
description: d
energy:
  kind: data
  teacher: { kind: low-rank, shape: [6, 6], sigma: [2, 1], seed: 1 }
  inputs: { n: 200, rank: 3, seed: 2, directions: orthonormal }
  noise: { std: 0.1 }
  dataSeeds: 4
model: { depth: 2, width: 4 }
init: { kind: gaussian, endToEndScale: 0.05 }
solver: { method: dopri5, rtol: 1.0e-8, atol: 1.0e-10 }
horizon: { t1: 5, save: { kind: uniform, n: 3 } }
ensemble: { runs: 4, seed: 1, paired: true }
sweep:
  - { energy.noise.std: [0.1, 0.2], model.depth: [1] }
  - { energy.noise.std: [0.1, 0.2], model.depth: [2, 3], model.width: [4, 8] }
compare: { reference: { model.depth: 1 }, quantities: [nullX] }
`;

test('a list sweep: the shallow cells have no width, and each deep cell is paired with the shallow cell of its noise level', () => {
  const l = parseScenario(study, 's.yaml');
  const cells = cellsOf(l.scenario);
  assert.equal(cells.length, 2 + 8);
  assert.deepEqual(cells[0]!.values, { 'energy.noise.std': 0.1, 'model.depth': 1 });
  assert.deepEqual(l.cells, cells, 'the resolver resolves the same cells');
  for (const c of cells.slice(2)) {
    const ref = cells[c.reference!]!;
    assert.equal(referenceCellOf({ 'model.depth': 1 }, cells, c), ref, 'the resolver took the reference referenceCellOf finds');
    assert.equal(ref.values['model.depth'], 1);
    assert.equal(ref.values['energy.noise.std'], c.values['energy.noise.std']);
  }
  assert.equal(cells[1]!.reference, undefined);
  assert.equal(referenceCellOf({ 'model.depth': 1 }, cells, cells[1]!), undefined);
});

test('a paired check passes when every interval lies within its bounds and reports the numbers; fails otherwise', () => {
  const l = parseScenario(study, 's.yaml');
  const cells = cellsOf(l.scenario);
  // synthetic final values: every deep cell = its shallow cell − 1 + small run-to-run noise
  const noise = [0.01, -0.02, 0.015, -0.005];
  const results: RunResult[] = [];
  for (const c of cells)
    for (let run = 0; run < 4; run++) {
      const base = 10 * run + (c.values['energy.noise.std'] === 0.2 ? 100 : 0);
      const v = c.values['model.depth'] === 1 ? base : base - 1 + noise[run]!;
      results.push({
        cell: c.index,
        run,
        status: 'success',
        message: '',
        time: 'upstairs',
        depth: Number(c.values['model.depth']),
        rows: [{ t: 0, nullX: v }],
        stats: { nfev: 0, njev: 0, naccepted: 0, nrejected: 0, wallMs: 0 },
        method: 'dopri5',
      });
    }
  const check = (extra: string): ReturnType<typeof evaluateChecks>[number] => {
    const s = parseScenario(`${study}checks:\n  - { kind: paired, name: p, quantity: nullX, ${extra} }\n`, 's.yaml');
    return evaluateChecks(s, results)[0]!;
  };
  const below = check('below: 0');
  assert.equal(below.passed, true, below.detail);
  assert.equal(below.paired!.length, 8);
  // the mean of four numbers of size ~1: a few roundings of 1e-16
  for (const p of below.paired!) assert.ok(Math.abs(p.centre - (-1 + (0.01 - 0.02 + 0.015 - 0.005) / 4)) < 1e-12);
  assert.equal(check('below: -1.5').passed, false);
  assert.equal(check('above: -1.05, below: -0.95').passed, true);
  assert.equal(check('statistic: median, below: 0').passed, true);
});

test('compare and paired checks are validated: unswept reference, unknown column, paired check without compare', () => {
  assert.throws(
    () => parseScenario(study.replace('reference: { model.depth: 1 }', 'reference: { init.scale: 1 }'), 's.yaml'),
    /compare\.reference\.init\.scale.*not a swept field/s,
  );
  assert.throws(() => parseScenario(study.replace('quantities: [nullX]', 'quantities: [nope]'), 's.yaml'), /compare\.quantities\.0.*unknown column "nope"/s);
  assert.throws(
    () => parseScenario(study.replace(/compare:.*\n/, '') + 'checks:\n  - { kind: paired, name: p, quantity: nullX, below: 0 }\n', 's.yaml'),
    /checks\.0.*needs a compare field/s,
  );
});
