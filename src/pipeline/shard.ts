/**
 * `gradflow run <scenario> --shard I/N`: computes the runs of shard I of N (`shardPlan.ts`) into the
 * shard folder `<out>/<id>.shard-<I>-of-<N>/`:
 * - `runs.jsonl`, every finished run appended as it ends (`runLog.ts`), so a rerun of the shard
 *   (a requeued array task) keeps them and computes only the rest;
 * - `shard.json`, its manifest: the scenario as given and its file, the scenario hash, the shard,
 *   the runs done, the seeds, the gradflow version and commit, the linear-algebra backend, and
 *   `complete`, true only once every run of the shard is logged. It is rewritten atomically.
 * `gradflow merge` puts complete shards together (`merge.ts`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { backendInfo, type BackendInfo } from '../linalg/backend.js';
import { mkdirBounded, OutputError, outputMessages, writeFileAtomic } from '../report/outputFolder.js';
import type { Experiment } from '../experiment/resolve.js';
import { runExperiment, type RunnerOptions } from '../experiment/runner.js';
import type { RunResult } from '../checks/runResult.js';
import { CRASHED } from '../checks/statuses.js';
import { identityDifference, identityOf, type RunIdentity } from './identity.js';
import { pipelineMessages } from './messages.js';
import { openRunLog, taskKey } from './runLog.js';
import { exactJson, parseExactJson } from './runRecord.js';
import { shardLabel, tasksOfShard, type ShardSpec } from './shardPlan.js';

/** The manifest of a shard folder (`shard.json`). */
export interface ShardManifest extends RunIdentity {
  readonly kind: 'gradflow-shard';
  readonly id: string;
  /** The scenario file (absolute), against which `given` resolves relative paths. */
  readonly file: string;
  /** The scenario document after `--set` and `--seed`, as the output manifest records it. */
  readonly given: unknown;
  readonly allowLarge: boolean;
  /** The scenario's reduced `quick:` profile was applied (already part of `given`). */
  readonly quick?: boolean;
  readonly shard: ShardSpec;
  /** Runs of this shard, and how many of them are logged. */
  readonly runs: number;
  readonly done: number;
  readonly complete: boolean;
  /** Of the runs done, those computed by the last process and those it found logged. */
  readonly computed: number;
  readonly reused: number;
  readonly seeds: { readonly scenario: number; readonly derivation: string };
  readonly node: string;
  /** The linear-algebra backend that computed the runs (as `manifest.json` records it). */
  readonly backend?: BackendInfo;
  /** Runs that threw in the last process (not logged: the next rerun computes them again). */
  readonly crashed: { cell: number; run: number; message: string }[];
  readonly wallMs: number;
}

export const SHARD_MANIFEST = 'shard.json';
export const RUN_LOG = 'runs.jsonl';

/** The folder of shard I of N of scenario `id`. */
export const shardFolder = (outRoot: string, id: string, shard: ShardSpec): string =>
  path.join(outRoot, `${id}.shard-${String(shard.index)}-of-${String(shard.count)}`);

/** Reads a shard manifest; undefined when the folder has none that parses. */
export function readShardManifest(dir: string): ShardManifest | undefined {
  try {
    const m = parseExactJson(readFileSync(path.join(dir, SHARD_MANIFEST), 'utf8')) as ShardManifest;
    return (m as { kind?: unknown }).kind === 'gradflow-shard' ? m : undefined;
  } catch {
    return undefined;
  }
}

export interface ShardReport {
  readonly id: string;
  readonly dir: string;
  readonly shard: ShardSpec;
  readonly manifest: ShardManifest;
  readonly interrupted: boolean;
  /** Runs that threw (a bug): the shard is incomplete. */
  readonly crashed: RunResult[];
}

/** Computes (the rest of) one shard of a loaded scenario into its shard folder under `outRoot`. */
export async function executeShard(
  loaded: Experiment,
  outRoot: string,
  shard: ShardSpec,
  o: RunnerOptions & { readonly allowLarge?: boolean } = {},
): Promise<ShardReport> {
  const t0 = performance.now();
  const s = loaded.scenario;
  const dir = shardFolder(outRoot, s.id, shard);
  mkdirBounded(dir);
  const identity = identityOf(s);
  const earlier = readShardManifest(dir);
  if (earlier !== undefined) {
    const diff =
      identityDifference(earlier, identity) ??
      (shardLabel(earlier.shard) === shardLabel(shard) ? undefined : `shards ${shardLabel(earlier.shard)} and ${shardLabel(shard)}`);
    if (diff !== undefined) throw new OutputError(pipelineMessages.shardOtherRun(dir, diff));
  }
  const logFile = path.join(dir, RUN_LOG);
  const log = openRunLog(logFile, earlier !== undefined);
  const tasks = tasksOfShard(s, loaded.cells.length, shard);
  const planned = new Set(tasks.map((t) => taskKey(t.cell, t.run)));
  const foreign = [...log.done.keys()].filter((k) => !planned.has(k)).length;
  if (foreign > 0) {
    log.close();
    throw new OutputError(pipelineMessages.shardForeignRuns(logFile, foreign));
  }
  const base = {
    kind: 'gradflow-shard' as const,
    id: s.id,
    file: path.resolve(loaded.file),
    given: loaded.raw,
    allowLarge: o.allowLarge === true,
    ...(loaded.quick ? { quick: true } : {}),
    shard,
    ...identity,
    runs: tasks.length,
    seeds: { scenario: s.ensemble.seed, derivation: 'Rng(mixSeed(scenario seed, cell), run)' },
    node: process.version,
    backend: backendInfo(),
  };
  const write = (m: ShardManifest): void => {
    writeFileAtomic(path.join(dir, SHARD_MANIFEST), exactJson(m, 2) + '\n');
  };
  const reused = log.done.size;
  write({ ...base, done: reused, complete: reused === tasks.length, computed: 0, reused, crashed: [], wallMs: 0 });
  let computed = 0;
  let failed: Error | undefined;
  let results;
  try {
    results = await runExperiment(loaded, {
      ...o,
      tasks: tasks.filter((t) => !log.done.has(taskKey(t.cell, t.run))),
      onProgress: (n) => o.onProgress?.(reused + n, tasks.length),
      onResult: (r) => {
        if (r.status === CRASHED || failed !== undefined) return;
        try {
          log.append(r);
          computed++;
        } catch (err) {
          failed = err as Error; // thrown below, once the runs in flight are done (not from a worker's message handler)
        }
      },
    });
  } finally {
    try {
      log.close();
    } catch (err) {
      failed ??= err as Error;
    }
  }
  if (failed !== undefined) throw new OutputError(outputMessages.cannotWrite(logFile, failed.message));
  const crashed = results.results.filter((r) => r.status === CRASHED);
  const done = reused + computed;
  const manifest: ShardManifest = {
    ...base,
    done,
    complete: done === tasks.length,
    computed,
    reused,
    crashed: crashed.map((r) => ({ cell: r.cell, run: r.run, message: r.message })),
    wallMs: performance.now() - t0,
  };
  write(manifest);
  return { id: s.id, dir, shard, manifest, interrupted: results.interrupted, crashed };
}
