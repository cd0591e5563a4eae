/**
 * `gradflow merge`: puts complete shards of one scenario back together and writes the same outputs
 * as a one-machine run (`writeScenario`): the runs are the shards' logged records, exact to the bit,
 * sorted by (cell, run) as the runner sorts them, so `summary.csv`, `summary.json`,
 * `trajectory.csv`, `checks.json`, the figures and `report.html` are byte-identical to `gradflow run`
 * of the whole scenario (apart from the manifest's timings and the report's median wall times).
 *
 * Refused (a `ShardError`, exit 2): a folder that is not a complete shard; shards of different
 * scenarios, gradflow versions or commits, or computed by another gradflow than the one merging;
 * runs covered by no shard or by two. Shards computed with different linear-algebra backends merge,
 * with a note saying so (their results agree to rounding, not bit for bit).
 */
import path from 'node:path';
import { stringify } from 'yaml';
import { parseScenario, type Experiment } from '../experiment/resolve.js';
import { allTasks } from '../experiment/runner.js';
import type { RunResult } from '../checks/runResult.js';
import { type ScenarioReport, writeScenario } from './execute.js';
import { identityDifference, identityOf } from './identity.js';
import { pipelineMessages } from './messages.js';
import { readRunLog, taskKey } from './runLog.js';
import { exactJson } from './runRecord.js';
import { readShardManifest, RUN_LOG, SHARD_MANIFEST, type ShardManifest } from './shard.js';
import { shardLabel, tasksOfShard } from './shardPlan.js';

/** A shard folder that cannot be merged, or a set of shards that does not cover the runs once (exit 2). */
export class ShardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShardError';
  }
}

/** Runs named in a coverage message, at most. */
const SHOWN = 8;

interface Shard {
  readonly dir: string;
  readonly manifest: ShardManifest;
}

function readShard(dir: string): Shard {
  const manifest = readShardManifest(dir);
  if (manifest === undefined) throw new ShardError(pipelineMessages.notAShard(dir, `no readable ${SHARD_MANIFEST}`));
  if (!manifest.complete) throw new ShardError(pipelineMessages.incompleteShard(dir, shardLabel(manifest.shard), manifest.done, manifest.runs));
  return { dir, manifest };
}

/** The scenario the shards computed, rebuilt from the document they recorded and checked against their hash. */
function rebuild(m: ShardManifest): Experiment {
  const loaded = parseScenario(stringify(m.given), m.file, [], { allowLarge: m.allowLarge, quick: m.quick === true });
  if (identityOf(loaded.scenario).scenarioHash !== m.scenarioHash) throw new ShardError(pipelineMessages.rebuilt(m.file));
  return loaded;
}

/** Every run exactly once, or a `ShardError` naming what is missing or doubled. */
function checkCoverage(shards: readonly Shard[], loaded: Experiment): void {
  const s = loaded.scenario;
  const cells = loaded.cells.length;
  const counts = new Set(shards.map((x) => x.manifest.shard.count));
  if (counts.size === 1) {
    const n = [...counts][0]!;
    const by = new Map<number, string[]>();
    for (const x of shards) by.set(x.manifest.shard.index, [...(by.get(x.manifest.shard.index) ?? []), x.dir]);
    for (const [i, dirs] of [...by].sort((a, b) => a[0] - b[0]))
      if (dirs.length > 1) throw new ShardError(pipelineMessages.doubledShard(`${String(i)}/${String(n)}`, dirs));
    const missing: string[] = [];
    for (let i = 0; i < n; i++) if (!by.has(i)) missing.push(`${String(i)}/${String(n)}`);
    if (missing.length > 0) throw new ShardError(pipelineMessages.missingShards(missing, n));
    return;
  }
  // shards of different counts (0/2 with 1/4 and 3/4): check run by run
  const holder = new Map<string, string[]>();
  for (const x of shards)
    for (const t of tasksOfShard(s, cells, x.manifest.shard)) {
      const k = taskKey(t.cell, t.run);
      holder.set(k, [...(holder.get(k) ?? []), x.dir]);
    }
  const keys = allTasks(s, cells).map((t) => taskKey(t.cell, t.run));
  const doubled = keys.filter((k) => (holder.get(k)?.length ?? 0) > 1);
  if (doubled.length > 0) throw new ShardError(pipelineMessages.doubledRuns(doubled.slice(0, SHOWN), doubled.length, holder.get(doubled[0]!)!));
  const missing = keys.filter((k) => !holder.has(k));
  if (missing.length > 0) throw new ShardError(pipelineMessages.missingRuns(missing.slice(0, SHOWN), missing.length));
}

/** The logged runs of a shard: exactly its planned runs, each intact. */
function runsOf(x: Shard, loaded: Experiment): RunResult[] {
  const file = path.join(x.dir, RUN_LOG);
  const { done } = readRunLog(file);
  const planned = tasksOfShard(loaded.scenario, loaded.cells.length, x.manifest.shard);
  const runs = planned.map((t) => done.get(taskKey(t.cell, t.run)));
  const have = runs.filter((r) => r !== undefined);
  if (have.length !== planned.length || done.size !== planned.length) throw new ShardError(pipelineMessages.damagedShard(file, have.length, planned.length));
  return have;
}

export interface MergeReport extends ScenarioReport {
  /** Notes for the user (differing backends). */
  readonly notes: string[];
}

/** Merges complete shard folders into `<outRoot>/<id>` (see the module comment). */
export async function mergeShards(dirs: readonly string[], outRoot: string, o: { readonly figures?: boolean } = {}): Promise<MergeReport> {
  const t0 = performance.now();
  const shards = dirs.map(readShard);
  const first = shards[0]!;
  for (const x of shards.slice(1)) {
    const diff = identityDifference(first.manifest, x.manifest);
    if (diff !== undefined) throw new ShardError(pipelineMessages.otherComputation(first.dir, x.dir, diff));
  }
  const loaded = rebuild(first.manifest);
  const here = identityDifference(first.manifest, identityOf(loaded.scenario));
  if (here !== undefined) throw new ShardError(pipelineMessages.mergerDiffers(first.dir, here));
  checkCoverage(shards, loaded);
  const results = shards.flatMap((x) => runsOf(x, loaded)).sort((a, b) => a.cell - b.cell || a.run - b.run);
  // the report and manifest name the shards' backend (not the merging machine's) when they share one
  const backends = [...new Set(shards.map((x) => exactJson(x.manifest.backend ?? null)))];
  const notes = backends.length > 1 ? [pipelineMessages.backendsDiffer(backends)] : [];
  const shared = backends.length === 1 ? first.manifest.backend : undefined;
  const merged = {
    merged: {
      shards: shards.map((x) => ({
        shard: shardLabel(x.manifest.shard),
        folder: path.resolve(x.dir),
        wallMs: x.manifest.wallMs,
        backend: x.manifest.backend ?? null,
      })),
    },
  };
  const report = await writeScenario(
    loaded,
    { cells: loaded.cells, results, interrupted: false },
    outRoot,
    { ...o, ...(shared ? { backend: shared } : {}) },
    t0,
    merged,
  );
  return { ...report, notes };
}
