/**
 * The append-only log of finished runs (`runs.jsonl`) that makes a run resumable: each run is one
 * checksummed line (`runRecord.ts`) written with one `write` as soon as the run ends, so a SIGINT or
 * a SIGKILL loses at most the runs in flight. Against a node failure the log is also flushed to the
 * disk (`fdatasync`) after a run, unless the last flush was less than `FLUSH_GAP` flush times ago:
 * a flush costs ~7 ms here, and runs of a 2×2 ensemble end every few ms, so flushing each would
 * double their wall time. Flushes then cost at most 1/FLUSH_GAP of the wall time, and a node failure
 * loses at most the runs in flight and those that ended within the last FLUSH_GAP flush times
 * (~0.7 s here); every run is flushed when runs take longer than that.
 * On opening, a line cut short or altered is dropped (the file is rewritten without it, atomically),
 * and later appends start on a clean line.
 */
import { closeSync, existsSync, fdatasyncSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { OutputError, outputMessages } from '../report/outputFolder.js';
import type { RunResult } from '../checks/runResult.js';
import { parseRecordLine, recordLine } from './runRecord.js';

/** A flush is skipped while the time since the last one is below this many times its duration. */
const FLUSH_GAP = 100;

/** The key of a (cell, run) task in logs and messages. */
export const taskKey = (cell: number, run: number): string => `${String(cell)}/${String(run)}`;

/** What an existing log holds. */
export interface LogContents {
  /** Intact records by `taskKey`, the first of any duplicates (records are deterministic). */
  readonly done: Map<string, RunResult>;
  /** Lines that were not intact records (a torn last line, or damage). */
  readonly dropped: number;
  /** The intact lines, newline included, in file order without duplicates. */
  readonly lines: string[];
}

/** Reads a log (missing: empty), keeping the intact records. */
export function readRunLog(file: string): LogContents {
  const done = new Map<string, RunResult>();
  const lines: string[] = [];
  let dropped = 0;
  if (!existsSync(file)) return { done, dropped, lines };
  const bytes = readFileSync(file);
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    const torn = end < 0;
    if (torn) end = bytes.length;
    const line = bytes.toString('utf8', start, end);
    start = end + 1;
    const r = torn ? undefined : parseRecordLine(line);
    if (r === undefined) {
      if (line.length > 0) dropped++;
      continue;
    }
    const key = taskKey(r.cell, r.run);
    if (done.has(key)) continue;
    done.set(key, r);
    lines.push(`${line}\n`);
  }
  return { done, dropped, lines };
}

/** An open log: finished runs are appended one line at a time. */
export interface RunLog {
  readonly file: string;
  /** The intact records found when opening (empty when the log was started afresh). */
  readonly done: ReadonlyMap<string, RunResult>;
  /** Damaged or torn lines dropped when opening. */
  readonly dropped: number;
  /** Appends one finished run (flushed to the disk as the module comment says). */
  append(result: RunResult): void;
  close(): void;
}

/**
 * Opens `file` for appending. `keep`: keep its intact records (resume); otherwise start it empty.
 * A log holding damaged lines is first rewritten without them (temporary file, then rename).
 */
export function openRunLog(file: string, keep: boolean): RunLog {
  let found: LogContents;
  let fd: number;
  try {
    found = keep ? readRunLog(file) : { done: new Map(), dropped: 0, lines: [] };
    if (!keep || found.dropped > 0) {
      const tmp = `${file}.tmp-${String(process.pid)}`;
      writeFileSync(tmp, found.lines.join(''));
      renameSync(tmp, file);
    }
    fd = openSync(file, 'a');
  } catch (err) {
    throw new OutputError(outputMessages.cannotWrite(file, (err as Error).message));
  }
  let open = true;
  let lastFlush = -Infinity;
  let flushMs = 0;
  return {
    file,
    done: found.done,
    dropped: found.dropped,
    append(result: RunResult): void {
      const bytes = Buffer.from(recordLine(result), 'utf8');
      let at = 0;
      while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
      const now = performance.now();
      if (now - lastFlush < FLUSH_GAP * flushMs) return;
      fdatasyncSync(fd);
      lastFlush = performance.now();
      flushMs = lastFlush - now;
    },
    close(): void {
      if (!open) return;
      fdatasyncSync(fd);
      closeSync(fd);
      open = false;
    },
  };
}
