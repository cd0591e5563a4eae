/**
 * Exact events in scenarios: `firstCrossing(column, level)` located on the solver's dense output
 * whatever the save grid, `horizon.stopWhen` ending a run with status `event`, the optimiser's first
 * step across a level, and `gradflow check <folder>` reading the exact times back.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { modeTime } from '../../src/flows/modes.js';
import { executeScenario } from '../../src/pipeline/execute.js';
import { recheckFolder } from '../../src/pipeline/recheck.js';
import { compileRunExpression } from '../../src/checks/compile.js';
import { scopeOf } from '../../src/checks/scope.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { parseScenario, type Experiment } from '../../src/experiment/resolve.js';
import type { RunResult } from '../../src/checks/runResult.js';
import { runScenario } from '../../src/experiment/runner.js';

/**
 * Depth-3 diagonal completion from 0.01·I: the observed diagonal entries are modes with σ = 1,
 * s0 = 0.01, so w11 follows the mode law and crosses 0.5 at modeTime(3, 1, 0.01, 0.5).
 */
const scenario = (
  save: string,
  extra = '',
  checks = '  - { kind: final, name: "w11 crosses 1/2 on time", assert: "abs(firstCrossing(w11, half) - modeTime(3, 1, 0.01, half)) < 1e-9" }',
): Experiment =>
  parseScenario(
    `id: exact-crossing
title: exact crossings
description: firstCrossing against the mode law
params: { half: 0.5 }
energy: { kind: completion, shape: [2, 2], observed: [[1, 1, 1], [2, 2, 1]] }
model: { depth: 3, width: 2 }
init: { kind: balanced, W0: identity, scale: 0.01 }
solver: { method: dop853, rtol: 1.0e-12, atol: 1.0e-14 }
horizon: { t1: 10, save: ${save}${extra} }
checks:
${checks}
`,
    'exact-crossing.yaml',
  );

const exact = modeTime(3, 1, 0.01, 0.5); // 3.768036781075556 (quadrature to 1e-15)

const crossingOf = (l: Experiment, cell: Parameters<typeof scopeOf>[1], r: RunResult, text = 'firstCrossing(w11, half)'): number =>
  compileRunExpression(text, l.scenario, l.quantities).evaluate(scopeOf(l.scenario, cell, r, r.rows.at(-1)!));

const made: string[] = [];
after(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

test('firstCrossing(w11, 0.5) at save steps 1, 0.1 and 0.01 is the mode law’s modeTime to 1e-10 relative, the same on every grid', async () => {
  const found: number[] = [];
  for (const n of [11, 101, 1001]) {
    const l = scenario(`{ kind: uniform, n: ${String(n)} }`);
    const out = await runScenario(l.scenario);
    const r = out.results[0]!;
    assert.equal(r.status, 'success', r.message);
    const t = crossingOf(l, out.cells[0]!, r);
    // the solver (rtol 1e-12) and Brent on its dense output (1e-12 in t) leave ~1e-12 (measured −1.8e-13 at every step):
    // 1e-10 is the brief's bound, a hundred times that
    assert.ok(Math.abs(t - exact) / exact < 1e-10, `save step ${String(10 / (n - 1))}: ${String(t)} vs ${String(exact)}`);
    assert.equal(r.crossings?.['w11@0.5'], t);
    found.push(t);
  }
  // located on the dense output, not between saved rows: the grid does not move it by one bit
  assert.equal(found[0], found[1]);
  assert.equal(found[1], found[2]);
});

test('a level that depends on the run (w11_0, a parameter) is evaluated at the start; one that reads tFinal falls back to the rows', async () => {
  const l = scenario(
    '{ kind: uniform, n: 11 }',
    '',
    `  - { kind: final, name: "from the start", assert: "firstCrossing(w11, 50 * w11_0) > 0" }
  - { kind: final, name: "from the end", assert: "firstCrossing(w11, tFinal / 20) > 0" }`,
  );
  const out = await runScenario(l.scenario);
  const r = out.results[0]!;
  const w0 = r.rows[0]!.w11!;
  // 50·w11_0 ≈ 0.5, from the value at t = 0 computed by the same code as the w11 column: the key matches the checks' level
  const t = crossingOf(l, out.cells[0]!, r, 'firstCrossing(w11, 50 * w11_0)');
  assert.equal(r.crossings![`w11@${String(50 * w0)}`], t);
  assert.deepEqual(Object.keys(r.crossings!), [`w11@${String(50 * w0)}`]);
  // the mode law from s0 = w11_0 (the balanced factors' product, 0.01 to rounding): 1e-10 as above
  const law = modeTime(3, 1, w0, 50 * w0);
  assert.ok(Math.abs(t - law) / law < 1e-10, `${String(t)} vs ${String(law)}`);
  // tFinal / 20 = 0.5 is not known at the start: linear interpolation between rows 1 apart, ~2e-3 off the exact time
  const rows = crossingOf(l, out.cells[0]!, r, 'firstCrossing(w11, tFinal / 20)');
  assert.ok(Math.abs(rows - exact) > 1e-4, String(rows));
});

test('horizon.stopWhen ends the run with status event at the crossing: a comparison, a compound predicate and an indicator agree to 1e-10', async () => {
  for (const when of ['w11 >= half', 'w11 >= 0.5 and loss < 10', '(w11 >= 0.5) == true']) {
    const l = scenario('{ kind: uniform, n: 11 }', `, stopWhen: "${when}"`, '  - { kind: status, name: "stopped", expect: [event] }');
    const out = await runScenario(l.scenario);
    const r = out.results[0]!;
    assert.equal(r.status, 'event', r.message);
    // the comparison's margin w11 − 0.5 is continuous; and-ed with a true one it is the same root; the
    // indicator's switch is bracketed to Brent's 1e-12 in t: all within 1e-10 of the exact crossing (measured −1.8e-13, −1.8e-13, −4.5e-13)
    assert.ok(Math.abs(r.tEvent! - exact) / exact < 1e-10, `${when}: ${String(r.tEvent)} vs ${String(exact)}`);
    // the last row is the stopping state: its time is tEvent, its w11 the level
    assert.equal(r.rows.at(-1)!.t, r.tEvent);
    assert.ok(Math.abs(r.rows.at(-1)!.w11! - 0.5) < 1e-11, String(r.rows.at(-1)!.w11)); // |w11'| ≈ 0.56 at the crossing: 1e-12 in t is ~1e-12 in w11
  }
});

test('stopWhen refuses at load a column that is not a function of the state', () => {
  assert.throws(
    () => scenario('{ kind: uniform, n: 11 }', ', stopWhen: "invariantDrift > 1"'),
    (e: unknown) => e instanceof ScenarioError && /horizon\.stopWhen/.test(e.message) && /not a function of the state/.test(e.message),
  );
});

test('under gradient descent the crossing is the first step at which w11 ≥ 0.5, and stopWhen stops there', async () => {
  const text = (extra: string): Experiment =>
    parseScenario(
      `id: gd-crossing
title: gd crossing
description: the optimiser's first step across a level
energy: { kind: completion, shape: [2, 2], observed: [[1, 1, 1], [2, 2, 1]] }
model: { depth: 3, width: 2 }
init: { kind: balanced, W0: identity, scale: 0.01 }
optimizer: { kind: gd, lr: 0.01 }
horizon: { t1: 10, save: { kind: uniform, n: 11 }${extra} }
checks:
  - { kind: final, name: "x", assert: "firstCrossing(w11, 0.5) > 0" }
`,
      'gd.yaml',
    );
  const l = text('');
  const out = await runScenario(l.scenario);
  const r = out.results[0]!;
  const t = r.crossings!['w11@0.5']!;
  // a multiple of the step dt = lr = 0.01 (GD's clock), near the flow's crossing (GD lags or leads it by O(lr))
  const k = Math.round(t / 0.01);
  assert.ok(Math.abs(t - k * 0.01) < 1e-12, String(t));
  assert.ok(Math.abs(t - exact) < 0.1, String(t));
  const stopped = await runScenario(text(', stopWhen: "w11 >= 0.5"').scenario);
  const s = stopped.results[0]!;
  assert.equal(s.status, 'event', s.message);
  assert.equal(s.tEvent, t);
  assert.equal(s.rows.at(-1)!.step, k);
  assert.ok(s.rows.at(-1)!.w11! >= 0.5);
});

test('gradflow check <folder> reads the exact crossing and tEvent back from summary.csv', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'gradflow-crossing-'));
  made.push(root);
  const l = scenario(
    '{ kind: uniform, n: 11 }',
    ', stopWhen: "w11 >= 0.75"',
    `  - { kind: final, name: "w11 crosses 1/2 on time", assert: "abs(firstCrossing(w11, half) - modeTime(3, 1, 0.01, half)) < 1e-9" }
  - { kind: status, name: "stopped", expect: [event] }`,
  );
  const report = await executeScenario(l, root, { figures: false, notebook: false });
  assert.equal(report.passed, true);
  const dir = path.join(root, l.scenario.id);
  const summary = readFileSync(path.join(dir, 'summary.csv'), 'utf8');
  const [head, row] = summary.trim().split('\n') as [string, string];
  const cols = head.split(',');
  const at = (c: string): string => row.split(',')[cols.indexOf(c)]!;
  assert.ok(cols.includes('tEvent') && cols.includes('firstCrossing:w11@0.5'), head);
  // the rows (1 apart) would put the crossing ~1e-3 off: the folder holds the exact one
  assert.ok(Math.abs(Number(at('firstCrossing:w11@0.5')) - exact) / exact < 1e-10, at('firstCrossing:w11@0.5'));
  assert.ok(Math.abs(Number(at('tEvent')) - modeTime(3, 1, 0.01, 0.75)) / modeTime(3, 1, 0.01, 0.75) < 1e-10, at('tEvent')); // as the crossing
  const again = recheckFolder(dir);
  assert.equal(again.passed, true);
  assert.equal(again.matchesRecorded, true);
});
