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
import { recheckLandscapeFolder } from '../pipeline/recheckLandscape.js';
import { isLandscapeFolder } from '../report/notebookFolder.js';
import { ScenarioError } from '../scenario/errors.js';
import { EXIT, worst, type ExitCode } from './exitCodes.js';

/** True for a folder that holds a finished output (its `manifest.json`). */
export const isOutputFolder = (p: string): boolean => existsSync(path.join(p, 'manifest.json'));

export function checkFolders(dirs: readonly string[], flags: { readonly json?: boolean; readonly quiet?: boolean }): ExitCode {
  const codes: ExitCode[] = [];
  const out: { folder: string; id: string; passed: boolean; matchesRecorded: boolean }[] = [];
  for (const dir of dirs) {
    try {
      const r = isLandscapeFolder(dir) ? recheckLandscapeFolder(dir) : recheckFolder(dir);
      out.push({ folder: dir, id: r.id, passed: r.passed, matchesRecorded: r.matchesRecorded });
      if (flags.quiet !== true && flags.json !== true)
        for (const c of r.checks) process.stderr.write(`  ${c.passed ? 'pass' : 'FAIL'}  ${r.id}: ${c.name} — ${c.detail}\n`);
      if (!r.matchesRecorded) process.stderr.write(`${pipelineMessages.recheckDiffers(dir)}\n`);
      if (!r.passed) codes.push(EXIT.checkFailed);
    } catch (e) {
      if (!(e instanceof ShardError) && !(e instanceof ScenarioError)) throw e;
      process.stderr.write(`${e.message}\n`);
      codes.push(EXIT.badInput);
    }
  }
  if (flags.json === true) process.stdout.write(JSON.stringify({ folders: out }, null, 2) + '\n');
  else for (const o of out) process.stdout.write(`${o.folder}: ${o.id}: ${o.passed ? 'checks passed' : 'a check FAILED'}\n`);
  return worst(codes);
}
