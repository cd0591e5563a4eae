/**
 * Landscape scenarios (docs/theory.md §6.4–6.5): the hyperbola's closed form through the whole
 * evaluation, the escape reported as a boundary, minimisers against a dense grid and a closed form,
 * checks that fail when they should, and bad input named by its field.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { entropy } from '../../src/analysis/volume.js';
import { analysisMessages } from '../../src/analysis/messages.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { evaluateLandscapeChecks } from '../../src/landscape/checks.js';
import { evaluateLandscape } from '../../src/landscape/evaluate.js';
import { parseLandscape } from '../../src/landscape/load.js';
import { landscapeMessages } from '../../src/landscape/messages.js';
import { landscapeJsonSchema } from '../../src/landscape/schema.js';
import { parseScenario } from '../../src/experiment/resolve.js';

/** A landscape document: the hyperbola of the diagonal problem unless parts are replaced. */
const doc = (o: { family?: string; energy?: string; depths?: string; betas?: string; checks?: string; extra?: string } = {}): string => `kind: landscape
id: t
title: a landscape
description: the hyperbola ab = 1
energy: ${o.energy ?? '{ kind: completion, shape: [2, 2], observed: [[1, 1, 1], [2, 2, 1]] }'}
family: ${o.family ?? '{ W: [["1", "a"], ["1/a", "1"]], a: { from: 0.05, to: 20, n: 41, log: true } }'}
depths: ${o.depths ?? '[2, 3, 7, inf]'}
betas: ${o.betas ?? '[0.5, 4]'}
${o.checks === undefined ? '' : `checks:\n${o.checks}`}${o.extra ?? ''}`;

test('hyperbola ab = 1: S = ((N−1)/N) log σ1 to 1e-12 at every grid point, E = 0, every finite-N minimiser on the boundary, N = ∞ undefined', () => {
  const l = parseLandscape(doc(), 't.yaml');
  const r = evaluateLandscape(l);
  assert.equal(r.rows.length, 41 * 4 * 2);
  for (const row of r.rows) {
    if (row.N === Infinity) {
      assert.ok(Number.isNaN(row.S) && Number.isNaN(row.F));
      continue;
    }
    const a = row.a!;
    // σ1² = 2 + a² + 1/a² (rank 1: σ2 = 0 after the numerical-rank floor); logs of numbers ≤ 21
    const closed = ((row.N! - 1) / (2 * row.N!)) * Math.log(2 + a * a + 1 / (a * a));
    assert.equal(row.sigma2, 0);
    assert.ok(Math.abs(row.S! - closed) < 1e-12, `N = ${String(row.N)}, a = ${String(a)}: ${String(row.S)} vs ${String(closed)}`);
    assert.equal(row.E, 0);
    assert.equal(row.F, row.E - row.S! / row.beta!);
  }
  for (const m of r.minimisers) {
    if (m.N === Infinity) {
      assert.equal(m.status, 'undefined');
      assert.equal(m.undefinedPoints, 41);
      continue;
    }
    // F = −S/β decreases as σ1 grows; σ1 is the same at a and 1/a and largest at the two ends of the
    // grid (0.05 = 1/20): the minimum is at one of the ends, never in the interior
    assert.equal(m.status, 'boundary');
    assert.ok(m.edge === 'a:from' || m.edge === 'a:to', m.edge);
    assert.ok(m.argmin.a === 0.05 || m.argmin.a === 20);
  }
  assert.deepEqual(
    r.undefinedEntropy.map((u) => [u.N, u.points, u.reason]),
    [[Infinity, 41, analysisMessages.orbitLimitRankDeficient()]],
  );
});

test('the minimiser of a 1-D family with an interior minimum lies where a dense grid of 10⁶ points puts it', () => {
  // E = ½(a − 2)² on W = diag(a, 1) (whitened, Φ = diag(2, 1)), N = 3, β = 1
  const l = parseLandscape(
    doc({
      energy: '{ kind: whitened, target: [[2, 0], [0, 1]] }',
      family: '{ W: [["a", "0"], ["0", "1"]], a: { from: 0.2, to: 5, n: 25 } }',
      depths: '[3]',
      betas: '[1]',
    }),
    't.yaml',
  );
  const [m] = evaluateLandscape(l).minimisers;
  assert.equal(m!.status, 'interior');
  const F = (a: number): number => 0.5 * (a - 2) ** 2 - entropy(a >= 1 ? [a, 1] : [1, a], 3);
  let best = Infinity;
  let at = NaN;
  const n = 1_000_001;
  for (let i = 0; i < n; i++) {
    const a = 0.2 + (4.8 * i) / (n - 1);
    if (F(a) < best) {
      best = F(a);
      at = a;
    }
  }
  // the dense grid's spacing is 4.8e-6: its argmin is within one spacing of the refined one
  assert.ok(Math.abs(m!.argmin.a! - at) < 4.8e-6, `${String(m!.argmin.a)} vs ${String(at)}`);
  assert.ok(m!.F <= best + 1e-14);
});

test('2-D: the interior minimiser of ½‖diag(a, b) − diag(2, 1)‖² − ½ log(a + b)/β (N = 2) matches its closed form to 1e-6', () => {
  const l = parseLandscape(
    doc({
      energy: '{ kind: whitened, target: [[2, 0], [0, 1]] }',
      family: '{ W: [["a", "0"], ["0", "b"]], a: { from: 0.05, to: 4, n: 21 }, b: { from: 0.05, to: 4, n: 21 } }',
      depths: '[2]',
      betas: '[0.3, 1, 10]',
    }),
    't.yaml',
  );
  for (const m of evaluateLandscape(l).minimisers) {
    // stationary: a − 2 = b − 1 = 1/(2β(a + b)) ⇒ a = b + 1, 4βb² − 2βb − 2β − 1 = 0
    const beta = m.beta;
    const b = (2 * beta + Math.sqrt(4 * beta * beta + 16 * beta * (2 * beta + 1))) / (8 * beta);
    assert.equal(m.status, 'interior');
    // Brent to 1e-10 of the span, values fix a minimiser to ~√ε: 1e-6 is safe
    assert.ok(Math.abs(m.argmin.b! - b) < 1e-6 && Math.abs(m.argmin.a! - b - 1) < 1e-6, `β = ${String(beta)}: ${JSON.stringify(m.argmin)} vs b = ${String(b)}`);
  }
});

test('checks: a wrong series fails with its worst point, an undefined point fails naming it, minimiser predicates count rows', () => {
  const checks = `  - { kind: series, name: right, quantity: S, expect: "(N - 1) / N * log(sigma1)", atol: 1.0e-12, depths: [2, 3, 7] }
  - { kind: series, name: wrong, quantity: S, expect: "log(sigma1)", atol: 1.0e-12, depths: [2] }
  - { kind: series, name: at infinity, quantity: S, expect: "log(sigma1)", atol: 1.0 }
  - { kind: minimisers, name: escapes, assert: "boundary == 1", depths: [2, 3, 7] }
  - { kind: minimisers, name: interior, assert: "interior == 1" }
  - { kind: minimisers, name: none, assert: "defined == 1", depths: [5] }
`;
  const l = parseLandscape(doc({ checks }), 't.yaml');
  const [right, wrong, inf, escapes, interior, none] = evaluateLandscapeChecks(l, evaluateLandscape(l));
  assert.equal(right!.passed, true);
  assert.equal(wrong!.passed, false);
  // at N = 2 the truth is ½ log σ1, so the error is ½ log σ1, largest at the ends (σ1 ≈ 20.05)
  assert.ok(Math.abs(wrong!.worst!.error - 0.5 * Math.log(Math.sqrt(2 + 400 + 1 / 400))) < 1e-12, String(wrong!.worst!.error));
  assert.equal(inf!.passed, false);
  assert.match(inf!.detail, /undefined at N = inf/);
  assert.equal(escapes!.passed, true);
  assert.equal(interior!.passed, false);
  assert.match(interior!.detail, /held on 0 of 8 minimiser rows/);
  // N = 5 is not a depth of the scenario: a check that selects nothing is not evaluated, never a pass
  assert.equal(none!.passed, false);
  assert.equal(none!.outcome, 'not-evaluated');
  assert.equal(none!.reason, landscapeMessages.noRows());
});

test('the curated hyperbola scenario passes its checks (S to 1e-12, the escape, N = ∞ undefined)', () => {
  const file = 'scenarios/free-energy-hyperbola.yaml';
  const l = parseLandscape(readFileSync(file, 'utf8'), file);
  const results = evaluateLandscapeChecks(l, evaluateLandscape(l));
  assert.ok(results.length >= 4);
  for (const c of results) assert.ok(c.passed, `${c.name}: ${c.detail}`);
});

test('bad input is refused naming the field and what was expected', () => {
  const bad = (text: string, path: string, message: string | RegExp): void => {
    assert.throws(
      () => parseLandscape(text, 't.yaml'),
      (e: unknown) =>
        e instanceof ScenarioError &&
        e.problems[0]!.path === path &&
        (typeof message === 'string' ? e.problems[0]!.message === message : message.test(e.problems[0]!.message)) &&
        /^t\.yaml:\d+:\d+$/.test(e.problems[0]!.where ?? ''),
      `${path}: ${String(message)}`,
    );
  };
  const axis = '{ from: 1, to: 2, n: 3 }';
  bad(doc({ family: `{ W: [["a", "b"], ["c", "1"]], a: ${axis}, b: ${axis}, c: ${axis} }` }), 'family', landscapeMessages.axisCount(3));
  bad(doc({ family: '{ W: [["1", "a"], ["1", "1"]], a: { from: 0, to: 2, n: 3, log: true } }' }), 'family.a.from', landscapeMessages.axisLog(0));
  bad(doc({ family: '{ W: [["1", "a"], ["1", "1"]], a: { from: 2, to: 1, n: 3 } }' }), 'family.a.to', landscapeMessages.axisOrder(2, 1));
  bad(doc({ family: '{ W: [["1", "a", "0"], ["1", "1", "0"]], a: { from: 1, to: 2, n: 3 } }' }), 'family.W', landscapeMessages.notSquare(2, 3));
  bad(doc({ family: '{ W: [["1", "a"], ["1"]], a: { from: 1, to: 2, n: 3 } }' }), 'family.W.1', landscapeMessages.raggedRow(1, 2));
  bad(doc({ family: '{ W: [["1", "a +"], ["1", "1"]], a: { from: 1, to: 2, n: 3 } }' }), 'family.W.0.1', /./);
  bad(doc({ family: '{ W: [["1", "q"], ["1", "1"]], a: { from: 1, to: 2, n: 3 } }' }), 'family.W.0.1', /q/);
  bad(doc({ family: '{ W: [["1", "N"], ["1", "1"]], N: { from: 1, to: 2, n: 3 } }' }), 'family.N', /cannot name a family parameter/);
  bad(doc({ family: '{ W: [["1", "a"], ["1", "1"]], a: { from: 1, to: 2, n: 1 } }' }), 'family.a.n', /2/);
  bad(doc({ energy: '{ kind: whitened, target: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] }' }), 'energy', landscapeMessages.shapeMismatch(2, 3, 3));
  bad(doc({ checks: '  - { kind: series, name: x, quantity: T, expect: "0" }\n' }), 'checks.0.quantity', /unknown column "T"/);
  bad(doc({ checks: '  - { kind: minimisers, name: x, assert: "sigma1 > 0" }\n' }), 'checks.0.assert', /sigma1/);
  bad(doc({ depths: '[0]' }), 'depths.0', />=1/);
  bad(doc({ betas: '[-1]' }), 'betas.0', /./);
  bad(doc({ extra: 'sweep: {}\n' }), '', /unknown field "sweep"/);
  bad(
    doc({
      family: '{ W: [["1", "a"], ["1", "1"]], a: { from: 1, to: 2, n: 2000 } }',
      depths: '[2, 3, 4, 5, 6, 7, 8, 9, 10, 11]',
      betas:
        '[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101]',
    }),
    'family',
    landscapeMessages.tooLarge(2000 * 10 * 101, 2_000_000),
  );
});

test('flow scenarios validate unchanged without kind, and with kind: flow; --set on a landscape names landscape fields', () => {
  const file = 'scenarios/razin-cohen-2x2.yaml';
  const text = readFileSync(file, 'utf8');
  const plain = parseScenario(text, file);
  assert.equal(plain.scenario.kind, undefined);
  assert.equal(parseScenario(`kind: flow\n${text}`, file).scenario.id, plain.scenario.id);
  // a misspelt kind is a flow scenario with a bad kind, named as such
  assert.throws(
    () => parseScenario(`kind: landscap\n${text}`, file),
    (e: unknown) => e instanceof ScenarioError && e.problems[0]!.path === 'kind' && /expected flow .* or landscape/.test(e.problems[0]!.message),
  );
  assert.equal(parseLandscape(doc(), 't.yaml', ['family.a.n=5']).axes[0]!.axis.n, 5);
  assert.throws(
    () => parseLandscape(doc(), 't.yaml', ['ensemble.runs=2']),
    (e: unknown) => e instanceof ScenarioError && /unknown field "ensemble"; expected one of id, title/.test(e.problems[0]!.message),
  );
});

test('the landscape JSON Schema (gradflow schema --kind landscape) describes kind: landscape files and refuses unknown fields', () => {
  const schema = landscapeJsonSchema() as { properties: Record<string, { const?: string }>; required: string[]; additionalProperties: boolean };
  assert.equal(schema.properties.kind!.const, 'landscape');
  for (const f of ['energy', 'family', 'depths', 'betas', 'entropy', 'checks']) assert.ok(f in schema.properties, f);
  assert.ok(schema.required.includes('family') && schema.required.includes('betas'));
  assert.equal(schema.additionalProperties, false);
});
