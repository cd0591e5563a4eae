/**
 * What the command line tells after a scenario ran, read back from its output folder: each failed
 * or crashed run's status, time and message.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
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
    return { runs };
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
