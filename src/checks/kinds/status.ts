/** A `status` check: every selected run ended with one of the expected statuses. */
import type { CheckTable } from '../checkResult.js';
import type { Check } from '../../scenario/schema.js';
import { at, cellName, notEvaluated, selection, type Context, type Evaluated, whereText } from './context.js';

export function status(ctx: Context, c: Extract<Check, { kind: 'status' }>): Evaluated {
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
