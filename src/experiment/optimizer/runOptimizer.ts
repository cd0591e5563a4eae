/**
 * `runOptimizer(…)`: a discrete optimiser — gradient descent, heavy ball or Adam — on the same
 * energy, model and start as a flow run, recorded on the flow's time axis with the same
 * diagnostics, beside the flow itself (docs/theory.md, "Discrete optimisers against the flow").
 * The optimiser descends `L = c·E` (`c = lossScale`: 1 for gradflow's own energy, `2/m` for a mean
 * over m squared residuals); step k is recorded at flow time `k·dt`, with `dt = lr·c` for GD,
 * `lr·c/(1 − β)` for the heavy ball and `lr` for Adam (see `optimizerClock`). Numerical trouble is a
 * status (`non-finite`, the trajectory so far kept), never an exception.
 */
import { invariants } from '../../analysis/invariants.js';
import { packFactors } from '../../flows/layout.js';
import { upstairsFlow } from '../../flows/upstairs.js';
import { balancedFactors } from '../../init/inits.js';
import { diagnose, type DiagnosticsRow } from '../../simulate/diagnostics.js';
import { optimizerMessages } from './messages.js';
import { modelProblems } from '../../simulate/optionProblems.js';
import { stepperOf, type StepRule } from './steps.js';
import type { LocatedEvent, Trajectory } from '../../simulate/simulate.js';
import { flowComparison, type LossCrossing } from './flowComparison.js';
import { planOptimizerRun, type RunOptimizerOptions } from './plan.js';

/** Where a run stopped: every step done (`success`, or `t1-reached` when `lossBelow` was not reached), the loss reached, the step cap `maxSteps`, divergence, or a stop request. */
export type OptimizerStatus = 'success' | 't1-reached' | 'loss-reached' | 'event' | 'max-steps' | 'non-finite' | 'interrupted';

export interface OptimizerTrajectory {
  readonly status: OptimizerStatus;
  readonly message: string;
  /** Which rule ran. */
  readonly kind: StepRule['kind'];
  /** `c` of `L = c·E`. */
  readonly lossScale: number;
  /** Flow time per step, in the model's time convention. */
  readonly dt: number;
  /** How the time axis was chosen (the clock statement of the message). */
  readonly axis: string;
  readonly time: 'upstairs' | 'normalized';
  readonly depth: number;
  readonly parametrization: 'factors' | 'end-to-end';
  readonly widths: readonly number[];
  /** Steps taken. */
  readonly stepsTaken: number;
  /** Saved times `k·dt`, and their step indices k. */
  readonly t: number[];
  readonly steps: number[];
  readonly W: Float64Array[];
  readonly states: Float64Array[];
  readonly rows: DiagnosticsRow[];
  /** `‖W_opt(t) − W_flow(t)‖_F / ‖W_flow(t)‖_F` at the saved times (NaN where the flow stopped first); absent without a flow. */
  readonly gapToFlow: number[] | undefined;
  readonly flow: Trajectory | undefined;
  readonly crossings: LossCrossing[];
  /** The roots of `events` (the steps at which each changed sign), in step order. */
  readonly events: readonly LocatedEvent[];
  /** The time of the terminal event that ended the run (status `event`), else undefined. */
  readonly tEvent: number | undefined;
  /** Gradient evaluations (one per step) and wall time. */
  readonly stats: { readonly gradients: number; readonly wallMs: number };
}

export function runOptimizer(o: RunOptimizerOptions): OptimizerTrajectory {
  const started = performance.now();
  const { energy, model, optimizer: opt } = o;
  const N = model.depth;
  const time = model.time ?? 'upstairs';
  const plan = planOptimizerRun(o);
  const { dt, wanted, save } = plan;
  const c = plan.lossScale;
  const K = plan.steps;

  // depth 1 end-to-end is the one-factor model: W itself is the parameter
  const { widths } = modelProblems(model, energy.rows, energy.cols);
  const flow = upstairsFlow(energy, widths, 'upstairs');
  const factors = 'factors' in o.start ? o.start.factors : model.parametrization === 'factors' ? balancedFactors(widths, o.start.endToEnd) : [o.start.endToEnd];
  const y = packFactors(flow.layout, factors);
  const D0 = model.parametrization === 'factors' ? invariants(flow.layout, y) : undefined;
  const dim = flow.dim;
  const stepper = stepperOf(opt, dim);
  const crossed = lossCrossings(o.lossThresholds ?? [], energy.rows * energy.cols);

  const t: number[] = [];
  const steps: number[] = [];
  const Ws: Float64Array[] = [];
  const states: Float64Array[] = [];
  const record = (k: number, W: Float64Array): void => {
    t.push(k * dt);
    steps.push(k);
    Ws.push(W.slice());
    states.push(y.slice());
  };

  // the loop: every buffer below is allocated here, once
  const W = new Float64Array(energy.rows * energy.cols);
  const g = new Float64Array(dim);
  const userEvents = o.events ?? [];
  const gOld = new Float64Array(userEvents.length);
  const located: LocatedEvent[] = [];
  let tEvent: number | undefined;
  let saveIndex = 0;
  let { status, message } = plannedEnd(K, wanted, o.lossBelow);
  let k = 0;
  for (; ; k++) {
    flow.endToEnd(y, W);
    const E = energy.value(W);
    if (!Number.isFinite(E)) {
      status = 'non-finite';
      message = optimizerMessages.nonFinite(k, k * dt);
      break;
    }
    crossed.see(k, c * E, W);
    const saved = save === undefined || (saveIndex < save.length && save[saveIndex] === k);
    if (saved) {
      record(k, W);
      saveIndex++;
    }
    const stopper = stepEvents(userEvents, gOld, located, k, dt, W, y);
    if (stopper !== undefined) {
      tEvent = k * dt;
      status = 'event';
      message = optimizerMessages.eventReached(stopper, k, k * dt);
      if (!saved) record(k, W);
      break;
    }
    if (o.lossBelow !== undefined && E < o.lossBelow) {
      if (!saved) record(k, W);
      status = 'loss-reached';
      message = optimizerMessages.lossReached(o.lossBelow, k, k * dt);
      break;
    }
    if (k === K) {
      // a run cut short by maxSteps keeps its last state
      if (K < wanted && !saved) record(k, W);
      break;
    }
    if ((k & 1023) === 1023 && o.signal?.aborted === true) {
      if (!saved) record(k, W);
      status = 'interrupted';
      message = optimizerMessages.interrupted(k);
      break;
    }
    // the flow's field is −∇E in upstairs time: the gradient of L = c·E is −c times it
    flow.rhs(0, y, g);
    for (let i = 0; i < dim; i++) g[i] = -c * g[i]!;
    stepper.step(y, g);
  }

  const factorInfo = D0 ? (s: Float64Array) => ({ layout: flow.layout, y: s, D0 }) : undefined;
  const rows = Ws.map((Wk, i) => diagnose(t[i]!, Wk, energy, factorInfo?.(states[i]!), o.rankThreshold));

  const { reference, gapToFlow, crossings } = flowComparison(o, factors, t, Ws, crossed, dt, K * dt, c);

  return {
    status,
    message: `${message}; ${optimizerMessages.clock(opt.kind, opt.lr, c, dt, time, plan.axis)}`,
    kind: opt.kind,
    lossScale: c,
    dt,
    axis: plan.axis,
    time,
    depth: N,
    parametrization: model.parametrization,
    widths,
    stepsTaken: stepper.count,
    t,
    steps,
    W: Ws,
    states,
    rows,
    gapToFlow,
    flow: reference,
    crossings,
    events: located,
    tEvent,
    stats: { gradients: stepper.count, wallMs: performance.now() - started },
  };
}

/**
 * The step-k values of the caller's events (`gOld` holds step k − 1's): each sign change in its
 * direction is located; returns the name of the first terminal one that changed, if any.
 */
function stepEvents(
  events: NonNullable<RunOptimizerOptions['events']>,
  gOld: Float64Array,
  located: LocatedEvent[],
  k: number,
  dt: number,
  W: Float64Array,
  y: Float64Array,
): string | undefined {
  let stopper: string | undefined;
  for (let i = 0; i < events.length; i++) {
    const ev = events[i]!;
    const gb = ev.fn(k * dt, W, y);
    const ga = gOld[i]!;
    gOld[i] = gb;
    if (k === 0) continue;
    const want = ev.direction ?? 0;
    if ((ga < 0 && gb >= 0 && want >= 0) || (ga > 0 && gb <= 0 && want <= 0)) {
      located.push({ name: ev.name, t: k * dt, terminal: ev.terminal === true });
      if (ev.terminal === true) stopper ??= ev.name;
    }
  }
  return stopper;
}

/** How a run that takes every planned step ends: after K steps, the steps it wanted, or t1 without reaching the loss floor. */
function plannedEnd(K: number, wanted: number, lossBelow: number | undefined): { status: OptimizerStatus; message: string } {
  if (K < wanted) return { status: 'max-steps', message: optimizerMessages.maxSteps(K, wanted) };
  return lossBelow === undefined
    ? { status: 'success', message: optimizerMessages.stepsDone(K) }
    : { status: 't1-reached', message: optimizerMessages.t1Reached(K, lossBelow) };
}

/** The first step at which the loss fell below each threshold, and W there (`see` is called at every step, in order). */
function lossCrossings(given: readonly number[], size: number) {
  const thresholds = [...given];
  const order = thresholds.map((_, i) => i).sort((a, b) => thresholds[b]! - thresholds[a]!);
  const crossStep = new Float64Array(thresholds.length).fill(NaN);
  const crossW = thresholds.map(() => new Float64Array(size));
  let next = 0;
  return {
    thresholds,
    crossStep,
    crossW,
    see(k: number, loss: number, W: Float64Array): void {
      while (next < order.length && loss < thresholds[order[next]!]!) {
        crossStep[order[next]!] = k;
        crossW[order[next]!]!.set(W);
        next++;
      }
    },
  };
}
