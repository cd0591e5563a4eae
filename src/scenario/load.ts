/**
 * Reading a scenario: YAML or JSON text (with its `quick:` profile and `--set` flags applied) →
 * schema validation. What zod cannot check (building every cell's first run, compiling every
 * expression) is the resolver's (experiment/resolve.ts). Every problem names the file, the line and
 * column when known, the field path and what was expected.
 */
import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import type { z } from 'zod';
import { applyQuickChecks, type QuickForm } from './quickChecks.js';
import { FieldError, ScenarioError, type FieldProblem } from './errors.js';
import { flowNesting } from './flowNesting.js';
import { limitMessages, limitsFor } from './limits.js';
import { scenarioSchema, type Scenario } from './schema.js';
import { fieldsAt, nearest } from './suggest.js';
import { applyParsed, FLOW_ROOTS, overrideAt, parseOverrides, quickOverrides, type Override } from './overrides.js';

function position(doc: Document, lc: LineCounter, file: string, path: readonly PropertyKey[]): string | undefined {
  for (let k = path.length; k >= 0; k--) {
    const node = doc.getIn(path.slice(0, k) as unknown[], true);
    if (isNode(node) && node.range) {
      const { line, col } = lc.linePos(node.range[0]);
      return `${file}:${String(line)}:${String(col)}`;
    }
  }
  return undefined;
}

/** Options of loading. */
export interface LoadOptions {
  /** Lift the default size limits (`--allow-large`). */
  readonly allowLarge?: boolean;
  /** Apply the scenario's `quick:` profile (`--quick`, what `npm start` runs) before the `--set` flags. */
  readonly quick?: boolean;
}

/** A scenario document read, with its `quick:` profile (under `--quick`) and `--set` flags applied, before its schema. */
export interface ScenarioDocument {
  readonly raw: Record<string, unknown>;
  /** `file:line:col` of a field (or the flag that set it), when known. */
  readonly where: (path: readonly PropertyKey[]) => string | undefined;
  /** The `quick:` overrides applied (empty without `--quick`). */
  readonly profile: readonly Override[];
  /** The checks run in their quick form (empty without `--quick`). */
  readonly quickForms: readonly QuickForm[];
}

/**
 * Reads scenario text up to its schema: the size and nesting limits, YAML/JSON parsing, aliases,
 * the `quick:` profile and the `--set` flags (whose first segment must be one of `roots`). Shared by
 * flow and landscape scenarios. Throws `ScenarioError`.
 */
export function readScenarioDocument(
  text: string,
  file: string,
  overrides: readonly string[],
  options: LoadOptions,
  roots: readonly string[] = FLOW_ROOTS,
): ScenarioDocument {
  const limits = limitsFor(options.allowLarge === true);
  const size = Buffer.byteLength(text, 'utf8');
  if (size > limits.documentBytes) throw new ScenarioError(file, [{ path: '', message: limitMessages.document(size, limits.documentBytes) }]);
  if (flowNesting(text, limits.nesting) > limits.nesting) throw new ScenarioError(file, [{ path: '', message: limitMessages.nesting(limits.nesting) }]);
  const sets = parseOverrides(overrides, file, roots);
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0)
    throw new ScenarioError(
      file,
      doc.errors.map((e) => {
        const { line, col } = lc.linePos(e.pos[0]);
        return { path: '', message: `not valid YAML/JSON: ${e.message.split('\n')[0]!}`, where: `${file}:${String(line)}:${String(col)}` };
      }),
    );
  let js: unknown;
  try {
    js = doc.toJS({ maxAliasCount: limits.aliases });
  } catch (err) {
    // yaml throws a ReferenceError for too many alias expansions (and for an alias to nothing)
    const message =
      err instanceof Error && /alias count/i.test(err.message)
        ? limitMessages.aliases(limits.aliases)
        : `not valid YAML/JSON: ${(err as Error).message.split('\n')[0]!}`;
    throw new ScenarioError(file, [{ path: '', message }]);
  }
  const quickSets = quickOverrides(js, file, (key) => position(doc, lc, file, ['quick', key]), roots);
  const profile = options.quick === true && quickSets.length > 0 ? quickSets : [];
  let quickForms: QuickForm[] = [];
  const where = (path: readonly PropertyKey[]): string | undefined => {
    const set = overrideAt(sets, path);
    if (set) return `${file}: ${set.flag}`;
    // a field a check's quick form set is found in that form
    const form = path[0] === 'checks' && quickForms.find((f) => String(f.index) === String(path[1]));
    if (form && path.length > 2 && form.fields.includes(String(path[2]))) return position(doc, lc, file, ['checks', form.index, 'quick', ...path.slice(2)]);
    const fromProfile = overrideAt(profile, path);
    return fromProfile ? `${file}: ${fromProfile.flag}` : position(doc, lc, file, path);
  };
  // the profile, then the checks' quick forms, then --set (which reaches no check: it sets no array element)
  const reduced = applyParsed(js, profile);
  if (typeof reduced !== 'object' || reduced === null || Array.isArray(reduced))
    throw new ScenarioError(file, [{ path: '', message: 'expected a mapping of scenario fields' }]);
  let formed: Record<string, unknown>;
  try {
    const applied = applyQuickChecks(reduced as Record<string, unknown>, options.quick === true);
    quickForms = applied.forms;
    formed = applied.raw;
  } catch (err) {
    if (err instanceof FieldError) throw fieldProblem(file, err, where);
    throw err;
  }
  return { raw: applyParsed(formed, sets) as Record<string, unknown>, where, profile, quickForms };
}

/** The problems of a failed zod parse, each with the field's path and position. */
export function schemaProblems(issues: readonly z.core.$ZodIssue[], where: ScenarioDocument['where'], schema?: z.ZodType, raw?: unknown): FieldProblem[] {
  return issues.map((iss) => {
    const at = where(iss.path);
    const path = iss.path.map(String).join('.');
    // an unknown field names the nearest field of the same object, when one is near enough to be a typo
    const fields = iss.code === 'unrecognized_keys' && schema !== undefined ? fieldsAt(schema, raw, iss.path) : [];
    const many = iss.code === 'unrecognized_keys' && iss.keys.length > 1;
    const known = (k: string): string => {
      const near = nearest(k, fields);
      return near === undefined ? `"${k}"` : many ? `"${k}" (did you mean "${near}"?)` : `"${k}": did you mean "${near}"?`;
    };
    const message = iss.code === 'unrecognized_keys' ? `unknown field${iss.keys.length > 1 ? 's' : ''} ${iss.keys.map(known).join(', ')}` : iss.message;
    return at ? { path, message, where: at } : { path, message };
  });
}

/** A `FieldError` as a `ScenarioError` naming the file and, when known, the field's position. */
export function fieldProblem(file: string, err: FieldError, where: ScenarioDocument['where']): ScenarioError {
  const keys = err.path.startsWith('sweep.') ? ['sweep', err.path.slice(6)] : err.path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  const at = where(keys);
  return new ScenarioError(file, [at ? { path: err.path, message: err.message, where: at } : { path: err.path, message: err.message }]);
}

/**
 * What `--quick` changed, by dotted path: the profile's overrides, and each check run in its quick
 * form as `checks.<i>` → `{ full, quick }` (the two names). Undefined when nothing changed.
 */
export function quickRecord(profile: readonly Override[], forms: readonly QuickForm[]): Record<string, unknown> | undefined {
  if (profile.length === 0 && forms.length === 0) return undefined;
  return {
    ...Object.fromEntries(profile.map((o) => [o.keys.join('.'), o.value])),
    ...Object.fromEntries(forms.map((f) => [`checks.${String(f.index)}`, { full: f.full, quick: f.quick }])),
  };
}

/** A scenario document that passed its schema, before it is resolved (experiment/resolve.ts). */
export interface ValidatedScenario {
  readonly file: string;
  readonly scenario: Scenario;
  /** The raw document after overrides (what the manifest records as given). */
  readonly raw: Record<string, unknown>;
  readonly where: ScenarioDocument['where'];
  /** What `--quick` changed (`quickRecord`), when it changed anything. */
  readonly quick?: Readonly<Record<string, unknown>>;
}

/** Parses scenario text and validates it against the schema. Throws `ScenarioError`. */
export function validateScenario(text: string, file: string, overrides: readonly string[] = [], options: LoadOptions = {}): ValidatedScenario {
  const { raw, where, profile, quickForms } = readScenarioDocument(text, file, overrides, options);
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) throw new ScenarioError(file, schemaProblems(parsed.error.issues, where, scenarioSchema, raw));
  const scenario = parsed.data;
  const quick = quickRecord(profile, quickForms);
  return { file, scenario, raw, where, ...(quick ? { quick } : {}) };
}

/** A scenario file's text; a file that cannot be read is a `ScenarioError` naming it. */
export function readScenarioText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new ScenarioError(file, [{ path: '', message: `cannot read the file: ${(err as Error).message}` }]);
  }
}
