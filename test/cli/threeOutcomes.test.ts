/**
 * Three outcomes from the command line: a check whose `where:` names a cell the quick profile drops is
 * not evaluated — shown as such, counted apart from passes, not a pass in checks.json — and `--strict`
 * exits 1 on it; a guard disjunction over swept values is refused at validation.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { cli, tmp } from './helpers.js';

/** The logistic mode law on diag(2, 1) at depths 2 and 3; the quick profile keeps depth 2 only. */
const sweep = (checks: string): string => `id: where-quick
title: a sweep whose quick profile drops a cell
description: depths 2 and 3; quick keeps depth 2
params: { s0: 0.01 }
energy: { kind: whitened, target: [[2, 0], [0, 1]] }
model: { depth: 2, width: 2 }
init: { kind: aligned, s0: 0.01 }
solver: { method: dopri5, rtol: 1.0e-10, atol: 1.0e-12 }
horizon: { t1: 8, save: { kind: uniform, n: 17 } }
sweep: { model.depth: [2, 3] }
quick: { sweep.model.depth: [2] }
checks:
${checks}`;

const CHECKS = `  - { kind: final, name: "depth 3 learns", where: { model.depth: [3] }, assert: "loss < 1e-3", basis: measured, measured: { runs: 1, commit: '0123456' } }
  - { kind: series, name: "depth 2 mode law", where: { model.depth: [2] }, quantity: sigma1, expect: "modeLaw(2, 2, s0, t)", atol: 1.0e-7 }`;

test('a where: selection the quick profile drops is not evaluated: shown, counted apart, not a pass; --strict exits 1', () => {
  const dir = tmp();
  const file = path.join(dir, 'where-quick.yaml');
  writeFileSync(file, sweep(CHECKS));
  const out = path.join(dir, 'out');
  const r = cli('check', file, '--quick', '--out', out, '--workers', '1');
  // not evaluated is not a failure without --strict
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /not evaluated\s+measured\s+where-quick: depth 3 learns — no run in a cell where model\.depth ∈ \{3\}/);
  assert.match(r.stderr, /where-quick: 1 derived pass · 1 not evaluated/);
  const stored = JSON.parse(readFileSync(path.join(out, 'where-quick', 'checks.json'), 'utf8')) as {
    passed: boolean;
    checks: { name: string; outcome: string; passed: boolean; basis: string; measured: string }[];
  };
  assert.equal(stored.checks[0]!.outcome, 'not-evaluated');
  assert.equal(stored.checks[0]!.passed, false);
  assert.equal(stored.checks[1]!.outcome, 'pass');
  assert.equal(stored.checks[1]!.basis, 'derived');
  // the series check prints its worst error against the allowance (the run's error is ~1e-10 at rtol 1e-10)
  assert.match(stored.checks[1]!.measured, /^\|sigma1 − expected\| = \S+ ≤ 1e-7 allowed/);
  // the report greys the check and groups it with the regression guards
  const html = readFileSync(path.join(out, 'where-quick', 'report.html'), 'utf8');
  assert.match(html, /<tr class="na"><td>depth 3 learns<\/td><td>final<\/td><td class="na">not evaluated<\/td>/);
  assert.match(html, /Theory checks \(derived[^<]*<\/h3>[\s\S]*depth 2 mode law[\s\S]*Regression guards[\s\S]*depth 3 learns/);
  const nb = readFileSync(path.join(out, 'where-quick', 'report.ipynb'), 'utf8');
  assert.match(nb, /1 derived pass · 1 not evaluated/);
  // --strict: a check that was not evaluated fails the command
  const strict = cli('check', file, '--quick', '--strict', '--out', path.join(dir, 'out2'), '--workers', '1', '--quiet');
  assert.equal(strict.status, 1, strict.stderr);
  // the full sweep evaluates it: both pass, --strict exits 0
  const full = cli('check', file, '--strict', '--out', path.join(dir, 'out3'), '--workers', '1');
  assert.equal(full.status, 0, full.stderr);
  assert.match(full.stderr, /where-quick: 1 derived pass · 1 measured pass/);
  // gradflow check <folder> --strict reads the outcome back from the folder's data
  assert.equal(cli('check', path.join(out, 'where-quick'), '--strict', '--quiet').status, 1);
  assert.equal(cli('check', path.join(out, 'where-quick'), '--quiet').status, 0);
});

test('a guard disjunction over swept values is refused at validation, naming the field and where:', () => {
  const dir = tmp();
  const file = path.join(dir, 'guard.yaml');
  writeFileSync(file, sweep(`  - { kind: final, name: "depth 3 learns", assert: "N != 3 or loss < 1e-3" }`));
  const r = cli('validate', file);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /checks\.0\.assert: "N != 3 or …" makes the predicate true in every cell the guard excludes.*where:/);
  // the same in an aggregate, over a swept path's short name
  writeFileSync(file, sweep(`  - { kind: aggregate, name: "d3", assert: "depth == 2 or median(loss) < 1e-3" }`));
  const a = cli('validate', file);
  assert.equal(a.status, 2);
  assert.match(a.stderr, /checks\.0\.assert: "depth == 2 or …"/);
});

test('a stated basis needs its evidence: derived a source, measured its runs and commit', () => {
  const dir = tmp();
  const file = path.join(dir, 'basis.yaml');
  writeFileSync(file, sweep(`  - { kind: final, name: "x", assert: "loss < 1e-3", basis: derived }`));
  assert.match(cli('validate', file).stderr, /checks\.0\.source: a derived check says where its criterion comes from/);
  writeFileSync(file, sweep(`  - { kind: final, name: "x", assert: "loss < 1e-3", basis: measured }`));
  assert.match(cli('validate', file).stderr, /checks\.0\.measured: a measured check says what measured its criterion/);
  writeFileSync(file, sweep(`  - { kind: final, name: "x", assert: "loss < 1e-3", basis: measured, measured: { runs: 3, commit: xyz } }`));
  assert.match(cli('validate', file).stderr, /checks\.0\.measured\.commit: a git commit hash/);
});

/** "depth 3 learns", whose quick form checks depth 2, the cell the quick profile keeps. */
const WITH_QUICK_FORM = (quickAssert: string): string =>
  `  - { kind: final, name: "depth 3 learns", where: { model.depth: [3] }, assert: "loss < 1e-3", basis: measured, measured: { runs: 1, commit: '0123456' },
      quick: { name: "depth 2 learns (quick form)", where: { model.depth: [2] }, assert: "${quickAssert}", measured: { runs: 1, commit: '0123456' } } }`;

test('a check with a quick form is evaluated in that form under --quick, named as such, and in its own form otherwise', () => {
  const dir = tmp();
  const file = path.join(dir, 'where-quick.yaml');
  writeFileSync(file, sweep(WITH_QUICK_FORM('loss < 1e-3')));
  const out = path.join(dir, 'out');
  const r = cli('check', file, '--quick', '--strict', '--out', out, '--workers', '1');
  // evaluated (in its quick form), so --strict has nothing to refuse
  assert.equal(r.status, 0, r.stderr);
  const stored = JSON.parse(readFileSync(path.join(out, 'where-quick', 'checks.json'), 'utf8')) as {
    checks: { name: string; outcome: string; measured: string }[];
  };
  assert.equal(stored.checks.length, 1);
  assert.equal(stored.checks[0]!.name, 'depth 2 learns (quick form)');
  assert.equal(stored.checks[0]!.outcome, 'pass');
  assert.match(stored.checks[0]!.measured, /^loss = \S+ < 0.001 \(closest: t = 8 \(depth 2, run 0\)\)/);
  // the report says which claim ran in its quick form
  const html = readFileSync(path.join(out, 'where-quick', 'report.html'), 'utf8');
  assert.match(html, /“depth 3 learns” ran as its quick form/);
  // the quick form is really evaluated: a criterion the run misses fails the command
  writeFileSync(file, sweep(WITH_QUICK_FORM('loss < 1e-300')));
  const failing = cli('check', file, '--quick', '--out', path.join(dir, 'out2'), '--workers', '1', '--quiet');
  assert.equal(failing.status, 1, failing.stderr);
  // without --quick the full check runs, under its own name
  writeFileSync(file, sweep(WITH_QUICK_FORM('loss < 1e-300')));
  const full = cli('check', file, '--strict', '--out', path.join(dir, 'out3'), '--workers', '1');
  assert.equal(full.status, 0, full.stderr);
  const fullChecks = JSON.parse(readFileSync(path.join(dir, 'out3', 'where-quick', 'checks.json'), 'utf8')) as { checks: { name: string }[] };
  assert.equal(fullChecks.checks[0]!.name, 'depth 3 learns');
});

test('a quick form names its own claim and, when measured, its own provenance: refused otherwise, at the field', () => {
  const dir = tmp();
  const file = path.join(dir, 'where-quick.yaml');
  const base = `  - { kind: final, name: "depth 3 learns", where: { model.depth: [3] }, assert: "loss < 1e-3", basis: measured, measured: { runs: 1, commit: '0123456' }, quick: QUICK }`;
  const cases: [string, RegExp][] = [
    [`{ where: { model.depth: [2] } }`, /checks\.0\.quick\.name: a quick form names the claim it checks/],
    [`{ name: "depth 2 learns", where: { model.depth: [2] } }`, /checks\.0\.quick\.measured: a measured quick form restates its criterion/],
    [`{ name: "depth 2 learns", kind: always, measured: { runs: 1, commit: '0123456' } }`, /checks\.0\.quick\.kind: a quick form keeps the check's kind/],
    [`[1, 2]`, /checks\.0\.quick: expected a mapping of check fields/],
  ];
  for (const [quick, message] of cases) {
    writeFileSync(file, sweep(base.replace('QUICK', quick)));
    for (const args of [
      ['validate', file],
      ['validate', file, '--quick'],
    ]) {
      const r = cli(...args);
      assert.equal(r.status, 2, `${quick}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
  }
});
