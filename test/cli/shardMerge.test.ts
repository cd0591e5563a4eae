/**
 * `run --shard` and `merge`: merged shards write the same bytes as one run of the whole scenario
 * (in any order, from 1, 3 or shards of mixed counts), and shards that do not cover every run once,
 * are incomplete or belong to another computation are refused with exit 2, naming what is wrong.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { globFolders } from '../../src/cli/globFolders.js';
import { mergeShards, ShardError } from '../../src/pipeline/merge.js';
import { pipelineMessages } from '../../src/pipeline/messages.js';
import { executeShard, shardFolder, type ShardManifest } from '../../src/pipeline/shard.js';
import { loadScenario } from '../../src/experiment/resolve.js';
import { cli, tmp } from './helpers.js';
import { assertSameOutputs, ensemble } from './shardScenario.js';

const dir = tmp();
const file = path.join(dir, 'ens.yaml');
writeFileSync(file, ensemble());
const loaded = loadScenario(file);

/** One run of the whole scenario, on 2 worker threads, by the command line. */
const whole = (() => {
  const out = path.join(dir, 'whole');
  const r = cli('run', file, '--out', out, '--workers', '2', '--quiet');
  assert.equal(r.status, 0, r.stderr);
  return path.join(out, 'ens');
})();

/** Computes shards `I/N` in-process into `out`; returns their folders. */
const shards = async (out: string, specs: [number, number][]): Promise<string[]> => {
  const dirs: string[] = [];
  for (const [index, count] of specs) {
    const r = await executeShard(loaded, out, { index, count });
    assert.ok(r.manifest.complete);
    dirs.push(r.dir);
  }
  return dirs;
};

test('3 shards merged out of order (2, 0, 1) by the command line write the same bytes as one run', async () => {
  const out = path.join(dir, 'three');
  const [d0, d1, d2] = await shards(out, [
    [0, 3],
    [1, 3],
    [2, 3],
  ]);
  const manifests = [d0!, d1!, d2!].map((d) => JSON.parse(readFileSync(path.join(d, 'shard.json'), 'utf8')) as ShardManifest);
  // 10 tasks dealt round-robin: 4, 3, 3
  assert.deepEqual(
    manifests.map((m) => m.runs),
    [4, 3, 3],
  );
  const r = cli('merge', d2!, d0!, d1!, '--out', path.join(dir, 'merged3'), '--quiet');
  assert.equal(r.status, 0, r.stderr);
  assertSameOutputs(whole, path.join(dir, 'merged3', 'ens'));
  // gradflow check accepts the merged folder: its checks evaluated again from its data, equal to its checks.json
  const merged = path.join(dir, 'merged3', 'ens');
  const c = cli('check', merged, '--quiet');
  assert.equal(c.status, 0, c.stderr);
  assert.match(c.stdout, new RegExp(`^${merged.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ens: \\d+ (derived|measured) pass`));
  assert.equal(c.stderr, '', 'no note: the checks evaluated again equal checks.json');
});

test('1 shard, and shards of mixed counts (0/2, 3/4, 1/4), merge to the same bytes as one run', async () => {
  const one = await shards(path.join(dir, 'one'), [[0, 1]]);
  await mergeShards(one, path.join(dir, 'merged1'));
  assertSameOutputs(whole, path.join(dir, 'merged1', 'ens'));
  const mixed = await shards(path.join(dir, 'mixed'), [
    [0, 2],
    [3, 4],
    [1, 4],
  ]);
  await mergeShards(mixed, path.join(dir, 'mergedMixed'));
  assertSameOutputs(whole, path.join(dir, 'mergedMixed', 'ens'));
});

/** The message of the `ShardError` a merge is refused with. */
const refusal = async (dirs: string[]): Promise<string> => {
  try {
    await mergeShards(dirs, path.join(dir, 'nope'));
  } catch (err) {
    assert.ok(err instanceof ShardError, String(err));
    return err.message;
  }
  assert.fail('merged');
};

test('a glob names the shards; a missing shard (exit 2 by the command line) or one given twice is refused naming it, and nothing is written', async () => {
  const out = path.join(dir, 'cover');
  const [d0, d1, d2] = await shards(out, [
    [0, 3],
    [1, 3],
    [2, 3],
  ]);
  assert.deepEqual(globFolders([path.join(out, 'ens.shard-*-of-3')]), [d0, d1, d2]);
  const missing = cli('merge', d0!, d2!, '--out', path.join(dir, 'nope'));
  assert.equal(missing.status, 2);
  assert.equal(missing.stderr, `${pipelineMessages.missingShards(['1/3'], 3)}\n`);
  const copy = path.join(out, 'copy-of-0');
  cpSync(d0!, copy, { recursive: true });
  assert.equal(await refusal([d0!, copy, d1!, d2!]), pipelineMessages.doubledShard('0/3', [d0!, copy]));
  // shards of mixed counts that overlap or leave a gap, named run by run: task k is (cell ⌊k/5⌋, run k mod 5);
  // 0/2 holds k = 0, 2, 4, 6, 8, all also in the three shards of 3; 0/2 and 1/4 (k = 1, 5, 9) leave out k = 3 and 7
  const [h0, q1] = await shards(path.join(dir, 'overlap'), [
    [0, 2],
    [1, 4],
  ]);
  assert.equal(await refusal([h0!, d0!, d1!, d2!]), pipelineMessages.doubledRuns(['0/0', '0/2', '0/4', '1/1', '1/3'], 5, [h0!, d0!]));
  assert.equal(await refusal([h0!, q1!]), pipelineMessages.missingRuns(['0/3', '1/2'], 2));
  assert.equal(existsSync(path.join(dir, 'nope', 'ens')), false, 'a refused merge writes no output folder');
});

test('an incomplete shard, a folder that is not a shard and shards of another scenario are refused naming the folder', async () => {
  const out = path.join(dir, 'bad');
  const stopped = new AbortController();
  stopped.abort();
  const half = await executeShard(loaded, out, { index: 0, count: 2 }, { signal: stopped.signal });
  assert.equal(half.manifest.complete, false);
  const [d1] = await shards(out, [[1, 2]]);
  assert.equal(await refusal([half.dir, d1!]), pipelineMessages.incompleteShard(half.dir, '0/2', 0, 5));
  assert.equal(await refusal([whole]), pipelineMessages.notAShard(whole, 'no readable shard.json'));
  const other = path.join(dir, 'other.yaml');
  writeFileSync(other, ensemble().replace('seed: 3', 'seed: 4'));
  const r0 = await executeShard(loadScenario(other), path.join(dir, 'otherOut'), { index: 0, count: 2 });
  assert.match(await refusal([r0.dir, d1!]), new RegExp(`^${r0.dir} and ${d1!} come from different computations \\(scenario hashes `));
  // a shard folder of one scenario refuses to compute another's shard (exit 2 by the command line)
  assert.equal(shardFolder(out, 'ens', { index: 1, count: 2 }), d1);
  writeFileSync(other, ensemble().replace('seed: 3', 'seed: 4'));
  const clash = cli('run', other, '--shard', '1/2', '--out', out, '--quiet');
  assert.equal(clash.status, 2);
  assert.match(clash.stderr, /holds runs of another computation \(scenario hashes /);
});
