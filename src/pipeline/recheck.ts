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
import { cellsOf } from '../scenario/build.js';
import { evaluateChecks, type CheckResult } from '../scenario/checks.js';
import { parseScenario } from '../scenario/load.js';
import type { RunResult } from '../scenario/runOne.js';
import { sweepPaths } from '../scenario/schema.js';
import { ShardError } from './merge.js';
import { pipelineMessages } from './messages.js';
import { taskKey } from './runLog.js';

interface Manifest {
  readonly scenario: unknown;
  readonly runs: { cell: number; run: number; status: string; message: string; method: string; stats: RunResult['stats'] }[];
}

const value = (s: string): number | undefined => (s === '' ? undefined : s === 'inf' ? Infinity : s === '-inf' ? -Infinity : Number(s));

export interface Rechecked {
  readonly id: string;
  readonly checks: CheckResult[];
  readonly passed: boolean;
  /** The checks evaluated now equal the folder's `checks.json`, byte for byte. */
  readonly matchesRecorded: boolean;
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
  const cells = cellsOf(s);
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
  const results: RunResult[] = manifest.runs.map((r) => {
    const m = cells[r.cell]!.scenario.model;
    return {
      cell: r.cell,
      run: r.run,
      status: r.status,
      message: r.message,
      method: r.method,
      stats: r.stats,
      time: m.time ?? (m.depth === 'inf' ? 'normalized' : 'upstairs'),
      depth: m.depth === 'inf' ? Infinity : m.depth,
      rows: rows.get(taskKey(r.cell, r.run)) ?? [],
    };
  });
  const checks = evaluateChecks(s, cells, results, loaded.checks);
  const passed = checks.every((c) => c.passed);
  let recorded = '';
  try {
    recorded = readFileSync(path.join(dir, 'checks.json'), 'utf8');
  } catch {
    // no checks.json: nothing to compare with
  }
  const now = JSON.stringify({ scenario: s.id, passed, checks }, null, 2) + '\n';
  return { id: s.id, checks, passed, matchesRecorded: recorded === now };
}
