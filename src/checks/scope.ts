/**
 * What a check expression sees: the scope of a run (its depth, index, cell, parameters, swept values,
 * values at t = 0 and `firstCrossing` of each column) and of each saved row over it, and a
 * predicate's verdict in that scope.
 */
import type { CompiledExpression, ExpressionScope, LayeredScope } from '../expr/restricted.js';
import type { Cell } from './cell.js';
import { crossingKey, firstCrossing } from './crossing.js';
import { rowTime, timeColumn } from './quantities.js';
import type { RunResult } from './runResult.js';
import { sweepPaths, type Scenario } from '../scenario/schema.js';

/** Swept paths whose last segment would shadow a function of the checks get a longer symbol. */
const SHORT_NAMES: Readonly<Record<string, string>> = { 'energy.noise.std': 'noiseStd' };
export const shortName = (path: string): string => SHORT_NAMES[path] ?? path.split('.').at(-1)!;

/** The name `firstCrossing(column, level)` is rewritten to, a function of the level that a run's scope binds. */
export const crossingName = (column: string): string => `firstCrossing_${column}`;

/** The run-level part of a scope: N, run, cell, tFinal, params, swept values, values at t = 0 and `firstCrossing`. */
export function runScope(s: Scenario, cell: Cell, r: RunResult): Record<string, number | ((level: number) => number)> {
  const last = r.rows.at(-1);
  const scope: Record<string, number | ((level: number) => number)> = {
    N: r.depth,
    run: r.run,
    cell: cell.index,
    tFinal: last ? rowTime(last) : 0,
    ...s.params,
  };
  for (const p of sweepPaths(s)) {
    const v = cell.swept[p]!;
    if (typeof v === 'number') scope[shortName(p)] = v; // an option swept by name is not a number in expressions
  }
  const first = r.rows[0];
  if (first) {
    for (const [k, v] of Object.entries(first)) scope[`${k}_0`] = v;
    scope.t_0 = rowTime(first);
  }
  const columns = first ? Object.keys(first) : [];
  const time = timeColumn(r.time);
  // the exact crossing the run located as an event when it has one (crossingEvents.ts), else between saved rows
  for (const q of columns) scope[crossingName(q)] = (level: number) => r.crossings?.[crossingKey(q, level)] ?? firstCrossing(r.rows, q, level, time);
  return scope;
}

/**
 * The symbols a check expression sees for each saved row, layered (`{ t }`, the row, its run's
 * scope) so that nothing is copied per row; each run's scope is made once.
 */
export function rowScopes(s: Scenario): (cell: Cell, r: RunResult, row: Record<string, number>) => LayeredScope {
  const bases = new WeakMap<RunResult, ExpressionScope>();
  return (cell, r, row) => {
    let base = bases.get(r);
    if (!base) bases.set(r, (base = runScope(s, cell, r)));
    return [{ t: rowTime(row) }, row, base];
  };
}

/** The symbols a check expression sees for one saved row of one run. */
export function scopeOf(s: Scenario, cell: Cell, r: RunResult, row: Record<string, number>): Record<string, number | ((level: number) => number)> {
  return { ...runScope(s, cell, r), ...row, t: rowTime(row) };
}

/** A predicate's verdict in `scope` (one, or layered): true, false, or why it is neither (a value that is not 0 or 1, a complex value, an error). */
export function verdict(expr: CompiledExpression, scope: ExpressionScope | LayeredScope): { ok: boolean; value?: string } {
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
