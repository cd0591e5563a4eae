/**
 * Loading a scenario: YAML or JSON text → schema validation → the checks zod cannot do (by building
 * every cell's first run and compiling every expression). Every problem names the file, the line
 * and column when known, the field path and what was expected.
 */
import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument, parse as parseYaml } from 'yaml';
import type { Document } from 'yaml';
import { buildEnergy, buildRun, cellsOf, resolveStartsFile, widthsOf } from './build.js';
import { compileChecks, compileRunExpression, type CompiledCheck } from './checks.js';
import type { CompiledExpression } from '../expr/restricted.js';
import { FieldError, ScenarioError, type FieldProblem } from './errors.js';
import { quantityNames } from './quantities.js';
import { scenarioSchema, type Scenario } from './schema.js';

export interface Loaded {
  readonly file: string;
  readonly scenario: Scenario;
  /** The raw document after overrides (what the manifest records as given). */
  readonly raw: unknown;
  readonly quantities: string[];
  /** The check expressions, by check index, compiled once here. */
  readonly checks: Map<number, CompiledCheck>;
  /** The `expr` of histogram figures, by figure index. */
  readonly figureExprs: Map<number, CompiledExpression>;
}

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

/** Applies `key=value` overrides (dotted paths; values parsed as YAML scalars) to a raw document. */
export function applyOverrides(raw: unknown, overrides: readonly string[], file: string): unknown {
  const copy = structuredClone(raw) as Record<string, unknown>;
  for (const o of overrides) {
    const eq = o.indexOf('=');
    if (eq <= 0) throw new ScenarioError(file, [{ path: '--set', message: `expected key=value, got "${o}"` }]);
    const keys = o.slice(0, eq).split('.');
    const value: unknown = parseYaml(o.slice(eq + 1));
    let obj: Record<string, unknown> = copy;
    for (const k of keys.slice(0, -1)) {
      const next = obj[k];
      if (typeof next !== 'object' || next === null) obj[k] = {};
      obj = obj[k] as Record<string, unknown>;
    }
    obj[keys.at(-1)!] = value;
  }
  return copy;
}

/** Parses and validates scenario text. Throws `ScenarioError` with every problem found. */
export function parseScenario(text: string, file: string, overrides: readonly string[] = []): Loaded {
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
  const raw = applyOverrides(doc.toJS() as unknown, overrides, file);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ScenarioError(file, [{ path: '', message: 'expected a mapping of scenario fields' }]);
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const problems: FieldProblem[] = parsed.error.issues.map((iss) => {
      const where = position(doc, lc, file, iss.path);
      const path = iss.path.map(String).join('.');
      const message = iss.code === 'unrecognized_keys' ? `unknown field${iss.keys.length > 1 ? 's' : ''} ${iss.keys.map((k) => `"${k}"`).join(', ')}` : iss.message;
      return where ? { path, message, where } : { path, message };
    });
    throw new ScenarioError(file, problems);
  }
  const scenario = parsed.data;
  try {
    resolveStartsFile(scenario, raw, file);
    const cells = cellsOf(scenario);
    let quantities: string[] = [];
    for (const cell of cells) {
      const built = buildEnergy(cell.scenario);
      const widths = widthsOf(cell.scenario, built.energy);
      buildRun(cell, 0, built);
      const layers = cell.scenario.model.parametrization === 'factors' ? widths.length - 1 : 0;
      if (cell.scenario.model.compareEndToEnd && layers === 0) throw new FieldError('model.compareEndToEnd', 'compares a factor model with its end-to-end flow: needs parametrization factors');
      const time = cell.scenario.model.time ?? (cell.scenario.model.depth === 'inf' ? 'normalized' : 'upstairs');
      const q = quantityNames(built.energy.rows, built.energy.cols, layers, built.energy.rows === built.energy.cols, cell.scenario.model.compareEndToEnd, built.extras !== undefined, time);
      quantities = [...new Set([...quantities, ...q])];
    }
    scenario.checks.forEach((c, i) => {
      if (c.kind === 'ensemble' || c.kind === 'aggregate') c.cells?.forEach((k, j) => {
        if (k >= cells.length) throw new FieldError(`checks.${String(i)}.cells.${String(j)}`, `cell ${String(k)} does not exist; the sweep grid has ${String(cells.length)} cells (0…${String(cells.length - 1)})`);
      });
    });
    const checks = compileChecks(scenario, quantities);
    const figureExprs = new Map<number, CompiledExpression>();
    scenario.figures.forEach((f, i) => {
      const ys = typeof f.y === 'string' ? [f.y] : f.y;
      if (f.expr !== undefined) {
        try {
          figureExprs.set(i, compileRunExpression(f.expr, scenario, quantities));
        } catch (err) {
          throw new FieldError(`figures.${String(i)}.expr`, (err as Error).message);
        }
        return;
      }
      if (f.kind === 'summary') {
        if (!(f.x in scenario.sweep)) throw new FieldError(`figures.${String(i)}.x`, `a summary figure's x must be a swept field; this scenario sweeps ${Object.keys(scenario.sweep).join(', ') || 'nothing'}`);
        for (const c of ys) if (!quantities.includes(c)) throw new FieldError(`figures.${String(i)}.y`, `unknown column "${c}"; this scenario records ${quantities.join(', ')}`);
        return;
      }
      for (const c of [f.x, ...ys]) if (!quantities.includes(c) && c !== 't') throw new FieldError(`figures.${String(i)}`, `unknown column "${c}"; this scenario records ${quantities.join(', ')}`);
    });
    return { file, scenario, raw, quantities, checks, figureExprs };
  } catch (err) {
    if (err instanceof FieldError) {
      const where = position(doc, lc, file, err.path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)));
      throw new ScenarioError(file, [where ? { path: err.path, message: err.message, where } : { path: err.path, message: err.message }]);
    }
    throw err;
  }
}

/** Reads and validates a scenario file. */
export function loadScenario(file: string, overrides: readonly string[] = []): Loaded {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ScenarioError(file, [{ path: '', message: `cannot read the file: ${(err as Error).message}` }]);
  }
  return parseScenario(text, file, overrides);
}
