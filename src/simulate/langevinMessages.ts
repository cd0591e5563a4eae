/** Every text about Langevin runs the simulate layer shows a user, as functions (each reads after its path). */
export const langevinMessages = {
  factorsOnly: (): string => 'applies to factor models of finite depth only (Langevin dynamics upstairs: dW_j = −∇_{W_j} L dt + √(2/β) dB_j)',
  upstairsOnly: (): string => 'must be upstairs for a model with noise (the Langevin equation is written in upstairs time t)',
  beta: (beta: number): string => `must be a positive number or "inf" (no noise), got ${String(beta)}`,
  dt: (dt: number): string => `must be a positive, finite step size, got ${String(dt)}`,
  noEvents: (): string => 'is not available with noise: Langevin runs integrate at fixed steps to t1 without events',
  adaptiveSra1: (): string => 'is available for method sra1 only (its error estimate is the difference to Euler–Maruyama)',
  tooManySteps: (steps: number, maxSteps: number): string =>
    `gives ${String(steps)} fixed steps to t1, more than solver.maxSteps = ${String(maxSteps)}: raise dt or solver.maxSteps`,
};
