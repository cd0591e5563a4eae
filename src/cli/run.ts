/**
 * `gradflow run` and `gradflow check`: load, probe the output folder, run each scenario, tell what
 * happened (failed checks, failed or crashed runs, where the results went) and pick the exit code.
 */
import path from 'node:path';
import { progressBars } from './progressBar.js';
import { writeIndex } from '../report/gallery.js';
import { quickProfileText } from '../report/profile.js';
import { OutputError, placementNote, prepareOutRoot } from '../report/outputFolder.js';
import { executeScenario, type ScenarioReport } from '../pipeline/execute.js';
import type { Experiment } from '../experiment/resolve.js';
import { RunPool } from '../experiment/runPool.js';
import { FAILURE_STATUSES } from '../checks/statuses.js';
import { CRASHED } from '../checks/statuses.js';
import { internalReport, InputError, UsageError } from './boundary.js';
import { expand } from './expand.js';
import { EXIT, worst, type ExitCode } from './exitCodes.js';
import { loadAll } from './load.js';
import { cliMessages } from './messages.js';
import { runLines } from './outcomes.js';
import { anyNotEvaluated, writeCheckLines } from './checkLines.js';
import { outcomeCounts, outcomeLine } from '../checks/checkResult.js';
import { runLandscapes } from './runLandscapes.js';
import { executionFailure } from './executionFailure.js';
import { overridesOf } from './overrides.js';
import type { RunFlags } from './runFlags.js';

const fmtMs = (ms: number): string => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(1)} s`);

function verdict(r: ScenarioReport): string {
  if ((r.statuses[CRASHED] ?? 0) > 0) return 'RUN CRASHED';
  if (r.checks.some((c) => c.outcome === 'fail')) return 'FAIL';
  if (r.numericalFailure) return 'NUMERICAL FAILURE';
  return r.interrupted ? 'INTERRUPTED' : 'ok';
}

function table(reports: readonly ScenarioReport[]): string {
  const rows = reports.map((r) => [r.id, String(r.runs), outcomeLine(outcomeCounts(r.checks)), verdict(r), fmtMs(r.wallMs)]);
  const head = ['scenario', 'runs', 'checks', 'verdict', 'wall time'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(w[i]!)).join('  ');
  return [line(head), line(w.map((n) => '-'.repeat(n))), ...rows.map(line)].join('\n');
}

export { overridesOf };

/** A scenario's report, or what its execution threw. */
type ScenarioOutcome = { report: ScenarioReport } | { error: unknown };

/**
 * What \`run\` and \`run --shard\` do before computing: check --workers, expand the paths, load every
 * scenario (reporting refusals through \`err\`) and prepare the output root, so that a folder that
 * cannot be written is reported before any computation. Returns \`EXIT.badInput\` when nothing can run.
 */
export function runInputs(
  paths: string[],
  flags: RunFlags,
  usage: string,
  err: (s: string) => void,
):
  | { workers: number; loaded: ReturnType<typeof loadAll>['loaded']; landscapes: ReturnType<typeof loadAll>['landscapes']; refused: number }
  | typeof EXIT.badInput {
  const workers = Number(flags.workers);
  if (!/^\d+$/.test(flags.workers) || !Number.isInteger(workers) || workers < 1) throw new UsageError(cliMessages.badWorkers(flags.workers), usage);
  const overrides = overridesOf(flags, usage);
  const named = expand(paths);
  for (const s of named.skipped) err(`${cliMessages.skippedFolders(s.dir, s.subs)}\n`);
  if (named.files.length === 0) throw new InputError(cliMessages.noFiles(paths));
  const { loaded, landscapes, refused, fatal } = loadAll(named.files, overrides, { allowLarge: flags.allowLarge === true, quick: flags.quick === true }, err);
  if (fatal || loaded.length + landscapes.length === 0) return EXIT.badInput;
  prepareOutRoot(flags.out);
  return { workers, loaded, landscapes, refused };
}

export async function runCommand(paths: string[], flags: RunFlags, usage: string): Promise<ExitCode> {
  const err = (s: string): void => {
    process.stderr.write(s);
  };
  const inputs = runInputs(paths, flags, usage, err);
  if (inputs === EXIT.badInput) return inputs;
  const { workers, loaded, landscapes, refused } = inputs;
  const controller = new AbortController();
  process.once('SIGINT', () => {
    err(`${cliMessages.interrupted()}\n`);
    controller.abort();
  });
  const codes: ExitCode[] = [];
  if (refused > 0) codes.push(EXIT.badInput);
  const reports: ScenarioReport[] = [];
  const chatty = flags.quiet !== true && flags.json !== true;
  // one pool for every scenario: the next scenario's runs start while one finishes its last run
  // and writes its report; each scenario's lines are printed in the order the scenarios were given
  // (one scenario alone keeps the runner's own choice: a few runs are computed here, without starting workers)
  const pool = workers > 1 && loaded.length > 1 ? new RunPool(workers) : undefined;
  const bars = progressBars(flags);
  const say =
    bars === undefined
      ? err
      : (s: string): void => {
          bars.log(s);
        };
  const ahead = pool === undefined ? 1 : 4 * workers;
  const started: Promise<ScenarioOutcome>[] = [];
  const start = (l: Experiment): Promise<ScenarioOutcome> => {
    const bar = bars?.create(l.scenario.id, l.scenario.ensemble.runs * l.cells.length);
    return executeScenario(l, flags.out, {
      workers,
      ...(pool ? { pool } : {}),
      signal: controller.signal,
      onProgress: (done) => bar?.update(done),
      notebook: flags.notebook !== false,
      resume: flags.resume === true,
    })
      .then(
        (report) => ({ report }),
        (error: unknown) => ({ error }),
      )
      .finally(() => bar?.stop());
  };
  try {
    for (let i = 0; i < loaded.length; i++) {
      for (let j = started.length; j < Math.min(loaded.length, i + ahead); j++) {
        if (controller.signal.aborted) break;
        started.push(start(loaded[j]!));
      }
      if (i >= started.length) break;
      const l = loaded[i]!;
      const outcome = await started[i]!;
      if ('error' in outcome) {
        const failure = executionFailure(l.file, outcome.error, flags.debug === true);
        say(failure.line);
        codes.push(failure.code);
        continue;
      }
      const report = outcome.report;
      reports.push(report);
      const expected = path.join(flags.out, report.id);
      const note = placementNote(expected, report.out);
      if (note !== undefined) say(`note: ${note}\n`);
      for (const n of report.notes ?? []) say(`note: ${n}\n`);
      const reduced = quickProfileText(l.quick);
      if (reduced !== undefined && chatty) say(`note: ${report.id}: ${reduced}\n`);
      if (chatty) writeCheckLines(report.id, report.checks, say);
      const crashed = (report.statuses[CRASHED] ?? 0) > 0;
      if (crashed) {
        for (const line of runLines(report.out, report.id, new Set([CRASHED]), true)) say(`${line}\n`);
        say(`${internalReport(new Error(`${String(report.statuses[CRASHED])} run(s) of ${report.id} threw`), false)}\n`);
        codes.push(EXIT.internal);
      }
      if (report.numericalFailure) {
        for (const line of runLines(report.out, report.id, FAILURE_STATUSES, false)) say(`${line}\n`);
        codes.push(EXIT.numerical);
      }
      if (!report.passed || (flags.strict === true && anyNotEvaluated(report.checks))) codes.push(EXIT.checkFailed);
    }
  } finally {
    bars?.stop();
    if (pool !== undefined) await (controller.signal.aborted ? pool.terminate() : pool.close());
  }
  if (!controller.signal.aborted) await runLandscapes(landscapes, flags, reports, codes, err);
  if (reports.length > 0) {
    try {
      writeIndex(flags.out);
    } catch (e) {
      if (!(e instanceof OutputError)) throw e;
      err(`${e.message}\n`);
      codes.push(EXIT.badInput);
    }
  }
  if (flags.json === true)
    process.stdout.write(JSON.stringify({ passed: reports.every((r) => r.passed && !r.numericalFailure), scenarios: reports }, null, 2) + '\n');
  else
    process.stdout.write(
      `${table(reports)}\n\n${reports.length > 0 ? cliMessages.reports(path.join(flags.out, 'index.html'), path.join(flags.out, '<id>')) : ''}\n`,
    );
  if (refused > 0) err(`${cliMessages.skippedBad(refused)}\n`);
  if (controller.signal.aborted) codes.push(EXIT.interrupted);
  return worst(codes);
}
