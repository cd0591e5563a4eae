/** An `aggregate` check: a predicate on statistics over each cell's runs (`median(x)`, `quantile(x, q)`, …), at the end or at every saved time. */
import type { CheckTable } from '../checkResult.js';
import type { Aggregate, CompiledCheck } from '../compile.js';
import { runScope, shortName, verdict } from '../scope.js';
import { quantile } from '../stats.js';
import { rowTime } from '../quantities.js';
import { resolving } from '../resolvingDigits.js';
import { sweepPaths, type Check } from '../../scenario/schema.js';
import { Closest, at, cellName, notEvaluated, selection, type Context, type Evaluated } from './context.js';

export function aggregate(ctx: Context, c: Extract<Check, { kind: 'aggregate' }>, expr: CompiledCheck): Evaluated {
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
      for (const p of sweepPaths(ctx.s)) {
        const v = cell.swept[p]!;
        if (typeof v === 'number') scope[shortName(p)] = v; // an option swept by name is not a number in expressions
      }
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
            xs.push(a.each.evaluate([{ t: rowTime(row) }, row, bases.get(r)!]));
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
