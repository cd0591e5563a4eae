/** Worker thread: receives the validated scenario once, then runs tasks `{cell, run}` one at a time. */
import { parentPort, workerData } from 'node:worker_threads';
import { cellsOf } from './build.js';
import { runOne } from './runOne.js';
import type { Scenario } from './schema.js';

const cells = cellsOf(workerData as Scenario);
parentPort!.on('message', (task: { cell: number; run: number } | null) => {
  if (task === null) {
    process.exit(0);
  }
  try {
    parentPort!.postMessage({ ok: true, result: runOne(cells[task.cell]!, task.run) });
  } catch (err) {
    parentPort!.postMessage({ ok: false, error: (err as Error).message, task });
  }
});
