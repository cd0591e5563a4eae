/**
 * The landscape scenarios of `gradflow run` and `gradflow check` (README, "Free-energy landscapes"):
 * each is evaluated and written in turn, its checks told on stderr like a flow scenario's, its
 * report added to the summary table; exit codes 1 (a check failed), 2 (the output folder), 70 (a bug).
 */
import { anyNotEvaluated, writeCheckLines } from './checkLines.js';
import { executeLandscape } from '../landscape/execute.js';
import type { ScenarioReport } from '../pipeline/execute.js';
import { placementNote } from '../report/outputFolder.js';
import type { LoadedLandscape } from '../landscape/load.js';
import path from 'node:path';
import { executionFailure } from './executionFailure.js';
import { EXIT, type ExitCode } from './exitCodes.js';
import type { RunFlags } from './runFlags.js';

/** Runs `landscapes`, appending to `reports` and `codes`. */
export async function runLandscapes(
  landscapes: readonly LoadedLandscape[],
  flags: RunFlags,
  reports: ScenarioReport[],
  codes: ExitCode[],
  err: (s: string) => void,
): Promise<void> {
  const chatty = flags.quiet !== true && flags.json !== true;
  for (const l of landscapes) {
    let report: ScenarioReport;
    try {
      report = await executeLandscape(l, flags.out, { notebook: flags.notebook !== false });
    } catch (e) {
      const failure = executionFailure(l.file, e, flags.debug === true);
      err(failure.line);
      codes.push(failure.code);
      continue;
    }
    reports.push(report);
    const note = placementNote(path.join(flags.out, report.id), report.out);
    if (note !== undefined) err(`note: ${note}\n`);
    if (chatty) writeCheckLines(report.id, report.checks, err);
    if (!report.passed || (flags.strict === true && anyNotEvaluated(report.checks))) codes.push(EXIT.checkFailed);
  }
}
