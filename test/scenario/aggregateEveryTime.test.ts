/** Aggregate checks at every saved time (`times: all`) and the `sem` aggregate, on hand-made runs. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CheckResult } from '../../src/checks/checkResult.js';
import { evaluateChecks } from '../../src/checks/evaluate.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { parseScenario, type Experiment } from '../../src/experiment/resolve.js';
import type { RunResult } from '../../src/checks/runResult.js';

const scenario = (checks: string): Experiment =>
  parseScenario(
    `id: every-time
title: aggregates at every saved time
description: hand-made runs
params: { rate: 2 }
energy: { kind: completion, shape: [2, 2], observed: [[1, 1, 1], [2, 2, 1]] }
model: { depth: 2, parametrization: end-to-end }
init: { kind: gaussian, scale: 0.1 }
horizon: { t1: 2, save: { kind: uniform, n: 3 } }
checks:
${checks}
`,
    'every-time.yaml',
  );

/** A run of cell 0 with w11 = slope·t at t = 0, 1, 2. */
const run = (k: number, slope: number, length = 3): RunResult => ({
  cell: 0,
  run: k,
  status: 'success',
  message: '',
  time: 'upstairs',
  depth: 2,
  rows: [0, 1, 2].slice(0, length).map((t) => ({ t, w11: slope * t, w12: 0, w21: 0, w22: 0 })),
  stats: { nfev: 0, njev: 0, naccepted: 0, nrejected: 0, wallMs: 0 },
  method: 'dopri5',
});

const evaluate = (l: Experiment, runs: RunResult[]): CheckResult => evaluateChecks(l, runs)[0]!;

// slopes 1, 2, 3, 2: mean 2, sample std √(2/3), sem √(2/3)/2 per unit t
const slopes = [1, 2, 3, 2];
const runs = slopes.map((s, k) => run(k, s));

test('times: all evaluates the predicate at every saved time with t bound; sem = std/√n', () => {
  const l = scenario(`  - { kind: aggregate, name: "law", times: all, assert: "abs(mean(w11) - rate * t) <= 3 * sem(w11) + 1e-12" }`);
  const r = evaluate(l, runs);
  assert.equal(r.passed, true, r.detail);
  // shown: the last saved time, t = 2: mean 4, sem 2·√(2/3)/2
  const v = r.cells![0]!.values;
  assert.equal(v.t, 2);
  assert.equal(v['mean(w11)'], 4);
  // a sum, a square root and a division of exact small numbers: within one rounding of √(2/3)
  assert.ok(Math.abs(v['sem(w11)']! - Math.sqrt(2 / 3)) < 1e-15, String(v['sem(w11)']));
  assert.match(r.detail, /at every saved time \(3 evaluations/);
});

test('times: all fails at the first time the predicate is false and shows the values there; times: final sees only the last row', () => {
  // mean(w11) = 2t: "mean(w11) < 3" holds at t = 0, 1 and fails at t = 2
  const all = evaluate(scenario(`  - { kind: aggregate, name: "x", times: all, assert: "mean(w11) < 3 or t < 0" }`), runs);
  assert.equal(all.passed, false);
  assert.equal(all.cells![0]!.values.t, 2);
  // "mean(w11) > 3" fails at t = 0 (shown there) although it holds at the end
  const early = evaluate(scenario(`  - { kind: aggregate, name: "x", times: all, assert: "mean(w11) > 3" }`), runs);
  assert.equal(early.passed, false);
  assert.equal(early.cells![0]!.values.t, 0);
  const final = evaluate(scenario(`  - { kind: aggregate, name: "x", assert: "mean(w11) > 3" }`), runs);
  assert.equal(final.passed, true, final.detail);
});

test('times: all with a run that stopped early makes the aggregate NaN at the missing rows: the check fails, naming why', () => {
  const r = evaluate(scenario(`  - { kind: aggregate, name: "x", times: all, assert: "mean(w11) >= 0" }`), [...runs, run(4, 1, 2)]);
  assert.equal(r.passed, false);
  assert.match(r.detail, /saved times differ at row 2/);
});

test('t outside an aggregate is refused when times is final: it is a value of each run', () => {
  assert.throws(
    () => scenario(`  - { kind: aggregate, name: "x", assert: "mean(w11) > t" }`),
    (e: unknown) => e instanceof ScenarioError && /"t" is a value of each run/.test(e.message),
  );
});
