/** A `series` check: a quantity against a closed form at every saved time, within atol + rtol·|expected|. */
import type { CompiledExpression } from '../../expr/restricted.js';
import type { ComparisonRow } from '../checkResult.js';
import { runScope } from '../scope.js';
import { rowTime } from '../quantities.js';
import { resolving, short } from '../resolvingDigits.js';
import type { Check } from '../../scenario/schema.js';
import { at, notEvaluated, selection, type Context, type Evaluated } from './context.js';

export function series(ctx: Context, c: Extract<Check, { kind: 'series' }>, expr: CompiledExpression): Evaluated {
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
        expected = expr.evaluate([{ t }, row, base]); // layered: no copy of the run's scope per row
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
