/** `--set`: refuses prototype keys and unknown roots, names the flag in its errors, takes dotted sweep keys. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { ScenarioError } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/experiment/resolve.js';

const base = `id: set-case
title: a small scenario
description: for the --set tests
energy: { kind: completion, shape: [2, 2], observed: [[1, 2, 1], [2, 1, 1], [2, 2, 0]] }
model: { depth: 3, width: 2 }
init: { kind: balanced, W0: identity, scale: 1.0e-3 }
horizon: { t1: 10, save: { kind: uniform, n: 5 } }
`;

const refusal = (overrides: string[]): string => {
  try {
    parseScenario(base, 's.yaml', overrides);
  } catch (err) {
    assert.ok(err instanceof ScenarioError, String(err));
    return err.message;
  }
  assert.fail(`accepted ${overrides.join(' ')}`);
};

test('--set refuses __proto__, constructor and prototype anywhere in the path, and Object.prototype stays clean', () => {
  for (const key of ['__proto__.x', 'model.__proto__.polluted', 'constructor.prototype.x', 'model.constructor', 'params.prototype']) {
    const m = refusal([`${key}=1`]);
    assert.match(
      m,
      new RegExp(`^s\\.yaml: --set ${key.replace(/\./g, '\\.')}=1: ${key.replace(/\./g, '\\.')}: "(__proto__|constructor|prototype)" is not a scenario field`),
      m,
    );
  }
  assert.equal(({} as Record<string, unknown>).x, undefined);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('--set refuses unknown roots and malformed flags, naming the flag', () => {
  assert.match(refusal(['colour=blue']), /^s\.yaml: --set colour=blue: colour: unknown field "colour"; expected one of id, title,/);
  assert.match(refusal(['model.depth']), /^s\.yaml: --set model\.depth: --set: expected key=value/);
  assert.match(refusal(['model..depth=2']), /empty segment/);
  // a schema error in a field set by --set names the flag, not the YAML line of the field
  assert.match(refusal(['model.depth=three']), /^s\.yaml: --set model\.depth=three: model\.depth: /);
  // a field not set by --set keeps its line and column
  let m = '';
  try {
    parseScenario(base.replace('t1: 10', 't1: -1'), 's.yaml', ['model.depth=2']);
  } catch (err) {
    m = (err as Error).message;
  }
  assert.match(m, /^s\.yaml:7:\d+: horizon\.t1: Too small/);
});

test('--set sweep.<dotted key>=[…] sets one sweep key; --set params.x sets a parameter', () => {
  const l = parseScenario(base, 's.yaml', ['sweep.model.depth=[2, 3, 4]', 'params.s0=0.5']);
  assert.deepEqual(l.scenario.sweep, { 'model.depth': [2, 3, 4] });
  assert.equal(l.scenario.params.s0, 0.5);
  assert.match(refusal(['sweep.model.colour=[1]']), /^s\.yaml: --set sweep\.model\.colour=\[1\]: sweep\.model\.colour: not a sweepable field/);
});

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('validate takes --set: exit 0 with a good override, exit 2 naming the flag with a bad one', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gradflow-set-'));
  dirs.push(dir);
  const f = path.join(dir, 's.yaml');
  writeFileSync(f, base);
  const ok = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'validate', f, '--set', 'sweep.model.depth=[2,3]', '--json'], {
    encoding: 'utf8',
  });
  assert.equal(ok.status, 0, ok.stderr);
  assert.deepEqual(JSON.parse(ok.stdout), { valid: [f], refused: 0 });
  const bad = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'validate', f, '--set', '__proto__.x=1'], { encoding: 'utf8' });
  assert.equal(bad.status, 2, bad.stderr);
  assert.equal(bad.stderr, `${f}: --set __proto__.x=1: __proto__.x: "__proto__" is not a scenario field (it would reach an object prototype)\n`);
});
