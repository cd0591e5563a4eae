/**
 * Outputs never lost, with real processes: a SIGKILL while writing, a second concurrent run, and a
 * Ctrl-C re-run each leave the previous complete output folder intact.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, watch, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { cliMessages } from '../../src/cli/messages.js';
import { outputMessages } from '../../src/report/outputFolder.js';
import { cli, CLI, NO_STACK, small, tmp } from './helpers.js';

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

const start = (args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; ended: Promise<Ended> } => {
  const child = spawn(process.execPath, [...CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const ended = new Promise<Ended>((resolve) =>
    child.on('exit', (code, signal) => {
      resolve({ code, signal, stderr });
    }),
  );
  return { child, ended };
};

/** Resolves when `pred()` holds, polling every 50 ms (at most `ms`). */
const until = async (pred: () => boolean, ms: number): Promise<void> => {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > ms) assert.fail('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

/** A complete first run of `small`, with a marker file to recognise it by. */
const previous = (): { f: string; out: string; dir: string } => {
  const f = path.join(tmp(), 's.yaml');
  writeFileSync(f, small('keep', 'ensemble: { runs: 4, seed: 1 }\n'));
  const out = tmp();
  const r = cli('run', f, '--out', out, '--quiet', '--workers', '1');
  assert.equal(r.status, 0, r.stderr);
  const dir = path.join(out, 'keep');
  writeFileSync(path.join(dir, 'marker'), 'previous');
  return { f, out, dir };
};

const complete = (dir: string): boolean => (JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { complete: boolean }).complete;

test('a SIGKILL while writing leaves the previous folder intact, and the next run removes the dead temporary folder', async () => {
  const { f, out, dir } = previous();
  const { child, ended } = start(['run', f, '--out', out, '--quiet', '--workers', '1'], { GRADFLOW_HOLD_BEFORE_PLACE_MS: '60000' });
  const temp = (): string | undefined => readdirSync(out).find((n) => n.startsWith('.keep.tmp-'));
  // the temporary folder is fully written (manifest.json is the last file) and held before placing
  await until(() => temp() !== undefined && existsSync(path.join(out, temp()!, 'manifest.json')), 120_000);
  child.kill('SIGKILL');
  const e = await ended;
  assert.equal(e.signal, 'SIGKILL');
  assert.equal(readFileSync(path.join(dir, 'marker'), 'utf8'), 'previous');
  assert.ok(temp() !== undefined, 'the killed process left its temporary folder');
  const again = cli('run', f, '--out', out, '--quiet', '--workers', '1');
  assert.equal(again.status, 0, again.stderr);
  assert.deepEqual(
    readdirSync(out).filter((n) => n.startsWith('.')),
    [],
    'stale temporary folder removed',
  );
  assert.ok(complete(dir));
});

test('two concurrent runs into one --out both end cleanly (exit 0, no stack); one folder is complete, nothing is lost', async () => {
  const { f, out, dir } = previous();
  const a = start(['run', f, '--out', out, '--quiet', '--workers', '1']);
  const b = start(['run', f, '--out', out, '--quiet', '--workers', '1']);
  const [ea, eb] = await Promise.all([a.ended, b.ended]);
  for (const e of [ea, eb]) {
    assert.equal(e.code, 0, e.stderr);
    assert.doesNotMatch(e.stderr, NO_STACK);
  }
  assert.ok(complete(dir));
  const names = readdirSync(out).sort();
  assert.deepEqual(
    names.filter((n) => n.startsWith('.')),
    [],
  );
  // the loser of a race says so and keeps its results beside the winner's
  for (const e of [ea, eb]) {
    const m = /note: another gradflow process wrote .* and won; this run's results are in (.*)\n/.exec(e.stderr);
    if (m) {
      assert.equal(m[0], `note: ${outputMessages.concurrent(dir, m[1]!)}\n`);
      assert.ok(complete(m[1]!));
    }
  }
});

test('an interrupted re-run (Ctrl-C) is written beside the previous complete folder, which is kept', async () => {
  const { f, out, dir } = previous();
  // the probe file marks the moment the runs begin
  let probed = false;
  const watcher = watch(out, (_, name) => {
    if (typeof name === 'string' && name.startsWith('.gradflow-probe-')) probed = true;
  });
  // 20 000 runs take minutes: the Ctrl-C comes long before the end
  const { child, ended } = start(['run', f, '--out', out, '--quiet', '--workers', '1', '--set', 'ensemble.runs=20000']);
  try {
    await until(() => probed, 120_000);
  } finally {
    watcher.close();
  }
  await new Promise((r) => setTimeout(r, 2000));
  child.kill('SIGINT');
  const e = await ended;
  assert.equal(e.code, 130, e.stderr);
  assert.equal(readFileSync(path.join(dir, 'marker'), 'utf8'), 'previous');
  assert.ok(complete(dir));
  const beside = path.join(out, 'keep.interrupted-1');
  assert.ok(e.stderr.includes(`note: ${outputMessages.keptBeside(dir, beside, 'interrupted')}\n`), e.stderr);
  assert.ok(e.stderr.includes(cliMessages.interrupted()), e.stderr);
  const m = JSON.parse(readFileSync(path.join(beside, 'manifest.json'), 'utf8')) as { interrupted: boolean; complete: boolean; runs: unknown[] };
  assert.equal(m.interrupted, true);
  assert.equal(m.complete, false);
  assert.ok(m.runs.length > 0 && m.runs.length < 20000, String(m.runs.length));
  // the index lists the complete folder only
  assert.doesNotMatch(readFileSync(path.join(out, 'index.html'), 'utf8'), /keep\.interrupted-1/);
});
