/**
 * The output folder of a scenario (DESIGN.md, "Outputs"): `manifest.json`, `trajectory.csv`,
 * `summary.csv`, `summary.json`, `checks.json`, and `report.ipynb` built from them (`notebook.ts`). Everything is written into a temporary folder beside
 * the target and renamed into place at the end (`outputFolder.ts`), so a reader never sees a
 * half-written folder, and a complete folder is never replaced by an interrupted or failed one.
 */
import { backendInfo } from '../linalg/backend.js';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CheckResult } from '../checks/checkResult.js';
import type { RunResult } from '../checks/runResult.js';
import type { ScenarioResults } from '../experiment/runner.js';
import { sweepPaths, type Scenario } from '../scenario/schema.js';
import { cellSummary, pairedRows } from '../checks/pairing.js';
import { describe, type CellStats } from '../checks/stats.js';
import { CRASHED, FAILURE_STATUSES } from '../checks/statuses.js';
import { toCsv } from './csv.js';
import { reportNotebook } from './notebook.js';
import { serializeNotebook } from './notebookFormat.js';
import { writeFolder } from './outputFolder.js';

let provenance: { commit: string | undefined; version: string } | undefined;

/**
 * The git commit and package version, looked up once per process (every output records them).
 * The package root is two folders up from this file, both in src/report/ and in the compiled
 * dist/report/. The commit is gradflow's own: git runs in the package root and its answer counts
 * only when that root is the top of the work tree, so an installed copy (node_modules/gradflow,
 * perhaps inside the user's repository) records no commit rather than the user's.
 */
function lookUp(): { commit: string | undefined; version: string } {
  if (provenance) return provenance;
  const root = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
  let commit: string | undefined;
  try {
    const [top, head] = execFileSync('git', ['rev-parse', '--show-toplevel', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .trim()
      .split('\n');
    commit = top !== undefined && realpathSync(top) === realpathSync(root) ? head : undefined;
  } catch {
    commit = undefined;
  }
  let version = 'unknown';
  try {
    version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    // keep 'unknown'
  }
  provenance = { commit, version };
  return provenance;
}

export const gitCommit = (): string | undefined => lookUp().commit;
export const packageVersion = (): string => lookUp().version;

/** The summary column of an exact crossing time (`RunResult.crossings`): `firstCrossing:w11@0.5`. */
export const CROSSING_PREFIX = 'firstCrossing:';

/** The summary columns of the runs' exact crossing times, in order of first appearance. */
export function crossingColumns(results: readonly RunResult[]): string[] {
  return [...new Set(results.flatMap((r) => Object.keys(r.crossings ?? {})))].map((k) => `${CROSSING_PREFIX}${k}`);
}

/**
 * Per-run summary rows (no wall times: they would make the file differ between runs): `tEvent`, the
 * time `horizon.stopWhen` ended the run (empty without one), and the exact `firstCrossing` times
 * the run located (`firstCrossing:w11@0.5`, `inf` when it never got there), which `gradflow check
 * <folder>` reads back.
 */
export function summaryRows(out: ScenarioResults): Record<string, unknown>[] {
  return out.results.map((r: RunResult) => ({
    cell: r.cell,
    run: r.run,
    ...out.cells[r.cell]!.values,
    status: r.status,
    tEvent: r.tEvent ?? null,
    ...Object.fromEntries(Object.entries(r.crossings ?? {}).map(([k, t]) => [`${CROSSING_PREFIX}${k}`, t])),
    time: r.time,
    method: r.method,
    nfev: r.stats.nfev,
    naccepted: r.stats.naccepted,
    nrejected: r.stats.nrejected,
    ...(r.rows.at(-1) ?? {}),
  }));
}

export interface WrittenOutputs {
  /** The folder written: `<out>/<id>`, or beside it when that holds a complete result this run must not replace. */
  readonly dir: string;
  readonly files: string[];
  /** Said to the user when the folder is not `<out>/<id>` (kept beside a complete one, or a concurrent run won). */
  readonly note?: string;
}

/** Statuses of a run that make its scenario's results incomplete (numerical failures, and a crashed run). */
const FAILED = new Set([...FAILURE_STATUSES, CRASHED]);

/** Interrupted, or a run failed in a way no status check expects: such results never replace complete ones. */
export function incompleteReason(s: Scenario, out: ScenarioResults): 'interrupted' | 'failed' | undefined {
  if (out.interrupted) return 'interrupted';
  const accepted = new Set<string>(s.checks.flatMap((c) => (c.kind === 'status' ? c.expect : [])));
  return out.results.some((r) => FAILED.has(r.status) && !accepted.has(r.status)) ? 'failed' : undefined;
}

/**
 * With `compare:`: per cell and compared quantity the statistics of the final values (`cells.csv`:
 * n, mean, std, Student-t 95% interval, median and its seeded bootstrap 95% interval), and per
 * non-reference cell the paired differences to its reference (`paired.csv`, same columns).
 */
function comparisonTables(
  s: Scenario,
  out: ScenarioResults,
  sweepCols: readonly string[],
): { cellsCsv: string; pairedCsv: string; cells: Record<string, unknown>[]; paired: Record<string, unknown>[] } | undefined {
  if (!s.compare) return undefined;
  const statCols = ['n', 'mean', 'std', 'ci95_lo', 'ci95_hi', 'median', 'median_ci95_lo', 'median_ci95_hi'];
  const flatStats = (d: CellStats | undefined): Record<string, number> =>
    d
      ? {
          n: d.n,
          mean: d.mean,
          std: d.std,
          ci95_lo: d.ci95[0],
          ci95_hi: d.ci95[1],
          median: d.median,
          median_ci95_lo: d.medianCI95?.[0] ?? NaN,
          median_ci95_hi: d.medianCI95?.[1] ?? NaN,
        }
      : { n: 0 };
  const cells: Record<string, unknown>[] = [];
  const paired: Record<string, unknown>[] = [];
  for (const q of s.compare.quantities) {
    for (const c of out.cells) cells.push({ quantity: q, cell: c.index, ...c.values, ...flatStats(cellSummary(s, out.results, c.index, q)) });
    for (const p of pairedRows(s, out.cells, out.results, q))
      paired.push({ quantity: q, cell: p.cell, reference: p.reference, ...out.cells[p.cell]!.values, ...flatStats(p.stats) });
  }
  return {
    cellsCsv: toCsv(['quantity', 'cell', ...sweepCols, ...statCols], cells),
    pairedCsv: toCsv(['quantity', 'cell', 'reference', ...sweepCols, ...statCols], paired),
    cells,
    paired,
  };
}

export function writeOutputs(
  outRoot: string,
  s: Scenario,
  given: unknown,
  out: ScenarioResults,
  checks: readonly CheckResult[],
  quantities: readonly string[],
  wallMs: number,
  extra: Readonly<Record<string, string | Buffer>> = {},
  manifestExtra: Readonly<Record<string, unknown>> = {},
  options: { readonly notebook?: boolean } = {},
): WrittenOutputs {
  const incomplete = incompleteReason(s, out);
  const sweepCols = sweepPaths(s);
  const trajectory = out.results.flatMap((r) => r.rows.map((row) => ({ cell: r.cell, run: r.run, ...out.cells[r.cell]!.values, ...row })));
  const files: Record<string, string | Buffer> = { ...extra };
  files['trajectory.csv'] = toCsv(['cell', 'run', ...sweepCols, ...quantities], trajectory);
  const summary = summaryRows(out);
  files['summary.csv'] = toCsv(
    ['cell', 'run', ...sweepCols, 'status', 'tEvent', 'time', 'method', 'nfev', 'naccepted', 'nrejected', ...crossingColumns(out.results), ...quantities],
    summary,
  );
  const cellsStats = out.cells.map((c) => {
    const rs = out.results.filter((r) => r.cell === c.index);
    const stats: Record<string, unknown> = {};
    for (const q of quantities) {
      const d = describe(rs.map((r) => r.rows.at(-1)?.[q] ?? NaN));
      if (d) stats[q] = d;
    }
    // the aggregate checks' values in this cell, by check name (only when the scenario has some)
    const aggregates = Object.fromEntries(checks.flatMap((k) => (k.cells ?? []).filter((x) => x.cell === c.index).map((x) => [k.name, x.values])));
    return {
      cell: c.index,
      values: c.values,
      runs: rs.length,
      statuses: Object.fromEntries([...new Set(rs.map((r) => r.status))].map((st) => [st, rs.filter((r) => r.status === st).length])),
      final: stats,
      ...(Object.keys(aggregates).length > 0 ? { aggregates } : {}),
    };
  });
  const compared = comparisonTables(s, out, sweepCols);
  if (compared) {
    files['cells.csv'] = compared.cellsCsv;
    files['paired.csv'] = compared.pairedCsv;
  }
  files['summary.json'] =
    JSON.stringify(
      {
        scenario: s.id,
        time: out.results[0]?.time,
        runs: summary,
        cells: cellsStats,
        ...(compared ? { compared: compared.cells, paired: compared.paired } : {}),
      },
      null,
      2,
    ) + '\n';
  files['checks.json'] = JSON.stringify({ scenario: s.id, passed: checks.every((c) => c.outcome !== 'fail'), checks }, null, 2) + '\n';
  files['manifest.json'] =
    JSON.stringify(
      {
        scenario: s,
        given,
        gradflow: packageVersion(),
        commit: gitCommit(),
        node: process.version,
        backend: backendInfo(),
        interrupted: out.interrupted,
        complete: incomplete === undefined,
        seeds: { scenario: s.ensemble.seed, derivation: 'Rng(mixSeed(scenario seed, cell), run)' },
        runs: out.results.map((r) => ({ cell: r.cell, run: r.run, status: r.status, message: r.message, method: r.method, stats: r.stats })),
        wallMs,
        ...manifestExtra,
      },
      null,
      2,
    ) + '\n';
  // report.ipynb from the files above (as `gradflow notebook` builds it from them on disk), unless --no-notebook
  if (options.notebook !== false) files['report.ipynb'] = serializeNotebook(reportNotebook(path.join(outRoot, s.id), files));
  const placed = writeFolder(outRoot, s.id, incomplete, (tmp) => {
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(tmp, name)), { recursive: true });
      writeFileSync(path.join(tmp, name), content);
    }
  });
  return { ...placed, files: Object.keys(files) };
}
