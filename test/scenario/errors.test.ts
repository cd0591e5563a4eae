import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clip, MAX_PROBLEMS, MAX_SHOWN, ScenarioError } from '../../src/scenario/errors.js';

test('ScenarioError clips a 1 MB field echoed back and lists at most MAX_PROBLEMS problems', () => {
  const huge = 'x'.repeat(1_000_000);
  const e = new ScenarioError('s.yaml', [{ path: 'figures.0', message: `unknown column "${huge}"` }]);
  // the kept head and tail plus the elision note: well under 2·MAX_SHOWN characters
  assert.ok(e.message.length < 2 * MAX_SHOWN, `message of ${String(e.message.length)} characters`);
  assert.match(e.message, /^s\.yaml: figures\.0: unknown column "x+… \(999717 characters elided\) …x+"$/);
  const many = new ScenarioError(
    's.yaml',
    Array.from({ length: 50 }, (_, i) => ({ path: `p${String(i)}`, message: 'bad' })),
  );
  const lines = many.message.split('\n');
  assert.equal(lines.length, MAX_PROBLEMS + 1);
  assert.equal(lines.at(-1), `… and ${String(50 - MAX_PROBLEMS)} more problems`);
  assert.equal(clip('short'), 'short');
});

test('a bad depth says what is expected (zod said only "Invalid input" for the union)', async () => {
  const { parseScenario } = await import('../../src/experiment/resolve.js');
  const text =
    'id: r\ntitle: t\ndescription: d\nenergy: { kind: completion, shape: [2, 2], observed: [[1, 2, 1]] }\nmodel: { depth: two }\ninit: { kind: gaussian, scale: 1 }\nhorizon: { t1: 1 }\n';
  assert.throws(
    () => parseScenario(text, 'd.yaml'),
    (e: unknown) => e instanceof ScenarioError && e.message === 'd.yaml:5:17: model.depth: expected an integer N ≥ 1, or "inf"',
  );
});
