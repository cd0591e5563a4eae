/**
 * Validates many mutants by calling `parseScenario` in two forked worker processes (worker threads
 * share the process, and some V8 out-of-memory paths end the whole process), with a watchdog per mutant (a hang is
 * recorded and its worker replaced), a heap limit per worker, and the resident memory of every
 * process polled: a worker above the limit is stopped and its mutant recorded.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rssOf } from './runChild.js';
import type { Failure } from './crashClasses.js';
import { mutant, parseBases } from './mutate.js';
import type { ReadyMessage, ValidateReply } from './validateProtocol.js';

export interface PoolOptions {
  readonly files: readonly { name: string; text: string }[];
  readonly seed: number;
  readonly count: number;
  readonly workers: number;
  /**
   * A mutant still running after `max(hangMs, hangFactor × calibration)` is a hang, one validated in
   * more than `max(slowMs, slowFactor × calibration)` is slow (a failure too). The calibration is the
   * median time a worker takes to validate a curated scenario, so the limits scale with the machine's load.
   */
  readonly hangMs: number;
  readonly slowMs: number;
  readonly hangFactor: number;
  readonly slowFactor: number;
  /** Resident set size of each process (the test's and each worker's), bytes. */
  readonly rssLimit: number;
  /** Old-generation heap of each worker process (--max-old-space-size), MB. */
  readonly heapMb: number;
  /** Mutants clamped for running (see `mutate`). */
  readonly short?: boolean;
  /** The part name recorded with failures. */
  readonly part: string;
  /** Wall-time budget: no mutant starts after it (those left are counted in `skipped`). */
  readonly budgetMs: number;
}

export interface PoolResult {
  readonly failures: Failure[];
  /** Indices of the mutants that validated. */
  readonly valid: number[];
  /** Indices refused with a clean `ScenarioError`. */
  readonly refused: number[];
  readonly wallMs: number;
  /** Slowest single validation, ms. */
  readonly maxMs: number;
  /** Peak resident set size of one process, bytes. */
  readonly maxRss: number;
  /** The largest calibration seen (median validation time of a curated scenario), ms. */
  readonly calibrationMs: number;
  /** Mutants not started because the budget ran out. */
  readonly skipped: number;
  /** Validation time of each mutant, ms (NaN when it was stopped). */
  readonly times: Float64Array;
}

interface Slot {
  worker?: ChildProcess | undefined;
  /** The worker has loaded and warmed up. */
  ready?: boolean;
  index?: number | undefined;
  timer?: NodeJS.Timeout;
  /** The queue was empty when this slot asked for work. */
  done?: boolean;
}

const BOOT = fileURLToPath(new URL('./validateWorkerBoot.mjs', import.meta.url));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function validateMutants(o: PoolOptions): Promise<PoolResult> {
  const t0 = performance.now();
  const bases = parseBases(o.files);
  const failures: Failure[] = [];
  const valid: number[] = [];
  const refused: number[] = [];
  let maxMs = 0;
  let maxRss = 0;
  const times = new Float64Array(o.count).fill(NaN);
  // the curated texts go to the workers in a file: in the environment they passed Linux's 128 kB limit on one string (E2BIG)
  const inputDir = mkdtempSync(path.join(os.tmpdir(), 'gradflow-fuzz-pool-'));
  const input = path.join(inputDir, 'worker.json');
  writeFileSync(input, JSON.stringify({ files: o.files, short: o.short ?? false }));
  let skipped = 0;
  let calibrationMs = 0;
  const hangMs = (): number => Math.max(o.hangMs, o.hangFactor * calibrationMs);
  const slowMs = (): number => Math.max(o.slowMs, o.slowFactor * calibrationMs);
  const fail = (index: number, line: string, where: string): void => {
    const m = mutant(bases, o.seed, index, { short: o.short ?? false });
    failures.push({ part: o.part, line, where, seed: o.seed, index, base: m.base, ops: m.ops, text: m.text });
  };

  const phase = async (queue: number[], workers: number, solo: boolean): Promise<number[]> => {
    const suspects: number[] = [];
    let nextId = 0;
    await new Promise<void>((resolve) => {
      const slots: Slot[] = Array.from({ length: workers }, () => ({}));
      let idle = 0;
      let stopping = false;
      const finish = (s: Slot): void => {
        if (s.timer) clearTimeout(s.timer);
        s.index = undefined;
      };
      const retire = (s: Slot): void => {
        const w = s.worker;
        s.worker = undefined;
        s.ready = false;
        if (w) {
          w.removeAllListeners();
          w.on('error', () => undefined);
          w.kill('SIGKILL');
        }
      };
      const dispatch = (s: Slot): void => {
        if (stopping) return;
        if (performance.now() - t0 > o.budgetMs) {
          skipped += queue.length;
          queue.length = 0;
        }
        const index = queue.shift();
        if (index === undefined) {
          retire(s);
          s.done = true;
          if (++idle === slots.length) {
            clearInterval(poll);
            resolve();
          }
          return;
        }
        s.index = index;
        if (s.worker && s.ready === true) send(s);
        else if (!s.worker) spawn(s);
      };
      const send = (s: Slot): void => {
        const index = s.index!;
        s.timer = setTimeout(() => {
          fail(index, 'hang: validation did not finish in time', `watchdog, ${(hangMs() / 1000).toFixed(1)} s`);
          finish(s);
          retire(s);
          dispatch(s);
        }, hangMs());
        s.worker!.send({ id: nextId++, seed: o.seed, index });
      };
      const spawn = (s: Slot): void => {
        const w = fork(BOOT, [], {
          execArgv: [`--max-old-space-size=${String(o.heapMb)}`],
          env: { ...process.env, GRADFLOW_FUZZ_WORKER: input },
          serialization: 'advanced',
          stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        });
        let stderr = '';
        w.stderr?.on('data', (b: Buffer) => {
          if (stderr.length < 4096) stderr += b.toString('utf8');
        });
        s.worker = w;
        w.on('message', (r: ValidateReply | ReadyMessage) => {
          if ('ready' in r) {
            calibrationMs = Math.max(calibrationMs, r.calibrationMs);
            s.ready = true;
            if (s.index !== undefined) send(s);
            return;
          }
          const index = s.index!;
          finish(s);
          maxMs = Math.max(maxMs, r.ms);
          times[index] = r.ms;
          if (r.failure)
            failures.push({
              part: o.part,
              line: r.failure.line,
              where: r.failure.where,
              seed: o.seed,
              index,
              base: r.failure.base,
              ops: r.failure.ops,
              text: r.failure.text,
            });
          else if (r.ms > slowMs()) fail(index, 'slow: validation took too long', `${r.ms.toFixed(0)} ms, limit ${slowMs().toFixed(0)} ms`);
          (r.valid ? valid : refused).push(index);
          dispatch(s);
        });
        const died = (why: string): void => {
          const index = s.index;
          finish(s);
          retire(s);
          if (index !== undefined) fail(index, why, 'worker');
          dispatch(s);
        };
        w.on('error', (err: Error) => {
          died(`worker error: ${err.name}: ${err.message}`);
        });
        w.on('exit', (code, signal) => {
          if (s.worker !== w) return;
          died(
            /heap out of memory|Allocation failed/.test(stderr)
              ? `worker out of memory (heap limit ${String(o.heapMb)} MB)`
              : `worker exited with ${signal ?? String(code)}`,
          );
        });
      };
      // each process (the test's, and each worker's) must stay under the limit; a worker above it is stopped
      // and its mutant recorded (the retry alone matters only when the test process itself is above it)
      const poll = setInterval(() => {
        const own = process.memoryUsage().rss;
        maxRss = Math.max(maxRss, own);
        for (const s of slots) {
          if (s.worker?.pid === undefined || s.index === undefined) continue;
          const rss = rssOf(s.worker.pid);
          maxRss = Math.max(maxRss, rss);
          if (rss > o.rssLimit) {
            fail(s.index, `memory: resident set above ${String(o.rssLimit / 2 ** 20)} MB`, `rss ${String(Math.round(rss / 2 ** 20))} MB`);
            finish(s);
            retire(s);
            dispatch(s);
          }
        }
        if (own <= o.rssLimit || stopping || solo) return;
        stopping = true;
        for (const s of slots) {
          if (s.index === undefined) continue;
          suspects.push(s.index);
          finish(s);
          retire(s);
        }
        void (async () => {
          for (let k = 0; k < 100 && process.memoryUsage().rss > 0.8 * o.rssLimit; k++) await sleep(50);
          stopping = false;
          for (const s of slots) if (s.index === undefined && s.done !== true) dispatch(s);
        })();
      }, 50);
      for (const s of slots) dispatch(s);
    });
    return suspects;
  };

  const suspects = await phase(
    Array.from({ length: o.count }, (_, i) => i),
    o.workers,
    false,
  );
  if (suspects.length > 0) await phase(suspects, 1, true);
  rmSync(inputDir, { recursive: true, force: true });
  return {
    failures,
    valid: valid.sort((a, b) => a - b),
    refused: refused.sort((a, b) => a - b),
    wallMs: performance.now() - t0,
    maxMs,
    maxRss,
    times,
    skipped,
    calibrationMs,
  };
}
