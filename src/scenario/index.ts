/** Scenarios as files: the schema, reading YAML/JSON with overrides, and validation errors. */
export { scenarioSchema, scenarioJsonSchema, type Scenario, type Check } from './schema.js';
export { validateScenario, type ValidatedScenario, type LoadOptions } from './load.js';
export { applyOverrides } from './overrides.js';
export { ScenarioError, FieldError, type FieldProblem } from './errors.js';
