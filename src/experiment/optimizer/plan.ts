/**
 * What an optimiser run is and what it will do before it starts: its options, the problems that keep
 * it from starting, and its plan (clock, steps, saved steps). In a module of its own, so that a
 * scenario checks its optimiser while loading without importing the solvers.
 */
import type { Energy } from '../../energies/energy.js';
import { saveTimes } from '../../ode/recorder.js';
import type { SaveAt } from '../../ode/types.js';
import { simulateMessages, type OptionProblem } from '../../simulate/messages.js';
import { optimizerMessages } from './messages.js';
import type { ModelSpec, StartSpec } from '../../simulate/modelSpec.js';
import { optionProblems } from '../../simulate/optionProblems.js';
import { optimizerClock } from './clock.js';
import type { StepRule } from './steps.js';
import type { SimulateEvent, SolverSpec } from '../../simulate/simulate.js';

/** The optimiser: its update rule, how long it runs and the loss it descends. */
export type OptimizerSpec = StepRule & {
  /** Number of steps (default: as many as fit in `t1`; with both, whichever ends first). */
  readonly steps?: number;
  /** `c` in `L = c·E` (default 1: the energy itself; `2/m` for the mean of m squared residuals). */
  readonly lossScale?: number;
};

export interface RunOptimizerOptions {
  readonly energy: Energy;
  /** A factor model of finite depth, or an end-to-end model of depth 1 (W itself). */
  readonly model: ModelSpec;
  readonly start: StartSpec;
  readonly optimizer: OptimizerSpec;
  /** End time in the model's time convention (the run takes `⌊t1/dt⌋` steps, or `steps` if fewer). */
  readonly t1?: number;
  /** Saved times (rounded to the nearest step; default 101 uniform points). */
  readonly saveAt?: SaveAt;
  /**
   * The most steps the run may take (default: no cap); a run that would need more ends after them with
   * status `max-steps`, as a solver does. Scenarios pass `solver.maxSteps`.
   */
  readonly maxSteps?: number;
  /** Stop when `E` falls below this (status `loss-reached`). */
  readonly lossBelow?: number;
  /**
   * Events of your own, as `SimulateOptions.events`: `fn(t, W, y)` is evaluated after every step
   * (`y` the packed factors), and a root is the first step at which its sign has changed (from the
   * step before), at that step's time `k·dt`. A terminal one ends the run there with status `event`.
   */
  readonly events?: readonly SimulateEvent[];
  /** Record the first step at which `L = c·E` falls below each of these, and the flow's time and W there. */
  readonly lossThresholds?: readonly number[];
  /**
   * The flow integrated beside the run for `gapToFlow` and the thresholds: its solver (tolerances
   * tightened to at most `FLOW_REFERENCE` — the gap must measure the optimiser, not the solver),
   * or `false` for none.
   */
  readonly flow?: SolverSpec | false;
  readonly rankThreshold?: number;
  readonly signal?: AbortSignal;
}

/** The problems of an optimiser run's options, with paths relative to `RunOptimizerOptions`. */
export function optimizerProblems(o: Pick<RunOptimizerOptions, 'model' | 'optimizer' | 't1'>): OptionProblem[] {
  const p: OptionProblem[] = [];
  const { model, optimizer: opt } = o;
  if (!Number.isFinite(model.depth)) p.push({ path: 'model.depth', message: optimizerMessages.depthInf() });
  else if (model.parametrization === 'end-to-end' && model.depth !== 1)
    p.push({ path: 'model.parametrization', message: optimizerMessages.endToEndDeep(model.depth) });
  if (!(Number.isFinite(opt.lr) && opt.lr > 0)) p.push({ path: 'optimizer.lr', message: optimizerMessages.badLr(opt.lr) });
  const c = opt.lossScale ?? 1;
  if (!(Number.isFinite(c) && c > 0)) p.push({ path: 'optimizer.lossScale', message: optimizerMessages.badScale(c) });
  const betas: [string, number | undefined][] =
    opt.kind === 'momentum'
      ? [['beta', opt.beta]]
      : opt.kind === 'adam'
        ? [
            ['beta1', opt.beta1],
            ['beta2', opt.beta2],
          ]
        : [];
  for (const [name, b] of betas) if (b !== undefined && !(b >= 0 && b < 1)) p.push({ path: `optimizer.${name}`, message: optimizerMessages.badBeta(b) });
  if (opt.steps !== undefined && !(Number.isInteger(opt.steps) && opt.steps >= 1))
    p.push({ path: 'optimizer.steps', message: optimizerMessages.badSteps(opt.steps) });
  if (opt.steps === undefined && o.t1 === undefined) p.push({ path: 'optimizer.steps', message: optimizerMessages.noSteps() });
  return p;
}

/** What a run will do before it starts: its clock, how many steps it wants and may take, and the steps it saves. */
export interface OptimizerPlan {
  /** Flow time per step, and the sentence that says which axis it is. */
  readonly dt: number;
  readonly axis: string;
  /** `c` of `L = c·E`. */
  readonly lossScale: number;
  /** The steps the run needs: `steps`, or as many as fit in `t1`, whichever is fewer. */
  readonly wanted: number;
  /** The steps it may take: `wanted`, capped at `maxSteps`. */
  readonly steps: number;
  /** The end of its save grid: `t1` when it sets the length, else `wanted·dt`. */
  readonly horizon: number;
  /** The saved steps, sorted without repeats (each save time rounded to the nearest step); undefined: every step. */
  readonly save: number[] | undefined;
}

/** The plan of a run, or the first problem that prevents one (a bad option, a horizon shorter than one step, a save grid that does not fit). */
function plan(o: RunOptimizerOptions): OptimizerPlan | OptionProblem {
  const problem = optimizerProblems(o)[0];
  if (problem) return problem;
  const opt = o.optimizer;
  const c = opt.lossScale ?? 1;
  const clock = optimizerClock(opt, c, o.model.depth, o.model.time ?? 'upstairs');
  const dt = clock.dt;
  // as many steps as fit in t1 (a relative 1e-12 forgives t1 = K·dt rounded)
  const fit = o.t1 === undefined ? Infinity : Math.floor((o.t1 / dt) * (1 + 1e-12));
  const wanted = Math.min(opt.steps ?? Infinity, fit);
  if (wanted < 1) return { path: 't1', message: optimizerMessages.stepsTooFew(o.t1!, dt) };
  const steps = Math.min(wanted, o.maxSteps ?? Infinity);
  const horizon = o.t1 !== undefined && wanted === fit ? o.t1 : wanted * dt;
  const optionProblem = optionProblems({ ...o, t1: horizon })[0];
  if (optionProblem) return optionProblem;
  let ts: number[] | undefined;
  try {
    ts = saveTimes(o.saveAt ?? { kind: 'uniform', n: 101 }, 0, horizon, (m) => {
      throw new RangeError(m);
    });
  } catch (err) {
    return { path: 'saveAt', message: (err as Error).message };
  }
  // save times past the last step (t1 a fraction of a step beyond it) fall on the last step
  const save = ts && [...new Set(ts.map((t) => Math.min(wanted, Math.max(0, Math.round(t / dt)))))].sort((a, b) => a - b);
  return { dt, axis: clock.axis, lossScale: c, wanted, steps, horizon, save };
}

/** The plan of a run; a `RangeError` naming the option where there is none. */
export function planOptimizerRun(o: RunOptimizerOptions): OptimizerPlan {
  const p = plan(o);
  if ('path' in p) throw new RangeError(simulateMessages.badOption(p));
  return p;
}

/** The first problem that keeps a run from starting (paths relative to `RunOptimizerOptions`), or undefined: what scenarios check when they load. */
export function optimizerRunProblem(o: RunOptimizerOptions): OptionProblem | undefined {
  const p = plan(o);
  return 'path' in p ? p : undefined;
}
