/** Every text the solvers show a user, as functions, so tests compare with these and not with copies. */

export const messages = {
  success: (t1: number): string => `The integration reached t1 = ${String(t1)}.`,
  event: (name: string, t: number): string => `Terminal event "${name}" at t = ${String(t)}.`,
  maxSteps: (maxSteps: number, t: number): string =>
    `The maximum number of steps (${String(maxSteps)}) was reached at t = ${String(t)}. ` +
    'Try increasing maxSteps, loosening rtol/atol, or a stiff method (auto, bdf, rodas4 or radau5) if the problem is stiff.',
  underflow: (t: number, h: number): string =>
    `The step size fell to ${String(h)} at t = ${String(t)}, below what double precision can resolve. ` +
    'The solution may blow up or be discontinuous here; try a stiff method or check the right-hand side.',
  nonFinite: (t: number): string =>
    `The right-hand side or the state became non-finite (NaN or ±Infinity) after t = ${String(t)}. ` + 'The trajectory up to that time is kept.',
  interrupted: (t: number): string => `Interrupted at t = ${String(t)}; the trajectory up to that time is kept.`,
  badDimension: (what: string, expected: number, got: number): string => `${what} has length ${String(got)}, expected ${String(expected)} (the system's dim).`,
  badTolerance: (what: string): string => `${what} must be positive and finite.`,
  badSpan: (t0: number, t1: number): string => `t0 = ${String(t0)} and t1 = ${String(t1)} must be finite and different.`,
  badSaveAt: (detail: string): string => `saveAt: ${detail}`,
  badMethod: (name: string, known: readonly string[]): string => `Unknown method "${name}"; expected one of ${known.join(', ')}.`,
  needsLinearAlgebra: (method: string): string =>
    `Method ${method} factorises matrices: pass options.linearAlgebra (the library's is odeLinearAlgebra, from src/simulate/odeLinearAlgebra.ts).`,
  outsideSpan: (t: number, a: number, b: number): string => `sol(${String(t)}) is outside the integrated span [${String(a)}, ${String(b)}].`,
  badTableau: (name: string, detail: string): string => `Butcher tableau ${name} is inconsistent: ${detail}`,
  badKernelCoefficient: (what: string, c: number): string =>
    `Runge–Kutta kernel ${what}: coefficients must be finite with at least one nonzero, got ${String(c)}`,
  badRosenbrockTableau: (name: string, detail: string): string => `Rosenbrock tableau ${name} is inconsistent: ${detail}`,
  sdeSpan: (t0: number, t1: number): string => `t0 = ${String(t0)} and t1 = ${String(t1)} must be finite with t1 > t0 (SDEs are integrated forward only).`,
  sdeTolerance: (rtol: number, atol: number): string =>
    `SDE tolerances need rtol ≥ 0 and atol > 0, both finite; got rtol = ${String(rtol)}, atol = ${String(atol)}.`,
  sdeStep: (dt: number): string => `The SDE step dt = ${String(dt)} must be positive and finite.`,
  sdeMaxSteps: (maxSteps: number, t: number): string =>
    `The maximum number of steps (${String(maxSteps)}) was reached at t = ${String(t)}: the fixed SDE step is too small for the span; raise maxSteps or the step dt.`,
};
