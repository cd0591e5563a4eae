/**
 * A scenario end to end, as the CLI and library users run it: load (already done), run every task,
 * evaluate the checks, write the output folder. Returns what a summary table or `--json` reports.
 */
import { backendInfo, type BackendInfo } from '../linalg/backend.js';
import { stagedFigures, type StagedFigures } from '../report/figures.js';
import { reportHtml, type ReportFigure } from '../report/html.js';
import { gitCommit, packageVersion, writeOutputs } from '../report/outputs.js';
import { figureThreadCount } from '../report/figureThread.js';
import { renderFigures } from '../report/render.js';
import { rowScopes } from '../checks/scope.js';
import type { CheckResult } from '../checks/checkResult.js';
import { evaluateChecks } from '../checks/evaluate.js';
import type { CompiledExpression } from '../expr/restricted.js';
import type { Scenario } from '../scenario/schema.js';
import type { ScenarioResults } from '../experiment/runner.js';
import type { Experiment } from '../experiment/resolve.js';
import { runExperiment, type RunnerOptions } from '../experiment/runner.js';
import { CRASHED, FAILURE_STATUSES } from '../checks/statuses.js';
import { pipelineMessages } from './messages.js';
import { noProgress, openProgress, progressFolder, type Progress } from './progress.js';

export interface ScenarioReport {
  readonly id: string;
  readonly file: string;
  readonly out: string;
  readonly runs: number;
  readonly statuses: Record<string, number>;
  readonly checks: CheckResult[];
  readonly passed: boolean;
  /** A run failed numerically and no status check accepted it. */
  readonly numericalFailure: boolean;
  readonly interrupted: boolean;
  readonly wallMs: number;
  /** Things the user should know that are not failures (a run that could not keep its resume log). */
  readonly notes?: string[];
}

/** The figures that read only the runs, being drawn (on the figure threads) while the checks are evaluated. */
interface LeadingDrawing {
  readonly staged: StagedFigures;
  readonly files: Record<string, string | Buffer>;
  readonly svgs: Promise<string[]>;
}

/**
 * Starts drawing the figures that need no check result. With figure threads they are drawn while
 * this thread evaluates the checks; with none (one core) they are drawn here first, as before, so
 * the files keep the order of drawing each figure in turn.
 */
async function startLeadingFigures(s: Scenario, results: ScenarioResults, figureExprs: Map<number, CompiledExpression>): Promise<LeadingDrawing> {
  const staged = stagedFigures(s, results.cells, results.results, figureExprs, rowScopes(s));
  const files: Record<string, string | Buffer> = {};
  const svgs = renderFigures(staged.leading, files);
  if (figureThreadCount() === 0) await svgs;
  else svgs.catch(() => undefined); // awaited in reportFiles; a failure is reported there
  return { staged, files, svgs };
}

/** Figures (`.vl.json`, `.svg`, `.png`) and `report.html`, as files relative to the output folder. */
async function reportFiles(
  s: Scenario,
  results: ScenarioResults,
  checks: readonly CheckResult[],
  leading: LeadingDrawing,
  backend: BackendInfo,
  quick: Readonly<Record<string, unknown>> | undefined,
): Promise<Record<string, string | Buffer>> {
  const { files, staged } = leading;
  const rest = staged.rest(checks);
  const restSvgs = renderFigures(rest, files);
  const svgs = [...(await leading.svgs), ...(await restSvgs)];
  const figures = [...staged.leading, ...rest];
  const shown: ReportFigure[] = figures.map((f, i) => ({ name: f.name, title: typeof f.spec.title === 'string' ? f.spec.title : f.name, svg: svgs[i]! }));
  files['report.html'] = reportHtml(s, results.cells, results.results, checks, shown, {
    version: packageVersion(),
    commit: gitCommit(),
    interrupted: results.interrupted,
    backend,
    ...(quick ? { quick } : {}),
  });
  return files;
}

/** Options of `executeScenario`. */
export interface ExecuteOptions extends RunnerOptions {
  /** Figures and `report.html` (default true). */
  readonly figures?: boolean;
  /** Keep the finished runs an interrupted earlier run logged, and compute only the others (`--resume`). */
  readonly resume?: boolean;
  /** `report.ipynb` (default true; false with `--no-notebook`). */
  readonly notebook?: boolean;
}

export async function executeScenario(loaded: Experiment, outRoot: string, o: ExecuteOptions = {}): Promise<ScenarioReport> {
  const t0 = performance.now();
  const s = loaded.scenario;
  let progress: Progress;
  try {
    progress = openProgress(outRoot, s, loaded.cells.length, o.resume === true);
  } catch (err) {
    // a run never fails for want of its log, unless the log is what was asked for (--resume)
    if (o.resume === true) throw err;
    progress = noProgress(s, loaded.cells.length, pipelineMessages.logFailed(progressFolder(outRoot, s.id), (err as Error).message));
  }
  let results: ScenarioResults;
  try {
    const kept = progress.reused.length;
    const total = kept + progress.todo.length;
    results = await runExperiment(loaded, {
      ...o,
      tasks: progress.todo,
      onResult: progress.append,
      onProgress: (done) => o.onProgress?.(kept + done, total),
    });
  } finally {
    progress.close();
  }
  const all: ScenarioResults = { ...results, results: [...progress.reused, ...results.results].sort((a, b) => a.cell - b.cell || a.run - b.run) };
  const extra = o.resume === true ? { resume: progress.summary(results.results.length) } : {};
  const report = await writeScenario(loaded, all, outRoot, o, t0, extra);
  if (!all.interrupted && !all.results.some((r) => r.status === CRASHED)) progress.remove();
  const problem = progress.problem();
  return problem === undefined ? report : { ...report, notes: [problem] };
}

/**
 * Checks, tables, figures and report of finished runs (computed here, resumed or merged from
 * shards), written to `<outRoot>/<id>`: the same bytes whichever way the runs were computed.
 * `manifestExtra` adds fields to `manifest.json` (resume and merge provenance); `o.backend` is the
 * linear algebra that computed the runs (default: this process's), shown in the report and manifest.
 */
export async function writeScenario(
  loaded: Experiment,
  results: ScenarioResults,
  outRoot: string,
  o: { readonly figures?: boolean; readonly notebook?: boolean; readonly backend?: BackendInfo },
  t0: number,
  manifestExtra: Readonly<Record<string, unknown>> = {},
): Promise<ScenarioReport> {
  const s = loaded.scenario;
  const leading = o.figures === false ? undefined : await startLeadingFigures(s, results, loaded.figureExprs);
  const checks = evaluateChecks(loaded, results.results);
  const backend = o.backend ?? backendInfo();
  const extra = leading === undefined ? {} : await reportFiles(s, results, checks, leading, backend, loaded.quick);
  const wallMs = performance.now() - t0;
  const written = writeOutputs(
    outRoot,
    s,
    loaded.raw,
    results,
    checks,
    loaded.quantities,
    wallMs,
    extra,
    { ...manifestExtra, backend, ...(loaded.quick ? { quick: loaded.quick } : {}) },
    {
      notebook: o.notebook !== false,
    },
  );
  const statuses: Record<string, number> = {};
  for (const r of results.results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  const accepted = new Set(s.checks.flatMap((c) => (c.kind === 'status' ? c.expect : [])));
  const numericalFailure = results.results.some((r) => FAILURE_STATUSES.has(r.status) && !accepted.has(r.status as never));
  return {
    id: s.id,
    file: loaded.file,
    out: written.dir,
    runs: results.results.length,
    statuses,
    checks,
    passed: checks.every((c) => c.outcome !== 'fail'),
    numericalFailure,
    interrupted: results.interrupted,
    wallMs,
  };
}
