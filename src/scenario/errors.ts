/** Input errors that name the file, the field path and what was expected (exit code 2). */

export interface FieldProblem {
  /** Dotted path, e.g. `energy.observed.2.0`. */
  readonly path: string;
  readonly message: string;
  /** `file:line:col` when known. */
  readonly where?: string;
}

export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly FieldProblem[],
  ) {
    super(problems.map((p) => `${p.where ?? file}: ${p.path === '' ? '(top level)' : p.path}: ${p.message}`).join('\n'));
    this.name = 'ScenarioError';
  }
}

/** Thrown while building an experiment from a schema-valid scenario; the loader adds the file. */
export class FieldError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'FieldError';
  }
}
