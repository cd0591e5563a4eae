/**
 * `gradflow check <output folder>`: evaluates a finished folder's checks again from its own data —
 * a merged cluster result, or any `gradflow run` output — without computing a run. The scenario is
 * the resolved one its `manifest.json` records; the runs are `trajectory.csv` (numbers in shortest
 * round-trip form, so exact) with each run's status and statistics from the manifest. The verdicts
 * are compared with the folder's `checks.json`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'yaml';
import type { CheckResult } from '../checks/checkResult.js';
import { evaluateChecks } from '../checks/evaluate.js';
import { parseScenario } from '../experiment/resolve.js';
import type { RunResult } from '../checks/runResult.js';
import { sweepPaths } from '../scenario/schema.js';
import { numberFromText } from '../report/csv.js';
import { CROSSING_PREFIX } from '../report/outputs.js';
import { ShardError } from './merge.js';
import { pipelineMessages } from './messages.js';
import { taskKey } from './runLog.js';

interface Manifest {
  readonly scenario: unknown;
  readonly runs: { cell: number; run: number; status: string; message: string; method: string; stats: RunResult['stats'] }[];
}

const value = (s: string): number | undefined => (s === '' ? undefined : numberFromText(s));

export interface Rechecked {
  readonly id: string;
  readonly checks: CheckResult[];
  readonly passed: boolean;
  /** The checks evaluated now equal the folder's `checks.json`, byte for byte. */
  readonly matchesRecorded: boolean;
  /**
   * Where the folder's files disagree with each other: a final value in `summary.csv` or
   * `summary.json` that is not the last row of its run in `trajectory.csv` (an edited or truncated
   * file). Any makes the folder fail its check.
   */
  readonly dataProblems: string[];
}

/** Two stored numbers agree: the files hold shortest round-trip forms, so equal values are equal (NaN and null both mean none). */
const same = (a: number | null | undefined, b: number | undefined): boolean =>
  a === b || ((a === null || a === undefined || Number.isNaN(a)) && (b === undefined || Number.isNaN(b)));

/** The final values of `summary` (one record per run) that differ from the last trajectory row of the run, in words. */
function finalDisagreements(file: string, summary: readonly Record<string, unknown>[], rows: ReadonlyMap<string, Record<string, number>[]>): string[] {
  const out: string[] = [];
  for (const rec of summary) {
    const last = rows.get(taskKey(Number(rec.cell), Number(rec.run)))?.at(-1);
    if (!last) continue;
    for (const [k, v] of Object.entries(rec)) {
      if (!(k in last)) continue;
      const x = typeof v === 'string' ? value(v) : (v as number | null);
      if (!same(x, last[k]))
        out.push(`${file}: cell ${String(rec.cell)}, run ${String(rec.run)}: ${k} = ${String(v)}, but trajectory.csv ends at ${String(last[k])}`);
    }
  }
  return out;
}

/** Evaluates the checks of output folder `dir` from its data; a `ShardError` when it is not one. */
export function recheckFolder(dir: string): Rechecked {
  let manifest: Manifest;
  let csv: string;
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
    csv = readFileSync(path.join(dir, 'trajectory.csv'), 'utf8');
  } catch (err) {
    throw new ShardError(pipelineMessages.notAnOutputFolder(dir, (err as Error).message));
  }
  const loaded = parseScenario(stringify(manifest.scenario), path.join(dir, 'manifest.json'));
  const s = loaded.scenario;
  const { cells } = loaded;
  const fixed = new Set(['cell', 'run', ...sweepPaths(s)]);
  const records = parse<Record<string, string>>(csv, { columns: true, skip_empty_lines: true });
  const rows = new Map<string, Record<string, number>[]>();
  for (const rec of records) {
    const row: Record<string, number> = {};
    for (const [k, v] of Object.entries(rec)) {
      const x = value(v);
      if (!fixed.has(k) && x !== undefined) row[k] = x;
    }
    const key = taskKey(Number(rec.cell), Number(rec.run));
    rows.set(key, [...(rows.get(key) ?? []), row]);
  }
  // the exact crossings and stopWhen times the runs located, from summary.csv (absent in older folders)
  const located = new Map<string, Pick<RunResult, 'crossings' | 'tEvent'>>();
  let summaryCsv: string | undefined;
  try {
    summaryCsv = readFileSync(path.join(dir, 'summary.csv'), 'utf8');
  } catch {
    summaryCsv = undefined;
  }
  if (summaryCsv !== undefined)
    for (const rec of parse<Record<string, string>>(summaryCsv, { columns: true, skip_empty_lines: true })) {
      const crossings: Record<string, number> = {};
      for (const [k, v] of Object.entries(rec)) {
        const x = value(v);
        if (k.startsWith(CROSSING_PREFIX) && x !== undefined) crossings[k.slice(CROSSING_PREFIX.length)] = x;
      }
      const tEvent = rec.tEvent === undefined ? undefined : value(rec.tEvent);
      located.set(taskKey(Number(rec.cell), Number(rec.run)), {
        ...(Object.keys(crossings).length > 0 ? { crossings } : {}),
        ...(tEvent === undefined ? {} : { tEvent }),
      });
    }
  const results: RunResult[] = manifest.runs.map((r) => {
    const cell = cells[r.cell]!;
    return {
      ...located.get(taskKey(r.cell, r.run)),
      cell: r.cell,
      run: r.run,
      status: r.status,
      message: r.message,
      method: r.method,
      stats: r.stats,
      time: cell.time,
      depth: cell.depth,
      rows: rows.get(taskKey(r.cell, r.run)) ?? [],
    };
  });
  const checks = evaluateChecks(loaded, results);
  const dataProblems =
    summaryCsv === undefined
      ? []
      : finalDisagreements('summary.csv', parse<Record<string, string>>(summaryCsv, { columns: true, skip_empty_lines: true }), rows);
  try {
    const json = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')) as { runs?: Record<string, unknown>[] };
    if (Array.isArray(json.runs)) dataProblems.push(...finalDisagreements('summary.json', json.runs, rows));
  } catch {
    // no summary.json (or not JSON): nothing to compare
  }
  const passed = checks.every((c) => c.outcome !== 'fail');
  let recorded = '';
  try {
    recorded = readFileSync(path.join(dir, 'checks.json'), 'utf8');
  } catch {
    // no checks.json: nothing to compare with
  }
  const now = JSON.stringify({ scenario: s.id, passed, checks }, null, 2) + '\n';
  return { id: s.id, checks, passed: passed && dataProblems.length === 0, matchesRecorded: recorded === now, dataProblems };
}
