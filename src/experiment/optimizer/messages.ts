/** What a discrete optimiser run (`runOptimizer`) says: its clock, how it stopped, and the models it cannot run. */
export const optimizerMessages = {
  /** The time axis of a run: what one step is worth in flow time. */
  clock: (kind: string, lr: number, c: number, dt: number, time: string, axis: string): string =>
    `${kind} with lr ${String(lr)} on L = ${String(c)}·E: step k sits at ${time === 'normalized' ? 'τ' : 't'} = k·${String(dt)} (${axis})`,
  axisGd: (): string => 't = k·lr·c, explicit Euler on the flow',
  axisMomentum: (beta: number): string => `t = k·lr·c/(1 − β), β = ${String(beta)}: the heavy ball's steady-state step`,
  axisAdam: (): string =>
    't = k·lr, the clock of Adam’s sign-descent limit; Adam does not discretise the gradient flow, so its gap to the flow need not vanish with lr',
  stepsDone: (k: number): string => `ran all ${String(k)} steps`,
  t1Reached: (k: number, eps: number): string => `ran all ${String(k)} steps before the loss fell below ${String(eps)}`,
  lossReached: (eps: number, k: number, t: number): string => `the loss fell below ${String(eps)} at step ${String(k)} (t = ${String(t)})`,
  eventReached: (name: string, k: number, t: number): string => `the event "${name}" ended the run at step ${String(k)} (t = ${String(t)})`,
  nonFinite: (k: number, t: number): string =>
    `the loss became non-finite at step ${String(k)} (t = ${String(t)}): the optimiser diverged (learning rate too large for this problem?); the trajectory up to there is kept`,
  interrupted: (k: number): string => `stopped on request after ${String(k)} steps`,
  maxSteps: (k: number, wanted: number): string =>
    `stopped after maxSteps = ${String(k)} steps; the run needed ${Number.isFinite(wanted) ? String(wanted) : 'more'} (raise solver.maxSteps, or optimizer.lr)`,
  /** Problems, each read after its path. */
  noSteps: (): string => 'gives neither steps nor an end time t1: the run has no length',
  stepsTooFew: (t1: number, dt: number): string => `t1 = ${String(t1)} is shorter than one step (${String(dt)}): the run would take no step`,
  depthInf: (): string =>
    'is "inf": a discrete optimiser needs parameters to step, and depth ∞ has no factors (give a finite depth with parametrization factors)',
  endToEndDeep: (N: number): string =>
    `is end-to-end at depth ${String(N)}: the end-to-end flow of depth N ≥ 2 is not the gradient of a loss in W, so no optimiser runs on it; use parametrization factors (depth 1 end-to-end is plain W)`,
  badLr: (lr: number): string => `is ${String(lr)}; expected a finite learning rate > 0`,
  badBeta: (b: number): string => `is ${String(b)}; expected a number in [0, 1)`,
  badScale: (c: number): string => `is ${String(c)}; expected a finite loss scale > 0`,
  badSteps: (s: number): string => `is ${String(s)}; expected an integer ≥ 1`,
};
