/**
 * `gradflow check` given output folders (a folder holding `manifest.json`, such as a merged cluster
 * result): each folder's checks are evaluated again from its data (`pipeline/recheck.ts`), one line
 * per check; exit 1 when one fails, 2 when a folder cannot be read.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ShardError } from '../pipeline/merge.js';
import { pipelineMessages } from '../pipeline/messages.js';
import { recheckFolder } from '../pipeline/recheck.js';
import { recheckLandscapeFolder } from '../landscape/recheck.js';
import { isLandscapeFolder } from './notebookFolders.js';
import { ScenarioError } from '../scenario/errors.js';
import { EXIT, worst, type ExitCode } from './exitCodes.js';
import { anyNotEvaluated, writeCheckLines } from './checkLines.js';
import { outcomeCounts, outcomeLine } from '../checks/checkResult.js';

/** True for a folder that holds a finished output (its `manifest.json`). */
export const isOutputFolder = (p: string): boolean => existsSync(path.join(p, 'manifest.json'));

export function checkFolders(dirs: readonly string[], flags: { readonly json?: boolean; readonly quiet?: boolean; readonly strict?: boolean }): ExitCode {
  const codes: ExitCode[] = [];
  const out: { folder: string; id: string; passed: boolean; checks: string; matchesRecorded: boolean }[] = [];
  for (const dir of dirs) {
    try {
      const r = isLandscapeFolder(dir) ? recheckLandscapeFolder(dir) : recheckFolder(dir);
      out.push({ folder: dir, id: r.id, passed: r.passed, checks: outcomeLine(outcomeCounts(r.checks)), matchesRecorded: r.matchesRecorded });
      if (flags.quiet !== true && flags.json !== true) writeCheckLines(r.id, r.checks, (s) => process.stderr.write(s));
      if (!r.matchesRecorded) process.stderr.write(`${pipelineMessages.recheckDiffers(dir)}\n`);
      const problems = 'dataProblems' in r ? r.dataProblems : [];
      for (const p of problems.slice(0, 10)) process.stderr.write(`  FAIL  ${r.id}: the folder's files disagree — ${p}\n`);
      if (problems.length > 10) process.stderr.write(`  … ${String(problems.length - 10)} more disagreements\n`);
      if (!r.passed || (flags.strict === true && anyNotEvaluated(r.checks))) codes.push(EXIT.checkFailed);
    } catch (e) {
      if (!(e instanceof ShardError) && !(e instanceof ScenarioError)) throw e;
      process.stderr.write(`${e.message}\n`);
      codes.push(EXIT.badInput);
    }
  }
  if (flags.json === true) process.stdout.write(JSON.stringify({ folders: out }, null, 2) + '\n');
  else
    for (const o of out)
      process.stdout.write(`${o.folder}: ${o.id}: ${o.checks}${o.passed || /FAIL/.test(o.checks) ? '' : ' (FAIL: the folder’s files disagree)'}\n`);
  return worst(codes);
}
