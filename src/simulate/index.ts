/** One run of a gradient flow, with diagnostics. */
export {
  simulate,
  PRECISION_FLOOR,
  type SimulateOptions,
  type ModelSpec,
  type StartSpec,
  type SolverSpec,
  type Trajectory,
  type TrajectoryStatus,
  type SimulateEvent,
  type LocatedEvent,
} from './simulate.js';
export { diagnose, type DiagnosticsRow } from './diagnostics.js';
export { DEFAULT_SOLVER } from './defaultSolver.js';
export { dataColumns, nullXChange, type DataColumns } from './dataDiagnostics.js';
export { simulateMessages, optionMessages, type OptionProblem } from './messages.js';
export { optionProblems, modelProblems, type CheckedOptions } from './optionProblems.js';
export { relativeGap } from './relativeGap.js';
export { simulateLangevin, langevinProblems, langevinSteps, type LangevinOptions, type NoiseSpec } from './langevin.js';
export { langevinMessages } from './langevinMessages.js';
export { balanceColumns, balanceColumnNames } from './balanceColumns.js';
