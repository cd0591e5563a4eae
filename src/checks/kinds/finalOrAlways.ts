/** `final` and `always` checks: a predicate on the last saved row of each run, or on every saved row. */
import type { LayeredScope } from '../../expr/restricted.js';
import type { CompiledCheck } from '../compile.js';
import { runScope, verdict } from '../scope.js';
import { rowTime } from '../quantities.js';
import type { Check } from '../../scenario/schema.js';
import { Closest, at, notEvaluated, selection, type Context, type Evaluated } from './context.js';

export function finalOrAlways(ctx: Context, c: Extract<Check, { kind: 'final' | 'always' }>, expr: CompiledCheck): Evaluated {
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
      const scope: LayeredScope = [{ t }, row, base]; // layered: no copy of the run's scope per row
      const v = verdict(expr, scope);
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
