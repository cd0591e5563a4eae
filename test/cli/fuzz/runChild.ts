/**
 * Runs `gradflow run <file> --out out` (or another `--out` under `out/`, and more arguments) in a child process with its working directory in a fresh
 * temporary folder, a V8 heap limit, a wall-time backstop, and its CPU time and resident memory polled from /proc,
 * and reports what a well-behaved CLI must satisfy: an exit code in {0, 1, 2, 3, 64}, no stack
 * trace on stderr, nothing written outside `--out`, and no output folder after exit 2.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { headline } from './crashClasses.js';

export const ALLOWED_EXIT_CODES: readonly number[] = [0, 1, 2, 3, 64];

export interface ChildLimits {
  /** CPU time (user + system, all threads) of the child; a busy shared machine stretches wall time, not this. */
  readonly cpuMs: number;
  /** Wall time, a backstop for a child that waits without computing. */
  readonly wallMs: number;
  /** Resident set size of the child, bytes. */
  readonly rssLimit: number;
  /** --max-old-space-size, MB. */
  readonly heapMb: number;
}

export interface ChildOutcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly ms: number;
  readonly peakRss: number;
  /** CPU time of the child, ms (as last polled). */
  readonly cpuMs: number;
  /** What breaks the CLI's contract, as a grouping line; undefined when all is well. */
  readonly problem?: string;
  /** The child's stderr (its first 64 KB). */
  readonly stderr: string;
}

/** What a run may change in the command line: more arguments, another `--out` (relative, under `out/`). */
export interface ChildArgs {
  readonly args?: readonly string[];
  readonly out?: string;
}

const BIN = path.resolve(import.meta.dirname, '../../../bin/gradflow.js');

/** CPU time of a process from /proc/<pid>/stat (utime + stime, in clock ticks of 10 ms). */
function cpuOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** Resident set size of a process from /proc/<pid>/status, bytes (0 once it has gone). */
export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${String(pid)}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export async function runChild(file: string, limits: ChildLimits, extra: ChildArgs = {}): Promise<ChildOutcome> {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'gradflow-fuzz-cwd-'));
  const t0 = performance.now();
  const outArg = extra.out ?? 'out';
  if (outArg !== 'out' && !outArg.startsWith('out/')) throw new Error(`--out ${outArg} is not under out/`);
  const argv = [`--max-old-space-size=${String(limits.heapMb)}`, BIN, 'run', file, '--out', outArg, '--quiet', '--workers', '1', ...(extra.args ?? [])];
  const child = spawn(process.execPath, argv, {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => {
    if (stderr.length < 65536) stderr += b.toString('utf8');
  });
  let killed: string | undefined;
  let peakRss = 0;
  let cpuMs = 0;
  const stop = (why: string): void => {
    if (killed !== undefined) return;
    killed = why;
    child.kill('SIGKILL');
  };
  const poll = setInterval(() => {
    if (child.pid === undefined) return;
    peakRss = Math.max(peakRss, rssOf(child.pid));
    cpuMs = Math.max(cpuMs, cpuOf(child.pid));
    if (peakRss > limits.rssLimit) stop(`memory: child resident set above ${String(limits.rssLimit / 2 ** 20)} MB`);
    if (cpuMs > limits.cpuMs) stop(`hang: run used more than ${String(limits.cpuMs / 1000)} s of CPU`);
  }, 100);
  const timer = setTimeout(() => {
    stop(`hang: run did not finish within ${String(limits.wallMs / 1000)} s`);
  }, limits.wallMs);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (c, s) => {
      resolve([c, s]);
    }),
  );
  clearInterval(poll);
  clearTimeout(timer);
  const ms = performance.now() - t0;
  const outside = readdirSync(cwd).filter((f) => f !== 'out');
  const out = path.join(cwd, 'out');
  const leftover = existsSync(out) ? readdirSync(out) : [];
  rmSync(cwd, { recursive: true, force: true });
  let problem: string | undefined = killed;
  if (problem === undefined && (code === null || !ALLOWED_EXIT_CODES.includes(code)))
    problem = `exit ${code === null ? String(signal) : String(code)}: ${headline(stderr)}`;
  if (problem === undefined && /^ {4}at /m.test(stderr)) problem = `exit ${String(code)} with a stack trace: ${headline(stderr)}`;
  if (problem === undefined && outside.length > 0) problem = `wrote outside --out: ${outside.join(', ')}`;
  if (problem === undefined && code === 2 && leftover.length > 0) problem = `exit 2 left ${leftover.join(', ')} in --out`;
  return { code, signal, ms, peakRss, cpuMs, stderr, ...(problem === undefined ? {} : { problem }) };
}
