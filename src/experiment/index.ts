/** Experiments: a scenario resolved into cells and runs, and the runner (in-process or on worker threads). */
export { loadScenario, parseScenario, resolve, type Experiment } from './resolve.js';
export { cellsOf } from './resolveCells.js';
export { buildRun } from './runPlan.js';
export { runScenario, runExperiment, type RunnerOptions, type ScenarioResults } from './runner.js';
export { buildEnergy } from './scenarioEnergy.js';
