/**
 * A scenario's `optimizer` block as `runOptimizer` options: the loss scale `c` of its `loss`
 * convention, the problems of the model it would run on (as `FieldError`s at scenario paths), and
 * the columns it adds to the trajectory.
 */
import type { RunOptimizerOptions } from './plan.js';
import { optimizerRunProblem } from './plan.js';
import type { SimulateOptions } from '../../simulate/simulate.js';
import { FieldError } from '../../scenario/errors.js';
import { optimizerScenarioMessages } from '../messages.js';
import type { Scenario } from '../../scenario/schema.js';

type Optimizer = NonNullable<Scenario['optimizer']>;

/**
 * `c` of `L = c·E`: 1 for `sum` (E itself); for `mean`, `2/m` with m the number of squared
 * residuals E sums with weight ½ — observed entries (completion), rows·cols (whitened), measurements
 * (sensing), d_N (data: E = (1/2n)‖WX − Y‖² is already a mean over the n samples).
 */
export function lossScaleOf(s: Scenario): number {
  const o = s.optimizer;
  if (!o || o.loss === 'sum') return 1;
  const e = s.energy;
  switch (e.kind) {
    case 'completion':
      // explicit entries, or a random mask of round(fraction·m·n) entries (energies/completionProblem.ts)
      return 2 / (e.observed?.length ?? Math.max(1, Math.round((e.observedFraction ?? 1) * e.shape[0] * e.shape[1])));
    case 'whitened': {
      const [m, n] = Array.isArray(e.target) ? [e.target.length, e.target[0]!.length] : e.target.shape;
      return 2 / (m * n);
    }
    case 'sensing':
      return 2 / e.measurements;
    case 'data':
      return 2 / (Array.isArray(e.teacher) ? e.teacher.length : e.teacher.shape[0]);
    default:
      throw new FieldError('optimizer.loss', optimizerScenarioMessages.meanUndefined(e.kind));
  }
}

/** Where the paths of `optimizerRunProblem` live in a scenario. */
function scenarioPath(path: string): string {
  if (path === 'optimizer.lossScale') return 'optimizer.loss';
  if (path === 't1') return 'horizon.t1';
  if (path.startsWith('saveAt')) return `horizon.save${path.slice('saveAt'.length)}`;
  if (path.startsWith('start')) return 'init';
  return path;
}

/**
 * Refuses, as a `FieldError` at the scenario's field, an optimiser that cannot run on the flow
 * options `flow`: what the resolver checks once per cell (experiment/runPlan.ts, `checkRun`).
 */
export function checkOptimizer(s: Scenario, flow: SimulateOptions): void {
  if (s.model.compareEndToEnd) throw new FieldError('model.compareEndToEnd', optimizerScenarioMessages.noCompare());
  const p = optimizerRunProblem(optimizerOptions(s, flow));
  if (p) throw new FieldError(scenarioPath(p.path), p.message);
}

/** The `runOptimizer` options of a run whose flow options are `flow` (checked by `checkOptimizer`). */
export function optimizerOptions(s: Scenario, flow: SimulateOptions): RunOptimizerOptions {
  const o: Optimizer = s.optimizer!;
  const rule =
    o.kind === 'gd'
      ? { kind: o.kind, lr: o.lr }
      : o.kind === 'momentum'
        ? { kind: o.kind, lr: o.lr, beta: o.beta }
        : { kind: o.kind, lr: o.lr, beta1: o.beta1, beta2: o.beta2, eps: o.eps };
  const options: RunOptimizerOptions = {
    energy: flow.energy,
    model: flow.model,
    start: flow.start,
    optimizer: { ...rule, ...(o.steps === undefined ? {} : { steps: o.steps }), lossScale: lossScaleOf(s) },
    t1: flow.t1,
    ...(flow.saveAt === undefined ? {} : { saveAt: flow.saveAt }),
    ...(flow.lossBelow === undefined ? {} : { lossBelow: flow.lossBelow }),
    ...(flow.events === undefined ? {} : { events: flow.events }),
    // the step budget of the run, whichever integrates it (solver steps for a flow, optimiser steps here)
    ...(flow.solver?.maxSteps === undefined ? {} : { maxSteps: flow.solver.maxSteps }),
    ...(o.lossThresholds === undefined ? {} : { lossThresholds: o.lossThresholds }),
    ...(flow.solver === undefined ? {} : { flow: flow.solver }),
  };
  return options;
}

/** The columns an optimiser run adds: the step, the gap to the flow, c and L = c·E, and per loss threshold i its step's time and w11 beside the flow's. */
export function optimizerColumns(s: Scenario): string[] {
  const o = s.optimizer;
  if (!o) return [];
  const cols = ['step', 'gapToFlow', 'lossScale', 'optimizerLoss'];
  o.lossThresholds?.forEach((_, k) => {
    const i = String(k + 1);
    cols.push(`tBelow${i}`, `flowTBelow${i}`, `w11Below${i}`, `flowW11Below${i}`);
  });
  return cols;
}
