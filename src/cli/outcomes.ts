/**
 * What the command line tells after a scenario ran, read back from its output folder: each failed
 * or crashed run's status, time and message, and the measured values behind passing `final` checks.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Scenario } from '../scenario/schema.js';
import { cliMessages } from './messages.js';

interface RunLine {
  readonly cell: number;
  readonly run: number;
  readonly status: string;
  readonly message: string;
  readonly t?: number;
}

interface Folder {
  readonly runs: RunLine[];
  /** Per run (same order), its final values. */
  readonly finals: Record<string, unknown>[];
}

function readFolder(dir: string): Folder | undefined {
  try {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
      runs: { cell: number; run: number; status: string; message: string }[];
    };
    const summary = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')) as { runs: Record<string, unknown>[] };
    const runs = manifest.runs.map((r, i) => {
      const t = summary.runs[i]?.t;
      return { cell: r.cell, run: r.run, status: r.status, message: r.message, ...(typeof t === 'number' ? { t } : {}) };
    });
    return { runs, finals: summary.runs };
  } catch {
    return undefined;
  }
}

/** Lines listing the runs whose status is in `statuses` (at most `max`, then a count). */
export function runLines(dir: string, id: string, statuses: ReadonlySet<string>, crashed: boolean, max = 10): string[] {
  const folder = readFolder(dir);
  if (!folder) return [];
  const bad = folder.runs.filter((r) => statuses.has(r.status));
  if (bad.length === 0) return [];
  const lines = [crashed ? cliMessages.crashedRuns(id, bad.length) : cliMessages.failedRuns(id, bad.length)];
  for (const r of bad.slice(0, max)) lines.push(cliMessages.runLine(r.cell, r.run, r.status, r.t, r.message));
  if (bad.length > max) lines.push(cliMessages.more(bad.length - max, path.join(dir, 'manifest.json')));
  return lines;
}

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : v.toPrecision(4));

/**
 * For each passing `final` check (by index), the measured values of the columns its predicate
 * names: `loss = 3.1e-12` for one run, `loss in [a, b] over n runs` for several.
 */
export function measuredFinals(dir: string, s: Scenario): Map<number, string> {
  const out = new Map<number, string>();
  const folder = readFolder(dir);
  if (!folder || folder.finals.length === 0) return out;
  const columns = Object.keys(folder.finals[0]!);
  s.checks.forEach((c, i) => {
    if (c.kind !== 'final') return;
    const names = [...new Set(c.assert.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [])].filter(
      (n) => columns.includes(n) && !['cell', 'run', 'status', 'time', 'method'].includes(n),
    );
    const parts = names
      .map((n) => {
        const vs = folder.finals.map((r) => r[n]).filter((v): v is number => typeof v === 'number');
        if (vs.length === 0) return undefined;
        if (vs.length === 1) return `${n} = ${fmt(vs[0]!)}`;
        return `${n} in [${fmt(vs.reduce((a, b) => Math.min(a, b)))}, ${fmt(vs.reduce((a, b) => Math.max(a, b)))}] over ${String(vs.length)} runs`;
      })
      .filter((p) => p !== undefined);
    if (parts.length > 0) out.set(i, `measured ${parts.join(', ')}`);
  });
  return out;
}
