/**
 * Runs every (cell, run) task of a scenario, in-process or on worker threads. Results are sorted by
 * (cell, run), and each run's seed depends only on (scenario seed, cell, run): the outputs are the
 * same whatever the number of workers or the order in which tasks finish.
 */
import { baselineKey } from './baselines.js';
import { cellsOf, type Cell } from './resolveCells.js';
import { instanceScenario } from './instance.js';
import { runOne } from './runOne.js';
import type { RunResult } from '../checks/runResult.js';
import { RunPool, type Task } from './runPool.js';
import type { Scenario } from '../scenario/schema.js';

export interface RunnerOptions {
  /** Worker threads (default 1 = in-process). */
  readonly workers?: number;
  readonly signal?: AbortSignal;
  /** Called after each finished run. */
  readonly onProgress?: (done: number, total: number) => void;
  /** The (cell, run) tasks to compute (default: every run of every cell); shards and resumed runs pass a subset. */
  readonly tasks?: readonly Task[];
  /** Called with each finished run's result as soon as it is known (a resumable run appends it to its log). */
  readonly onResult?: (result: RunResult) => void;
  /**
   * Worker threads shared with other scenarios (`gradflow run` passes one for all its scenarios).
   * Every task then runs on the pool, and `workers` is ignored.
   */
  readonly pool?: RunPool;
}

export type { Task };

/** Every (cell, run) task of a scenario, cell by cell: task k is (⌊k / runs⌋, k mod runs). */
export function allTasks(scenario: Scenario, cells: number = cellsOf(scenario).length): Task[] {
  const tasks: Task[] = [];
  for (let c = 0; c < cells; c++) for (let r = 0; r < scenario.ensemble.runs; r++) tasks.push({ cell: c, run: r });
  return tasks;
}

export interface ScenarioResults {
  readonly cells: Cell[];
  readonly results: RunResult[];
  /** True when a stop request ended the work before every task ran. */
  readonly interrupted: boolean;
}

/** The status of a run that threw: a bug (or an input no check caught), reported as such (exit 70). */
import { CRASHED } from '../checks/statuses.js';
export { CRASHED };

/**
 * A run that threw instead of ending with a status: kept as a result with no rows and the error's
 * message, so the other runs' results are still written.
 */
function crashedRun(cell: Cell, run: number, scenario: Scenario, message: string): RunResult {
  return {
    cell: cell.index,
    run,
    status: CRASHED,
    message: `the run threw: ${message}`,
    time: cell.time,
    depth: cell.depth,
    rows: [],
    stats: { nfev: 0, njev: 0, naccepted: 0, nrejected: 0, wallMs: 0 },
    method: scenario.solver.method,
  };
}

/** Runs a scenario's tasks (every run of every cell unless `o.tasks` says otherwise), resolving its cells first. */
export function runScenario(scenario: Scenario, o: RunnerOptions = {}): Promise<ScenarioResults> {
  return runExperiment({ scenario, cells: cellsOf(scenario) }, o);
}

/** Runs the tasks of a resolved experiment (its scenario and cells). */
export async function runExperiment(x: { readonly scenario: Scenario; readonly cells: Cell[] }, o: RunnerOptions = {}): Promise<ScenarioResults> {
  const { scenario, cells } = x;
  const tasks = o.tasks ?? allTasks(scenario, cells.length);
  const results: RunResult[] = [];
  const workers = Math.max(1, Math.min(o.workers ?? 1, tasks.length));
  let interrupted = false;
  if (o.pool === undefined && (workers === 1 || tasks.length < 4)) {
    for (const t of tasks) {
      // yield to the event loop between runs, so a stop request (Ctrl-C) is seen
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (o.signal?.aborted === true) {
        interrupted = true;
        break;
      }
      let result: RunResult;
      try {
        result = runOne(cells[t.cell]!, t.run, o.signal);
      } catch (err) {
        result = crashedRun(cells[t.cell]!, t.run, scenario, err instanceof Error ? err.message : String(err));
      }
      results.push(result);
      o.onResult?.(result);
      o.onProgress?.(results.length, tasks.length);
    }
  } else {
    interrupted = await runOnWorkers(scenario, cells, tasks, workers, results, o);
  }
  results.sort((a, b) => a.cell - b.cell || a.run - b.run);
  return { cells, results, interrupted };
}

async function runOnWorkers(
  scenario: Scenario,
  cells: readonly Cell[],
  tasks: readonly Task[],
  n: number,
  results: RunResult[],
  o: RunnerOptions,
): Promise<boolean> {
  const own = o.pool === undefined ? new RunPool(n) : undefined;
  const pool = o.pool ?? own!;
  try {
    return await pool.run(
      scenario,
      tasks,
      (msg) => {
        const result = msg.ok ? msg.result : crashedRun(cells[msg.task.cell]!, msg.task.run, scenario, msg.error);
        results.push(result);
        o.onResult?.(result);
        o.onProgress?.(results.length, tasks.length);
      },
      o.signal,
      // a problem instance's baselines are computed by one worker and handed to the others
      scenario.baseline ? (t) => baselineKey(instanceScenario(cells[t.cell]!.scenario, t.run)) : undefined,
    );
  } finally {
    // a pool of its own stops with the scenario; abandoned runs (a stop request) are not waited for
    if (own !== undefined) await (o.signal?.aborted === true ? own.terminate() : own.close());
  }
}
