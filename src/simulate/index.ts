/** One run of a gradient flow, with diagnostics. */
export { simulate, simulateMessages, type SimulateOptions, type ModelSpec, type StartSpec, type SolverSpec, type Trajectory, type TrajectoryStatus } from './simulate.js';
export { diagnose, type DiagnosticsRow } from './diagnostics.js';
export { DEFAULT_SOLVER } from './defaultSolver.js';
export { dataColumns, nullXChange, type DataColumns } from './dataDiagnostics.js';
