/**
 * `gradflow run <scenario…> --shard I/N`: computes shard I of N of each scenario into
 * `<out>/<id>.shard-I-of-N/` (`pipeline/shard.ts`); a rerun keeps the runs already logged. Exit 0
 * when the shard is complete (checks are evaluated by `gradflow merge`, on all runs), 130 when
 * interrupted, 70 when a run threw, 2 for bad input.
 */
import { progressBar } from './progressBar.js';
import { OutputError } from '../report/outputFolder.js';
import { executeShard, type ShardReport } from '../pipeline/shard.js';
import { parseShard, shardLabel, type ShardSpec } from '../pipeline/shardPlan.js';
import { tasksOfShard } from '../pipeline/shardPlan.js';
import { internalReport, UsageError } from './boundary.js';
import { EXIT, worst, type ExitCode } from './exitCodes.js';
import { clusterMessages, cliMessages } from './messages.js';
import { runInputs } from './run.js';
import type { RunFlags } from './runFlags.js';

/** `--shard` parsed, or a usage error (exit 64). */
export function shardFlag(text: string, usage: string): ShardSpec {
  try {
    return parseShard(text);
  } catch (err) {
    throw new UsageError((err as Error).message, usage);
  }
}

export async function shardCommand(paths: string[], flags: RunFlags & { shard: string }, usage: string): Promise<ExitCode> {
  const err = (s: string): void => {
    process.stderr.write(s);
  };
  const shard = shardFlag(flags.shard, usage);
  const inputs = runInputs(paths, flags, usage, err);
  if (inputs === EXIT.badInput) return inputs;
  const { workers, loaded, landscapes, refused } = inputs;
  for (const l of landscapes) err(`${clusterMessages.landscapeNotSharded(l.file)}\n`);
  const controller = new AbortController();
  process.once('SIGINT', () => {
    err(`${cliMessages.interrupted()}\n`);
    controller.abort();
  });
  const codes: ExitCode[] = refused > 0 ? [EXIT.badInput] : [];
  const reports: ShardReport[] = [];
  for (const l of loaded) {
    if (controller.signal.aborted) break;
    const bar = progressBar(l.scenario.id, flags);
    bar?.start(tasksOfShard(l.scenario, l.cells.length, shard).length, 0);
    try {
      const r = await executeShard(l, flags.out, shard, {
        workers,
        signal: controller.signal,
        allowLarge: flags.allowLarge === true,
        onProgress: (done) => bar?.update(done),
      });
      bar?.stop();
      reports.push(r);
      if (flags.json !== true) process.stdout.write(`${clusterMessages.shardDone(l.scenario.id, shardLabel(shard), r.manifest, r.dir)}\n`);
      if (r.crashed.length > 0) {
        for (const c of r.crashed) err(`${cliMessages.runLine(c.cell, c.run, c.status, undefined, c.message)}\n`);
        codes.push(EXIT.internal);
      }
      if (r.interrupted) codes.push(EXIT.interrupted);
    } catch (e) {
      bar?.stop();
      if (!(e instanceof OutputError)) {
        err(`${l.file}: ${internalReport(e, flags.debug === true)}\n`);
        codes.push(EXIT.internal);
        continue;
      }
      err(`${l.file}: ${e.message}\n`);
      codes.push(EXIT.badInput);
    }
  }
  if (flags.json === true)
    process.stdout.write(JSON.stringify({ shards: reports.map((r) => ({ dir: r.dir, ...r.manifest, given: undefined })) }, null, 2) + '\n');
  if (controller.signal.aborted) codes.push(EXIT.interrupted);
  return worst(codes);
}
