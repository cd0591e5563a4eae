/**
 * The reduced `quick:` profile: applied only with `--quick` (what `npm start` runs), before `--set`,
 * validated with the field path, and said in the report, the manifest and on stderr.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ScenarioError } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/experiment/resolve.js';
import { cli, small, tmp } from './helpers.js';

const withQuick = small('q', 'ensemble: { runs: 4, seed: 1 }\nquick: { ensemble.runs: 2, "sweep.model.depth": [2, 3] }\n');

test('quick: is applied only when asked, before --set, and records what it changed', () => {
  const full = parseScenario(withQuick, 'q.yaml');
  assert.equal(full.scenario.ensemble.runs, 4);
  assert.deepEqual(full.scenario.sweep, {});
  assert.equal(full.quick, undefined);
  const reduced = parseScenario(withQuick, 'q.yaml', [], { quick: true });
  assert.equal(reduced.scenario.ensemble.runs, 2);
  assert.deepEqual(reduced.scenario.sweep, { 'model.depth': [2, 3] });
  assert.deepEqual(reduced.quick, { 'ensemble.runs': 2, 'sweep.model.depth': [2, 3] });
  // an explicit --set wins over the profile
  assert.equal(parseScenario(withQuick, 'q.yaml', ['ensemble.runs=3'], { quick: true }).scenario.ensemble.runs, 3);
  // a scenario without a profile is the same with or without --quick
  assert.equal(parseScenario(small('p'), 'p.yaml', [], { quick: true }).quick, undefined);
});

test('a quick: entry that names no field, or sets a bad value, is bad input at quick.<path>', () => {
  const bad = (text: string, quick: boolean, pathWanted: string, message: RegExp): void => {
    assert.throws(
      () => parseScenario(text, 'q.yaml', [], { quick }),
      (e: unknown) => e instanceof ScenarioError && e.problems[0]!.path === pathWanted && message.test(e.problems[0]!.message),
    );
  };
  // an unknown root is refused even without --quick: a typo must not wait for npm start
  bad(small('q', 'quick: { ensembel.runs: 2 }\n'), false, 'quick.ensembel.runs', /unknown field "ensembel"/);
  bad(small('q', 'quick: { model.__proto__: 2 }\n'), false, 'quick.model.__proto__', /prototype/);
  // a value is validated where it lands, named through the quick entry's line
  assert.throws(
    () => parseScenario(small('q', 'quick: { ensemble.runs: 0 }\n'), 'q.yaml', [], { quick: true }),
    (e: unknown) => e instanceof ScenarioError && e.problems[0]!.path === 'ensemble.runs' && /q\.yaml: quick: ensemble\.runs/.test(e.problems[0]!.where ?? ''),
  );
});

test('gradflow run --quick runs the profile and says so in stderr, report.html, manifest.json and report.ipynb', () => {
  const dir = tmp();
  const file = path.join(dir, 'q.yaml');
  writeFileSync(file, withQuick);
  const out = path.join(dir, 'out');
  const r = cli('run', file, '--quick', '--out', out, '--workers', '1');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /note: q: Reduced profile \(--quick/);
  const manifest = JSON.parse(readFileSync(path.join(out, 'q', 'manifest.json'), 'utf8')) as { quick: unknown; runs: unknown[] };
  assert.deepEqual(manifest.quick, { 'ensemble.runs': 2, 'sweep.model.depth': [2, 3] });
  assert.equal(manifest.runs.length, 4); // 2 runs × 2 depths
  assert.match(
    readFileSync(path.join(out, 'q', 'report.html'), 'utf8'),
    /Reduced profile \(--quick, as npm start runs it\): ensemble\.runs = 2; sweep\.model\.depth = \[2,3\]/,
  );
  assert.match(readFileSync(path.join(out, 'q', 'report.ipynb'), 'utf8'), /Reduced profile/);
  // without --quick: the full scenario, and no such sentence
  const full = cli('run', file, '--out', out, '--workers', '1');
  assert.equal(full.status, 0, full.stderr);
  const m2 = JSON.parse(readFileSync(path.join(out, 'q', 'manifest.json'), 'utf8')) as { quick?: unknown; runs: unknown[] };
  assert.equal(m2.quick, undefined);
  assert.equal(m2.runs.length, 4);
  assert.doesNotMatch(readFileSync(path.join(out, 'q', 'report.html'), 'utf8'), /Reduced profile/);
});
