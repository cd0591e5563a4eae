/**
 * Worker thread of the run pool (runPool.ts): receives tasks `{key, scenario?, task, shared?}` one at a
 * time, builds a scenario's cells the first time it sees the scenario, and forgets them on
 * `{drop: key}`. Baselines it computes are sent to the pool as soon as they exist; those other
 * workers computed arrive with the task (`shared`).
 */
import { parentPort } from 'node:worker_threads';
import { onBaselineComputed, seedBaseline, type Baseline } from './baselines.js';
import { cellsOf } from './resolveCells.js';
import type { Cell } from '../checks/cell.js';
import { runOne } from './runOne.js';
import type { SharedValue, WorkerReply, WorkerRequest } from './runPool.js';

// the baselines this thread computes go to the pool at once, for the other workers' tasks
onBaselineComputed((key, b) => {
  parentPort!.postMessage({ shared: [key, b] } satisfies SharedValue);
});

const held = new Map<number, Cell[]>();
parentPort!.on('message', (msg: WorkerRequest) => {
  if (msg === null) process.exit(0);
  if ('drop' in msg) {
    held.delete(msg.drop);
    return;
  }
  for (const [key, value] of msg.shared ?? []) seedBaseline(key, value as Baseline);
  let reply: WorkerReply;
  try {
    let cells = held.get(msg.key);
    if (cells === undefined) {
      cells = cellsOf(msg.scenario!);
      held.set(msg.key, cells);
    }
    reply = { ok: true, result: runOne(cells[msg.task.cell]!, msg.task.run) };
  } catch (err) {
    reply = { ok: false, error: (err as Error).message, task: msg.task };
  }
  parentPort!.postMessage(reply);
});
