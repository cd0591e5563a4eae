import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseScenario } from '../../src/experiment/resolve.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { flowNesting } from '../../src/scenario/flowNesting.js';
import { DEFAULT_LIMITS, limitMessages } from '../../src/scenario/limits.js';

test('flowNesting counts [ and { levels, not those inside quotes or comments', () => {
  assert.equal(flowNesting('a: [1, [2, {b: [3]}]]', 100), 4);
  assert.equal(flowNesting(`a: "[[[[" # {{{{\nb: '[[' `, 100), 0);
  assert.equal(flowNesting('a: "\\"[["', 100), 0);
  assert.equal(flowNesting('['.repeat(500), 10), 11); // stops as soon as the limit is passed
});

test('a scenario nested 100,000 levels deep is refused before parsing (it exhausted a 512 MB heap)', () => {
  const text = `id: r\ntitle: t\ndescription: d\nparams: ${'{a: '.repeat(100_000)}1${'}'.repeat(100_000)}\n`;
  const t0 = performance.now();
  assert.throws(
    () => parseScenario(text, 'deep.yaml'),
    (e: unknown) => e instanceof ScenarioError && e.message === `deep.yaml: (top level): ${limitMessages.nesting(DEFAULT_LIMITS.nesting)}`,
  );
  // a linear scan of 500 kB: far below a second even on a loaded machine
  assert.ok(performance.now() - t0 < 2000);
});

test('flowNesting: an apostrophe inside a plain scalar opens no string', () => {
  assert.equal(flowNesting(`description: don't stop\nparams: [[[1]]]`, 100), 3);
  assert.equal(flowNesting(`a: it's\nb: 'x[' \nc: ["]", [2]]`, 100), 2);
});
