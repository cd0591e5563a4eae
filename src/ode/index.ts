/** The ODE layer's public surface. */
export { solve, type MethodOptions } from './solve.js';
export { messages } from './messages.js';
export type { EventRoot, OdeEvent, OdePreconditioner, OdeSystem, SaveAt, Solution, SolveOptions, SolveStats, SolveStatus, StiffnessReport } from './types.js';
export { METHODS, METHOD_NAMES, findMethod, type MethodName } from './methods.js';
export type { Algorithm, DenseOutputKind, SolverDescription, StiffnessClass, StepperStart } from './method.js';
export type { OdeBlas, OdeLinearAlgebra } from './linearAlgebra.js';
export { Gmres, type GmresResult, type LinearOperator } from './gmres.js';
export { solveSde, sdeStepper, type SdeOptions, type SdeSolution, type SdeStatus } from './sdeSolve.js';
export { brownianIncrements, type BrownianSource } from './brownian.js';
export { sra1 } from './sra1.js';
export { eulerMaruyama } from './eulerMaruyama.js';
export type { AdditiveSde, SdeMethodName, SdeStepper } from './sdeTypes.js';
export { solveSdeAdaptive, type AdaptiveSdeOptions } from './sdeAdaptive.js';
export { splitIncrements, BridgeWorkspace } from './brownianBridge.js';
