/** One run of one cell: build, simulate, and reduce to tidy rows. Used in-process and by workers. */
import { convergenceBound } from '../analysis/convergenceBound.js';
import { balanceColumns } from '../simulate/balanceColumns.js';
import { simulateLangevinValidated } from '../simulate/langevin.js';
import { relativeGap } from '../simulate/relativeGap.js';
import { simulate, simulateValidated } from '../simulate/simulate.js';
import { baselineColumns, baselineOf } from './baselines.js';
import type { Cell } from '../checks/cell.js';
import { buildRun } from './runPlan.js';
import { noiseRng } from './seeds.js';
import { buildEnergy, dataSetOf, type BuiltEnergy } from './scenarioEnergy.js';
import { instanceScenario, perRunInstances } from './instance.js';
import { runOptimizerCell } from './optimizer/run.js';
import type { DiagnosticsRow } from '../simulate/diagnostics.js';
import { runResultOf } from './runResultOf.js';
import { runDataColumns } from './runDataColumns.js';
import { runEvents, type RunEvents } from './crossingEvents.js';
import { modelProblems } from '../simulate/optionProblems.js';
import type { SimulateOptions } from '../simulate/simulate.js';
import type { RunResult } from '../checks/runResult.js';

/** The events of a flow or optimiser run (exact firstCrossing and stopWhen), from its options. */
function eventsOf(cell: Cell, run: number, opts: SimulateOptions): RunEvents {
  const m = opts.model;
  const { widths } = modelProblems(m, opts.energy.rows, opts.energy.cols);
  return runEvents(
    cell,
    run,
    { energy: opts.energy, time: cell.time, parametrization: m.parametrization, ...(m.coordinates ? { coordinates: m.coordinates } : {}), widths },
    cell.depth,
  );
}

/**
 * A cell's energy is the same for every run (data covariances, sensing matrices and compiled
 * expressions are built once per cell and thread); runs in one thread are sequential, so sharing
 * its workspace is safe.
 */
const energies = new WeakMap<Cell, Map<number, BuiltEnergy>>();

export function runOne(cell: Cell, run: number, signal?: AbortSignal): RunResult {
  let perSet = energies.get(cell);
  if (!perSet) {
    perSet = new Map();
    energies.set(cell, perSet);
  }
  // a per-run problem instance is built for its run alone (its baselines are cached by instance); a data
  // energy's runs use data set run mod dataSeeds (the same in every cell: paired comparisons)
  const instance = instanceScenario(cell.scenario, run);
  const dataSet = dataSetOf(cell.scenario, run);
  let built = perRunInstances(cell.scenario) ? buildEnergy(instance) : perSet.get(dataSet);
  if (!built) {
    built = buildEnergy(cell.scenario, dataSet);
    perSet.set(dataSet, built);
  }
  const baseline = baselineOf(instance, built);
  const opts = buildRun(cell, run, built);
  const noise = cell.noise;
  // Langevin runs have no events: their firstCrossing interpolates between rows (stopWhen is refused at load)
  const ev = noise ? undefined : eventsOf(cell, run, opts);
  const withEvents: SimulateOptions = ev && ev.events.length > 0 ? { ...opts, events: ev.events } : opts;
  if (cell.scenario.optimizer) return runOptimizerCell(cell, run, withEvents, built, signal, ev);
  const tr = noise
    ? simulateLangevinValidated({ ...opts, ...(signal ? { signal } : {}), noise, source: noiseRng(cell.scenario, cell.index, run) })
    : simulateValidated(signal ? { ...withEvents, signal } : withEvents);
  let mismatch: number[] | undefined;
  const reached = tr.t.at(-1)!;
  if (cell.scenario.model.compareEndToEnd && 'factors' in opts.start && reached > tr.t[0]!) {
    // the downstairs flow from the same end-to-end start, saved at the times the factor run reached
    // (a factor run that failed at its first step has nothing to compare: mismatch stays absent)
    const down = simulate({
      energy: opts.energy,
      solver: opts.solver ?? {},
      model: { ...opts.model, parametrization: 'end-to-end' },
      start: { endToEnd: tr.W[0]! },
      t1: reached,
      saveAt: { kind: 'times', times: tr.t },
    });
    mismatch = tr.W.map((W, k) => {
      const D = down.W[k];
      return D ? relativeGap(W, D) : NaN;
    });
  }
  // the convergence theorem's columns (docs/theory.md §8.1): the margin at each saved state, and the
  // bound E(0)·exp(−r t) with the rate r of the start's margin c = deficiencyMargin(W(0))
  const margin = built.margin;
  const c0 = margin && tr.W[0] ? margin(tr.W[0]) : NaN;
  const loss0 = tr.rows[0]?.loss ?? NaN;
  const data = runDataColumns(built, tr.W[0]);
  const columns = (q: Record<string, number>, r: DiagnosticsRow, k: number): void => {
    if (mismatch) q.mismatch = mismatch[k]!;
    if (margin) {
      q.deficiencyMargin = margin(tr.W[k]!);
      q.convergenceBound = convergenceBound(loss0, c0, tr.depth, tr.time, r.t);
    }
    if (noise) Object.assign(q, balanceColumns(r));
    if (data) Object.assign(q, data(tr.W[k]!));
    if (baseline) Object.assign(q, baselineColumns(baseline, tr.W[k]!, q.nuclear!));
  };
  const stats = { nfev: tr.stats.nfev, njev: tr.stats.njev, naccepted: tr.stats.naccepted, nrejected: tr.stats.nrejected, wallMs: tr.stats.wallMs };
  return runResultOf(cell, run, opts.energy, tr, columns, { stats, method: tr.method }, ev);
}
