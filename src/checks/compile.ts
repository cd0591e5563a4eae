/**
 * Checks: the scenario's predictions held against the numerics (DESIGN.md, "Scenarios").
 * `series`: a computed column against an analytic expression in t and the parameters, at every saved
 * time (or a window), within `atol + rtol·|expected|`; `final`: a predicate on each run's final
 * values; `always`: on every saved row; `invariant`: the drift of the D_j; `status`: how runs may
 * end; `ensemble`: the fraction of runs satisfying a predicate, per cell; `aggregate`: a predicate per
 * cell on aggregates (`mean`, `median`, `quantile`, `std`, `fraction`) of per-run expressions over the
 * runs' final values. Expressions go through the restricted evaluator; a value that is not a real
 * number, or a predicate that is neither true nor false, fails its check showing the value.
 * Results carry tidy rows (series comparisons, per-cell counts and aggregates) that the figures map.
 */
import { isConstant } from '../expr/constants.js';
import type { MathNode } from 'mathjs';
import { entropy, freeEnergy, logVolumeElement } from '../analysis/volume.js';
import {
  compileNode,
  parseRestricted,
  reservedNameReason,
  variadic,
  type CompiledExpression,
  type ExprFunction,
  type SpecialForm,
} from '../expr/restricted.js';
import { lambdaInf, lambdaN } from '../flows/coefficients.js';
import { modeRiseTime, modeTime, modeValue } from '../flows/modes.js';
import { FieldError } from '../scenario/errors.js';
import { cellGuards, comparisonsOf, type Comparison } from './predicateSides.js';
import { sweepPaths, type Scenario } from '../scenario/schema.js';
import { crossingName, shortName } from './scope.js';

/** Functions a check may call besides the pure math ones (docs/theory.md §3, §4, §6). */
export const CHECK_FUNCTIONS: Readonly<Record<string, ExprFunction>> = {
  /** The mode law s(t) in upstairs time (docs/theory.md §4). */
  modeLaw: (N, sigma, s0, t) => modeValue(N, sigma, s0, t, 'upstairs'),
  /** The mode law s(τ) in normalised time (also for N = inf). */
  modeLawTau: (N, sigma, s0, tau) => modeValue(N, sigma, s0, tau, 'normalized'),
  /** When a small mode rises (upstairs time). */
  riseTime: (N, sigma, s0) => modeRiseTime(N, sigma, s0),
  /** The upstairs time t at which the mode law from s0 reaches s (the inverse of modeLaw). */
  modeTime: (N, sigma, s0, s) => modeTime(N, sigma, s0, s, 'upstairs'),
  /** The normalised time τ at which the mode law from s0 reaches s (the inverse of modeLawTau). */
  modeTimeTau: (N, sigma, s0, s) => modeTime(N, sigma, s0, s, 'normalized'),
  /** λ^N_il from a2 = σ_i², b2 = σ_l² (docs/theory.md §3). */
  lambdaN: (a2, b2, N) => lambdaN(a2, b2, N),
  /** λ^∞_il, the logarithmic mean of a2 = σ_i², b2 = σ_l². */
  lambdaInf: (a2, b2) => lambdaInf(a2, b2),
  /** log of the volume element at depth N of a square W with singular values s1 … sd: `logVolumeElement(N, sigma1, sigma2)`. */
  logVolumeElement: variadic((N, ...sigma) => logVolumeElement(sigma, N), 2),
  /** The entropy S at depth N of singular values s1 … sd: `entropy(N, sigma1, sigma2)`. */
  entropy: variadic((N, ...sigma) => entropy(sigma, N), 2),
  /** The free energy E − S/β: `freeEnergy(loss, N, beta, sigma1, sigma2)`. */
  freeEnergy: variadic((E, N, beta, ...sigma) => freeEnergy(E, sigma, N, beta), 4),
};

/** Aggregates over a cell's runs, usable only in `aggregate` checks: `median(abs(1 - w12*w21))`, `quantile(loss, 0.9)`, `sem(x)` (std/√n). */
export const AGGREGATES = ['mean', 'median', 'quantile', 'std', 'sem', 'fraction'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

export type { CheckResult, ComparisonRow, CellCount } from './checkResult.js';

/**
 * The symbols every check expression may use: t, tFinal, N, run, cell, params, swept fields, columns
 * and their values at t = 0 (`det_0`). `t` is every run's own time (τ in normalised time); `tau`
 * is a symbol only when every run is in normalised time (it names no column of an upstairs run).
 */
export function checkSymbols(s: Scenario, quantities: readonly string[]): string[] {
  const columns = quantities.includes('t') ? quantities.filter((q) => q !== 'tau') : quantities;
  return [
    ...new Set([
      't',
      't_0',
      'tFinal',
      'N',
      'run',
      'cell',
      ...Object.keys(s.params),
      ...sweepPaths(s).map(shortName),
      ...columns,
      ...columns.map((q) => `${q}_0`),
    ]),
  ];
}

/** Symbols a cell-level (aggregate) predicate may use outside its aggregates (`t` too when it is evaluated at every saved time). */
function cellSymbols(s: Scenario, everyTime = false): string[] {
  return [...new Set(['N', 'cell', ...(everyTime ? ['t'] : []), ...Object.keys(s.params), ...sweepPaths(s).map(shortName)])];
}

/** A check compiled: its expression, rewritten so run-level forms read the run's scope. */
export interface CompiledCheck extends CompiledExpression {
  /** `aggregate` checks: the per-run expressions, by the symbol that stands for their aggregate. */
  readonly aggregates?: readonly { symbol: string; kind: Aggregate; text: string; each: CompiledExpression; q?: number }[];
  /** The comparisons of a predicate (`final`, `always`, `ensemble`, `aggregate`), to show what each measured. */
  readonly comparisons?: readonly Comparison[];
}

/**
 * Rewrites `firstCrossing(column, level)` into a call `firstCrossing_column(level)` that the run's
 * scope binds (see `scopeOf`).
 */
function rewriteCrossings(node: MathNode): MathNode {
  return node.transform((n) => {
    if (n.type !== 'FunctionNode') return n;
    const f = n as unknown as { fn: { name: string }; args: MathNode[] };
    if (f.fn.name !== 'firstCrossing') return n;
    const column = (f.args[0] as unknown as { name: string }).name;
    const Fn = n.constructor as new (name: string, args: MathNode[]) => MathNode;
    return new Fn(crossingName(column), [rewriteCrossings(f.args[1]!)]);
  });
}

function compileExpression(
  text: string,
  symbols: readonly string[],
  quantities: readonly string[],
  extraForms: Readonly<Record<string, SpecialForm>> = {},
): { node: MathNode; compiled: CompiledCheck } {
  const forms: Record<string, SpecialForm> = { firstCrossing: { arity: [2, 2], columns: quantities }, ...extraForms };
  const node = parseRestricted(text, symbols, { functions: CHECK_FUNCTIONS, forms });
  const rewritten = rewriteCrossings(node);
  const compiled = compileNode(rewritten, text, CHECK_FUNCTIONS);
  // the comparisons only when the tree has no special form other than firstCrossing (aggregates compile their own)
  return { node, compiled: Object.keys(extraForms).length === 0 ? { ...compiled, comparisons: comparisonsOf(rewritten, CHECK_FUNCTIONS) } : compiled };
}

/** Compiles an expression evaluated on one run's rows (checks other than `aggregate`, histogram figures). */
export function compileRunExpression(text: string, s: Scenario, quantities: readonly string[]): CompiledExpression {
  return compileExpression(text, checkSymbols(s, quantities), quantities).compiled;
}

/** Compiles an `aggregate` predicate: each aggregate's argument per run, the rest per cell. */
function compileAggregate(text: string, s: Scenario, quantities: readonly string[], everyTime = false): CompiledCheck {
  const aggForms: Record<string, SpecialForm> = Object.fromEntries(
    AGGREGATES.map((a): [string, SpecialForm] => [a, { arity: a === 'quantile' ? [2, 2] : [1, 1] }]),
  );
  // the whole text with every symbol allowed, to check arities and names once
  const { node } = compileExpression(text, [...checkSymbols(s, quantities)], quantities, aggForms);
  const aggregates: { symbol: string; kind: Aggregate; text: string; each: CompiledExpression; q?: number }[] = [];
  const outer = node.transform((n) => {
    if (n.type !== 'FunctionNode') return n;
    const f = n as unknown as { fn: { name: string }; args: MathNode[] };
    if (!(AGGREGATES as readonly string[]).includes(f.fn.name)) return n;
    const kind = f.fn.name as Aggregate;
    const argText = f.args[0]!.toString();
    let q: number | undefined;
    if (kind === 'quantile') {
      const qn = f.args[1]!;
      q = qn.type === 'ConstantNode' ? (qn as unknown as { value: number }).value : NaN;
      if (!(q >= 0 && q <= 1)) throw new Error(`quantile(x, q) needs a number q in [0, 1] as its second argument, got ${qn.toString()}`);
    }
    const each = compileExpression(argText, checkSymbols(s, quantities), quantities);
    const symbol = `aggregate${String(aggregates.length)}`;
    aggregates.push({ symbol, kind, text: n.toString(), each: each.compiled, ...(q === undefined ? {} : { q }) });
    const Sym = (f.fn as unknown as { constructor: new (name: string) => MathNode }).constructor;
    return new Sym(symbol);
  });
  // outside the aggregates, only cell-level symbols: a run's column there would be ambiguous
  const cellSyms = new Set([...cellSymbols(s, everyTime), ...aggregates.map((a) => a.symbol)]);
  outer.traverse((n, path, parent) => {
    if (n.type !== 'SymbolNode' || ((parent as MathNode | null)?.type === 'FunctionNode' && path === 'fn')) return;
    const name = (n as unknown as { name: string }).name;
    if (!cellSyms.has(name) && !isConstant(name))
      throw new Error(`"${name}" is a value of each run: use it inside an aggregate (${AGGREGATES.join(', ')}), e.g. median(${name})`);
  });
  // each comparison's sides at the cell level; shown with the aggregates' own text in place of their symbols
  const comparisons = comparisonsOf(outer, CHECK_FUNCTIONS).map((k) => ({ ...k, text: shownAggregates(k.text, aggregates) }));
  const shownSides = comparisons.map((k) => ({
    ...k,
    lhs: { ...k.lhs, text: shownAggregates(k.lhs.text, aggregates) },
    rhs: { ...k.rhs, text: shownAggregates(k.rhs.text, aggregates) },
  }));
  return { ...compileNode(outer, text, CHECK_FUNCTIONS), aggregates, comparisons: shownSides };
}

/** A cell-level text with each aggregate's symbol replaced by the aggregate as written (`aggregate0` → `median(loss)`). */
function shownAggregates(text: string, aggregates: readonly { symbol: string; text: string }[]): string {
  return text.replace(/\baggregate(\d+)\b/g, (m, k: string) => aggregates[Number(k)]?.text ?? m);
}

/** Refuses a parameter or swept name that would shadow a built-in or a column. */
function checkNames(s: Scenario, quantities: readonly string[]): void {
  const taken = new Set(['t', 'tFinal', 'N', 'run', 'cell', ...quantities, ...quantities.map((q) => `${q}_0`)]);
  const reason = (name: string): string | undefined =>
    reservedNameReason(name, [...Object.keys(CHECK_FUNCTIONS), 'firstCrossing', ...AGGREGATES]) ??
    (taken.has(name) ? 'a column or built-in symbol of the checks' : undefined);
  for (const name of Object.keys(s.params)) {
    const why = reason(name);
    if (why) throw new FieldError(`params.${name}`, `"${name}" cannot be a parameter name: it is ${why}`);
  }
  for (const path of sweepPaths(s)) {
    if (path.startsWith('params.')) continue; // the parameter itself is checked above or below
    const name = shortName(path);
    const why = reservedNameReason(name);
    if (why) throw new FieldError(`sweep.${path}`, `the swept field's name "${name}" is a symbol of the checks and it is ${why}`);
  }
  for (const path of sweepPaths(s).filter((p) => p.startsWith('params.'))) {
    const why = reason(shortName(path));
    if (why) throw new FieldError(`sweep.${path}`, `"${shortName(path)}" cannot be a parameter name: it is ${why}`);
  }
}

/**
 * Refuses a predicate with a disjunct that tests only the cell (`N != 3 or …`, `measurements != 200
 * or …`): it is true in every cell it excludes, so the check would pass there without being evaluated —
 * and pass in a run that has no such cell at all. `where:` selects the cells instead.
 */
function refuseCellGuards(s: Scenario, text: string, symbols: readonly string[], quantities: readonly string[], at: string): void {
  const aggForms: Record<string, SpecialForm> = Object.fromEntries(
    AGGREGATES.map((a): [string, SpecialForm] => [a, { arity: a === 'quantile' ? [2, 2] : [1, 1] }]),
  );
  const node = parseRestricted(text, symbols, { functions: CHECK_FUNCTIONS, forms: { firstCrossing: { arity: [2, 2], columns: quantities }, ...aggForms } });
  const guards = cellGuards(node, new Set(['N', 'cell', ...sweepPaths(s).map(shortName)]));
  if (guards.length > 0)
    throw new FieldError(
      at,
      `"${guards[0]!} or …" makes the predicate true in every cell the guard excludes, so the check would pass there without being evaluated (and pass when no such cell ran): select the cells with where: {<swept path>: [values]} instead`,
    );
}

/** Compiles every expression, reporting a bad one at its field path. */
export function compileChecks(s: Scenario, quantities: readonly string[]): Map<number, CompiledCheck> {
  checkNames(s, quantities);
  const symbols = checkSymbols(s, quantities);
  const out = new Map<number, CompiledCheck>();
  s.checks.forEach((c, i) => {
    if (c.kind === 'paired') {
      if (!s.compare) throw new FieldError(`checks.${String(i)}`, 'a paired check compares cells with their reference: the scenario needs a compare field');
      if (!quantities.includes(c.quantity))
        throw new FieldError(`checks.${String(i)}.quantity`, `unknown quantity "${c.quantity}"; this scenario records ${quantities.join(', ')}`);
      return;
    }
    let field: string;
    let text: string;
    if (c.kind === 'series') [field, text] = ['expect', c.expect];
    else if (c.kind === 'final' || c.kind === 'always' || c.kind === 'aggregate') [field, text] = ['assert', c.assert];
    else if (c.kind === 'ensemble') [field, text] = ['each', c.each];
    else return;
    if (c.kind === 'series' && !quantities.includes(c.quantity))
      throw new FieldError(`checks.${String(i)}.quantity`, `unknown quantity "${c.quantity}"; this scenario records ${quantities.join(', ')}`);
    let compiled: CompiledCheck;
    try {
      compiled = c.kind === 'aggregate' ? compileAggregate(text, s, quantities, c.times === 'all') : compileExpression(text, symbols, quantities).compiled;
    } catch (err) {
      throw new FieldError(`checks.${String(i)}.${field}`, (err as Error).message);
    }
    if (c.kind !== 'series') refuseCellGuards(s, text, symbols, quantities, `checks.${String(i)}.${field}`);
    out.set(i, compiled);
  });
  return out;
}
