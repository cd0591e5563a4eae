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
import type { Cell } from './build.js';
import { FieldError } from './errors.js';
import type { RunResult } from './runOne.js';
import { sweepPaths, type Check, type Scenario } from './schema.js';
import { quantile } from './stats.js';
import { firstCrossing } from './crossing.js';
import { pairedRows } from './paired.js';
import { rowTime, timeColumn } from './quantities.js';

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
type Aggregate = (typeof AGGREGATES)[number];

/** One series comparison: a run at a saved time. */
export interface ComparisonRow {
  readonly cell: number;
  readonly run: number;
  readonly t: number;
  readonly computed: number;
  readonly expected: number;
  readonly error: number;
  readonly allowed: number;
}

/** An ensemble predicate in one cell: `yes` of `n` runs (runs with at least one saved row). */
export interface CellCount {
  readonly cell: number;
  readonly yes: number;
  readonly n: number;
}

export interface CheckResult {
  readonly name: string;
  /** A flow check's kind, or `minimisers` (landscape scenarios, `landscapeChecks.ts`). */
  readonly kind: Check['kind'] | 'minimisers';
  readonly passed: boolean;
  /** One sentence: what was compared and the worst case. */
  readonly detail: string;
  readonly worst?: { cell: number; run: number; t?: number; computed?: number; expected?: number; error?: number; allowed?: number };
  readonly fractions?: { cell: number; fraction: number }[];
  /** `aggregate` checks: per cell, each aggregate's value (by its text) and whether the predicate held. */
  readonly cells?: { cell: number; values: Record<string, number>; passed: boolean }[];
  /** `paired`: per cell, the difference to its reference cell (centre and 95% interval) and whether it met the bounds. */
  readonly paired?: { cell: number; reference: number; n: number; centre: number; lo: number; hi: number; passed: boolean }[];
  /** `series`: every comparison made (not serialised: the figures map them). */
  readonly comparisons?: readonly ComparisonRow[];
  /** `ensemble`: the predicate's count in every cell of the grid (not serialised). */
  readonly counts?: readonly CellCount[];
}

/** Attaches tidy rows to a result without putting them in checks.json. */
function withTidy<T extends CheckResult>(r: T, key: 'comparisons' | 'counts', rows: readonly unknown[]): T {
  return Object.defineProperty(r, key, { value: rows, enumerable: false });
}

/** Swept paths whose last segment would shadow a function of the checks get a longer symbol. */
const SHORT_NAMES: Readonly<Record<string, string>> = { 'energy.noise.std': 'noiseStd' };
const shortName = (path: string): string => SHORT_NAMES[path] ?? path.split('.').at(-1)!;

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
}

const crossingName = (column: string): string => `firstCrossing_${column}`;

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
): { node: MathNode; compiled: CompiledExpression } {
  const forms: Record<string, SpecialForm> = { firstCrossing: { arity: [2, 2], columns: quantities }, ...extraForms };
  const node = parseRestricted(text, symbols, { functions: CHECK_FUNCTIONS, forms });
  return { node, compiled: compileNode(rewriteCrossings(node), text, CHECK_FUNCTIONS) };
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
    if (!cellSyms.has(name) && !['pi', 'e', 'Infinity', 'inf', 'NaN', 'true', 'false'].includes(name))
      throw new Error(`"${name}" is a value of each run: use it inside an aggregate (${AGGREGATES.join(', ')}), e.g. median(${name})`);
  });
  return { ...compileNode(outer, text, CHECK_FUNCTIONS), aggregates };
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
    try {
      out.set(i, c.kind === 'aggregate' ? compileAggregate(text, s, quantities, c.times === 'all') : compileExpression(text, symbols, quantities).compiled);
    } catch (err) {
      throw new FieldError(`checks.${String(i)}.${field}`, (err as Error).message);
    }
  });
  return out;
}

/** The run-level part of a scope: N, run, cell, tFinal, params, swept values, values at t = 0 and `firstCrossing`. */
/**
 * A swept path's value in a cell: the swept value, or — for a path only another grid of a list sweeps —
 * the cell scenario's own number there (`NaN` when it has none: e.g. no width at depth 1).
 */
export function cellValue(cell: Cell, path: string): number {
  const v = cell.values[path];
  if (v !== undefined) return v;
  let o: unknown = cell.scenario;
  for (const k of path.split('.')) o = typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[k] : undefined;
  return typeof o === 'number' ? o : o === 'inf' ? Infinity : NaN;
}

function runScope(s: Scenario, cell: Cell, r: RunResult): Record<string, number | ((level: number) => number)> {
  const last = r.rows.at(-1);
  const scope: Record<string, number | ((level: number) => number)> = {
    N: r.depth,
    run: r.run,
    cell: cell.index,
    tFinal: last ? rowTime(last) : 0,
    ...s.params,
  };
  for (const p of sweepPaths(s)) scope[shortName(p)] = cellValue(cell, p);
  const first = r.rows[0];
  if (first) {
    for (const [k, v] of Object.entries(first)) scope[`${k}_0`] = v;
    scope.t_0 = rowTime(first);
  }
  const columns = first ? Object.keys(first) : [];
  const time = timeColumn(r.time);
  for (const q of columns) scope[crossingName(q)] = (level: number) => firstCrossing(r.rows, q, level, time);
  return scope;
}

/** The symbols a check expression sees for one saved row of one run. */
export function scopeOf(s: Scenario, cell: Cell, r: RunResult, row: Record<string, number>): Record<string, number | ((level: number) => number)> {
  return { ...runScope(s, cell, r), ...row, t: rowTime(row) };
}

/** A predicate's verdict: true, false, or why it is neither (a value that is not 0 or 1, a complex value, an error). */
function verdict(expr: CompiledExpression, scope: Readonly<Record<string, number | ((l: number) => number)>>): { ok: boolean; value?: string } {
  let v: number;
  try {
    v = expr.evaluate(scope);
  } catch (e) {
    return { ok: false, value: (e as Error).message };
  }
  if (v === 1) return { ok: true };
  if (v === 0) return { ok: false };
  return { ok: false, value: `"${expr.text}" evaluated to ${String(v)}, not true or false` };
}

const describeValue = (v: number | string): string => (typeof v === 'number' ? String(v) : v);
const fmt = (v: number): string => (Number.isFinite(v) ? v.toPrecision(3) : String(v));

/** A check's `where:`: the selected values of each named swept path ('inf' is depth ∞). */
type CellWhere = Readonly<Record<string, readonly (number | 'inf')[]>>;

/** Whether a cell's swept values are among those `where` selects (every cell when it is absent). */
function inWhere(where: CellWhere | undefined, values: Readonly<Record<string, number>>): boolean {
  return !where || Object.entries(where).every(([path, vs]) => vs.some((v) => values[path] === (v === 'inf' ? Infinity : v)));
}

/** `where` in words: `model.depth ∈ {2, 3}, init.scale ∈ {0.001}`. */
function whereText(where: CellWhere): string {
  return Object.entries(where)
    .map(([path, vs]) => `${path} ∈ {${vs.map(String).join(', ')}}`)
    .join(', ');
}

export function evaluateChecks(
  s: Scenario,
  cells: readonly Cell[],
  results: readonly RunResult[],
  compiled: ReadonlyMap<number, CompiledCheck | CompiledExpression>,
): CheckResult[] {
  return s.checks.map((c, i): CheckResult => {
    const expr = compiled.get(i);
    switch (c.kind) {
      case 'series': {
        let worst: CheckResult['worst'];
        let worstRatio = -1;
        let count = 0;
        let failure: string | undefined;
        const comparisons: ComparisonRow[] = [];
        for (const r of results) {
          const cell = cells[r.cell]!;
          const base = runScope(s, cell, r);
          for (const row of r.rows) {
            const t = rowTime(row);
            if (c.window && (t < c.window[0] || t > c.window[1])) continue;
            const computed = row[c.quantity];
            if (computed === undefined) continue;
            let expected: number;
            try {
              expected = expr!.evaluate({ ...base, ...row, t });
            } catch (e) {
              failure ??= `${(e as Error).message} at t = ${String(t)} (cell ${String(r.cell)}, run ${String(r.run)})`;
              continue;
            }
            const error = Math.abs(computed - expected);
            const allowed = c.atol + c.rtol * Math.abs(expected);
            const ratio = Number.isNaN(error) ? Infinity : allowed > 0 ? error / allowed : error === 0 ? 0 : Infinity;
            count++;
            comparisons.push({ cell: r.cell, run: r.run, t, computed, expected, error, allowed });
            if (ratio > worstRatio) {
              worstRatio = ratio;
              worst = { cell: r.cell, run: r.run, t, computed, expected, error, allowed };
            }
          }
        }
        const passed = failure === undefined && count > 0 && worstRatio <= 1;
        const detail =
          failure !== undefined
            ? `the prediction has no real value: ${failure}`
            : count === 0
              ? `no saved value of ${c.quantity} to compare`
              : `${c.quantity} against ${c.expect} at ${String(count)} saved times: worst |error| ${worst!.error!.toExponential(3)} at t = ${String(worst!.t)} (cell ${String(worst!.cell)}, run ${String(worst!.run)}; computed ${String(worst!.computed)}, expected ${String(worst!.expected)}, allowed ${worst!.allowed!.toExponential(3)})`;
        return withTidy({ name: c.name, kind: c.kind, passed, detail, ...(worst ? { worst } : {}) }, 'comparisons', comparisons);
      }
      case 'final':
      case 'always': {
        // the same predicate, on each run's last row or on every row
        const rowsOf = (r: RunResult): Record<string, number>[] => (c.kind === 'final' ? r.rows.slice(-1) : r.rows);
        let count = 0;
        for (const r of results) {
          const base = runScope(s, cells[r.cell]!, r);
          for (const row of rowsOf(r)) {
            count++;
            const v = verdict(expr!, { ...base, ...row, t: rowTime(row) });
            if (!v.ok) {
              const shown = Object.entries(row)
                .filter(([k]) => c.assert.includes(k))
                .map(([k, x]) => `${k} = ${String(x)}`)
                .join(', ');
              const what = v.value ?? `"${c.assert}" is false`;
              return {
                name: c.name,
                kind: c.kind,
                passed: false,
                detail: `${what} at t = ${String(rowTime(row))} (cell ${String(r.cell)}, run ${String(r.run)}; ${shown})`,
                worst: { cell: r.cell, run: r.run, t: rowTime(row) },
              };
            }
          }
        }
        const where =
          c.kind === 'final'
            ? `for all ${String(results.length)} runs at their final time`
            : `at all ${String(count)} saved times of ${String(results.length)} runs`;
        return { name: c.name, kind: c.kind, passed: count > 0, detail: `"${c.assert}" holds ${where}` };
      }
      case 'invariant': {
        let worst = 0;
        let at: CheckResult['worst'];
        for (const r of results)
          for (const row of r.rows) {
            const d = row.invariantDrift;
            if (d !== undefined && !(d <= worst)) {
              worst = d;
              at = { cell: r.cell, run: r.run, t: rowTime(row), computed: d };
            }
          }
        const has = results.some((r) => r.rows.some((row) => row.invariantDrift !== undefined));
        return {
          name: c.name,
          kind: c.kind,
          passed: has && worst <= c.maxDrift,
          detail: has
            ? `max invariant drift ${worst.toExponential(3)} (bound ${c.maxDrift.toExponential(3)})`
            : 'no invariants: the model is not a factor model',
          ...(at ? { worst: at } : {}),
        };
      }
      case 'status': {
        const chosen = results.filter((r) => inWhere(c.where, cells[r.cell]!.values));
        const bad = chosen.find((r) => !(c.expect as readonly string[]).includes(r.status));
        return bad
          ? {
              name: c.name,
              kind: c.kind,
              passed: false,
              detail: `cell ${String(bad.cell)}, run ${String(bad.run)} ended with ${bad.status}: ${bad.message}`,
              worst: { cell: bad.cell, run: bad.run },
            }
          : {
              name: c.name,
              kind: c.kind,
              passed: chosen.length > 0,
              detail:
                chosen.length > 0
                  ? `all ${String(chosen.length)} runs${c.where ? ` of the cells where ${whereText(c.where)}` : ''} ended with ${[...new Set(chosen.map((r) => r.status))].join(' / ')}`
                  : `no run${c.where ? ` in a cell where ${whereText(c.where)}` : ''}`,
            };
      }
      case 'ensemble': {
        let failure: string | undefined;
        const counts: CellCount[] = cells.map((cell) => {
          const rs = results.filter((r) => r.cell === cell.index && r.rows.length > 0);
          let yes = 0;
          for (const r of rs) {
            const v = verdict(expr!, scopeOf(s, cell, r, r.rows.at(-1)!));
            if (v.ok) yes++;
            else if (v.value !== undefined) failure ??= `${v.value} (cell ${String(cell.index)}, run ${String(r.run)})`;
          }
          return { cell: cell.index, yes, n: rs.length };
        });
        const chosen = c.cells ? counts.filter((k) => c.cells!.includes(k.cell)) : counts;
        const fractions = chosen.map((k) => ({ cell: k.cell, fraction: k.n > 0 ? k.yes / k.n : NaN }));
        const passed = failure === undefined && fractions.every((f) => f.fraction >= c.min && f.fraction <= c.max);
        const detail = `fraction of runs with "${c.each}" per cell: ${fractions.map((f) => `${String(f.cell)}: ${f.fraction.toFixed(3)}`).join(', ')} (required ${String(c.min)}…${String(c.max)})`;
        return withTidy(
          { name: c.name, kind: c.kind, passed, detail: failure === undefined ? detail : `${detail}; not a truth value: ${failure}`, fractions },
          'counts',
          counts,
        );
      }
      case 'paired': {
        const selected = (cell: number): boolean => (!c.cells || c.cells.includes(cell)) && inWhere(c.where, cells[cell]!.values);
        const rows = pairedRows(s, cells, results, c.quantity).filter((p) => selected(p.cell));
        const perCell = rows.map((p) => {
          const ci = c.statistic === 'median' ? p.stats?.medianCI95 : p.stats?.ci95;
          const centre = c.statistic === 'median' ? p.stats?.median : p.stats?.mean;
          const ok = ci !== undefined && (c.below === undefined || ci[1] < c.below) && (c.above === undefined || ci[0] > c.above);
          return { cell: p.cell, reference: p.reference, n: p.stats?.n ?? 0, centre: centre ?? NaN, lo: ci?.[0] ?? NaN, hi: ci?.[1] ?? NaN, passed: ok };
        });
        const bound = [c.above === undefined ? undefined : `> ${String(c.above)}`, c.below === undefined ? undefined : `< ${String(c.below)}`]
          .filter(Boolean)
          .join(' and ');
        const shown = perCell
          .map(
            (k) =>
              `cell ${String(k.cell)} − cell ${String(k.reference)}: ${fmt(k.centre)} [${fmt(k.lo)}, ${fmt(k.hi)}] (${String(k.n)} pairs)${k.passed ? '' : ' (false)'}`,
          )
          .join('; ');
        return {
          name: c.name,
          kind: c.kind,
          passed: perCell.length > 0 && perCell.every((k) => k.passed),
          detail: `${c.statistic} paired difference of final ${c.quantity}, 95% interval required ${bound || '(no bound)'}: ${shown || 'no cell has a reference'}`,
          paired: perCell,
        };
      }
      case 'aggregate': {
        const agg = (expr as CompiledCheck).aggregates ?? [];
        const chosen = c.cells ? cells.filter((cell) => c.cells!.includes(cell.index)) : cells;
        let failure: string | undefined;
        let evaluated = 0;
        const perCell = chosen.map((cell) => {
          const rs = results.filter((r) => r.cell === cell.index && r.rows.length > 0);
          // the saved rows to evaluate at: the last of each run, or every index of the save grid
          const indices = c.times === 'all' ? Array.from({ length: Math.max(0, ...rs.map((r) => r.rows.length)) }, (_, k) => k) : [-1];
          let shownValues: Record<string, number> = {};
          let passedAll = indices.length > 0;
          for (const k of indices) {
            const values: Record<string, number> = {};
            const scope: Record<string, number> = { N: rs[0]?.depth ?? NaN, cell: cell.index, ...s.params };
            for (const p of sweepPaths(s)) scope[shortName(p)] = cellValue(cell, p);
            if (k >= 0) {
              // every run must have saved this row at the same time; a run that stopped early makes the aggregates NaN
              const times = rs.map((r) => (r.rows[k] ? rowTime(r.rows[k]) : NaN));
              scope.t = times[0] ?? NaN;
              if (times.some((x) => x !== times[0]))
                failure ??= `the runs' saved times differ at row ${String(k)} (cell ${String(cell.index)}): times: all needs one save grid`;
              values.t = scope.t;
            }
            for (const a of agg) {
              const xs: number[] = [];
              for (const r of rs) {
                const row = k >= 0 ? r.rows[k] : r.rows.at(-1);
                if (!row) {
                  xs.push(NaN);
                  continue;
                }
                try {
                  xs.push(a.each.evaluate(scopeOf(s, cell, r, row)));
                } catch (e) {
                  failure ??= `${(e as Error).message} (cell ${String(cell.index)}, run ${String(r.run)})`;
                  xs.push(NaN);
                }
              }
              const v = aggregateOf(a.kind, xs, a.q);
              values[a.text] = v;
              scope[a.symbol] = v;
            }
            const v = verdict(expr!, scope);
            evaluated++;
            if (v.value !== undefined) failure ??= `${v.value} (cell ${String(cell.index)}${k >= 0 ? `, t = ${String(scope.t)}` : ''})`;
            // shown: the values at the first time the predicate fails, else at the last saved time
            if (passedAll) shownValues = values;
            if (!v.ok) passedAll = false;
          }
          return { cell: cell.index, values: shownValues, passed: passedAll };
        });
        const passed = failure === undefined && perCell.length > 0 && perCell.every((k) => k.passed);
        const shown = perCell
          .map(
            (k) =>
              `cell ${String(k.cell)}: ${Object.entries(k.values)
                .map(([t, v]) => `${t} = ${describeValue(v)}`)
                .join(', ')}${k.passed ? '' : ' (false)'}`,
          )
          .join('; ');
        const when = c.times === 'all' ? ` at every saved time (${String(evaluated)} evaluations; shown: the first failing time, else the last)` : '';
        return {
          name: c.name,
          kind: c.kind,
          passed,
          detail: `"${c.assert}" per cell${when}: ${shown}${failure === undefined ? '' : `; not a real value: ${failure}`}`,
          cells: perCell,
        };
      }
    }
  });
}

/**
 * An aggregate of per-run values: `mean`, `median` and `quantile` (type 7, NumPy's default), `std`
 * (sample, n − 1), `sem` (the standard error of the mean, std/√n) and `fraction` (of values equal to 1, i.e. true). Any NaN makes the result NaN
 * (no run is left out silently); ±Infinity takes part (a `firstCrossing` that never happened).
 */
export function aggregateOf(kind: Aggregate, xs: readonly number[], q = 0.5): number {
  const n = xs.length;
  if (n === 0 || xs.some((x) => Number.isNaN(x))) return NaN;
  switch (kind) {
    case 'mean':
      return xs.reduce((a, x) => a + x, 0) / n;
    case 'std':
    case 'sem': {
      if (n < 2) return NaN;
      const m = xs.reduce((a, x) => a + x, 0) / n;
      const sd = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (n - 1));
      return kind === 'sem' ? sd / Math.sqrt(n) : sd;
    }
    case 'fraction':
      return xs.filter((x) => x === 1).length / n;
    case 'median':
      return quantile(
        [...xs].sort((a, b) => a - b),
        0.5,
      );
    case 'quantile':
      return quantile(
        [...xs].sort((a, b) => a - b),
        q,
      );
  }
}
