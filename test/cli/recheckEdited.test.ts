/**
 * `gradflow check <output folder>` re-evaluates a finished folder's checks from its own data
 * (src/pipeline/recheck.ts: the resolved scenario and run statuses of manifest.json, the rows of
 * trajectory.csv): an unedited folder passes (exit 0), and a value edited in trajectory.csv so that a
 * check must fail makes it exit 1 with a FAIL line naming that check; a final value edited in
 * summary.csv or summary.json, which no longer agrees with trajectory.csv, fails it too.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { cli, small, tmp } from './helpers.js';

/**
 * The helpers' logistic scenario (σ = 2 and 1, s0 = 0.01, saved at t = 0, 0.2, …, 6) with two checks:
 * the final loss below 1e-3 (measured 1.8e-7) and the mode σ = 2 against its closed form within 1e-7
 * (measured 1.2e-9).
 */
const SCENARIO = small('edited', '  - { kind: series, name: "the mode σ = 2", quantity: sigma1, expect: "modeLaw(2, 2, s0, t)", atol: 1.0e-7 }\n');

let original = '';
before(() => {
  const dir = tmp('gradflow-recheck-');
  const file = path.join(dir, 'edited.yaml');
  writeFileSync(file, SCENARIO);
  const out = path.join(dir, 'out');
  const r = cli('run', file, '--out', out, '--quiet');
  assert.equal(r.status, 0, r.stderr);
  original = path.join(out, 'edited');
});

/** A copy of the finished folder with `edit` applied to one of its files. */
function edited(file: string, edit: (text: string) => string): string {
  const copy = path.join(tmp('gradflow-recheck-copy-'), 'edited');
  cpSync(original, copy, { recursive: true });
  const p = path.join(copy, file);
  const before = readFileSync(p, 'utf8');
  const after = edit(before);
  assert.notEqual(after, before, `the edit changed nothing in ${file}`);
  writeFileSync(p, after);
  return copy;
}

/** Sets `column` to `value` in the CSV row where `match(row)` holds (exactly one such row). */
const setCsv =
  (column: string, value: string, match: (row: Record<string, string>) => boolean) =>
  (text: string): string => {
    const lines = text.split('\n');
    const header = lines[0]!.split(',');
    const j = header.indexOf(column);
    assert.ok(j >= 0, `no column ${column}`);
    let hits = 0;
    const out = lines.map((line, i) => {
      if (i === 0 || line === '') return line;
      const cells = line.split(',');
      if (!match(Object.fromEntries(header.map((h, k) => [h, cells[k]!])))) return line;
      hits++;
      cells[j] = value;
      return cells.join(',');
    });
    assert.equal(hits, 1, `rows matched: ${String(hits)}`);
    return out.join('\n');
  };

/** A check's line on stderr with its outcome: `  FAIL  edited: learned — …` (an outcome column may follow FAIL). */
const line = (outcome: 'pass' | 'FAIL', name: string): RegExp => new RegExp(`^\\s+${outcome}\\s.*\\bedited: ${name} — `, 'm');
const failLine = (stderr: string, name: string): string => stderr.split('\n').find((l) => line('FAIL', name).test(l)) ?? '';
const DIFFERS = /the checks evaluated again differ from its checks\.json/;

test('the folder as written: both checks pass again, exit 0, the verdicts equal its checks.json', () => {
  const r = cli('check', original);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, line('pass', 'learned'));
  assert.match(r.stderr, line('pass', 'the mode σ = 2'));
  assert.doesNotMatch(r.stderr, /FAIL/);
  assert.doesNotMatch(r.stderr, DIFFERS);
});

test('trajectory.csv with the final loss edited to 0.5: "learned" fails, exit 1, and the change from checks.json is noted', () => {
  const dir = edited(
    'trajectory.csv',
    setCsv('loss', '0.5', (row) => row.t === '6'),
  );
  const r = cli('check', dir);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, line('FAIL', 'learned'));
  // the line says where: the final row of run 0
  assert.match(failLine(r.stderr, 'learned'), /t = 6\b/);
  assert.match(r.stderr, line('pass', 'the mode σ = 2'));
  assert.match(r.stderr, DIFFERS);
});

test('trajectory.csv with sigma1 at t = 1.2 moved by 1e-6 (10× the tolerance): the series check fails there, exit 1', () => {
  // sigma1(1.2) = 0.75823069… (modeLaw(2, 2, 0.01, 1.2)); 0.7582317 is 1.0e-6 above it
  const dir = edited(
    'trajectory.csv',
    setCsv('sigma1', '0.7582317', (row) => row.t === '1.2'),
  );
  const r = cli('check', dir);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, line('FAIL', 'the mode σ = 2'));
  assert.match(failLine(r.stderr, 'the mode σ = 2'), /t = 1\.20?\b/);
  assert.match(r.stderr, line('pass', 'learned'));
});

test('summary.csv and summary.json with the final loss edited to 0.5: check fails, naming the file, run and column that disagree with trajectory.csv', () => {
  const dir = edited(
    'summary.csv',
    setCsv('loss', '0.5', (row) => row.run === '0'),
  );
  const p = path.join(dir, 'summary.json');
  const doc = JSON.parse(readFileSync(p, 'utf8')) as { runs: { loss: number }[] };
  doc.runs[0]!.loss = 0.5;
  writeFileSync(p, JSON.stringify(doc, null, 2) + '\n');
  const r = cli('check', dir);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /FAIL {2}edited: the folder's files disagree — summary\.csv: cell 0, run 0: loss = 0\.5, but trajectory\.csv ends at /);
  assert.match(r.stderr, /summary\.json: cell 0, run 0: loss = 0\.5, but trajectory\.csv ends at /);
  // summary.csv alone edited is caught too
  const one = cli(
    'check',
    edited(
      'summary.csv',
      setCsv('loss', '0.5', (row) => row.run === '0'),
    ),
    '--quiet',
  );
  assert.equal(one.status, 1, one.stderr);
});
