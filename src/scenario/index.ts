/** Scenarios: schema, loading, building, running (worker threads), checks. */
export { scenarioSchema, scenarioJsonSchema, type Scenario, type Check } from './schema.js';
export { loadScenario, parseScenario, type Loaded } from './load.js';
export { applyOverrides } from './overrides.js';
export { ScenarioError, FieldError, type FieldProblem } from './errors.js';
export { runScenario, type RunnerOptions, type ScenarioResults } from './runner.js';
export { FAILURE_STATUSES, CRASHED } from './statuses.js';
export { compileChecks, CHECK_FUNCTIONS } from './checks.js';
export { evaluateChecks } from './evaluateChecks.js';
export type { CheckResult, Outcome } from './checkResult.js';
export { describe as describeValues, type Stats } from './stats.js';
export { cellsOf, buildRun, type Cell } from './build.js';
export { buildEnergy } from './scenarioEnergy.js';
export type { RunResult } from './runResult.js';
