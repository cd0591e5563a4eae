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
