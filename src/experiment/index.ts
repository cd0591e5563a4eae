/** Experiments: a scenario resolved into cells and runs, and the runner (in-process or on worker threads). */
export { loadScenario, parseScenario, resolve, type Experiment } from './resolve.js';
export { cellsOf } from './resolveCells.js';
export { buildRun } from './runPlan.js';
export { runScenario, runExperiment, type RunnerOptions, type ScenarioResults } from './runner.js';
export { buildEnergy } from './scenarioEnergy.js';
export { runOptimizer, type OptimizerTrajectory, type OptimizerStatus } from './optimizer/runOptimizer.js';
export { FLOW_REFERENCE, type LossCrossing } from './optimizer/flowComparison.js';
export {
  optimizerProblems,
  optimizerRunProblem,
  planOptimizerRun,
  type OptimizerPlan,
  type RunOptimizerOptions,
  type OptimizerSpec,
} from './optimizer/plan.js';
export { stepperOf, STEP_DEFAULTS, type StepRule, type Stepper, type GdSpec, type MomentumSpec, type AdamSpec } from './optimizer/steps.js';
export { optimizerClock } from './optimizer/clock.js';
export { optimizerMessages } from './optimizer/messages.js';
