/** A `paired` check: the 95% interval of the paired difference to the reference cell, within bounds. */
import type { CheckTable } from '../checkResult.js';
import { pairedRows } from '../pairing.js';
import { short } from '../resolvingDigits.js';
import type { Check } from '../../scenario/schema.js';
import { cellName, notEvaluated, selection, type Context, type Evaluated } from './context.js';

export function paired(ctx: Context, c: Extract<Check, { kind: 'paired' }>): Evaluated {
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
