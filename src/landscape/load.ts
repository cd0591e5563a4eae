/**
 * Loading a `kind: landscape` scenario: the document (shared with flow scenarios: limits, YAML,
 * `quick:`, `--set`), the schema, then what zod cannot check — one or two family parameters with
 * usable names and ranges, a square W whose entries compile, an energy on the same shape, the grid's
 * size, and every check expression. Every problem names the file, the position and the field path.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { Energy } from '../energies/energy.js';
import { compileRestricted, reservedNameReason, type CompiledExpression } from '../expr/restricted.js';
import { buildEnergy } from '../experiment/scenarioEnergy.js';
import { CHECK_FUNCTIONS } from '../checks/compile.js';
import { FieldError, ScenarioError } from '../scenario/errors.js';
import { landscapeMessages } from './messages.js';
import { landscapeSchema, type LandscapeAxis, type LandscapeScenario } from './schema.js';
import { limitsFor } from '../scenario/limits.js';
import { fieldProblem, quickRecord, readScenarioDocument, schemaProblems, type LoadOptions } from '../scenario/load.js';
import { infinityOf } from '../scenario/schema.js';
import { parseScenario, type Experiment } from '../experiment/resolve.js';

/** Values in landscape.csv (grid points × depths × betas) allowed without `--allow-large`. */
export const LANDSCAPE_MAX_VALUES = 2_000_000;

/** A landscape scenario ready to evaluate. */
export interface LoadedLandscape {
  readonly kind: 'landscape';
  readonly file: string;
  readonly scenario: LandscapeScenario;
  /** The raw document after overrides (what the manifest records as given). */
  readonly raw: unknown;
  /** The `quick:` overrides applied, by dotted path, when `--quick` changed something. */
  readonly quick?: Readonly<Record<string, unknown>>;
  /** The family parameters in file order, with their grids. */
  readonly axes: readonly { readonly name: string; readonly axis: LandscapeAxis }[];
  /** Side of the square W. */
  readonly d: number;
  /** The entries of W, row-major, compiled in the family parameters and params. */
  readonly entries: readonly CompiledExpression[];
  readonly energy: Energy;
  /** The depths N as numbers (Infinity for ∞), in the order of `depths:`. */
  readonly depths: readonly number[];
  /** Each check's `depths:` as numbers, by check index (undefined: every depth). */
  readonly checkDepths: readonly (readonly number[] | undefined)[];
  /** The columns of landscape.csv. */
  readonly columns: readonly string[];
  /** The columns of minimisers.csv. */
  readonly minimiserColumns: readonly string[];
  /** Check expressions by check index (`expect` or `assert`). */
  readonly checks: ReadonlyMap<number, CompiledExpression>;
}

/** True when a raw document declares `kind: landscape` (anything else is a flow scenario). */
export function isLandscapeDocument(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && (raw as Record<string, unknown>).kind === 'landscape';
}

const ROOTS = Object.keys(landscapeSchema.shape).filter((r) => r !== 'quick' && r !== 'kind');

/** Symbols every landscape expression sees besides the family parameters and params. */
const FIXED_SYMBOLS = ['N', 'beta', 'E', 'S', 'F', 'interior', 'boundary', 'defined'];

/** The columns of landscape.csv for a family with parameters `names` and side `d`. */
export function landscapeColumns(names: readonly string[], d: number): string[] {
  const w: string[] = [];
  for (let i = 1; i <= d; i++) for (let j = 1; j <= d; j++) w.push(`w${String(i)}${String(j)}`);
  return ['N', 'beta', ...names, ...w, ...Array.from({ length: d }, (_, i) => `sigma${String(i + 1)}`), 'E', 'S', 'F'];
}

/** The columns of minimisers.csv. */
export function minimiserColumns(names: readonly string[]): string[] {
  return ['N', 'beta', 'status', ...names, 'F', 'E', 'S', 'edge', ...names.map((n) => `grid_${n}`), 'gridF', 'undefinedPoints', 'evaluations'];
}

function checkAxes(s: LandscapeScenario, columns: readonly string[]): { name: string; axis: LandscapeAxis }[] {
  const axes = Object.entries(s.family)
    .filter(([k]) => k !== 'W')
    .map(([name, axis]) => ({ name, axis: axis as LandscapeAxis }));
  if (axes.length < 1 || axes.length > 2) throw new FieldError('family', landscapeMessages.axisCount(axes.length));
  for (const { name, axis } of axes) {
    const path = `family.${name}`;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new FieldError(path, landscapeMessages.axisName(name, 'expected letters, digits and _'));
    const why =
      reservedNameReason(name, Object.keys(CHECK_FUNCTIONS)) ??
      (columns.includes(name) || FIXED_SYMBOLS.includes(name) ? landscapeMessages.reservedName() : undefined);
    if (why !== undefined) throw new FieldError(path, landscapeMessages.axisName(name, why));
    if (name in s.params) throw new FieldError(path, landscapeMessages.axisName(name, 'it is also a param'));
    if (!(axis.from < axis.to)) throw new FieldError(`${path}.to`, landscapeMessages.axisOrder(axis.from, axis.to));
    if (axis.log && !(axis.from > 0)) throw new FieldError(`${path}.from`, landscapeMessages.axisLog(axis.from));
  }
  return axes;
}

function compileEntries(s: LandscapeScenario, symbols: readonly string[]): { d: number; entries: CompiledExpression[] } {
  const rows = s.family.W;
  const d = rows.length;
  rows.forEach((row, i) => {
    if (row.length !== rows[0]!.length) throw new FieldError(`family.W.${String(i)}`, landscapeMessages.raggedRow(row.length, rows[0]!.length));
  });
  if (rows[0]!.length !== d) throw new FieldError('family.W', landscapeMessages.notSquare(d, rows[0]!.length));
  const entries: CompiledExpression[] = [];
  rows.forEach((row, i) => {
    row.forEach((e, j) => {
      try {
        entries.push(compileRestricted(String(e), symbols));
      } catch (err) {
        throw new FieldError(`family.W.${String(i)}.${String(j)}`, (err as Error).message);
      }
    });
  });
  return { d, entries };
}

function compileChecks(s: LandscapeScenario, names: readonly string[], columns: readonly string[]): Map<number, CompiledExpression> {
  const params = Object.keys(s.params);
  const checks = new Map<number, CompiledExpression>();
  s.checks.forEach((c, i) => {
    if (c.kind === 'series') {
      if (!columns.includes(c.quantity)) throw new FieldError(`checks.${String(i)}.quantity`, landscapeMessages.unknownQuantity(c.quantity, columns));
      try {
        checks.set(i, compileRestricted(c.expect, [...new Set([...columns, ...params])], CHECK_FUNCTIONS));
      } catch (err) {
        throw new FieldError(`checks.${String(i)}.expect`, (err as Error).message);
      }
      return;
    }
    try {
      checks.set(i, compileRestricted(c.assert, [...new Set([...FIXED_SYMBOLS, ...names, ...params])], CHECK_FUNCTIONS));
    } catch (err) {
      throw new FieldError(`checks.${String(i)}.assert`, (err as Error).message);
    }
  });
  return checks;
}

/** Parses and validates landscape scenario text. Throws `ScenarioError` with every problem found. */
export function parseLandscape(text: string, file: string, overrides: readonly string[] = [], options: LoadOptions = {}): LoadedLandscape {
  const { raw, where, profile, quickForms } = readScenarioDocument(text, file, overrides, options, ROOTS);
  const parsed = landscapeSchema.safeParse(raw);
  if (!parsed.success) throw new ScenarioError(file, schemaProblems(parsed.error.issues, where, landscapeSchema, raw));
  const scenario = parsed.data;
  try {
    const names = Object.keys(scenario.family).filter((k) => k !== 'W');
    const d0 = scenario.family.W.length;
    const columns = landscapeColumns(names, d0);
    const axes = checkAxes(scenario, landscapeColumns([], d0));
    const { d, entries } = compileEntries(scenario, [...names, ...Object.keys(scenario.params)]);
    const { energy } = buildEnergy(scenario);
    if (energy.rows !== d || energy.cols !== d) throw new FieldError('energy', landscapeMessages.shapeMismatch(d, energy.rows, energy.cols));
    const values = axes.reduce((p, a) => p * a.axis.n, 1) * scenario.depths.length * scenario.betas.length;
    const limit = options.allowLarge === true ? limitsFor(true).savedValues : LANDSCAPE_MAX_VALUES;
    if (values > limit) throw new FieldError('family', landscapeMessages.tooLarge(values, limit));
    const checks = compileChecks(scenario, names, columns);
    const quick = quickRecord(profile, quickForms);
    return {
      kind: 'landscape',
      file,
      scenario,
      raw,
      ...(quick ? { quick } : {}),
      axes,
      d,
      entries,
      energy,
      depths: scenario.depths.map(infinityOf),
      checkDepths: scenario.checks.map((c) => c.depths?.map(infinityOf)),
      columns,
      minimiserColumns: minimiserColumns(names),
      checks,
    };
  } catch (err) {
    if (err instanceof FieldError) throw fieldProblem(file, err, where);
    throw err;
  }
}

/** Reads and validates a landscape scenario file. */
export function loadLandscape(file: string, overrides: readonly string[] = [], options: LoadOptions = {}): LoadedLandscape {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ScenarioError(file, [{ path: '', message: `cannot read the file: ${(err as Error).message}` }]);
  }
  return parseLandscape(text, file, overrides, options);
}

/**
 * Reads a scenario file of either kind: `kind: landscape` gives a `LoadedLandscape`, anything else is
 * loaded as a flow scenario (whose loader reports what is wrong with it).
 */
export function loadAnyScenario(file: string, overrides: readonly string[] = [], options: LoadOptions = {}): Experiment | LoadedLandscape {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ScenarioError(file, [{ path: '', message: `cannot read the file: ${(err as Error).message}` }]);
  }
  const limits = limitsFor(options.allowLarge === true);
  let peek: unknown;
  try {
    // a document over the size limit is refused by the flow loader before it is parsed
    peek = Buffer.byteLength(text, 'utf8') <= limits.documentBytes ? parseYaml(text, { maxAliasCount: limits.aliases }) : undefined;
  } catch {
    peek = undefined; // the flow loader reports the syntax error with its position
  }
  return isLandscapeDocument(peek) ? parseLandscape(text, file, overrides, options) : parseScenario(text, file, overrides, options);
}
