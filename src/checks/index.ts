/** Checks: a scenario's predictions compiled, and evaluated against its runs. */
export { FAILURE_STATUSES, CRASHED } from './statuses.js';
export { compileChecks, CHECK_FUNCTIONS } from './compile.js';
export { evaluateChecks, type CheckPlan } from './evaluate.js';
export type { CheckResult, Outcome } from './checkResult.js';
export { describe as describeValues, type Stats } from './stats.js';
export type { Cell, Where } from './cell.js';
export type { RunResult } from './runResult.js';
