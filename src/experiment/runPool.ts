/**
 * Worker threads shared by every scenario of one `gradflow run`: the tasks of all scenarios wait in
 * one queue, in the order they were submitted, and each idle worker takes the next. Both cores stay
 * busy across scenario boundaries (a scenario whose last run is long no longer leaves one idle), and
 * the workers load gradflow once rather than once per scenario.
 *
 * A worker receives a scenario with the first of its tasks it runs, builds its cells once and keeps
 * them until the scenario's tasks are all done. Which worker runs a task changes nothing in the
 * result: a run's seed depends only on (scenario seed, cell, run).
 *
 * Some tasks need a value that costs more than the run, and is the same for many tasks: the convex
 * baselines of a problem instance (seconds for a 50×50 completion). A scenario names each task's
 * value by a key (`needs`); the first task that needs a key is handed out alone, its worker sends the
 * value back as soon as it has it, and the other tasks that need it wait until then (the workers take
 * other tasks meanwhile) and receive it with their task. Each value is computed once per command.
 */
import { Worker } from 'node:worker_threads';
import type { RunResult } from '../checks/runResult.js';
import type { Scenario } from '../scenario/schema.js';

/** One run of one cell of the sweep grid. */
export interface Task {
  readonly cell: number;
  readonly run: number;
}

/** A worker's answer: the run's result, or the message of what it threw. */
export type WorkerReply = { ok: true; result: RunResult } | { ok: false; error: string; task: Task };

/** A value a worker computed that other tasks need (`needs`), sent while its run goes on. */
export interface SharedValue {
  readonly shared: readonly [key: string, value: unknown];
}

/**
 * What the pool sends a worker: a task (with its scenario the first time, and the shared values it
 * needs that the worker does not hold yet), the end of a scenario, or stop.
 */
export type WorkerRequest = { key: number; scenario?: Scenario; task: Task; shared?: [string, unknown][] } | { drop: number } | null;

interface Batch {
  readonly key: number;
  readonly scenario: Scenario;
  readonly onReply: (reply: WorkerReply) => void;
  readonly done: (error?: Error) => void;
  /** Tasks not yet handed to a worker, each with the key of the shared value it needs. */
  readonly pending: { readonly task: Task; readonly need: string | undefined }[];
  /** Tasks handed out and not yet answered. */
  running: number;
  /** Workers that hold this scenario's cells. */
  readonly holders: Set<PoolWorker>;
  stopped: boolean;
}

interface PoolWorker {
  readonly thread: Worker;
  batch: Batch | undefined;
  /** Scenario keys whose cells this worker holds. */
  readonly holds: Set<number>;
  /** Shared values this worker holds. */
  readonly values: Set<string>;
  /** The shared value its task computes, until it sends it. */
  making: string | undefined;
}

// Compiled (dist/, plain JavaScript): the worker is worker.js, which needs no loader. From the
// TypeScript sources under tsx: workerBoot.mjs registers tsx in the worker, then loads worker.ts.
// The path goes through ../experiment/ so that it holds from dist/bundle/ too (the CLI's one-file build).
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './workerBoot.mjs' : '../experiment/worker.js', import.meta.url);

export class RunPool {
  private readonly idle: PoolWorker[] = [];
  private readonly all = new Set<PoolWorker>();
  /** Batches with tasks not yet handed out, oldest first. */
  private readonly waiting: Batch[] = [];
  private nextKey = 0;
  private closed = false;
  /** Shared values by key, and the keys a worker is computing. */
  private readonly shared = new Map<string, unknown>();
  private readonly making = new Set<string>();
  private receivedCount = 0;

  /** Shared values received from the workers (each key once, unless a worker died computing it). */
  get received(): number {
    return this.receivedCount;
  }

  /** @param size the number of worker threads, started as tasks arrive. */
  constructor(readonly size: number) {
    if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`a run pool needs a positive whole number of workers, got ${String(size)}`);
  }

  /**
   * Runs `tasks` of `scenario` on the pool. `onReply` is called with each answer as it arrives.
   * Resolves `true` when `signal` stopped the work before every task ran (the runs in flight are
   * abandoned), `false` when every task was answered; rejects when a worker died (not a run that
   * threw: that is an answer).
   */
  run(
    scenario: Scenario,
    tasks: readonly Task[],
    onReply: (reply: WorkerReply) => void,
    signal?: AbortSignal,
    needs?: (task: Task) => string | undefined,
  ): Promise<boolean> {
    if (this.closed) return Promise.reject(new Error('the run pool is closed'));
    if (tasks.length === 0) return Promise.resolve(false);
    return new Promise<boolean>((resolve, reject) => {
      const abort = (): void => {
        batch.stopped = true;
        batch.pending.length = 0;
        // the runs in flight cannot be interrupted: their workers are replaced
        for (const w of [...this.all]) if (w.batch === batch) this.retire(w);
        this.finish(batch);
        resolve(true);
        this.dispatch(); // other scenarios' tasks go to fresh workers in place of the retired ones
      };
      const batch: Batch = {
        key: this.nextKey++,
        scenario,
        onReply,
        done: (error) => {
          signal?.removeEventListener('abort', abort);
          if (error) reject(error);
          else resolve(false);
        },
        pending: tasks.map((task) => ({ task, need: needs?.(task) })),
        running: 0,
        holders: new Set(),
        stopped: false,
      };
      if (signal?.aborted === true) {
        resolve(true);
        return;
      }
      signal?.addEventListener('abort', abort, { once: true });
      this.waiting.push(batch);
      this.dispatch();
    });
  }

  /** Stops every worker once the work handed out is done; the pool takes no more work. */
  async close(): Promise<void> {
    this.closed = true;
    const exits = [...this.all].map(
      (w) =>
        new Promise<void>((resolve) =>
          w.thread.once('exit', () => {
            resolve();
          }),
        ),
    );
    for (const w of this.idle) w.thread.postMessage(null satisfies WorkerRequest);
    this.idle.length = 0;
    await Promise.all(exits);
  }

  /** Stops every worker now, abandoning the runs in flight. */
  async terminate(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.all].map((w) => w.thread.terminate()));
  }

  private dispatch(): void {
    for (;;) {
      while (this.waiting.length > 0 && (this.waiting[0]!.pending.length === 0 || this.waiting[0]!.stopped)) this.waiting.shift();
      const pick = this.nextTask();
      if (pick === undefined) return;
      const w = this.idle.pop() ?? (this.all.size < this.size ? this.spawn() : undefined);
      if (w === undefined) return;
      const { batch, index } = pick;
      const { task, need } = batch.pending.splice(index, 1)[0]!;
      batch.running++;
      w.batch = batch;
      const first = !w.holds.has(batch.key);
      w.holds.add(batch.key);
      batch.holders.add(w);
      let shared: [string, unknown][] | undefined;
      if (need !== undefined) {
        if (this.shared.has(need)) {
          if (!w.values.has(need)) {
            shared = [[need, this.shared.get(need)]];
            w.values.add(need);
          }
        } else {
          this.making.add(need);
          w.making = need;
        }
      }
      w.thread.postMessage({ key: batch.key, ...(first ? { scenario: batch.scenario } : {}), task, ...(shared ? { shared } : {}) } satisfies WorkerRequest);
    }
  }

  /** The first task, oldest batch first, whose shared value is known or not being computed. */
  private nextTask(): { batch: Batch; index: number } | undefined {
    for (const batch of this.waiting) {
      if (batch.stopped) continue;
      for (let index = 0; index < batch.pending.length; index++) {
        const need = batch.pending[index]!.need;
        if (need === undefined || this.shared.has(need) || !this.making.has(need)) return { batch, index };
      }
    }
    return undefined;
  }

  /** A worker no longer computes the value it was to send (it sent it, its run ended, or it died). */
  private madeOrDropped(w: PoolWorker): void {
    if (w.making !== undefined) this.making.delete(w.making);
    w.making = undefined;
  }

  private spawn(): PoolWorker {
    const w: PoolWorker = { thread: new Worker(WORKER_URL, { execArgv: [] }), batch: undefined, holds: new Set(), values: new Set(), making: undefined };
    this.all.add(w);
    w.thread.on('message', (reply: WorkerReply | SharedValue) => {
      if ('shared' in reply) {
        const [key, value] = reply.shared;
        this.receivedCount++;
        this.shared.set(key, value);
        w.values.add(key);
        this.madeOrDropped(w);
        this.dispatch();
        return;
      }
      const batch = w.batch;
      if (!this.all.has(w) || batch === undefined) return; // retired while its run was in flight
      this.madeOrDropped(w);
      w.batch = undefined;
      batch.running--;
      if (!batch.stopped) batch.onReply(reply);
      if (this.closed) w.thread.postMessage(null satisfies WorkerRequest);
      else this.idle.push(w);
      if (batch.running === 0 && batch.pending.length === 0 && !batch.stopped) {
        this.finish(batch);
        batch.done();
      }
      this.dispatch();
    });
    w.thread.on('error', (err) => {
      const batch = w.batch;
      this.retire(w);
      if (batch !== undefined && !batch.stopped) {
        batch.stopped = true;
        batch.pending.length = 0;
        this.finish(batch);
        batch.done(err);
      }
      this.dispatch();
    });
    return w;
  }

  /** Forgets a worker (dead, or abandoned mid-run) and stops its thread. */
  private retire(w: PoolWorker): void {
    this.madeOrDropped(w);
    this.all.delete(w);
    const i = this.idle.indexOf(w);
    if (i >= 0) this.idle.splice(i, 1);
    w.batch = undefined;
    void w.thread.terminate();
  }

  /** The scenario's tasks are over: its workers drop its cells. */
  private finish(batch: Batch): void {
    for (const w of batch.holders) {
      if (!this.all.has(w)) continue;
      w.holds.delete(batch.key);
      w.thread.postMessage({ drop: batch.key } satisfies WorkerRequest);
    }
    batch.holders.clear();
  }
}
