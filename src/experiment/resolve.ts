/**
 * The resolver: a validated scenario → an `Experiment`, the typed plan everything downstream reads
 * (the runner, shards, merge, recheck, reports and notebooks). It resolves the sweep into cells
 * (resolveCells.ts: depth, time convention and noise as numbers), builds each distinct energy once,
 * validates every cell's run options once (as `simulate` would, on its first run), names the
 * columns the runs record, and compiles the checks and figure expressions. What it refuses is a
 * `ScenarioError` naming the file, the field and, when known, the line and column.
 */
import type { Cell, Where } from '../checks/cell.js';
import { compileChecks, compileRunExpression, type CompiledCheck } from '../checks/compile.js';
import { quantityNames } from '../checks/quantities.js';
import type { CompiledExpression } from '../expr/restricted.js';
import { checkBasisProblem } from '../scenario/checkBasis.js';
import { FieldError } from '../scenario/errors.js';
import { checkLimits, limitsFor } from '../scenario/limits.js';
import { fieldProblem, readScenarioText, validateScenario, type LoadOptions, type ValidatedScenario } from '../scenario/load.js';
import { sweepPaths, sweptValues, type Scenario } from '../scenario/schema.js';
import { baselineNames } from './baselines.js';
import { checkStopWhen } from './crossingEvents.js';
import { optimizerColumns } from './optimizer/spec.js';
import { cellsOf, numericWhere } from './resolveCells.js';
import { buildRun, checkRun, widthsOf } from './runPlan.js';
import { resolveStartsFile } from './runStart.js';
import { checkSaveGrid, fillLogGridStart } from './saveGrid.js';
import { buildEnergy, type BuiltEnergy } from './scenarioEnergy.js';

export type { LoadOptions };

/** A scenario resolved: what to run, cell by cell, and what to check and draw from the runs. */
export interface Experiment {
  readonly file: string;
  readonly scenario: Scenario;
  /** The raw document after overrides (what the manifest records as given). */
  readonly raw: unknown;
  /** The sweep's cells, resolved (checks/cell.ts). */
  readonly cells: Cell[];
  /** Every column some run records. */
  readonly quantities: string[];
  /** The check expressions, by check index. */
  readonly checks: Map<number, CompiledCheck>;
  /** Each check's `where:` with its values as numbers, by check index. */
  readonly where: Map<number, Where>;
  /** The `expr` of histogram figures (and the `law` of band figures), by figure index. */
  readonly figureExprs: Map<number, CompiledExpression>;
  /** Set when the scenario's reduced `quick:` profile was applied (`--quick`): what it changed. */
  readonly quick?: Readonly<Record<string, unknown>>;
}

/** Whether a factor model's penalty terms are on (they add the regulariser's columns). */
function regularized(s: Scenario, layers: number): boolean {
  const r = s.model.regularizer;
  return layers > 0 && r !== undefined && (r.weightDecay > 0 || r.balance > 0);
}

/**
 * Builds each cell's energy (cells that differ only outside it share one build) and first run, and
 * checks what only a built run shows. Returns the columns the runs record, over all cells.
 */
function checkCells(cells: readonly Cell[]): string[] {
  let quantities: string[] = [];
  const builtByEnergy = new Map<string, BuiltEnergy>();
  for (const cell of cells) {
    const s = cell.scenario;
    const key = JSON.stringify([s.energy, s.baseline]);
    const built = builtByEnergy.get(key) ?? buildEnergy(s);
    builtByEnergy.set(key, built);
    const widths = widthsOf(cell, built.energy);
    const first = buildRun(cell, 0, built, { shapesOnly: true });
    checkRun(cell, first);
    checkSaveGrid(first);
    const layers = s.model.parametrization === 'factors' ? widths.length - 1 : 0;
    if (s.model.compareEndToEnd && layers === 0)
      throw new FieldError('model.compareEndToEnd', 'compares a factor model with its end-to-end flow: needs parametrization factors');
    if (s.model.compareEndToEnd && s.model.noise)
      throw new FieldError('model.compareEndToEnd', 'compares with the deterministic end-to-end flow: not available with model.noise');
    const { rows, cols } = built.energy;
    const q = quantityNames(
      rows,
      cols,
      layers,
      rows === cols,
      s.model.compareEndToEnd,
      built.extras !== undefined,
      cell.time,
      built.margin !== undefined,
      s.model.noise !== undefined,
      regularized(s, layers),
      baselineNames(s, built),
    );
    quantities = [...new Set([...quantities, ...q, ...optimizerColumns(s)])];
    checkStopWhen(cell, built.energy, widths, q);
  }
  return quantities;
}

const notSwept = (s: Scenario): string => `not a swept field; this scenario sweeps ${sweepPaths(s).join(', ') || 'nothing'}`;
const unknownColumn = (c: string, quantities: readonly string[]): string => `unknown column "${c}"; this scenario records ${quantities.join(', ')}`;

/** `compare:` names swept fields and recorded columns. */
function checkCompare(s: Scenario, quantities: readonly string[]): void {
  const cmp = s.compare;
  if (!cmp) return;
  for (const p of Object.keys(cmp.reference)) if (sweptValues(s, p) === undefined) throw new FieldError(`compare.reference.${p}`, notSwept(s));
  cmp.quantities.forEach((q, j) => {
    if (!quantities.includes(q)) throw new FieldError(`compare.quantities.${String(j)}`, unknownColumn(q, quantities));
  });
}

/** Each check's evidence, `where:` (swept fields) and `cells:` (cells that exist); returns the `where:`s as numbers. */
function checkSelections(s: Scenario, cells: number): Map<number, Where> {
  const where = new Map<number, Where>();
  s.checks.forEach((c, i) => {
    checkBasisProblem(c, `checks.${String(i)}`);
    if (c.where) {
      for (const p of Object.keys(c.where)) if (sweptValues(s, p) === undefined) throw new FieldError(`checks.${String(i)}.where.${p}`, notSwept(s));
      where.set(i, numericWhere(c.where));
    }
    if (c.kind === 'ensemble' || c.kind === 'aggregate' || c.kind === 'paired')
      c.cells?.forEach((k, j) => {
        if (k >= cells)
          throw new FieldError(
            `checks.${String(i)}.cells.${String(j)}`,
            `cell ${String(k)} does not exist; the sweep grid has ${String(cells)} cells (0…${String(cells - 1)})`,
          );
      });
  });
  return where;
}

/** Compiles the figures' expressions and checks the columns they draw. */
function compileFigures(s: Scenario, quantities: readonly string[]): Map<number, CompiledExpression> {
  const figureExprs = new Map<number, CompiledExpression>();
  const compileAt = (i: number, field: string, text: string): void => {
    try {
      figureExprs.set(i, compileRunExpression(text, s, quantities));
    } catch (err) {
      throw new FieldError(`figures.${String(i)}.${field}`, (err as Error).message);
    }
  };
  s.figures.forEach((f, i) => {
    const ys = typeof f.y === 'string' ? [f.y] : f.y;
    if (f.expr !== undefined) {
      compileAt(i, 'expr', f.expr);
      return;
    }
    if (f.kind === 'band' && f.law !== undefined) compileAt(i, 'law', f.law);
    if (f.kind === 'summary') {
      if (sweptValues(s, f.x) === undefined)
        throw new FieldError(
          `figures.${String(i)}.x`,
          `a summary figure's x must be a swept field; this scenario sweeps ${sweepPaths(s).join(', ') || 'nothing'}`,
        );
      for (const c of ys) if (!quantities.includes(c)) throw new FieldError(`figures.${String(i)}.y`, unknownColumn(c, quantities));
      return;
    }
    for (const c of [f.x, ...ys]) if (!quantities.includes(c) && c !== 't') throw new FieldError(`figures.${String(i)}`, unknownColumn(c, quantities));
  });
  return figureExprs;
}

/** Resolves a validated scenario. Throws `ScenarioError` at the first problem, naming its field. */
export function resolve(v: ValidatedScenario, options: LoadOptions = {}): Experiment {
  const { file, scenario, raw } = v;
  const allowLarge = options.allowLarge === true;
  try {
    resolveStartsFile(scenario, raw, file);
    checkLimits(scenario, limitsFor(allowLarge), allowLarge);
    fillLogGridStart(scenario);
    const cells = cellsOf(scenario);
    const quantities = checkCells(cells);
    checkCompare(scenario, quantities);
    const where = checkSelections(scenario, cells.length);
    const checks = compileChecks(scenario, quantities);
    const figureExprs = compileFigures(scenario, quantities);
    return { file, scenario, raw, cells, quantities, checks, where, figureExprs, ...(v.quick ? { quick: v.quick } : {}) };
  } catch (err) {
    if (err instanceof FieldError) throw fieldProblem(file, err, v.where);
    throw err;
  }
}

/** Parses, validates and resolves scenario text. Throws `ScenarioError` with the problem found. */
export function parseScenario(text: string, file: string, overrides: readonly string[] = [], options: LoadOptions = {}): Experiment {
  return resolve(validateScenario(text, file, overrides, options), options);
}

/** Reads, validates and resolves a scenario file. */
export function loadScenario(file: string, overrides: readonly string[] = [], options: LoadOptions = {}): Experiment {
  return parseScenario(readScenarioText(file), file, overrides, options);
}
