/** The command line's exit codes and messages, in child processes: usage 64, bad input 2, numerical failure 3. */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { cliMessages } from '../../src/cli/messages.js';
import { outputMessages } from '../../src/report/outputFolder.js';
import { plotMessages } from '../../src/report/plot.js';
import { cli, NO_STACK, small, tmp } from './helpers.js';

test("usage errors exit 64 with the usage line, commander's own included", () => {
  const f = path.join(tmp(), 's.yaml');
  writeFileSync(f, small());
  const unknown = cli('run', f, '--bogus');
  assert.equal(unknown.status, 64);
  assert.equal(unknown.stderr, `error: unknown option '--bogus'\n${cliMessages.usage('gradflow run [options] <scenario...>')}\n`);
  const missing = cli('validate');
  assert.equal(missing.status, 64);
  assert.match(missing.stderr, /^error: missing required argument 'file'\nusage: gradflow validate \[options\] <file\.\.\.>/);
  const workers = cli('run', f, '--workers', '0');
  assert.equal(workers.status, 64);
  assert.equal(workers.stderr, `${cliMessages.badWorkers('0')}\n${cliMessages.usage('gradflow run [options] <scenario...>')}\n`);
  assert.equal(cli('nosuchcommand').status, 64);
});

test('bad input exits 2 with one line per problem and no stack: an alias bomb, --out naming a file or under /proc (before any computation)', () => {
  const dir = tmp();
  const bomb = path.join(dir, 'bomb.yaml');
  let doc = small('bomb') + 'x0: &x0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n';
  for (let i = 1; i <= 6; i++) doc += `x${String(i)}: &x${String(i)} [${Array.from({ length: 10 }, () => `*x${String(i - 1)}`).join(', ')}]\n`;
  writeFileSync(bomb, doc);
  const b = cli('validate', bomb);
  assert.equal(b.status, 2);
  assert.match(b.stderr, /^.*bomb\.yaml: \(top level\): not valid YAML\/JSON: more than 100 alias expansions/);
  assert.doesNotMatch(b.stderr, NO_STACK);
  const f = path.join(dir, 's.yaml');
  writeFileSync(f, small());
  const file = path.join(dir, 'a-file');
  writeFileSync(file, '');
  const r = cli('run', f, '--out', file);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, `${outputMessages.notADirectory(file)}\n`);
  assert.equal(r.stdout, '', 'nothing ran: no summary table');
  const proc = cli('run', f, '--out', '/proc/gradflow-test/out');
  assert.equal(proc.status, 2);
  assert.match(proc.stderr, /^--out: cannot create the folder \/proc\/gradflow-test\/out: E[A-Z]+/);
  assert.doesNotMatch(proc.stderr, NO_STACK);
});

test('a folder with one bad file runs the good ones, reports the bad one and the skipped subfolder, and exits 2; passing final checks show the measured value', () => {
  const dir = tmp();
  writeFileSync(path.join(dir, 'a-good.yaml'), small('good-one'));
  writeFileSync(path.join(dir, 'b-bad.yaml'), small('bad-one').replace('depth: 2', 'depth: two'));
  mkdirSync(path.join(dir, 'drafts'));
  const out = tmp();
  const r = cli('run', dir, '--out', out);
  assert.equal(r.status, 2, r.stderr);
  assert.ok(r.stderr.includes(`${cliMessages.skippedFolders(dir, ['drafts/'])}\n`), r.stderr);
  assert.match(r.stderr, /b-bad\.yaml:6:\d+: model\.depth: /);
  assert.ok(r.stderr.includes(cliMessages.skippedBad(1)), r.stderr);
  // the final check's predicate names loss: its value is shown (σ = 2, 1 reached to ~1e-7 at t = 6)
  // a passing check shows its measured value beside the bound
  assert.match(r.stderr, /pass {10}measured good-one: learned — loss = \S+e-\d+ < 0\.001 \(closest: t = 6 \(cell 0, run 0\)\)/);
  assert.deepEqual(
    readdirSync(out)
      .filter((n) => !n.startsWith('.'))
      .sort(),
    ['good-one', 'index.html', 'index.ipynb'],
  );
});

test('exit 3 lists each failed run with its status, time and message', () => {
  const dir = tmp();
  const f = path.join(dir, 'n.yaml');
  writeFileSync(f, small('num-fail').replace('rtol: 1.0e-10', 'rtol: 1.0e-10, maxSteps: 3'));
  const out = tmp();
  const r = cli('run', f, '--out', out);
  assert.equal(r.status, 3, r.stderr);
  assert.ok(r.stderr.includes(cliMessages.failedRuns('num-fail', 1)), r.stderr);
  assert.match(r.stderr, /\n {2}cell 0, run 0: max-steps at t = [\d.e-]+ — The maximum number of steps \(3\) was reached at t = /);
  assert.doesNotMatch(r.stderr, NO_STACK);
  assert.ok(existsSync(path.join(out, 'num-fail', 'trajectory.csv')), 'the partial trajectory is kept');
});

test('plot refuses an unknown extension (exit 2) and by default writes plot-<y>.svg in the current folder, not in the scenario folder', async () => {
  const dir = tmp();
  const csv = path.join(dir, 'trajectory.csv');
  writeFileSync(csv, 'cell,run,t,loss\n0,0,0,1\n0,0,1,0.5\n0,0,2,0.25\n');
  const bad = cli('plot', csv, '--y', 'loss', '--out', path.join(dir, 'p.jpg'));
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr, `${plotMessages.badExtension(path.join(dir, 'p.jpg'))}\n`);
  const { spawnSync } = await import('node:child_process');
  const cwd = tmp();
  const r = spawnSync(process.execPath, [path.resolve('bin/gradflow.js'), 'plot', csv, '--y', 'loss'], { encoding: 'utf8', cwd });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'plot-loss.svg\n');
  assert.match(readdirSync(cwd).join(','), /^plot-loss\.svg$/);
  assert.deepEqual(readdirSync(dir).sort(), ['trajectory.csv']);
});
