/**
 * Landscape scenarios through the command line: `gradflow run` writes the output folder (CSV files
 * whose numbers are the evaluation's, report.html, figures) and exits 1 when a check fails; bad input
 * exits 2 naming the field, without a stack; `validate` accepts the file; `notebook` says why a
 * landscape folder has no notebook; `check <folder>` evaluates the checks again.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { cli, NO_STACK, tmp } from '../cli/helpers.js';

const scenario = (checks: string): string => `kind: landscape
id: rc
title: the Razin–Cohen family
description: W = [[x, 1], [1, 0]] on its zero set
energy: { kind: completion, shape: [2, 2], observed: [[1, 2, 1], [2, 1, 1], [2, 2, 0]] }
family: { W: [["x", "1"], ["1", "0"]], x: { from: -4, to: 4, n: 16 } }
depths: [2, inf]
betas: [1]
checks:
${checks}`;

test('gradflow run on a landscape: the folder, its numbers, exit 1 for a failed check; validate accepts it; notebook rewrites its report.ipynb', () => {
  const dir = tmp();
  const file = path.join(dir, 'rc.yaml');
  writeFileSync(
    file,
    scenario(`  - { kind: series, name: closed form, quantity: S, expect: "0.25 * log(x^2 + 4)", atol: 1.0e-13, depths: [2] }
  - { kind: minimisers, name: wrongly interior, assert: "interior == 1" }
`),
  );
  const out = path.join(dir, 'out');
  const r = cli('run', file, '--out', out, '--workers', '1');
  assert.equal(r.status, 1, r.stderr);
  assert.doesNotMatch(r.stderr, NO_STACK);
  // the closed form is derived (a series' default), the predicate on minimisers a measured guard
  assert.match(r.stderr, /pass +derived +rc: closed form — \|S − expected\| = \S+ ≤ 1e-13 allowed/);
  assert.match(r.stderr, /FAIL +measured +rc: wrongly interior — true on 0 of 2 minimiser rows — "interior == 1" held on 0 of 2 minimiser rows/);
  assert.match(r.stderr, /rc: 1 derived pass · 1 FAIL/);
  const folder = path.join(out, 'rc');
  for (const f of [
    'landscape.csv',
    'minimisers.csv',
    'summary.json',
    'checks.json',
    'manifest.json',
    'report.html',
    'report.ipynb',
    'figures/free-energy-vs-x.svg',
    'figures/argmin-x-vs-beta.png',
  ])
    assert.ok(existsSync(path.join(folder, f)), f);
  const lines = readFileSync(path.join(folder, 'minimisers.csv'), 'utf8').trim().split('\n');
  assert.equal(lines[0], 'N,beta,status,x,F,E,S,edge,grid_x,gridF,undefinedPoints,evaluations');
  // N = 2: the minimiser escapes to |x| = 4, where F = −¼ log(20) (E = 0, β = 1)
  const [N, beta, status, x, F, , , edge] = lines[1]!.split(',');
  assert.deepEqual([N, beta, status, edge], ['2', '1', 'boundary', 'x:from']);
  assert.equal(Math.abs(Number(x)), 4);
  // one log of 20 and a division: a few ulps
  assert.ok(Math.abs(Number(F) + 0.25 * Math.log(20)) < 1e-15, F);
  assert.equal(lines[2]!.split(',')[2], 'boundary');
  assert.equal(lines.length, 3);
  const landscape = readFileSync(path.join(folder, 'landscape.csv'), 'utf8').trim().split('\n');
  // 16 grid points × 2 depths × 1 β, and a header
  assert.equal(landscape.length, 33);
  const checks = JSON.parse(readFileSync(path.join(folder, 'checks.json'), 'utf8')) as { passed: boolean; checks: { passed: boolean }[] };
  assert.deepEqual([checks.passed, ...checks.checks.map((c) => c.passed)], [false, true, false]);
  assert.match(readFileSync(path.join(out, 'index.html'), 'utf8'), /rc\/report\.html/);
  // the folder's checks evaluated again (the landscape recomputed from the manifest): the same verdicts
  const again = cli('check', folder);
  assert.equal(again.status, 1, again.stderr);
  assert.equal(again.stdout, `${folder}: rc: 1 derived pass · 1 FAIL\n`);
  assert.doesNotMatch(again.stderr, /differ/);
  const v = cli('validate', file);
  assert.equal(v.status, 0, v.stderr);
  assert.equal(v.stdout, `${file}: ok (rc)\n`);
  // report.ipynb is built from the folder's files: gradflow notebook writes the same bytes
  const notebook = path.join(folder, 'report.ipynb');
  const before = readFileSync(notebook);
  rmSync(notebook);
  const n = cli('notebook', folder);
  assert.equal(n.status, 0, n.stderr);
  assert.equal(n.stdout, `${notebook}\n`);
  assert.ok(readFileSync(notebook).equals(before));
  const nb = JSON.parse(before.toString('utf8')) as { cells: { id: string; source: string[] }[] };
  assert.deepEqual(
    nb.cells.filter((c) => c.id.startsWith('figure-')).map((c) => c.id),
    ['figure-free-energy-vs-x', 'figure-entropy-vs-x', 'figure-argmin-x-vs-beta'],
  );
  assert.match(nb.cells.find((c) => c.id === 'minimisers')!.source.join(''), /\| 2 \| 1 \| \*\*boundary\*\* \|/);
});

test('gradflow run on a bad landscape: exit 2, the file, position and field named, nothing written', () => {
  const dir = tmp();
  const file = path.join(dir, 'bad.yaml');
  writeFileSync(file, scenario('  - { kind: series, name: x, quantity: sigma3, expect: "0" }\n'));
  const out = path.join(dir, 'out');
  const r = cli('run', file, '--out', out);
  assert.equal(r.status, 2);
  assert.doesNotMatch(r.stderr, NO_STACK);
  assert.match(r.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: checks\\.0\\.quantity: unknown column "sigma3"`));
  assert.ok(!existsSync(path.join(out, 'bad')));
});
