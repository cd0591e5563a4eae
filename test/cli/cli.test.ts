/** The gradflow command end to end: exit codes, --json, determinism across worker counts, schema, list. */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { cli, small, tmp } from './helpers.js';

/** The helpers' small logistic scenario with a series check of the mode σ = 2 against `expect`. */
const logistic = (expect: string): string =>
  small('wrong-prediction', `  - { kind: series, name: "the mode σ = 2", quantity: sigma1, expect: "${expect}", atol: 1.0e-7 }\n`);

test('check --json: a correct prediction passes (exit 0); a wrong one exits 1 and names the check, the time and the error', () => {
  const dir = tmp('gradflow-chk-');
  const good = path.join(dir, 'good.yaml');
  const bad = path.join(dir, 'bad.yaml');
  writeFileSync(good, logistic('modeLaw(2, 2, s0, t)'));
  writeFileSync(bad, logistic('1.01 * modeLaw(2, 2, s0, t)'));
  const ok = cli('check', good, '--json', '--out', tmp('gradflow-o-'));
  assert.equal(ok.status, 0, ok.stderr);
  const okDoc = JSON.parse(ok.stdout) as { passed: boolean };
  assert.equal(okDoc.passed, true);
  const r = cli('check', bad, '--json', '--out', tmp('gradflow-o-'));
  assert.equal(r.status, 1, r.stderr);
  const doc = JSON.parse(r.stdout) as {
    passed: boolean;
    scenarios: { checks: { name: string; passed: boolean; detail: string; worst: { t: number; error: number; computed: number; expected: number } }[] }[];
  };
  assert.equal(doc.passed, false);
  const failed = doc.scenarios[0]!.checks.find((c) => !c.passed)!;
  assert.equal(failed.name, 'the mode σ = 2');
  // the worst point is where the mode is largest: 1% of s ≈ 2 at the end
  assert.ok(failed.worst.t > 3 && Math.abs(failed.worst.error - 0.01 * failed.worst.computed) < 1e-6 * failed.worst.computed, JSON.stringify(failed.worst));
  assert.equal((failed as unknown as { outcome: string }).outcome, 'fail');
  // the failure says by how much: the worst error against its allowance, and the ratio of the two (1% of s ≈ 2 is 2e-2 against 1e-7)
  assert.match(
    (failed as unknown as { measured: string }).measured,
    /^\|sigma1 − expected\| = 0\.0\d+ > 1e-7 allowed \(worst: t = \S+ \(cell 0, run 0\); computed \S+, expected \S+; \S+× the allowance\)$/,
  );
});

test('the same ensemble with 1 and with 2 workers writes byte-identical summary.csv and trajectory.csv', () => {
  const dir = tmp('gradflow-ens-');
  const f = path.join(dir, 'ens.yaml');
  writeFileSync(
    f,
    `id: small-ensemble
title: diagonal completion, a small ensemble
description: determinism across worker counts
energy: { kind: completion, shape: [2, 2], observed: [[1, 1, 1], [2, 2, 1]] }
model: { depth: 2, parametrization: end-to-end, time: normalized }
init: { kind: balanced-random, scale: 0.05 }
horizon: { t1: 1.0e4, save: { kind: log, n: 10 }, lossBelow: 1.0e-8 }
ensemble: { runs: 12, seed: 4 }
sweep: { model.depth: [3, inf] }
`,
  );
  const o1 = tmp('gradflow-w1-');
  const o2 = tmp('gradflow-w2-');
  assert.equal(cli('run', f, '--workers', '1', '--out', o1, '--quiet').status, 0);
  assert.equal(cli('run', f, '--workers', '2', '--out', o2, '--quiet').status, 0);
  for (const name of ['summary.csv', 'trajectory.csv']) {
    const a = readFileSync(path.join(o1, 'small-ensemble', name));
    const b = readFileSync(path.join(o2, 'small-ensemble', name));
    assert.ok(a.equals(b), `${name} differs between 1 and 2 workers`);
  }
  const rows = readFileSync(path.join(o1, 'small-ensemble', 'summary.csv'), 'utf8')
    .trim()
    .split('\n');
  assert.equal(rows.length, 1 + 24);
  // a different seed gives different starts
  const o3 = tmp('gradflow-w3-');
  assert.equal(cli('run', f, '--seed', '5', '--out', o3, '--quiet').status, 0);
  assert.notEqual(readFileSync(path.join(o3, 'small-ensemble', 'summary.csv'), 'utf8'), rows.join('\n') + '\n');
  const manifest = JSON.parse(readFileSync(path.join(o3, 'small-ensemble', 'manifest.json'), 'utf8')) as { scenario: { ensemble: { seed: number } } };
  assert.equal(manifest.scenario.ensemble.seed, 5);
  assert.deepEqual(readdirSync(path.join(o1, 'small-ensemble')).sort(), [
    'checks.json',
    'figures',
    'manifest.json',
    'report.html',
    'report.ipynb',
    'summary.csv',
    'summary.json',
    'trajectory.csv',
  ]);
  // figures are drawn from the same data, and Vega's SVG output is deterministic
  const svgs = readdirSync(path.join(o1, 'small-ensemble', 'figures')).filter((f) => f.endsWith('.svg'));
  assert.ok(svgs.length >= 3);
  for (const f of svgs)
    assert.ok(readFileSync(path.join(o1, 'small-ensemble', 'figures', f)).equals(readFileSync(path.join(o2, 'small-ensemble', 'figures', f))), `${f} differs`);
});

test('a numerical failure exits 3 and keeps the trajectory up to it; --set overrides a field', () => {
  const dir = tmp('gradflow-num-');
  const f = path.join(dir, 'num.yaml');
  writeFileSync(f, logistic('modeLaw(2, 2, s0, t)'));
  const out = tmp('gradflow-o-');
  const r = cli('run', f, '--set', 'solver.maxSteps=3', '--set', 'id=num-fail', '--out', out, '--json');
  assert.equal(r.status, 3, r.stderr);
  const doc = JSON.parse(r.stdout) as { scenarios: { statuses: Record<string, number>; numericalFailure: boolean }[] };
  assert.deepEqual(doc.scenarios[0]!.statuses, { 'max-steps': 1 });
  const csv = readFileSync(path.join(out, 'num-fail', 'trajectory.csv'), 'utf8')
    .trim()
    .split('\n');
  assert.ok(csv.length >= 2, 'the partial trajectory is kept');
});

test('schema prints a JSON Schema; list names the curated scenarios', () => {
  const s = cli('schema');
  assert.equal(s.status, 0);
  const schema = JSON.parse(s.stdout) as { $schema: string; properties: Record<string, unknown>; additionalProperties: boolean };
  assert.match(schema.$schema, /json-schema/);
  assert.ok('energy' in schema.properties && 'checks' in schema.properties);
  assert.equal(schema.additionalProperties, false);
  const l = cli('list', '--json');
  assert.equal(l.status, 0);
  const ids = (JSON.parse(l.stdout) as { id: string }[]).map((x) => x.id);
  for (const id of [
    'logistic-mode-law',
    'depth-mode-laws',
    'upstairs-vs-downstairs',
    'razin-cohen-2x2',
    'diagonal-2x2-ensemble',
    'diagonal-2x2-identity',
    'diagonal-3x3-ensemble',
    'rank-jumps',
    'balancedness-conservation',
  ])
    assert.ok(ids.includes(id), id);
});

test('Ctrl-C stops cleanly: exit 130, the finished runs are written, the manifest says interrupted', async () => {
  const { spawn } = await import('node:child_process');
  const { watch } = await import('node:fs');
  const out = tmp('gradflow-int-');
  // the write probe of --out marks the moment the runs begin (startup takes seconds on a loaded machine)
  const seen = { probe: false };
  const watcher = watch(out, (_, name) => {
    if (typeof name === 'string' && name.startsWith('.gradflow-probe-')) seen.probe = true;
  });
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'run',
      'scenarios/diagonal-3x3-ensemble.yaml',
      '--set',
      'ensemble.runs=20000',
      // one cell of its 16, so that 20 000 runs stay within the default limits
      '--set',
      'sweep={model.depth: [3], init.scale: [0.01]}',
      '--workers',
      '1',
      '--out',
      out,
      '--quiet',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  for (let waited = 0; !seen.probe && waited < 120_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  watcher.close();
  assert.ok(seen.probe, 'the run did not start within 2 minutes');
  await new Promise((r) => setTimeout(r, 2000));
  child.kill('SIGINT');
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  assert.equal(code, 130, stderr);
  const manifest = JSON.parse(readFileSync(path.join(out, 'diagonal-3x3-ensemble', 'manifest.json'), 'utf8')) as { interrupted: boolean; runs: unknown[] };
  assert.equal(manifest.interrupted, true);
  assert.ok(manifest.runs.length > 0 && manifest.runs.length < 20000, `${String(manifest.runs.length)} runs kept`);
  const rows = readFileSync(path.join(out, 'diagonal-3x3-ensemble', 'summary.csv'), 'utf8')
    .trim()
    .split('\n');
  assert.equal(rows.length, 1 + manifest.runs.length);
});

test('plot re-draws a figure from trajectory.csv (SVG, PNG, Vega-Lite) and names a missing column', () => {
  const dir = tmp('gradflow-plot-');
  const f = path.join(dir, 'p.yaml');
  writeFileSync(f, logistic('modeLaw(2, 2, s0, t)'));
  const out = tmp('gradflow-o-');
  assert.equal(cli('run', f, '--out', out, '--quiet').status, 0);
  const csv = path.join(out, 'wrong-prediction', 'trajectory.csv');
  for (const ext of ['svg', 'png', 'vl.json']) {
    const target = path.join(dir, `plot.${ext}`);
    const r = cli('plot', csv, '--y', 'sigma1,sigma2', '--log', 'x', '--out', target);
    assert.equal(r.status, 0, r.stderr);
    const bytes = readFileSync(target);
    if (ext === 'svg') assert.match(bytes.toString(), /^<svg[\s\S]*t \(upstairs time\)[\s\S]*σ1, σ2/);
    if (ext === 'png') assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
    if (ext === 'vl.json') assert.equal((JSON.parse(bytes.toString()) as { encoding: { x: { title: string } } }).encoding.x.title, 't (upstairs time)');
  }
  const bad = cli('plot', csv, '--y', 'nope');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /no column "nope"; the columns are cell, run, t, loss/);
});
