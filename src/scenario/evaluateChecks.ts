/**
 * Evaluates a scenario's checks against its runs. Every check first selects the runs it reads (its
 * `where:` by swept values, and `cells:` where the kind has it); a selection that holds no run makes
 * the check not evaluated — never a pass. Each result carries the measured values in one line (the
 * sides of each comparison at the run and time that came closest to failing, status counts, per-cell
 * tables) printed with enough digits to resolve the criterion, and the check's basis.
 */
import type { Cell } from './build.js';
import { checkBasis } from './checkBasis.js';
import type { CellCount, CheckResult, CheckTable, ComparisonRow, Outcome } from './checkResult.js';
import { aggregateOf, cellValue, runScope, scopeOf, shortName, verdict, type CompiledCheck } from './checks.js';
import type { CompiledExpression, ExpressionScope } from '../expr/restricted.js';
import { pairedRows } from './paired.js';
import { holds, slackOf, type Comparison } from './predicateSides.js';
import { rowTime } from './quantities.js';
import { resolving, resolvingPair, short } from './resolvingDigits.js';
import type { RunResult } from './runResult.js';
import { sweepPaths, type Check, type Scenario } from './schema.js';

type Where = Readonly<Record<string, readonly (number | 'inf')[]>>;

/** Whether a cell's swept values are among those `where` selects (every cell when it is absent). */
export function inWhere(where: Where | undefined, values: Readonly<Record<string, number>>): boolean {
  return !where || Object.entries(where).every(([path, vs]) => vs.some((v) => values[path] === (v === 'inf' ? Infinity : v)));
}

/** `where` in words: `model.depth ∈ {2, 3}, init.scale ∈ {0.001}`. */
export function whereText(where: Where): string {
  return Object.entries(where)
    .map(([path, vs]) => `${path} ∈ {${vs.map(String).join(', ')}}`)
    .join(', ');
}

/** A cell by its swept values: `depth 3, measurements 200` (`cell 0` when nothing is swept). */
export function cellName(s: Scenario, cell: Cell): string {
  const paths = sweepPaths(s);
  if (paths.length === 0) return `cell ${String(cell.index)}`;
  return paths
    .map((p) => {
      const v = cellValue(cell, p);
      return `${shortName(p)} ${v === Infinity ? '∞' : Number.isNaN(v) ? '–' : String(v)}`;
    })
    .join(', ');
}

/** Where one run stands: `t = 12.5 (depth 3, run 4)`. */
function at(s: Scenario, cells: readonly Cell[], cell: number, run: number, t?: number): string {
  return `${t === undefined ? '' : `t = ${resolving(t)} `}(${cellName(s, cells[cell]!)}, run ${String(run)})`;
}

interface Context {
  readonly s: Scenario;
  readonly cells: readonly Cell[];
  readonly results: readonly RunResult[];
}

/** What every kind's evaluation returns before the basis is attached. */
type Evaluated = Omit<CheckResult, 'basis' | 'source' | 'measured' | 'passed' | 'name' | 'kind'> & { readonly measured: string };

const notEvaluated = (reason: string): Evaluated => ({ outcome: 'not-evaluated', reason, measured: '—', detail: `not evaluated: ${reason}` });

/** The selection a check reads: its `where:` (and `cells:`), in words for a not-evaluated reason. */
function selection(ctx: Context, c: Check): { cells: Cell[]; runs: RunResult[]; none: string } {
  const indices = 'cells' in c && c.cells ? new Set(c.cells) : undefined;
  const cells = ctx.cells.filter((cell) => (!indices || indices.has(cell.index)) && inWhere(c.where, cell.values));
  const chosen = new Set(cells.map((cell) => cell.index));
  const runs = ctx.results.filter((r) => chosen.has(r.cell));
  const what = [c.where ? `a cell where ${whereText(c.where)}` : '', indices ? `cells ${[...indices].join(', ')}` : ''].filter(Boolean).join(' among ');
  return { cells, runs, none: what ? `no run in ${what}` : 'no runs' };
}

/** The sides of each comparison at the place it came closest to failing (or failed), in one line. */
function sidesLine(comparisons: readonly Comparison[], worst: readonly ({ lhs: number; rhs: number; slack: number; where: string } | undefined)[]): string {
  return comparisons
    .map((k, j) => {
      const w = worst[j];
      if (!w) return `${k.text}: no value`;
      const [l, r] = resolvingPair(w.lhs, w.rhs);
      const ok = holds(k.op, w.lhs, w.rhs);
      const by = ok || !Number.isFinite(w.slack) ? '' : `, off by ${short(-w.slack)}`;
      const lhsText = /^[-+0-9.e]+$/.test(k.lhs.text) ? l : `${k.lhs.text} = ${l}`;
      const rhsText = /^[-+0-9.e]+$|^(inf|Infinity)$/.test(k.rhs.text) ? r : `${k.rhs.text} = ${r}`;
      return `${lhsText} ${ok ? k.op : `is not ${k.op}`} ${rhsText} (${ok ? 'closest' : 'false'}: ${w.where}${by})`;
    })
    .join('; ');
}

/** Tracks, per comparison, the place of least slack. */
class Closest {
  readonly worst: ({ lhs: number; rhs: number; slack: number; where: string } | undefined)[];
  constructor(private readonly comparisons: readonly Comparison[]) {
    this.worst = comparisons.map(() => undefined);
  }
  /** `scope`: layered, the first layer that has a name gives its value. */
  see(scope: readonly [ExpressionScope, ...ExpressionScope[]], where: () => string): void {
    this.comparisons.forEach((k, j) => {
      const lhs = k.lhs.evaluateOrNaN(...scope);
      const rhs = k.rhs.evaluateOrNaN(...scope);
      const slack = slackOf(k.op, lhs, rhs);
      const w = this.worst[j];
      if (!w || slack < w.slack) this.worst[j] = { lhs, rhs, slack, where: where() };
    });
  }
  line(): string {
    return sidesLine(this.comparisons, this.worst);
  }
}

function series(ctx: Context, c: Extract<Check, { kind: 'series' }>, expr: CompiledExpression): Evaluated {
  const { runs, none } = selection(ctx, c);
  if (runs.length === 0) return notEvaluated(none);
  let worst: ComparisonRow | undefined;
  let worstRatio = -1;
  let failure: string | undefined;
  const comparisons: ComparisonRow[] = [];
  for (const r of runs) {
    const base = runScope(ctx.s, ctx.cells[r.cell]!, r);
    for (const row of r.rows) {
      const t = rowTime(row);
      if (c.window && (t < c.window[0] || t > c.window[1])) continue;
      const computed = row[c.quantity];
      if (computed === undefined) continue;
      let expected: number;
      try {
        expected = expr.evaluate({ t }, row, base); // layered: no copy of the run's scope per row
      } catch (e) {
        failure ??= `${(e as Error).message} at ${at(ctx.s, ctx.cells, r.cell, r.run, t)}`;
        continue;
      }
      const error = Math.abs(computed - expected);
      const allowed = c.atol + c.rtol * Math.abs(expected);
      const ratio = Number.isNaN(error) ? Infinity : allowed > 0 ? error / allowed : error === 0 ? 0 : Infinity;
      const k = { cell: r.cell, run: r.run, t, computed, expected, error, allowed };
      comparisons.push(k);
      if (ratio > worstRatio) {
        worstRatio = ratio;
        worst = k;
      }
    }
  }
  const tidy = (e: Evaluated): Evaluated => Object.defineProperty(e, 'comparisons', { value: comparisons, enumerable: false });
  if (failure !== undefined)
    return tidy({ outcome: 'fail', measured: `the prediction has no real value: ${failure}`, detail: `the prediction has no real value: ${failure}` });
  if (!worst)
    return notEvaluated(
      c.window ? `no saved value of ${c.quantity} in the window [${String(c.window[0])}, ${String(c.window[1])}]` : `no saved value of ${c.quantity}`,
    );
  const ok = worstRatio <= 1;
  const w = worst;
  // computed and expected printed so that they differ where they differ (to the error, or the allowance if larger)
  const gap = w.error > 0 ? (w.allowed > 0 ? Math.min(w.allowed, w.error) : w.error) : w.allowed > 0 ? w.allowed : Math.abs(w.expected) * 1e-17;
  const measured = `|${c.quantity} − expected| = ${short(w.error)} ${ok ? '≤' : '>'} ${short(w.allowed)} allowed (${ok ? 'closest' : 'worst'}: ${at(ctx.s, ctx.cells, w.cell, w.run, w.t)}; computed ${resolving(w.computed, gap)}, expected ${resolving(w.expected, gap)}${ok ? '' : `; ${Number.isFinite(worstRatio) ? `${short(worstRatio)}×` : 'beyond'} the allowance`})`;
  return tidy({
    outcome: ok ? 'pass' : 'fail',
    measured,
    detail: `${c.quantity} against ${c.expect} at ${String(comparisons.length)} saved times of ${String(runs.length)} runs, within atol ${String(c.atol)} + rtol ${String(c.rtol)}·|expected|`,
    worst: w,
  });
}

function finalOrAlways(ctx: Context, c: Extract<Check, { kind: 'final' | 'always' }>, expr: CompiledCheck): Evaluated {
  const { runs, none } = selection(ctx, c);
  const withRows = runs.filter((r) => r.rows.length > 0);
  if (withRows.length === 0) return notEvaluated(runs.length === 0 ? none : 'no run saved a row');
  const closest = new Closest(expr.comparisons ?? []);
  let count = 0;
  let firstFalse: { what: string; where: string; cell: number; run: number; t: number; shown: string } | undefined;
  for (const r of withRows) {
    const base = runScope(ctx.s, ctx.cells[r.cell]!, r);
    for (const row of c.kind === 'final' ? r.rows.slice(-1) : r.rows) {
      count++;
      const t = rowTime(row);
      const scope: [ExpressionScope, ...ExpressionScope[]] = [{ t }, row, base]; // layered: no copy of the run's scope per row
      const v = verdict(expr, ...scope);
      const where = (): string => at(ctx.s, ctx.cells, r.cell, r.run, t);
      closest.see(scope, where);
      if (!v.ok && !firstFalse) {
        // the values of the columns the predicate names, at the first row where it is false
        const shown = Object.entries(row)
          .filter(([k]) => new RegExp(`\\b${k}(_0)?\\b`).test(c.assert))
          .map(([k, x]) => `${k} = ${String(x)}`)
          .join(', ');
        firstFalse = { what: v.value ?? `"${c.assert}" is false`, where: where(), cell: r.cell, run: r.run, t, shown };
      }
    }
  }
  const sides = (expr.comparisons ?? []).length > 0 ? closest.line() : '';
  const over = c.kind === 'final' ? `the final values of ${String(withRows.length)} runs` : `${String(count)} saved rows of ${String(withRows.length)} runs`;
  if (firstFalse)
    return {
      outcome: 'fail',
      measured: sides || `${firstFalse.what} at ${firstFalse.where}`,
      detail: `${firstFalse.what} at ${firstFalse.where.replace(/\)$/, firstFalse.shown ? `; ${firstFalse.shown})` : ')')}, of ${over}`,
      worst: { cell: firstFalse.cell, run: firstFalse.run, t: firstFalse.t },
    };
  return { outcome: 'pass', measured: sides || `true at all ${String(count)}`, detail: `"${c.assert}" holds at ${over}` };
}

function invariant(ctx: Context, c: Extract<Check, { kind: 'invariant' }>): Evaluated {
  const { runs, none } = selection(ctx, c);
  if (runs.length === 0) return notEvaluated(none);
  let worst = -Infinity;
  let place: CheckResult['worst'];
  for (const r of runs)
    for (const row of r.rows) {
      const d = row.invariantDrift;
      if (d !== undefined && !(d <= worst)) {
        worst = d;
        place = { cell: r.cell, run: r.run, t: rowTime(row), computed: d };
      }
    }
  if (!place) return notEvaluated('no run records the invariants D_j (the model is not a factor model)');
  const ok = worst <= c.maxDrift;
  return {
    outcome: ok ? 'pass' : 'fail',
    measured: `max drift ${short(worst)} ${ok ? '≤' : '>'} ${short(c.maxDrift)} (${at(ctx.s, ctx.cells, place.cell, place.run, place.t)})`,
    detail: `max over saved times and j of ‖D_j(t) − D_j(0)‖_F, over ${String(runs.length)} runs`,
    worst: place,
  };
}

function status(ctx: Context, c: Extract<Check, { kind: 'status' }>): Evaluated {
  const { cells, runs, none } = selection(ctx, c);
  if (runs.length === 0) return notEvaluated(none);
  const counts = new Map<string, number>();
  for (const r of runs) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const expected = new Set<string>(c.expect);
  const line = [...counts].map(([st, n]) => `${st} ${String(n)}${expected.has(st) ? '' : ' (not expected)'}`).join(' · ');
  const bad = runs.filter((r) => !expected.has(r.status));
  const table: CheckTable = {
    columns: ['cell', ...[...counts.keys()]],
    rows: cells.map((cell) => [
      cellName(ctx.s, cell),
      ...[...counts.keys()].map((st) => String(runs.filter((r) => r.cell === cell.index && r.status === st).length)),
    ]),
  };
  const b = bad[0];
  return {
    outcome: bad.length === 0 ? 'pass' : 'fail',
    measured: `${line} of ${String(runs.length)} runs${bad.length > 0 ? `: ${String(bad.length)} outside ${c.expect.join(' / ')}` : ''}`,
    detail:
      b !== undefined
        ? `${at(ctx.s, ctx.cells, b.cell, b.run)} ended with ${b.status}: ${b.message}`
        : `all ${String(runs.length)} runs${c.where ? ` of the cells where ${whereText(c.where)}` : ''} ended with ${[...counts.keys()].join(' / ')}`,
    ...(cells.length > 1 ? { table } : {}),
    ...(b !== undefined ? { worst: { cell: b.cell, run: b.run } } : {}),
  };
}

function ensemble(ctx: Context, c: Extract<Check, { kind: 'ensemble' }>, expr: CompiledCheck): Evaluated {
  let failure: string | undefined;
  const counts: CellCount[] = ctx.cells.map((cell) => {
    const rs = ctx.results.filter((r) => r.cell === cell.index && r.rows.length > 0);
    let yes = 0;
    for (const r of rs) {
      const v = verdict(expr, scopeOf(ctx.s, cell, r, r.rows.at(-1)!));
      if (v.ok) yes++;
      else if (v.value !== undefined) failure ??= `${v.value} ${at(ctx.s, ctx.cells, cell.index, r.run)}`;
    }
    return { cell: cell.index, yes, n: rs.length };
  });
  const { cells, runs, none } = selection(ctx, c);
  const tidy = (e: Evaluated): Evaluated => Object.defineProperty(e, 'counts', { value: counts, enumerable: false });
  if (runs.length === 0) return tidy(notEvaluated(none));
  const chosen = new Set(cells.map((x) => x.index));
  const fractions = counts.filter((k) => chosen.has(k.cell)).map((k) => ({ cell: k.cell, fraction: k.n > 0 ? k.yes / k.n : NaN }));
  const inRange = (f: number): boolean => f >= c.min && f <= c.max;
  const ok = failure === undefined && fractions.every((f) => inRange(f.fraction));
  const required = `${String(c.min)} ≤ fraction ≤ ${String(c.max)}`;
  const table: CheckTable = {
    columns: ['cell', 'runs', 'true', 'fraction', 'verdict'],
    rows: counts
      .filter((k) => chosen.has(k.cell))
      .map((k) => {
        const f = k.n > 0 ? k.yes / k.n : NaN;
        return [cellName(ctx.s, ctx.cells[k.cell]!), String(k.n), String(k.yes), Number.isNaN(f) ? '–' : f.toFixed(3), inRange(f) ? 'pass' : 'FAIL'];
      }),
  };
  const worst = fractions.reduce<{ cell: number; fraction: number } | undefined>((w, f) => {
    const slack = Math.min(f.fraction - c.min, c.max - f.fraction);
    const ws = w ? Math.min(w.fraction - c.min, c.max - w.fraction) : Infinity;
    return !w || Number.isNaN(f.fraction) || slack < ws ? f : w;
  }, undefined);
  const measured =
    failure !== undefined
      ? `not a truth value: ${failure}`
      : `fraction ${worst ? `${Number.isNaN(worst.fraction) ? 'NaN' : worst.fraction.toFixed(3)} in ${cellName(ctx.s, ctx.cells[worst.cell]!)}` : '–'} (${ok ? 'closest' : 'worst'} of ${String(fractions.length)} cells; required ${required})`;
  return tidy({
    outcome: ok ? 'pass' : 'fail',
    measured,
    detail: `fraction of runs with "${c.each}" per cell, required ${required}${failure === undefined ? '' : `; not a truth value: ${failure}`}`,
    table,
    fractions,
  });
}

function paired(ctx: Context, c: Extract<Check, { kind: 'paired' }>): Evaluated {
  const { cells, none } = selection(ctx, c);
  const chosen = new Set(cells.map((x) => x.index));
  const rows = pairedRows(ctx.s, ctx.cells, ctx.results, c.quantity).filter((p) => chosen.has(p.cell));
  if (rows.length === 0) return notEvaluated(cells.length === 0 ? none : 'no selected cell has its reference cell in this run');
  const perCell = rows.map((p) => {
    const ci = c.statistic === 'median' ? p.stats?.medianCI95 : p.stats?.ci95;
    const centre = c.statistic === 'median' ? p.stats?.median : p.stats?.mean;
    const ok = ci !== undefined && (c.below === undefined || ci[1] < c.below) && (c.above === undefined || ci[0] > c.above);
    return { cell: p.cell, reference: p.reference, n: p.stats?.n ?? 0, centre: centre ?? NaN, lo: ci?.[0] ?? NaN, hi: ci?.[1] ?? NaN, passed: ok };
  });
  const bound = [c.above === undefined ? undefined : `> ${String(c.above)}`, c.below === undefined ? undefined : `< ${String(c.below)}`]
    .filter(Boolean)
    .join(' and ');
  const table: CheckTable = {
    columns: ['cell', 'reference', 'pairs', c.statistic, '95% interval', 'verdict'],
    rows: perCell.map((k) => [
      cellName(ctx.s, ctx.cells[k.cell]!),
      cellName(ctx.s, ctx.cells[k.reference]!),
      String(k.n),
      short(k.centre),
      `[${short(k.lo)}, ${short(k.hi)}]`,
      k.passed ? 'pass' : 'FAIL',
    ]),
  };
  const bad = perCell.filter((k) => !k.passed);
  // the interval nearest its bound
  const margin = (k: (typeof perCell)[number]): number =>
    Math.min(c.below === undefined ? Infinity : c.below - k.hi, c.above === undefined ? Infinity : k.lo - c.above, Number.isNaN(k.lo) ? -Infinity : Infinity);
  const w = perCell.reduce((a, k) => (margin(k) < margin(a) ? k : a));
  const ok = bad.length === 0;
  return {
    outcome: ok ? 'pass' : 'fail',
    measured: `${c.statistic} difference ${short(w.centre)} [${short(w.lo)}, ${short(w.hi)}] ${ok ? '' : 'is not '}${bound || '(no bound)'} (${ok ? 'closest' : 'worst'}: ${cellName(ctx.s, ctx.cells[w.cell]!)} − ${cellName(ctx.s, ctx.cells[w.reference]!)}, ${String(w.n)} pairs; ${String(perCell.length - bad.length)} of ${String(perCell.length)} cells pass)`,
    detail: `${c.statistic} paired difference of the final ${c.quantity} to the reference cell; its 95% interval must lie ${bound || 'anywhere'}`,
    table,
    paired: perCell,
  };
}

function aggregate(ctx: Context, c: Extract<Check, { kind: 'aggregate' }>, expr: CompiledCheck): Evaluated {
  const { cells: chosen, runs, none } = selection(ctx, c);
  if (runs.length === 0) return notEvaluated(none);
  const agg = expr.aggregates ?? [];
  const closest = new Closest(expr.comparisons ?? []);
  let failure: string | undefined;
  let evaluated = 0;
  const perCell = chosen.map((cell) => {
    const rs = ctx.results.filter((r) => r.cell === cell.index && r.rows.length > 0);
    const bases = new Map(rs.map((r) => [r, runScope(ctx.s, cell, r)])); // each run's scope, once
    // the saved rows to evaluate at: the last of each run, or every index of the save grid
    const indices = c.times === 'all' ? Array.from({ length: Math.max(0, ...rs.map((r) => r.rows.length)) }, (_, k) => k) : [-1];
    let shownValues: Record<string, number> = {};
    let passedAll = indices.length > 0;
    for (const k of indices) {
      const values: Record<string, number> = {};
      const scope: Record<string, number> = { N: rs[0]?.depth ?? NaN, cell: cell.index, ...ctx.s.params };
      for (const p of sweepPaths(ctx.s)) scope[shortName(p)] = cellValue(cell, p);
      if (k >= 0) {
        // every run must have saved this row at the same time; a run that stopped early makes the aggregates NaN
        const times = rs.map((r) => (r.rows[k] ? rowTime(r.rows[k]) : NaN));
        scope.t = times[0] ?? NaN;
        if (times.some((x) => x !== times[0]))
          failure ??= `the runs' saved times differ at row ${String(k)} (${cellName(ctx.s, cell)}): times: all needs one save grid`;
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
            xs.push(a.each.evaluate({ t: rowTime(row) }, row, bases.get(r)!));
          } catch (e) {
            failure ??= `${(e as Error).message} ${at(ctx.s, ctx.cells, cell.index, r.run)}`;
            xs.push(NaN);
          }
        }
        const v = aggregateOf(a.kind, xs, a.q);
        values[a.text] = v;
        scope[a.symbol] = v;
      }
      const v = verdict(expr, scope);
      evaluated++;
      closest.see([scope], () => `${cellName(ctx.s, cell)}${k >= 0 ? `, t = ${resolving(scope.t!)}` : ''}, ${String(rs.length)} runs`);
      if (v.value !== undefined) failure ??= `${v.value} (${cellName(ctx.s, cell)}${k >= 0 ? `, t = ${String(scope.t)}` : ''})`;
      // shown: the values at the first time the predicate fails, else at the last saved time
      if (passedAll) shownValues = values;
      if (!v.ok) passedAll = false;
    }
    return { cell: cell.index, n: rs.length, values: shownValues, passed: passedAll };
  });
  const ok = failure === undefined && perCell.every((k) => k.passed);
  const names = [...new Set(perCell.flatMap((k) => Object.keys(k.values)))];
  const table: CheckTable = {
    columns: ['cell', 'runs', ...names, 'verdict'],
    rows: perCell.map((k) => [
      cellName(ctx.s, ctx.cells[k.cell]!),
      String(k.n),
      ...names.map((n) => (k.values[n] === undefined ? '–' : resolving(k.values[n]))),
      k.passed ? 'pass' : 'FAIL',
    ]),
  };
  const when = c.times === 'all' ? ` at every saved time (${String(evaluated)} evaluations; the table shows the first failing time, else the last)` : '';
  const sides = (expr.comparisons ?? []).length > 0 ? closest.line() : '';
  return {
    outcome: ok ? 'pass' : 'fail',
    measured:
      failure !== undefined
        ? `not a real value: ${failure}`
        : sides || `${String(perCell.filter((k) => k.passed).length)} of ${String(perCell.length)} cells true`,
    detail: `"${c.assert}" in each of ${String(perCell.length)} cells${when}${failure === undefined ? '' : `; not a real value: ${failure}`}`,
    table,
    cells: perCell.map(({ cell, values, passed }) => ({ cell, values, passed })),
  };
}

export function evaluateChecks(
  s: Scenario,
  cells: readonly Cell[],
  results: readonly RunResult[],
  compiled: ReadonlyMap<number, CompiledCheck | CompiledExpression>,
): CheckResult[] {
  const ctx: Context = { s, cells, results };
  return s.checks.map((c, i): CheckResult => {
    const expr = compiled.get(i) as CompiledCheck;
    const e: Evaluated =
      c.kind === 'series'
        ? series(ctx, c, expr)
        : c.kind === 'final' || c.kind === 'always'
          ? finalOrAlways(ctx, c, expr)
          : c.kind === 'invariant'
            ? invariant(ctx, c)
            : c.kind === 'status'
              ? status(ctx, c)
              : c.kind === 'ensemble'
                ? ensemble(ctx, c, expr)
                : c.kind === 'paired'
                  ? paired(ctx, c)
                  : aggregate(ctx, c, expr);
    const { outcome, ...rest }: { outcome: Outcome } & Omit<Evaluated, 'outcome'> = e;
    // the outcome and basis first after name and kind, so that checks.json reads as the report does
    const r = { name: c.name, kind: c.kind, outcome, passed: outcome === 'pass', ...checkBasis(c), ...rest };
    // keep the tidy rows (not enumerable) across the spread
    for (const key of ['comparisons', 'counts'] as const) {
      const v = (e as Record<string, unknown>)[key];
      if (v !== undefined && !Object.prototype.propertyIsEnumerable.call(e, key)) Object.defineProperty(r, key, { value: v, enumerable: false });
    }
    return r;
  });
}
