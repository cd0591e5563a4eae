/**
 * One run of a scenario with an `optimizer` block: the discrete optimiser (`runOptimizer`) on the
 * run's energy, model and start, reduced to the same tidy rows as a flow run plus the columns
 * `step`, `gapToFlow`, `lossScale` (c of L = c·E), `optimizerLoss` (L) and, per loss threshold, the optimiser's and the flow's time and w11 there.
 */
import { runOptimizer } from './runOptimizer.js';
import type { SimulateOptions } from '../../simulate/simulate.js';
import type { Cell } from '../../checks/cell.js';
import type { BuiltEnergy } from '../scenarioEnergy.js';
import { optimizerOptions } from './spec.js';
import type { DiagnosticsRow } from '../../simulate/diagnostics.js';
import { runResultOf } from '../runResultOf.js';
import { runDataColumns } from '../runDataColumns.js';
import type { RunResult } from '../../checks/runResult.js';
import type { RunEvents } from '../crossingEvents.js';

/** Runs the optimiser of `cell` from the flow options `opts` of run `run` (with `opts.events`: `events` turns their roots into the result's crossings). */
export function runOptimizerCell(cell: Cell, run: number, opts: SimulateOptions, built: BuiltEnergy, signal?: AbortSignal, events?: RunEvents): RunResult {
  const options = optimizerOptions(cell.scenario, opts);
  const tr = runOptimizer(signal ? { ...options, signal } : options);
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
  const columns = (q: Record<string, number>, r: DiagnosticsRow, k: number): void => {
    q.step = tr.steps[k]!;
    q.gapToFlow = tr.gapToFlow?.[k] ?? NaN;
    q.lossScale = tr.lossScale;
    q.optimizerLoss = tr.lossScale * r.loss;
    Object.assign(q, perRun);
    if (data) Object.assign(q, data(tr.W[k]!));
  };
  const stats = { nfev: tr.stats.gradients, njev: 0, naccepted: tr.stepsTaken, nrejected: 0, wallMs: tr.stats.wallMs };
  return runResultOf(cell, run, opts.energy, tr, columns, { stats, method: tr.kind }, events);
}
