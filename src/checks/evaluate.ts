/**
 * Evaluates a scenario's checks against its runs. Every check first selects the runs it reads (its
 * `where:` by swept values, and `cells:` where the kind has it); a selection that holds no run makes
 * the check not evaluated — never a pass. Each result carries the measured values in one line (the
 * sides of each comparison at the run and time that came closest to failing, status counts, per-cell
 * tables) printed with enough digits to resolve the criterion, and the check's basis. Each kind is
 * one file in `kinds/`, found here by its kind (`KINDS`); what they share is `kinds/context.ts`.
 */
import type { Cell, Where } from './cell.js';
import { checkBasis } from '../scenario/checkBasis.js';
import { aggregate } from './kinds/aggregate.js';
import type { Context, Evaluated } from './kinds/context.js';
import { ensemble } from './kinds/ensemble.js';
import { finalOrAlways } from './kinds/finalOrAlways.js';
import { invariant } from './kinds/invariant.js';
import { paired } from './kinds/paired.js';
import { series } from './kinds/series.js';
import { status } from './kinds/status.js';
import type { CheckResult, Outcome } from './checkResult.js';
import type { CompiledCheck } from './compile.js';
import type { CompiledExpression } from '../expr/restricted.js';
import type { RunResult } from './runResult.js';
import type { Check, Scenario } from '../scenario/schema.js';

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

/** What the checks of a resolved scenario are evaluated from (an Experiment, experiment/resolve.ts, is one). */
export interface CheckPlan {
  readonly scenario: Scenario;
  readonly cells: readonly Cell[];
  /** Each check's expression, by check index. */
  readonly checks: ReadonlyMap<number, CompiledCheck | CompiledExpression>;
  /** Each check's `where:` with its values as numbers, by check index. */
  readonly where: ReadonlyMap<number, Where>;
}

/** The results of the plan's checks, in their order, on `results` (runs of the plan's cells). */
export function evaluateChecks(plan: CheckPlan, results: readonly RunResult[]): CheckResult[] {
  const { scenario: s, cells } = plan;
  return s.checks.map((c, i): CheckResult => {
    const expr = plan.checks.get(i) as CompiledCheck;
    const where = plan.where.get(i);
    const ctx: Context = { s, cells, results, ...(where ? { where } : {}) };
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
