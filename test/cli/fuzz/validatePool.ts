/**
 * Validates many mutants in-process on worker threads, with a watchdog per mutant (a hang is
 * recorded and its worker replaced), a heap limit per worker, and the process's resident memory
 * polled: above the limit, the mutants in flight are stopped and retried one at a time, and the
 * one that still exceeds it alone is recorded.
 */
import { Worker } from 'node:worker_threads';
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
  /** Resident set size of the whole process, in bytes. */
  readonly rssLimit: number;
  /** Old-generation heap of each worker, MB. */
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
  /** Peak resident set size seen, bytes. */
  readonly maxRss: number;
  /** The largest calibration seen (median validation time of a curated scenario), ms. */
  readonly calibrationMs: number;
  /** Mutants not started because the budget ran out. */
  readonly skipped: number;
  /** Validation time of each mutant, ms (NaN when it was stopped). */
  readonly times: Float64Array;
}

interface Slot {
  worker?: Worker | undefined;
  /** The worker has loaded and warmed up. */
  ready?: boolean;
  index?: number | undefined;
  timer?: NodeJS.Timeout;
  /** The queue was empty when this slot asked for work. */
  done?: boolean;
}

const BOOT = new URL('./validateWorkerBoot.mjs', import.meta.url);
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
          void w.terminate();
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
        s.worker!.postMessage({ id: nextId++, seed: o.seed, index });
      };
      const spawn = (s: Slot): void => {
        const w = new Worker(BOOT, { workerData: { files: o.files, short: o.short ?? false }, execArgv: [], resourceLimits: { maxOldGenerationSizeMb: o.heapMb } });
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
          if (r.failure) failures.push({ part: o.part, line: r.failure.line, where: r.failure.where, seed: o.seed, index, base: r.failure.base, ops: r.failure.ops, text: r.failure.text });
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
        w.on('error', (err: Error & { code?: string }) => {
          died(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `worker out of memory (heap limit ${String(o.heapMb)} MB)` : `worker error: ${err.name}: ${err.message}`);
        });
        w.on('exit', (code) => {
          if (s.worker === w) died(`worker exited with code ${String(code)}`);
        });
      };
      const poll = setInterval(() => {
        const rss = process.memoryUsage().rss;
        maxRss = Math.max(maxRss, rss);
        if (rss <= o.rssLimit || stopping) return;
        // over the limit: stop what is in flight; alone, it is a failure; otherwise retry it alone
        stopping = true;
        for (const s of slots) {
          if (s.index === undefined) continue;
          if (solo) fail(s.index, `memory: resident set above ${String(o.rssLimit / 2 ** 20)} MB`, `rss ${String(Math.round(rss / 2 ** 20))} MB`);
          else suspects.push(s.index);
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

  const suspects = await phase(Array.from({ length: o.count }, (_, i) => i), o.workers, false);
  if (suspects.length > 0) await phase(suspects, 1, true);
  return { failures, valid: valid.sort((a, b) => a - b), refused: refused.sort((a, b) => a - b), wallMs: performance.now() - t0, maxMs, maxRss, times, skipped, calibrationMs };
}
