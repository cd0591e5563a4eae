/** The ODE layer's public surface. */
export { solve, type MethodOptions } from './solve.js';
export { messages } from './messages.js';
export type { EventRoot, MethodName, OdeEvent, OdeSystem, SaveAt, Solution, SolveOptions, SolveStats, SolveStatus, StiffnessReport } from './types.js';
