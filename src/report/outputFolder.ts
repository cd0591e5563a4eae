/**
 * Placing an output folder so that nothing complete is ever lost:
 * - files are written into `.<id>.tmp-<pid>-<nonce>` beside the target, then renamed into place;
 * - a complete `<id>` is replaced by moving it to `.<id>.old-<pid>-<nonce>` first, so a process
 *   killed between the two renames leaves it recoverable (the next run puts it back);
 * - an interrupted or failed result never replaces a complete one: it goes to
 *   `<id>.interrupted-<n>` or `<id>.failed-<n>` beside it;
 * - when another process places `<id>` at the same moment, one wins and the other keeps its
 *   results as `<id>.concurrent-<n>` and says so;
 * - temporary folders of processes that no longer exist are removed (or, for `.old-`, restored).
 * File-system problems are `OutputError`s naming the folder (exit 2).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { clip } from '../scenario/errors.js';
import { OUT_RESERVE_BYTES, pathProblem } from '../scenario/folderName.js';

/** A file-system problem with the output folder: reported as bad input (exit 2), without a stack. */
export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputError';
  }
}

/** Every text about output folders, as functions (tests compare with these). */
export const outputMessages = {
  notADirectory: (p: string): string => `--out: ${p} exists and is not a folder`,
  cannotCreate: (p: string, why: string): string => `--out: cannot create the folder ${p}: ${why}`,
  tooDeep: (p: string, n: number): string => `--out: ${p} is more than ${String(n)} folders below the nearest existing one`,
  notWritable: (p: string, why: string): string => `--out: cannot write in ${p}: ${why}`,
  badPath: (p: string, why: string): string => `--out: ${clip(p)} ${why}`,
  cannotWrite: (dir: string, why: string): string => `cannot write the output folder ${dir}: ${why}`,
  keptBeside: (kept: string, written: string, why: 'interrupted' | 'failed'): string =>
    `${kept} holds a complete earlier result and was kept; this ${why === 'interrupted' ? 'interrupted' : 'failed'} run's results are in ${written}`,
  concurrent: (dir: string, written: string): string => `another gradflow process wrote ${dir} at the same time and won; this run's results are in ${written}`,
};

/** Folders an output root may have to create at most (a `--out` deeper than this is refused). */
const MAX_NEW_LEVELS = 32;

const code = (err: unknown): string | undefined => (err as NodeJS.ErrnoException).code;
const why = (err: unknown): string => (err as Error).message;

/** Creates `dir` and the missing folders above it, one level at a time, at most `MAX_NEW_LEVELS`. */
export function mkdirBounded(dir: string): void {
  const missing: string[] = [];
  let p = path.resolve(dir);
  for (;;) {
    let st;
    try {
      st = statSync(p);
    } catch (err) {
      if (code(err) !== 'ENOENT') throw new OutputError(outputMessages.cannotCreate(dir, why(err)));
      missing.push(p);
      if (missing.length > MAX_NEW_LEVELS) throw new OutputError(outputMessages.tooDeep(dir, MAX_NEW_LEVELS));
      const up = path.dirname(p);
      if (up === p) throw new OutputError(outputMessages.cannotCreate(dir, 'no existing folder above it'));
      p = up;
      continue;
    }
    if (!st.isDirectory()) throw new OutputError(outputMessages.notADirectory(p));
    break;
  }
  for (const m of missing.reverse()) {
    try {
      mkdirSync(m);
    } catch (err) {
      if (code(err) !== 'EEXIST') throw new OutputError(outputMessages.cannotCreate(dir, why(err)));
    }
  }
}

/** True when a process with this id exists (EPERM: it exists but belongs to someone else). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return code(err) === 'EPERM';
  }
}

const TEMP = /^\.(.+)\.(tmp|old)-(\d+)(?:-[a-z0-9]+)?$/;

/**
 * Removes the temporary folders of processes that are gone, and puts back a complete folder that a
 * killed process had moved aside. Returns the names it handled.
 */
export function cleanStale(outRoot: string): string[] {
  const done: string[] = [];
  let names: string[];
  try {
    names = readdirSync(outRoot);
  } catch {
    return done;
  }
  for (const name of names) {
    const m = TEMP.exec(name);
    if (!m || alive(Number(m[3]))) continue;
    const full = path.join(outRoot, name);
    const target = path.join(outRoot, m[1]!);
    try {
      if (m[2] === 'old' && !existsSync(target)) renameSync(full, target);
      else rmSync(full, { recursive: true, force: true });
      done.push(name);
    } catch {
      // another process got there first
    }
  }
  return done;
}

/**
 * Refuses, before anything is written, an output root the platform cannot hold results under: a
 * component over 255 bytes, or a path so long that `<out>/<id folder>/figures/…` would pass PATH_MAX.
 */
export function checkOutRoot(outRoot: string): void {
  const problem = pathProblem(path.resolve(outRoot), OUT_RESERVE_BYTES);
  if (problem !== undefined) throw new OutputError(outputMessages.badPath(outRoot, problem));
}

/**
 * Makes sure results can be written under `outRoot` before any computation: checks its path
 * (`checkOutRoot`), creates it (bounded), writes and removes a probe file, and cleans stale temporary folders.
 */
export function prepareOutRoot(outRoot: string): void {
  checkOutRoot(outRoot);
  mkdirBounded(outRoot);
  const probe = path.join(outRoot, `.gradflow-probe-${String(process.pid)}`);
  try {
    writeFileSync(probe, '');
    unlinkSync(probe);
  } catch (err) {
    throw new OutputError(outputMessages.notWritable(outRoot, why(err)));
  }
  cleanStale(outRoot);
}

/** True when `dir` holds a complete result (its manifest says neither interrupted nor incomplete). */
export function isComplete(dir: string): boolean {
  try {
    const m = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { interrupted?: unknown; complete?: unknown };
    return m.interrupted === false && m.complete !== false;
  } catch {
    return false;
  }
}

/** What to tell when a result went to `written` instead of `dir` (from the name it got), if it did. */
export function placementNote(dir: string, written: string): string | undefined {
  if (written === dir) return undefined;
  const m = /\.(interrupted|failed|concurrent)-\d+$/.exec(written);
  if (m?.[1] === 'concurrent') return outputMessages.concurrent(dir, written);
  if (m?.[1] === 'interrupted' || m?.[1] === 'failed') return outputMessages.keptBeside(dir, written, m[1]);
  return `results written to ${written}`;
}

/**
 * Test seam: `GRADFLOW_HOLD_BEFORE_PLACE_MS` keeps a written temporary folder unplaced for that long,
 * so that a test can kill the process while it is "writing". Unset in normal use.
 */
function holdForTests(): void {
  const ms = Number(process.env.GRADFLOW_HOLD_BEFORE_PLACE_MS ?? 0);
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const nonce = (): string => Math.random().toString(36).slice(2, 8);

/** Renames `from` to the first free `<base>-<n>`, n = 1, 2, …; returns the name used. */
function renameToFree(from: string, base: string): string {
  for (let n = 1; n < 10_000; n++) {
    const to = `${base}-${String(n)}`;
    if (existsSync(to)) continue;
    try {
      renameSync(from, to);
      return to;
    } catch (err) {
      if (code(err) !== 'ENOTEMPTY' && code(err) !== 'EEXIST') throw err;
    }
  }
  throw new Error(`no free name ${base}-<n>`);
}

/**
 * Writes a folder through `fill(tmp)` and places it as `<outRoot>/<id>` (or beside it, see the
 * module comment). `incomplete` says why the result is not complete, if it is not.
 * `betweenRenames` runs after the old folder is moved aside and before the new one is placed: the
 * window in which a concurrent process can win (tests use it to make that race happen).
 */
export function writeFolder(
  outRoot: string,
  id: string,
  incomplete: 'interrupted' | 'failed' | undefined,
  fill: (tmp: string) => void,
  betweenRenames?: () => void,
): { dir: string; note?: string } {
  const dir = path.join(outRoot, id);
  const tmp = path.join(outRoot, `.${id}.tmp-${String(process.pid)}-${nonce()}`);
  try {
    mkdirBounded(outRoot);
    cleanStale(outRoot);
    mkdirSync(tmp);
    fill(tmp);
    holdForTests();
    if (incomplete !== undefined && isComplete(dir)) {
      const written = renameToFree(tmp, `${dir}.${incomplete}`);
      return { dir: written, note: outputMessages.keptBeside(dir, written, incomplete) };
    }
    const old = path.join(outRoot, `.${id}.old-${String(process.pid)}-${nonce()}`);
    let moved = false;
    try {
      renameSync(dir, old);
      moved = true;
    } catch (err) {
      if (code(err) !== 'ENOENT') throw err;
    }
    betweenRenames?.();
    try {
      renameSync(tmp, dir);
    } catch (err) {
      if (code(err) !== 'ENOTEMPTY' && code(err) !== 'EEXIST') throw err;
      // another process placed its folder between our two renames: it wins, ours goes beside it
      if (moved) rmSync(old, { recursive: true, force: true });
      const written = renameToFree(tmp, `${dir}.concurrent`);
      return { dir: written, note: outputMessages.concurrent(dir, written) };
    }
    if (moved) rmSync(old, { recursive: true, force: true });
    return { dir };
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    if (err instanceof OutputError) throw err;
    throw new OutputError(outputMessages.cannotWrite(dir, why(err)));
  }
}

/**
 * Writes one file atomically: into `<file>.tmp-<pid>-<nonce>` beside it, flushed, then renamed over
 * `file`, so a reader (or a process resuming after a kill) sees the old content or the new, never a
 * part. File-system problems are `OutputError`s naming the file.
 */
export function writeFileAtomic(file: string, content: string | Buffer): void {
  const tmp = `${file}.tmp-${String(process.pid)}-${nonce()}`;
  try {
    writeFileSync(tmp, content, { flush: true });
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new OutputError(outputMessages.cannotWrite(file, why(err)));
  }
}
