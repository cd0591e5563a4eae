/**
 * The curated scenarios state their evidence (fast: validation only, no run). Every check is either
 * derived — a series against its closed form, an invariant, or `basis: derived` with the `source` it
 * comes from — or a regression guard stating the runs and commit that measured it. None relies on a
 * guard disjunction over swept values: loading refuses those (the loader is what this test runs).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadAnyScenario } from '../../src/landscape/load.js';

interface StatedCheck {
  readonly name: string;
  readonly kind: string;
  readonly basis?: string;
  readonly source?: string;
  readonly measured?: unknown;
}

/** The checks of a curated scenario, loaded (and validated) as `gradflow validate` does. */
const checksOf = (file: string, quick = false): readonly StatedCheck[] => (loadAnyScenario(file, [], { quick }).scenario as { checks: StatedCheck[] }).checks;

const files = readdirSync('scenarios')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => path.join('scenarios', f));

test('every curated check states its basis: derived with a source, or measured with runs and commit', () => {
  assert.ok(files.length >= 30, 'the curated scenarios are found');
  const missing: string[] = [];
  for (const file of files) {
    const checks = checksOf(file);
    checks.forEach((c, i) => {
      const where = `${file}: checks.${String(i)} (${c.name})`;
      if (c.basis === 'derived' && !c.source) missing.push(`${where}: derived without a source`);
      else if (c.basis === 'measured' && !c.measured) missing.push(`${where}: measured without runs and commit`);
      else if (c.basis === undefined && c.kind !== 'series' && c.kind !== 'invariant') missing.push(`${where}: no basis`);
    });
  }
  assert.deepEqual(missing, []);
});

test('no curated check guards its predicate with a disjunction over swept values (where: selects cells)', () => {
  // the loader refuses such guards: loading every curated scenario, quick profile included, is the test
  for (const file of files) for (const quick of [false, true]) checksOf(file, quick);
  // and the pattern the before-stop hook greps for is gone from the files themselves
  const guard = /\b(N|measurements|observedFraction|scale|width|depth|noiseStd|beta)\s*!=\s*\S+\s+or\b/;
  for (const file of files) assert.doesNotMatch(readFileSync(file, 'utf8'), guard, file);
});
