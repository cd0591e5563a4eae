/**
 * The research log's data (docs/theory.md §7): orthonormal input directions, label noise, data sets per
 * run shared across cells, and the init with the same end-to-end size at every depth.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dataProblem } from '../../src/energies/dataProblem.js';
import { lowRankTarget } from '../../src/energies/lowRankTarget.js';
import { endToEndGaussianScale, gaussianFactors, productOf } from '../../src/init/inits.js';
import { Rng } from '../../src/init/rng.js';
import { symEig } from '../../src/linalg/symEig.js';
import { buildRun } from '../../src/experiment/runPlan.js';
import { cellsOf } from '../../src/experiment/resolveCells.js';
import { buildEnergy, dataSetOf } from '../../src/experiment/scenarioEnergy.js';
import { parseScenario } from '../../src/experiment/resolve.js';

test('orthonormal input directions make Σ_xx the projector on them up to sampling: r eigenvalues within 1 ± 4√(r/n), the rest 0', () => {
  const [d, r, n] = [20, 8, 4000];
  const teacher = lowRankTarget(5, d, [2, 1], new Rng(1));
  const p = dataProblem(teacher, 5, d, { n, rank: r, directions: 'orthonormal' }, new Rng(2));
  const { values } = symEig(p.covariances.Sxx, d);
  const sorted = [...values].sort((a, b) => b - a);
  // Σ_xx = B (HHᵀ/n) Bᵀ with orthonormal B: its nonzero eigenvalues are those of a Wishart(r, n)/n, within
  // (1 ± √(r/n))² almost surely for large n; 4√(r/n) leaves room at n = 4000
  const dev = 4 * Math.sqrt(r / n);
  for (let i = 0; i < r; i++) assert.ok(Math.abs(sorted[i]! - 1) < dev, `eigenvalue ${String(i)}: ${String(sorted[i])}`);
  for (let i = r; i < d; i++) assert.ok(Math.abs(sorted[i]!) < 1e-12, `eigenvalue ${String(i)}: ${String(sorted[i])}`);
});

test('label noise: Y − A*X has the requested standard deviation (within 4 standard errors) and is reproducible', () => {
  const [m, d, n, std] = [4, 6, 5000, 0.3];
  const teacher = lowRankTarget(m, d, [1], new Rng(3));
  const clean = dataProblem(teacher, m, d, { n, rank: 6 }, new Rng(4));
  const noisy = dataProblem(teacher, m, d, { n, rank: 6 }, new Rng(4), { std, rng: new Rng(5) });
  let ss = 0;
  for (let i = 0; i < clean.Y.length; i++) ss += (noisy.Y[i]! - clean.Y[i]!) ** 2;
  const N = clean.Y.length;
  const sd = Math.sqrt(ss / N);
  // the sample variance of N normals has relative standard error √(2/N); the std half of that
  assert.ok(Math.abs(sd - std) < 4 * std * Math.sqrt(1 / (2 * N)), `noise sd ${String(sd)}`);
  const again = dataProblem(teacher, m, d, { n, rank: 6 }, new Rng(4), { std, rng: new Rng(5) });
  assert.deepEqual(again.Y, noisy.Y);
});

const scenario = `id: s
title: t
description: d
energy:
  kind: data
  teacher: { kind: low-rank, shape: [5, 5], sigma: [2, 1], seed: 1 }
  inputs: { n: 100, rank: 3, seed: 2 }
  dataSeeds: 3
model: { depth: 2, width: 4 }
init: { kind: gaussian, endToEndScale: 0.1 }
horizon: { t1: 1 }
ensemble: { runs: 6, seed: 1, paired: true }
sweep: { model.width: [4, 7] }
`;

test('data sets: run i uses set i mod dataSeeds, the same in every cell; different sets differ; set 0 is the one-set scenario', () => {
  const l = parseScenario(scenario, 's.yaml');
  const [a, b] = cellsOf(l.scenario);
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5].map((r) => dataSetOf(l.scenario, r)),
    [0, 1, 2, 0, 1, 2],
  );
  const W = new Rng(9).normals(25);
  const value = (cell: typeof a, set: number): number => buildEnergy(cell!.scenario, set).energy.value(W);
  for (let k = 0; k < 3; k++) assert.equal(value(a, k), value(b, k));
  assert.notEqual(value(a, 0), value(a, 1));
  assert.notEqual(value(a, 1), value(a, 2));
  const single = parseScenario(scenario.replace('  dataSeeds: 3\n', ''), 's.yaml');
  assert.equal(buildEnergy(cellsOf(single.scenario)[0]!.scenario).energy.value(W), value(a, 0));
});

test('init endToEndScale: E‖W_N⋯W_1‖_F² equals d_N d_0 s² at every depth and width (Monte Carlo within 4 standard errors)', () => {
  const s = 0.1;
  for (const w of [
    [5, 5],
    [5, 7, 5],
    [5, 30, 12, 5],
  ]) {
    const sigma = endToEndGaussianScale(w, s);
    const rng = new Rng(11);
    const xs: number[] = [];
    for (let k = 0; k < 2000; k++) {
      const W = productOf(w, gaussianFactors(w, sigma, rng));
      xs.push(W.reduce((a, x) => a + x * x, 0));
    }
    const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
    const want = 25 * s * s;
    assert.ok(Math.abs(mean - want) < 4 * (sd / Math.sqrt(xs.length)), `widths ${JSON.stringify(w)}: ${String(mean)} vs ${String(want)}`);
  }
  // the scenario field: exactly one of scale and endToEndScale
  const l = parseScenario(scenario, 's.yaml');
  assert.ok(buildRun(cellsOf(l.scenario)[0]!, 0));
  assert.throws(() => parseScenario(scenario.replace('endToEndScale: 0.1', 'endToEndScale: 0.1, scale: 0.1'), 's.yaml'), /init.*exactly one of scale/s);
  assert.throws(() => parseScenario(scenario.replace('endToEndScale: 0.1', 'scale: [0.1]'), 's.yaml'), /init\.scale.*one scale per factor/s);
});
