/**
 * Langevin dynamics upstairs (docs/theory.md, "Langevin dynamics upstairs"):
 * `dW_j = −∇_{W_j} L dt + √(2/β) dB_j`, independent Brownian matrices, integrated at fixed steps by an
 * additive-noise method (SRA1, strong order 1.5, or Euler–Maruyama, order 1) from `ode/`. The
 * Brownian path comes from the `source` alone, so a run's path is a function of its seed. β = ∞ runs
 * the same integrator without noise. The trajectory has the same shape as `simulate`'s.
 */
import { invariants } from '../analysis/invariants.js';
import { packFactors } from '../flows/layout.js';
import { upstairsFlow } from '../flows/upstairs.js';
import { balancedFactors } from '../init/inits.js';
import type { BrownianSource } from '../ode/brownian.js';
import { solveSdeAdaptive } from '../ode/sdeAdaptive.js';
import { solveSde } from '../ode/sdeSolve.js';
import type { AdditiveSde, SdeMethodName } from '../ode/sdeTypes.js';
import { saveTimes } from '../ode/recorder.js';
import type { Solution } from '../ode/types.js';
import { DEFAULT_SOLVER } from './defaultSolver.js';
import { diagnose } from './diagnostics.js';
import { langevinMessages } from './langevinMessages.js';
import type { OptionProblem } from './messages.js';
import { modelProblems, optionProblems } from './optionProblems.js';
import type { SimulateOptions, Trajectory } from './simulate.js';

/** The noise of a Langevin run. */
export interface NoiseSpec {
  /** Inverse temperature β > 0; `Infinity` runs the same integrator without noise. */
  readonly beta: number;
  /** Fixed step size (each interval between save times is cut into ⌈Δ/dt⌉ equal steps). */
  readonly dt: number;
  /** Default `sra1`. */
  readonly method?: SdeMethodName;
  /**
   * Adaptive SRA1 with rejection sampling with memory (`solveSdeAdaptive`): `dt` is then the first
   * and largest step. Absent: fixed steps of `dt`.
   */
  readonly adaptive?: { readonly rtol: number; readonly atol: number };
}

/** A Langevin run: a simulation's options, its noise and the source of its Brownian path. */
export interface LangevinOptions extends SimulateOptions {
  readonly noise: NoiseSpec;
  readonly source: BrownianSource;
}

/** The number of fixed steps a save grid takes with steps of at most `dt` (as `solveSde` cuts it). */
export function langevinSteps(o: Pick<SimulateOptions, 't1' | 'saveAt'>, dt: number): number {
  const save = o.saveAt ?? { kind: 'uniform', n: 101 };
  const times =
    save.kind === 'steps'
      ? [0, o.t1]
      : (saveTimes(save, 0, o.t1, (m) => {
          throw new RangeError(m);
        }) ?? [0, o.t1]);
  let steps = 0;
  let t = 0;
  for (const b of times) {
    if (b > t) steps += Math.max(1, Math.ceil((b - t) / dt - 1e-9));
    t = Math.max(t, b);
  }
  return steps;
}

/** What makes a Langevin run impossible (paths relative to `LangevinOptions`), empty when it can run. */
export function langevinProblems(o: Omit<LangevinOptions, 'source'>): OptionProblem[] {
  const problems: OptionProblem[] = [];
  const m = o.model;
  if (m.parametrization !== 'factors' || !Number.isFinite(m.depth)) problems.push({ path: 'model.noise', message: langevinMessages.factorsOnly() });
  if (m.time === 'normalized') problems.push({ path: 'model.time', message: langevinMessages.upstairsOnly() });
  if (!(o.noise.beta > 0)) problems.push({ path: 'model.noise.beta', message: langevinMessages.beta(o.noise.beta) });
  if (!(o.noise.dt > 0 && Number.isFinite(o.noise.dt))) problems.push({ path: 'model.noise.dt', message: langevinMessages.dt(o.noise.dt) });
  if (o.lossBelow !== undefined) problems.push({ path: 'lossBelow', message: langevinMessages.noEvents() });
  if (o.detFloor !== undefined) problems.push({ path: 'detFloor', message: langevinMessages.noEvents() });
  if (o.precisionGuard === true) problems.push({ path: 'precisionGuard', message: langevinMessages.noEvents() });
  if (o.events !== undefined && o.events.length > 0) problems.push({ path: 'events', message: langevinMessages.noEvents() });
  if (o.noise.adaptive && (o.noise.method ?? 'sra1') !== 'sra1') problems.push({ path: 'model.noise.adaptive', message: langevinMessages.adaptiveSra1() });
  if (problems.length === 0 && !o.noise.adaptive) {
    const maxSteps = o.solver?.maxSteps ?? DEFAULT_SOLVER.maxSteps;
    const steps = langevinSteps(o, o.noise.dt);
    if (steps > maxSteps) problems.push({ path: 'model.noise.dt', message: langevinMessages.tooManySteps(steps, maxSteps) });
  }
  return problems;
}

/** One Langevin run upstairs, with the diagnostics of `simulate` at every saved time. */
export function simulateLangevin(o: LangevinOptions): Trajectory {
  const problem = [...optionProblems(o), ...langevinProblems(o)][0];
  if (problem) throw new RangeError(`${problem.path} ${problem.message}`);
  return simulateLangevinValidated(o);
}

/** `simulateLangevin` for options the resolver has validated (experiment/resolve.ts). */
export function simulateLangevinValidated(o: LangevinOptions): Trajectory {
  const { energy, model } = o;
  const { widths } = modelProblems(model, energy.rows, energy.cols);
  const flow = upstairsFlow(energy, widths, 'upstairs');
  const factors = 'factors' in o.start ? o.start.factors : balancedFactors(widths, o.start.endToEnd);
  const y0 = packFactors(flow.layout, factors);
  const D0 = invariants(flow.layout, y0);
  const sigma = Number.isFinite(o.noise.beta) ? Math.sqrt(2 / o.noise.beta) : 0;
  const sde: AdditiveSde = {
    dim: flow.dim,
    drift: (t, y, dy) => {
      flow.rhs(t, y, dy);
    },
    diffusion: (_t, g) => {
      g.fill(sigma);
    },
  };
  const sdeOptions = {
    t0: 0,
    t1: o.t1,
    y0,
    dt: o.noise.dt,
    source: o.source,
    saveAt: o.saveAt ?? { kind: 'uniform', n: 101 },
    maxSteps: o.solver?.maxSteps ?? DEFAULT_SOLVER.maxSteps,
    ...(o.signal === undefined ? {} : { signal: o.signal }),
  } as const;
  const sol = o.noise.adaptive ? solveSdeAdaptive(sde, { ...sdeOptions, ...o.noise.adaptive }) : solveSde(sde, o.noise.method ?? 'sra1', sdeOptions);
  const t = Array.from(sol.t);
  const W = sol.y.map((y) => {
    const out = new Float64Array(energy.rows * energy.cols);
    flow.endToEnd(y, out);
    return out;
  });
  const rows = sol.y.map((y, k) => diagnose(t[k]!, W[k]!, energy, { layout: flow.layout, y, D0 }, o.rankThreshold));
  const last = sol.y.at(-1) ?? y0;
  const solution: Solution = {
    method: sol.method,
    status: sol.status,
    message: sol.message,
    t: sol.t,
    y: sol.y,
    tFinal: t.at(-1) ?? 0,
    yFinal: last,
    events: [],
    stats: sol.stats,
    stiffness: { detected: false, tFirst: undefined, switches: [] },
    sol: undefined,
  };
  return {
    status: sol.status,
    message: sol.message,
    time: 'upstairs',
    depth: model.depth,
    parametrization: 'factors',
    widths,
    precisionGuard: false,
    invariantRank: undefined,
    t,
    W,
    states: sol.y,
    rows,
    stats: sol.stats,
    method: sol.method,
    solution,
    events: [],
    tEvent: undefined,
  };
}
