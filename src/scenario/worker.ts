/**
 * Worker thread of the run pool (runPool.ts): receives tasks `{key, scenario?, task}` one at a time,
 * builds a scenario's cells the first time it sees the scenario, and forgets them on `{drop: key}`.
 */
import { parentPort } from 'node:worker_threads';
import { cellsOf, type Cell } from './build.js';
import { runOne } from './runOne.js';
import type { WorkerReply, WorkerRequest } from './runPool.js';

const held = new Map<number, Cell[]>();
parentPort!.on('message', (msg: WorkerRequest) => {
  if (msg === null) process.exit(0);
  if ('drop' in msg) {
    held.delete(msg.drop);
    return;
  }
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
