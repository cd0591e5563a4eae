/**
 * One run of a scenario with an `optimizer` block: the discrete optimiser (`runOptimizer`) on the
 * run's energy, model and start, reduced to the same tidy rows as a flow run plus the columns
 * `step`, `gapToFlow`, `lossScale` (c of L = c·E), `optimizerLoss` (L) and, per loss threshold, the optimiser's and the flow's time and w11 there.
 */
import { runOptimizer } from '../simulate/runOptimizer.js';
import type { SimulateOptions } from '../simulate/simulate.js';
import type { Cell } from '../checks/cell.js';
import type { BuiltEnergy } from './scenarioEnergy.js';
import { optimizerOptions } from './optimizerSpec.js';
import { quantitiesOf } from '../checks/quantities.js';
import { runDataColumns } from './runDataColumns.js';
import type { RunResult } from '../checks/runResult.js';
import type { RunEvents } from './crossingEvents.js';

/** Runs the optimiser of `cell` from the flow options `opts` of run `run` (with `opts.events`: `events` turns their roots into the result's crossings). */
export function runOptimizerCell(cell: Cell, run: number, opts: SimulateOptions, built: BuiltEnergy, signal?: AbortSignal, events?: RunEvents): RunResult {
  const options = optimizerOptions(cell.scenario, opts);
  const tr = runOptimizer(signal ? { ...options, signal } : options);
  const { rows, cols } = opts.energy;
  // per-run values, repeated on every row so that summary.csv (the last row) and final checks see them
  const perRun: Record<string, number> = {};
  tr.crossings.forEach((c, k) => {
    const i = String(k + 1);
    perRun[`tBelow${i}`] = c.t;
    perRun[`flowTBelow${i}`] = c.flowT;
    perRun[`w11Below${i}`] = c.W ? c.W[0]! : NaN;
    perRun[`flowW11Below${i}`] = c.flowW ? c.flowW[0]! : NaN;
  });
  const data = runDataColumns(built, tr.W[0]);
  return {
    cell: cell.index,
    run,
    status: tr.status,
    message: tr.message,
    time: tr.time,
    depth: tr.depth,
    rows: tr.rows.map((r, k) => {
      const q = quantitiesOf(r, tr.W[k]!, rows, cols, tr.time);
      q.step = tr.steps[k]!;
      q.gapToFlow = tr.gapToFlow?.[k] ?? NaN;
      q.lossScale = tr.lossScale;
      q.optimizerLoss = tr.lossScale * r.loss;
      Object.assign(q, perRun);
      if (data) Object.assign(q, data(tr.W[k]!));
      return q;
    }),
    stats: { nfev: tr.stats.gradients, njev: 0, naccepted: tr.stepsTaken, nrejected: 0, wallMs: tr.stats.wallMs },
    method: tr.kind,
    ...(events ? events.finish(tr.events, tr.tEvent, tr.t[0] ?? 0) : {}),
  };
}
