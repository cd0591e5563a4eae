/** A scenario end to end: run → checks → tables → figures → report and manifest. */
export { executeScenario, type ScenarioReport } from './execute.js';
