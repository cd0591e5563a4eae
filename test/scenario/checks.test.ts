/** The check language on known runs: firstCrossing, values at t = 0, aggregates, mode functions, values that are not real, names and arities at load. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entropy, freeEnergy, logVolumeElement } from '../../src/analysis/volume.js';
import { lambdaInf, lambdaN } from '../../src/flows/coefficients.js';
import { modeTime } from '../../src/flows/modes.js';
import { reportHtml } from '../../src/report/html.js';
import { cellsOf } from '../../src/experiment/resolveCells.js';
import { compileRunExpression } from '../../src/checks/compile.js';
import { scopeOf } from '../../src/checks/scope.js';
import type { CheckResult } from '../../src/checks/checkResult.js';
import { evaluateChecks } from '../../src/checks/evaluate.js';
import { firstCrossing } from '../../src/checks/crossing.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { parseScenario, type Experiment } from '../../src/experiment/resolve.js';
import type { RunResult } from '../../src/checks/runResult.js';
import { runScenario } from '../../src/experiment/runner.js';

/** A 2×2 scenario whose checks we evaluate on hand-made runs. */
const scenario = (checks: string, params = '{ s0: 0.01 }'): Experiment =>
  parseScenario(
    `id: checks-test
title: checks on known rows
description: hand-made runs
params: ${params}
energy: { kind: completion, shape: [2, 2], observed: [[1, 1, 1], [2, 2, 1]] }
model: { depth: 2, parametrization: end-to-end }
init: { kind: gaussian, scale: 0.1 }
horizon: { t1: 3 }
checks:
${checks}
`,
    'checks-test.yaml',
  );

/** A run of cell 0 through the given rows. */
const run = (k: number, rows: Record<string, number>[]): RunResult => ({
  cell: 0,
  run: k,
  status: 'success',
  message: '',
  time: 'upstairs',
  depth: 2,
  rows,
  stats: { nfev: 0, njev: 0, naccepted: 0, nrejected: 0, wallMs: 0 },
  method: 'dopri5',
});

const evaluate = (l: Experiment, runs: RunResult[]): CheckResult[] => evaluateChecks(l, runs);

test('firstCrossing(rows, column, level): linear interpolation between saved rows, a touch, a downward crossing, and +Infinity for never', () => {
  const rows = [0, 1, 2, 3].map((t) => ({ t, x: 2 * t, y: [1, 0.5, 1, 2][t]!, z: [5, 4, 2, 1][t]! }));
  assert.equal(firstCrossing(rows, 'x', 3), 1.5); // x = 2t exactly
  assert.equal(firstCrossing(rows, 'x', 0), 0); // starts at the level
  assert.equal(firstCrossing(rows, 'y', 0.5), 1); // touches it at a saved row
  assert.equal(firstCrossing(rows, 'y', 1.5), 2.5); // after the dip: up from 1 to 2 between t = 2 and 3
  assert.equal(firstCrossing(rows, 'z', 3), 1.5); // downwards from 4 to 2
  assert.equal(firstCrossing(rows, 'x', 7), Infinity); // never within the run
});

test('firstCrossing(sigma1, level) on the logistic mode law equals the closed-form crossing time modeTime', async () => {
  // σ = 2, N = 2 from s0 = 0.01, saved every h = 0.05 to t = 6, integrated to rtol 1e-12
  const l = parseScenario(
    `id: crossing
title: logistic crossing times
description: firstCrossing against modeTime
params: { s0: 0.01 }
energy: { kind: whitened, target: [[2, 0], [0, 1]] }
model: { depth: 2, width: 2 }
init: { kind: aligned, s0: 0.01 }
solver: { method: dop853, rtol: 1.0e-12, atol: 1.0e-14 }
horizon: { t1: 6, save: { kind: uniform, n: 121 } }
checks:
  - { kind: final, name: "σ1 crosses 1 when the law says", assert: "abs(firstCrossing(sigma1, 1) - modeTime(2, 2, s0, 1)) < 1e-4" }
`,
    'crossing.yaml',
  );
  const out = await runScenario(l.scenario);
  const r = out.results[0]!;
  const at = (level: number): number =>
    compileRunExpression(`firstCrossing(sigma1, ${String(level)})`, l.scenario, l.quantities).evaluate(scopeOf(l.scenario, out.cells[0]!, r, r.rows.at(-1)!));
  const h = 0.05;
  // at the inflection s = σ/2 = 1 the chord's error is third order: |s''| ≤ 2·2h·|s'| within a step, so |Δt| ≤ h³/2 = 6.3e-5 (measured 2.8e-6)
  const t1 = modeTime(2, 2, 0.01, 1);
  assert.ok(Math.abs(at(1) - t1) < h ** 3 / 2, `${String(at(1))} vs ${String(t1)}`);
  // near s = 1.8 the chord's time error is at most h²·max|s''/s'|/8, with |s''/s'| = 2|σ − 2s| ≤ 2σ = 4 for s ≤ σ:
  // 0.5 h² = 1.25e-3 (measured 9.94e-4 at h = 0.05; the chord lags the concave curve, so the error is positive)
  const t18 = modeTime(2, 2, 0.01, 1.8);
  const e18 = at(1.8) - t18;
  assert.ok(e18 > 0 && e18 < 0.5 * h * h, `${String(at(1.8))} vs ${String(t18)}`);
  assert.equal(at(2.5), Infinity); // σ1 → 2 never reaches 2.5
  assert.deepEqual(
    evaluate(l, out.results).map((c) => c.passed),
    [true],
  );
});

test('values at t = 0 in predicates: "det(0) < 0 ⇒ ab ≥ 1" is one check, det_0 >= 0 or w12*w21 >= 1', () => {
  const l = scenario(`  - { kind: final, name: "negative start ends on the hyperbola", assert: "det_0 >= 0 or w12*w21 >= 1" }`);
  const row = (t: number, det: number, w12: number, w21: number): Record<string, number> => ({ t, det, w11: 0, w12, w21, w22: 0 });
  const good = [run(0, [row(0, -0.5, 0.1, 0.2), row(3, -1, 1, 1.5)]), run(1, [row(0, 0.5, 0.1, 0.2), row(3, 1, 0, 0)])];
  assert.equal(evaluate(l, good)[0]!.passed, true);
  const bad = [run(0, [row(0, -0.5, 0.1, 0.2), row(3, -1, 1, 0.5)])];
  const r = evaluate(l, bad)[0]!;
  assert.equal(r.passed, false);
  assert.match(r.detail, /is false at t = 3 \(cell 0, run 0; .*det = -1, .*w12 = 1, w21 = 0.5/);
  const w = compileRunExpression('w12_0 + 10 * det_0', l.scenario, l.quantities).evaluate(
    scopeOf(l.scenario, cellsOf(l.scenario)[0]!, bad[0]!, bad[0]!.rows[1]!),
  );
  assert.equal(w, 0.1 - 5);
});

test('aggregate checks: mean, median, quantile, std and fraction over a cell’s final values, against hand computation', () => {
  const l = scenario(
    `  - { kind: aggregate, name: "near the hyperbola", assert: "median(abs(1 - w12*w21)) < 0.25 and quantile(abs(1 - w12*w21), 0.9) < 1 and mean(abs(1 - w12*w21)) > 0.3 and std(abs(1 - w12*w21)) > 0 and fraction(w12*w21 >= 1) == 0.6" }`,
  );
  // w12·w21 = 0.5, 0.9, 1, 1.2, 2, so |1 − ab| = 0.5, 0.1, 0, 0.2, 1 (sorted 0, 0.1, 0.2, 0.5, 1)
  const runs = [0.5, 0.9, 1, 1.2, 2].map((ab, k) =>
    run(k, [
      { t: 0, w11: 0, w12: 0.1, w21: 0.1, w22: 0, det: 0 },
      { t: 3, w11: 0, w12: ab, w21: 1, w22: 0, det: -ab },
    ]),
  );
  const r = evaluate(l, runs)[0]!;
  assert.equal(r.passed, true, r.detail);
  const v = r.cells![0]!.values;
  // 1 − 0.9 and 1 − 1.2 are 0.1 and 0.2 to an ulp; the sums to a few ulps of 1
  const close = (got: number | undefined, want: number): void => {
    assert.ok(got !== undefined && Math.abs(got - want) < 4e-16 * Math.max(1, Math.abs(want)), `${String(got)} vs ${String(want)}`);
  };
  close(v['median(abs(1 - w12 * w21))'], 0.2);
  close(v['mean(abs(1 - w12 * w21))'], 1.8 / 5);
  close(v['quantile(abs(1 - w12 * w21), 0.9)'], 0.5 + 0.6 * 0.5); // type 7: h = 4·0.9 = 3.6 between 0.5 and 1
  close(v['std(abs(1 - w12 * w21))'], Math.sqrt(0.652 / 4)); // Σ(x − 0.36)² = 0.652, n − 1 = 4
  close(v['fraction(w12 * w21 >= 1)'], 0.6);
  // the measured line shows each comparison's sides at the cell closest to failing, and the report shows it beside the verdict
  assert.match(r.measured, /^median\(abs\(1 - w12 \* w21\)\) = 0\.(2|1999)\d* < 0\.25 \(closest: cell 0, 5 runs\); /);
  assert.match(r.measured, /fraction\(w12 \* w21 >= 1\) = 0\.6\d* == 0\.6/);
  const html = reportHtml(l.scenario, cellsOf(l.scenario), runs, [r], [], { version: 'test', commit: undefined, interrupted: false });
  assert.match(html, /<td>median\(abs\(1 - w12 \* w21\)\) = 0\.(2|1999)\d* &lt; 0\.25 \(closest: cell 0, 5 runs\); /);
  // the same aggregates with a failing bound fail, saying by how much, and the table holds the cell's values
  const f = evaluate(scenario(`  - { kind: aggregate, name: "tight", assert: "median(abs(1 - w12*w21)) < 0.1" }`), runs)[0]!;
  assert.equal(f.outcome, 'fail');
  // 0.2 against 0.1: off by 0.1, and both sides printed with digits resolving the gap 0.1
  assert.match(f.measured, /^median\(abs\(1 - w12 \* w21\)\) = 0\.(2|1999)\d* is not < 0\.1 \(false: cell 0, 5 runs, off by 0\.1\)$/);
  assert.deepEqual(f.table!.columns, ['cell', 'runs', 'median(abs(1 - w12 * w21))', 'verdict']);
  assert.equal(f.table!.rows[0]![3], 'FAIL');
});

test('the mode and geometry functions of the check language are the library functions', () => {
  const l = scenario(`  - { kind: final, name: "x", assert: "true" }`);
  const ev = (text: string): number => compileRunExpression(text, l.scenario, l.quantities).evaluate({});
  assert.equal(ev('modeTime(3, 2, 0.01, 1.5)'), modeTime(3, 2, 0.01, 1.5));
  assert.equal(ev('modeTimeTau(inf, 2, 0.01, 1.5)'), modeTime(Infinity, 2, 0.01, 1.5, 'normalized'));
  assert.equal(ev('lambdaN(4, 1, 3)'), lambdaN(4, 1, 3));
  assert.equal(ev('lambdaInf(4, 1)'), lambdaInf(4, 1));
  assert.equal(ev('logVolumeElement(3, 2, 1)'), logVolumeElement([2, 1], 3));
  assert.equal(ev('entropy(3, 2, 1, 0.5)'), entropy([2, 1, 0.5], 3));
  assert.equal(ev('freeEnergy(0.7, 3, 2, 2, 1)'), freeEnergy(0.7, [2, 1], 3, 2));
  // closed form at N = 2: C_il = σ_i + σ_l, so λ²(σ_i² = 4, σ_l² = 1) = (2 + 1)/2, to an ulp of the expm1 form
  assert.ok(Math.abs(ev('lambdaN(4, 1, 2)') - 1.5) < 1e-15);
});

test('a check whose value is complex or not a truth value fails, showing the value; it never crashes', () => {
  const l = scenario(`  - { kind: final, name: "log", assert: "log(w11) > 0" }
  - { kind: series, name: "sqrt", quantity: w11, expect: "sqrt(w11 - 2)", atol: 1 }
  - { kind: final, name: "not a predicate", assert: "w11 + 0.5" }
  - { kind: ensemble, name: "acos", each: "acos(w11 - 1) > 0" }`);
  const runs = [run(0, [{ t: 0, w11: -1, w12: 0, w21: 0, w22: 0, det: 0 }])];
  const [log, sqrt, notBool, acos] = evaluate(l, runs);
  assert.equal(log!.passed, false);
  assert.match(log!.detail, /> needs real numbers, got the complex number 3\.141592653589793i at t = 0/);
  assert.equal(sqrt!.passed, false);
  assert.match(sqrt!.detail, /evaluated to the complex number 1\.7320508075688772i, not a real number at t = 0/);
  assert.equal(notBool!.passed, false);
  assert.match(notBool!.detail, /evaluated to -0\.5, not true or false/);
  assert.equal(acos!.passed, false);
  assert.match(acos!.detail, /not a truth value: .*> needs real numbers, got the complex number 3\.141592653589793 - 1\.316957896924816\di \(cell 0, run 0\)/);
});

test('bad names and calls are refused at load, at their field path, with what was expected', () => {
  const fails = (text: () => unknown, path: string, message: RegExp): void => {
    assert.throws(
      text,
      (e: unknown) => {
        const p = e instanceof ScenarioError ? e.problems[0] : undefined;
        return p?.path === path && message.test(p.message);
      },
      path,
    );
  };
  const ok = `  - { kind: final, name: "x", assert: "true" }`;
  fails(() => scenario(ok, '{ gamma: 1 }'), 'params.gamma', /mathjs built-in/);
  fails(() => scenario(ok, '{ toString: 1 }'), 'params.toString', /prototype/);
  fails(() => scenario(ok, '{ loss: 1 }'), 'params.loss', /column/);
  fails(() => scenario(ok, '{ modeLaw: 1 }'), 'params.modeLaw', /function of the expression language/);
  fails(() => scenario(`  - { kind: final, name: "x", assert: "modeLaw(2, 1) > 0" }`), 'checks.0.assert', /modeLaw\(\) takes 4 arguments, got 2/);
  fails(
    () => scenario(`  - { kind: final, name: "x", assert: "firstCrossing(2 * loss, 1) > 0" }`),
    'checks.0.assert',
    /first argument of firstCrossing\(\) must be a column name/,
  );
  fails(() => scenario(`  - { kind: final, name: "x", assert: "median(loss) > 0" }`), 'checks.0.assert', /function "median" is not allowed/);
  fails(
    () => scenario(`  - { kind: aggregate, name: "x", assert: "median(loss) > w11" }`),
    'checks.0.assert',
    /"w11" is a value of each run: use it inside an aggregate/,
  );
  fails(
    () => scenario(`  - { kind: aggregate, name: "x", assert: "quantile(loss, 2) > 0" }`),
    'checks.0.assert',
    /quantile\(x, q\) needs a number q in \[0, 1\]/,
  );
});

test('runs in normalised time name their time tau (columns, scopes, firstCrossing); t stays the run’s own time in expressions', async () => {
  const text = (depths: string): string => `id: tau-names
title: time names
description: normalised and upstairs runs
energy: { kind: completion, shape: [2, 2], observed: [[1, 1, 1], [2, 2, 1]] }
model: { depth: 2, parametrization: end-to-end }
init: { kind: balanced, W0: identity, scale: 0.5 }
horizon: { t1: 2, save: { kind: uniform, n: 21 } }
sweep: { model.depth: ${depths} }
checks:
  - { kind: final, name: "x", assert: "true" }
`;
  const l = parseScenario(text('[inf]'), 'tau.yaml');
  assert.equal(l.quantities[0], 'tau');
  assert.ok(!l.quantities.includes('t'));
  const out = await runScenario(l.scenario);
  const r = out.results[0]!;
  assert.equal(r.time, 'normalized');
  assert.equal(r.rows.at(-1)!.tau, 2);
  assert.equal(r.rows.at(-1)!.t, undefined);
  const ev = (e: string, row: Record<string, number>): number =>
    compileRunExpression(e, l.scenario, l.quantities).evaluate(scopeOf(l.scenario, out.cells[0]!, r, row));
  const last = r.rows.at(-1)!;
  assert.equal(ev('tau + 10 * t + 100 * tFinal + 1000 * tau_0', last), 2 + 20 + 200);
  // w11 rises from 0.5 to 1 along w' = λ^∞(w², w²)(1 − w) = w²(1 − w) in τ: the crossing of 0.6 is at the closed-form τ
  const exact = Math.log((0.6 * 0.5) / (0.5 * 0.4)) + 1 / 0.5 - 1 / 0.6; // modeTime(∞, 1, 0.5, 0.6) in τ
  assert.ok(Math.abs(ev('firstCrossing(w11, 0.6)', last) - exact) < 0.01, String(ev('firstCrossing(w11, 0.6)', last))); // chord error ≤ h²|w''|/(8|w'|) ≈ 0.003 at h = 0.1
  assert.equal(exact, modeTime(Infinity, 1, 0.5, 0.6, 'normalized'));
  // a sweep with upstairs and normalised cells keeps both columns; tau is then not a symbol (an upstairs run has none)
  const mixed = parseScenario(text('[2, inf]'), 'tau.yaml');
  assert.ok(mixed.quantities.includes('t') && mixed.quantities.includes('tau'));
  assert.throws(() => compileRunExpression('tau > 0', mixed.scenario, mixed.quantities), /unknown symbol "tau"/);
});

test('aggregate values are reported per cell in summary.json and checks.json, equal to the hand-computed median and mean of the runs’ final values', async () => {
  const { executeScenario } = await import('../../src/pipeline/execute.js');
  const { mkdtempSync, readFileSync } = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const l = parseScenario(
    `id: aggregate-summary
title: aggregates in the summary
description: five runs, one cell
energy: { kind: completion, shape: [2, 2], observed: [[1, 1, 1], [2, 2, 1]] }
model: { depth: 2, parametrization: end-to-end }
init: { kind: gaussian, scale: 0.3 }
horizon: { t1: 1, save: { kind: uniform, n: 5 } }
ensemble: { runs: 5, seed: 1 }
checks:
  - { kind: aggregate, name: "typical loss", assert: "median(loss) < 10 and mean(w12 * w21) > -10" }
`,
    'aggregate.yaml',
  );
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gradflow-agg-'));
  const report = await executeScenario(l, dir, { figures: false });
  assert.equal(report.passed, true);
  const summary = JSON.parse(readFileSync(path.join(report.out, 'summary.json'), 'utf8')) as {
    runs: Record<string, number>[];
    cells: { aggregates: Record<string, Record<string, number>> }[];
  };
  const losses = summary.runs.map((r) => r.loss!).sort((a, b) => a - b);
  const ab = summary.runs.map((r) => r.w12! * r.w21!);
  const values = summary.cells[0]!.aggregates['typical loss']!;
  assert.equal(values['median(loss)'], losses[2]); // five values: the middle one, exactly
  // the same five products summed in the same order
  assert.equal(values['mean(w12 * w21)'], ab.reduce((s, x) => s + x, 0) / 5);
  const checks = JSON.parse(readFileSync(path.join(report.out, 'checks.json'), 'utf8')) as { checks: { cells: { values: Record<string, number> }[] }[] };
  assert.deepEqual(checks.checks[0]!.cells[0]!.values, values);
});

test('status checks with where: only the selected cells’ runs are judged; an unswept path is refused at load', () => {
  const swept = (checks: string): Experiment =>
    parseScenario(
      `id: status-where
title: status per cell
description: hand-made runs in two cells
energy: { kind: completion, shape: [2, 2], observed: [[1, 1, 1], [2, 2, 1]] }
model: { depth: 2, parametrization: end-to-end }
init: { kind: gaussian, scale: 0.1 }
horizon: { t1: 3, lossBelow: 1.0e-8 }
sweep: { model.depth: [2, inf] }
checks:
${checks}
`,
      'status-where.yaml',
    );
  const l = swept(`  - { kind: status, name: "finite depth fits", expect: [loss-reached], where: { model.depth: [2] } }
  - { kind: status, name: "depth inf fits", expect: [loss-reached], where: { model.depth: [inf] } }
  - { kind: status, name: "depth inf ends", expect: [loss-reached, t1-reached], where: { model.depth: [inf] } }
  - { kind: status, name: "every run fits", expect: [loss-reached] }`);
  const rows = [{ t: 0, loss: 1 }];
  const runs: RunResult[] = [
    { ...run(0, rows), cell: 0, status: 'loss-reached' },
    { ...run(1, rows), cell: 0, status: 'loss-reached' },
    { ...run(0, rows), cell: 1, status: 't1-reached', message: 't1 = 3 was reached before the loss fell below 1e-8.' },
  ];
  const [finite, inf, ends, every] = evaluate(l, runs);
  assert.equal(finite!.passed, true);
  assert.equal(finite!.detail, 'all 2 runs of the cells where model.depth ∈ {2} ended with loss-reached');
  assert.equal(inf!.passed, false);
  assert.match(inf!.detail, /^\(depth ∞, run 0\) ended with t1-reached/);
  assert.equal(inf!.measured, 't1-reached 1 (not expected) of 1 runs: 1 outside loss-reached');
  assert.equal(ends!.passed, true);
  assert.equal(ends!.detail, 'all 1 runs of the cells where model.depth ∈ {inf} ended with t1-reached');
  assert.equal(every!.passed, false); // without where every cell counts
  // a selection no run falls in is not evaluated: neither a pass nor a fail
  const none = evaluate(l, runs.slice(0, 2))[1]!;
  assert.equal(none.outcome, 'not-evaluated');
  assert.equal(none.passed, false);
  assert.equal(none.reason, 'no run in a cell where model.depth ∈ {inf}');
  assert.throws(
    () => swept(`  - { kind: status, name: "x", expect: [loss-reached], where: { init.scale: [0.1] } }`),
    (e: unknown) => e instanceof ScenarioError && e.problems[0]?.path === 'checks.0.where.init.scale' && /not a swept field/.test(e.problems[0].message),
  );
});
