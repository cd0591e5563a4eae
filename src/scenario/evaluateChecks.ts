/**
 * Evaluates a scenario's checks against its runs. Every check first selects the runs it reads (its
 * `where:` by swept values, and `cells:` where the kind has it); a selection that holds no run makes
 * the check not evaluated — never a pass. Each result carries the measured values in one line (the
 * sides of each comparison at the run and time that came closest to failing, status counts, per-cell
 * tables) printed with enough digits to resolve the criterion, and the check's basis. Each kind is
 * one file in `checkKinds/`, found here by its kind (`KINDS`); what they share is `checkKinds/context.ts`.
 */
import type { Cell } from './build.js';
import { checkBasis } from './checkBasis.js';
import { aggregate } from './checkKinds/aggregate.js';
import type { Context, Evaluated } from './checkKinds/context.js';
import { ensemble } from './checkKinds/ensemble.js';
import { finalOrAlways } from './checkKinds/finalOrAlways.js';
import { invariant } from './checkKinds/invariant.js';
import { paired } from './checkKinds/paired.js';
import { series } from './checkKinds/series.js';
import { status } from './checkKinds/status.js';
import type { CheckResult, Outcome } from './checkResult.js';
import type { CompiledCheck } from './checks.js';
import type { CompiledExpression } from '../expr/restricted.js';
import type { RunResult } from './runResult.js';
import type { Check, Scenario } from './schema.js';

/** Each kind's evaluation, by kind. */
const KINDS: { readonly [K in Check['kind']]: (ctx: Context, c: Extract<Check, { kind: K }>, expr: CompiledCheck) => Evaluated } = {
  series,
  final: finalOrAlways,
  always: finalOrAlways,
  invariant,
  status,
  ensemble,
  paired,
  aggregate,
};

/** The results of `s`'s checks, in their order, on `results` (the runs of `cells`); `compiled`: each check's expression by index. */
export function evaluateChecks(
  s: Scenario,
  cells: readonly Cell[],
  results: readonly RunResult[],
  compiled: ReadonlyMap<number, CompiledCheck | CompiledExpression>,
): CheckResult[] {
  const ctx: Context = { s, cells, results };
  return s.checks.map((c, i): CheckResult => {
    const expr = compiled.get(i) as CompiledCheck;
    const evaluate = KINDS[c.kind] as (ctx: Context, c: Check, expr: CompiledCheck) => Evaluated;
    const e = evaluate(ctx, c, expr);
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
