/** Input errors that name the file, the field path and what was expected (exit code 2). */

export interface FieldProblem {
  /** Dotted path, e.g. `energy.observed.2.0`. */
  readonly path: string;
  readonly message: string;
  /** `file:line:col` when known. */
  readonly where?: string;
}

/** The longest a path or message is shown: a 1 MB field echoed back would bury the error. */
export const MAX_SHOWN = 300;

/** `text` cut in the middle to at most about `MAX_SHOWN` characters, saying how much was left out. */
export function clip(text: string): string {
  if (text.length <= MAX_SHOWN) return text;
  const keep = MAX_SHOWN / 2;
  return `${text.slice(0, keep)}… (${String(text.length - 2 * keep)} characters elided) …${text.slice(-keep)}`;
}

/** At most this many problems are listed (broken YAML can produce one per line). */
export const MAX_PROBLEMS = 10;

export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly FieldProblem[],
  ) {
    const shown = problems.slice(0, MAX_PROBLEMS).map((p) => `${clip(p.where ?? file)}: ${p.path === '' ? '(top level)' : clip(p.path)}: ${clip(p.message)}`);
    if (problems.length > MAX_PROBLEMS) shown.push(`… and ${String(problems.length - MAX_PROBLEMS)} more problems`);
    super(shown.join('\n'));
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
