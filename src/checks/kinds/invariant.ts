/** An `invariant` check: the largest drift of the conserved D_j over saved times and runs. */
import type { CheckResult } from '../checkResult.js';
import { rowTime } from '../quantities.js';
import { short } from '../resolvingDigits.js';
import type { Check } from '../../scenario/schema.js';
import { at, notEvaluated, selection, type Context, type Evaluated } from './context.js';

export function invariant(ctx: Context, c: Extract<Check, { kind: 'invariant' }>): Evaluated {
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
