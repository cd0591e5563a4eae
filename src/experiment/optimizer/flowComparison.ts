/**
 * A discrete optimiser's run beside the gradient flow from the same start: the flow on the
 * optimiser's saved times (the relative gap between them) and to each loss threshold (the flow's
 * first time there), held to at least `FLOW_REFERENCE`'s tolerances.
 */
import { DEFAULT_SOLVER } from '../../simulate/defaultSolver.js';
import type { ModelSpec, StartSpec } from '../../simulate/modelSpec.js';
import { relativeGap } from '../../simulate/relativeGap.js';
import { simulate, type SolverSpec, type Trajectory } from '../../simulate/simulate.js';
import type { RunOptimizerOptions } from './plan.js';

/** The tolerances the reference flow is held to at least. */
export const FLOW_REFERENCE = { rtol: 1e-10, atol: 1e-14 } as const;

/** The first step at which `L = c·E` fell below a threshold, beside the flow's first time there. */
export interface LossCrossing {
  readonly threshold: number;
  /** NaN when the optimiser never got there. */
  readonly step: number;
  readonly t: number;
  readonly W: Float64Array | undefined;
  /** The flow's first time with `c·E` at the threshold (located to 1e-12 in t); NaN when it did not get there. */
  readonly flowT: number;
  readonly flowW: Float64Array | undefined;
}

/**
 * The flow from the optimiser's start, on the optimiser's saved times (its gap to the flow there) and
 * to each loss threshold (the flow's crossing time and W); with `o.flow: false`, the optimiser's
 * crossings alone. `dt`: the optimiser's step in flow time; `span`: its planned span K·dt; `c`: the loss scale.
 */
export function flowComparison(
  o: RunOptimizerOptions,
  factors: readonly ArrayLike<number>[],
  t: readonly number[],
  Ws: readonly Float64Array[],
  crossed: { readonly thresholds: readonly number[]; readonly crossStep: Float64Array; readonly crossW: readonly Float64Array[] },
  dt: number,
  span: number,
  c: number,
): { reference: Trajectory | undefined; gapToFlow: number[] | undefined; crossings: LossCrossing[] } {
  const { energy, model } = o;
  const { thresholds, crossStep, crossW } = crossed;
  let reference: Trajectory | undefined;
  let gapToFlow: number[] | undefined;
  const crossings: LossCrossing[] = [];
  if (o.flow !== false) {
    const s = o.flow ?? {};
    const solver: SolverSpec = {
      ...s,
      rtol: Math.min(s.rtol ?? DEFAULT_SOLVER.rtol, FLOW_REFERENCE.rtol),
      atol: Math.min(s.atol ?? DEFAULT_SOLVER.atol, FLOW_REFERENCE.atol),
    };
    const flowModel: ModelSpec = model.parametrization === 'factors' ? model : { ...model, parametrization: 'factors' };
    const start: StartSpec = { factors };
    const tEnd = t.at(-1) ?? 0;
    if (tEnd > 0) {
      reference = simulate({
        energy,
        model: flowModel,
        start,
        solver,
        t1: tEnd,
        saveAt: { kind: 'times', times: t },
        ...(o.signal ? { signal: o.signal } : {}),
      });
      const flowAt = new Map(reference.t.map((tk, i) => [tk, reference!.W[i]!]));
      gapToFlow = t.map((tk, i) => {
        const Wf = flowAt.get(tk);
        return Wf ? relativeGap(Ws[i]!, Wf) : NaN;
      });
    }
    thresholds.forEach((x, i) => {
      const step = crossStep[i]!;
      // the flow runs until c·E reaches x, to at least 1e3 times the optimiser's span (the loss may decay slowly)
      const to = simulate({
        energy,
        model: flowModel,
        start,
        solver,
        t1: Math.max(span, Number.isNaN(step) ? 0 : step * dt) * 1e3,
        saveAt: { kind: 'times', times: [0] },
        lossBelow: x / c,
      });
      const reached = to.status === 'loss-reached';
      crossings.push({
        threshold: x,
        step,
        t: step * dt,
        W: Number.isNaN(step) ? undefined : crossW[i]!,
        flowT: reached ? to.t.at(-1)! : NaN,
        flowW: reached ? to.W.at(-1)! : undefined,
      });
    });
  } else
    thresholds.forEach((x, i) => {
      const step = crossStep[i]!;
      crossings.push({ threshold: x, step, t: step * dt, W: Number.isNaN(step) ? undefined : crossW[i]!, flowT: NaN, flowW: undefined });
    });
  return { reference, gapToFlow, crossings };
}
