/**
 * `gradflow merge <shard folders or globs…> --out DIR`: puts complete shards together into
 * `<out>/<id>/`, the same files as `gradflow run` of the whole scenario (`pipeline/merge.ts`), then
 * reports like `run`: each check, the exit code 1 when one fails and 3 for a numerical failure no
 * status check expects. Shards that do not belong together or do not cover every run once: exit 2.
 */
import path from 'node:path';
import { writeIndex } from '../report/gallery.js';
import { placementNote, prepareOutRoot } from '../report/outputFolder.js';
import { mergeShards, ShardError, type MergeReport } from '../pipeline/merge.js';
import { pipelineMessages } from '../pipeline/messages.js';
import { FAILURE_STATUSES } from '../checks/statuses.js';
import { InputError } from './boundary.js';
import { anyNotEvaluated, writeCheckLines } from './checkLines.js';
import { EXIT, worst, type ExitCode } from './exitCodes.js';
import { globFolders } from './globFolders.js';
import { clusterMessages } from './messages.js';
import { runLines } from './outcomes.js';

export interface MergeFlags {
  readonly out: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
  readonly strict?: boolean;
}

export async function mergeCommand(args: string[], flags: MergeFlags): Promise<ExitCode> {
  const dirs = globFolders(args);
  if (dirs.length === 0) throw new InputError(pipelineMessages.noShards(args));
  prepareOutRoot(flags.out);
  let report: MergeReport;
  try {
    report = await mergeShards(dirs, flags.out);
  } catch (e) {
    if (e instanceof ShardError) throw new InputError(e.message);
    throw e;
  }
  const err = (s: string): void => {
    process.stderr.write(s);
  };
  for (const n of report.notes) err(`${n}\n`);
  const note = placementNote(path.join(flags.out, report.id), report.out);
  if (note !== undefined) err(`note: ${note}\n`);
  if (flags.quiet !== true && flags.json !== true) writeCheckLines(report.id, report.checks, err);
  const codes: ExitCode[] = [];
  if (report.numericalFailure) {
    for (const line of runLines(report.out, report.id, FAILURE_STATUSES, false)) err(`${line}\n`);
    codes.push(EXIT.numerical);
  }
  if (!report.passed || (flags.strict === true && anyNotEvaluated(report.checks))) codes.push(EXIT.checkFailed);
  writeIndex(flags.out);
  if (flags.json === true) process.stdout.write(JSON.stringify({ ...report, shards: dirs }, null, 2) + '\n');
  else process.stdout.write(`${clusterMessages.merged(report.id, dirs.length, report.runs, report.out)}\n`);
  return worst(codes);
}
