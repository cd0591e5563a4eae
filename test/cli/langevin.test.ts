/** Langevin runs through the command: byte-identical across worker counts, seeded per run, bad noise input refused with exit 2. */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { langevinMessages } from '../../src/simulate/langevinMessages.js';
import { cli, tmp } from './helpers.js';

const scenario = (model: string, horizon = '{ t1: 0.5, save: { kind: uniform, n: 6 } }'): string => `id: small-langevin
title: a small Langevin ensemble
description: determinism across worker counts
energy: { kind: whitened, target: [[1, 0.5], [0, 2]] }
model: ${model}
init: { kind: balanced-random, scale: 0.5 }
horizon: ${horizon}
ensemble: { runs: 6, seed: 5, paired: true }
sweep: { model.noise.beta: [inf, 4] }
`;

test('a Langevin ensemble with 1 and with 2 workers writes byte-identical summary.csv and trajectory.csv; paths differ between runs', () => {
  const dir = tmp('gradflow-lgv-');
  const f = path.join(dir, 'l.yaml');
  writeFileSync(f, scenario('{ depth: 3, hidden: [3, 2], noise: { beta: 4, dt: 0.01 } }'));
  const o1 = tmp('gradflow-lw1-');
  const o2 = tmp('gradflow-lw2-');
  const r1 = cli('run', f, '--workers', '1', '--out', o1, '--quiet', '--no-notebook');
  assert.equal(r1.status, 0, r1.stderr);
  assert.equal(cli('run', f, '--workers', '2', '--out', o2, '--quiet', '--no-notebook').status, 0);
  for (const name of ['summary.csv', 'trajectory.csv']) {
    const a = readFileSync(path.join(o1, 'small-langevin', name));
    const b = readFileSync(path.join(o2, 'small-langevin', name));
    assert.ok(a.equals(b), `${name} differs between 1 and 2 workers`);
  }
  const lines = readFileSync(path.join(o1, 'small-langevin', 'summary.csv'), 'utf8')
    .trim()
    .split('\n');
  const head = lines[0]!.split(',');
  const col = (row: string, name: string): number => Number(row.split(',')[head.indexOf(name)]);
  assert.ok(head.includes('normD1') && head.includes('traceD2'), head.join(','));
  assert.equal(lines.length, 1 + 12);
  const noisy = lines.slice(1).filter((l) => l.startsWith('1,'));
  const quiet = lines.slice(1).filter((l) => l.startsWith('0,'));
  // each run of the noisy cell has its own path: six different final w11
  assert.equal(new Set(noisy.map((l) => col(l, 'w11'))).size, 6);
  // β = inf is the deterministic flow by the same integrator: balanced starts stay balanced to its
  // local error (two-stage order-2 Runge–Kutta, 50 steps of 0.01: ~1e-5 at most at these sizes)
  for (const l of quiet) assert.ok(col(l, 'normD1') < 1e-4 && col(l, 'normD2') < 1e-4, l);
  // with noise the factors leave balance: ‖D_1‖ of order √(2/β)·√t·‖W‖ ≫ 1e-4
  for (const l of noisy) assert.ok(col(l, 'normD1') > 1e-2, l);
});

test('bad noise input exits 2 naming the field: an end-to-end model, lossBelow, a zero β, too many steps, adaptive Euler–Maruyama', () => {
  const dir = tmp('gradflow-lgb-');
  const cases: [string, string, RegExp][] = [
    [scenario('{ depth: 2, parametrization: end-to-end, noise: { beta: 1, dt: 0.01 } }'), 'model.noise', new RegExp(escape(langevinMessages.factorsOnly()))],
    [
      scenario('{ depth: 2, noise: { beta: 1, dt: 0.01 } }', '{ t1: 1, lossBelow: 1.0e-3 }'),
      'horizon.lossBelow',
      new RegExp(escape(langevinMessages.noEvents())),
    ],
    [scenario('{ depth: 2, noise: { beta: 0, dt: 0.01 } }'), 'model.noise.beta', /expected number to be >0/],
    [scenario('{ depth: 2, noise: { beta: 1, dt: 1.0e-7 } }'), 'model.noise.dt', /fixed steps to t1, more than solver.maxSteps/],
    [
      scenario('{ depth: 2, noise: { beta: 1, dt: 0.1, method: euler-maruyama, adaptive: { atol: 1.0e-3 } } }'),
      'model.noise.adaptive',
      new RegExp(escape(langevinMessages.adaptiveSra1())),
    ],
  ];
  cases.forEach(([text, field, message], i) => {
    const f = path.join(dir, `bad${String(i)}.yaml`);
    writeFileSync(f, text);
    const r = cli('validate', f);
    assert.equal(r.status, 2, `${field}: ${r.stderr}`);
    assert.ok(r.stderr.includes(field), r.stderr);
    assert.match(r.stderr, message);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
