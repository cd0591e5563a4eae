/**
 * Resume: a run killed with SIGKILL halfway and resumed writes the same files as an uninterrupted
 * run and recomputes none of the runs it had logged (read back from the manifest); a torn last line
 * (a kill in the middle of an append) is dropped; a shard stopped halfway and rerun keeps its runs.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { executeScenario } from '../../src/pipeline/execute.js';
import { mergeShards } from '../../src/pipeline/merge.js';
import { progressFolder } from '../../src/pipeline/progress.js';
import { readRunLog } from '../../src/pipeline/runLog.js';
import { executeShard } from '../../src/pipeline/shard.js';
import { isComplete } from '../../src/report/outputFolder.js';
import { loadScenario } from '../../src/experiment/resolve.js';
import { CLI, cli, tmp } from './helpers.js';
import { assertSameOutputs } from './shardScenario.js';

/** 8 runs of a 12×12 depth-3 flow: each takes a few hundred ms, long enough to be killed between two. */
const slow = `id: res
title: a slower ensemble
description: twelve-by-twelve regression at depth 3 from balanced random starts
energy: { kind: whitened, target: { kind: low-rank, shape: [12, 12], sigma: [3, 2, 1], seed: 5 } }
model: { depth: 3, width: 12 }
init: { kind: balanced-random, scale: 0.05 }
solver: { method: dopri5, rtol: 1.0e-10, atol: 1.0e-12 }
horizon: { t1: 30, save: { kind: uniform, n: 11 } }
ensemble: { runs: 8, seed: 3 }
checks:
  - { kind: final, name: "learned", assert: "loss < 1" }
`;

const dir = tmp();
const file = path.join(dir, 'res.yaml');
writeFileSync(file, slow);
const loaded = loadScenario(file);

/** The uninterrupted run, in-process. */
const reference = async (): Promise<string> => {
  const out = path.join(dir, 'ref');
  const r = await executeScenario(loaded, out, { workers: 1 });
  assert.equal(existsSync(progressFolder(out, 'res')), false, 'the progress folder is removed once the outputs are written');
  return r.out;
};

const lines = (f: string): number => (existsSync(f) ? readFileSync(f, 'utf8').split('\n').length - 1 : 0);

test('a run killed with SIGKILL after 3 runs and resumed writes the same files and recomputes none of the logged runs', async () => {
  const ref = await reference();
  const out = path.join(dir, 'killed');
  const log = path.join(progressFolder(out, 'res'), 'runs.jsonl');
  const child = spawn(process.execPath, [...CLI, 'run', file, '--out', out, '--workers', '1', '--quiet'], { stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => {
      resolve(signal);
    }),
  );
  const t0 = Date.now();
  while (lines(log) < 3) {
    assert.ok(Date.now() - t0 < 120_000, 'no 3 runs logged in 2 min');
    await new Promise((r) => setTimeout(r, 10));
  }
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');
  // the killed run left no output folder, and its progress folder is not a finished one
  assert.equal(existsSync(path.join(out, 'res')), false);
  assert.equal(isComplete(progressFolder(out, 'res')), false);
  const logged = readRunLog(log);
  assert.ok(logged.done.size >= 3 && logged.done.size < 8, `${logged.done.size} runs logged`);
  assert.equal(logged.dropped, 0);
  // as if the kill had come in the middle of the next append
  appendFileSync(log, readFileSync(log, 'utf8').split('\n')[0]!.slice(0, 100));
  const r = cli('run', file, '--out', out, '--workers', '1', '--quiet', '--resume');
  assert.equal(r.status, 0, r.stderr);
  const manifest = JSON.parse(readFileSync(path.join(out, 'res', 'manifest.json'), 'utf8')) as {
    resume: { reused: string[]; computed: number; dropped: number };
  };
  assert.deepEqual(manifest.resume.reused, [...logged.done.keys()]);
  assert.equal(manifest.resume.computed, 8 - logged.done.size);
  assert.equal(manifest.resume.dropped, 1);
  for (const f of ['summary.csv', 'trajectory.csv', 'summary.json', 'checks.json'])
    assert.ok(readFileSync(path.join(ref, f)).equals(readFileSync(path.join(out, 'res', f))), `${f} differs from the uninterrupted run's`);
  assert.equal(existsSync(progressFolder(out, 'res')), false);
});

test('a shard stopped after 3 runs and rerun computes only the rest, and merges to the same bytes as one run', async () => {
  const ref = await reference();
  const out = path.join(dir, 'shards');
  const stop = new AbortController();
  const first = await executeShard(
    loaded,
    out,
    { index: 0, count: 1 },
    {
      signal: stop.signal,
      onProgress: (done) => {
        if (done >= 3) stop.abort();
      },
    },
  );
  assert.equal(first.interrupted, true);
  assert.equal(first.manifest.complete, false);
  assert.equal(first.manifest.done, 3);
  const again = await executeShard(loaded, out, { index: 0, count: 1 });
  assert.equal(again.manifest.complete, true);
  assert.equal(again.manifest.reused, 3);
  assert.equal(again.manifest.computed, 5);
  const merged = await mergeShards([again.dir], path.join(dir, 'merged'));
  assertSameOutputs(ref, merged.out);
});

test('without --resume an earlier log is discarded; --resume of another scenario is refused naming the folder', async () => {
  const out = path.join(dir, 'fresh');
  const stop = new AbortController();
  await executeScenario(loaded, out, {
    workers: 1,
    signal: stop.signal,
    onProgress: (done) => {
      if (done >= 2) stop.abort();
    },
  });
  const log = path.join(progressFolder(out, 'res'), 'runs.jsonl');
  assert.equal(readRunLog(log).done.size, 2);
  const other = loadScenario(file, ['ensemble.seed=9']);
  await assert.rejects(executeScenario(other, out, { workers: 1, resume: true }), (e: Error) =>
    /^--resume: .* holds runs of another computation \(scenario hashes /.test(e.message),
  );
  // without --resume: the 2 logged runs are dropped, and the log holds only what this run finished
  const again = new AbortController();
  await executeScenario(loaded, out, {
    workers: 1,
    signal: again.signal,
    onProgress: (done) => {
      if (done >= 1) again.abort();
    },
  });
  assert.deepEqual([...readRunLog(log).done.keys()], ['0/0']);
});
