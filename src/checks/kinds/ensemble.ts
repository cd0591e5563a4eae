/** An `ensemble` check: the fraction of runs per cell for which a predicate holds, within bounds. */
import type { CellCount, CheckTable } from '../checkResult.js';
import type { CompiledCheck } from '../compile.js';
import { scopeOf, verdict } from '../scope.js';
import type { Check } from '../../scenario/schema.js';
import { at, cellName, notEvaluated, selection, type Context, type Evaluated } from './context.js';

export function ensemble(ctx: Context, c: Extract<Check, { kind: 'ensemble' }>, expr: CompiledCheck): Evaluated {
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
