/**
 * What a check's evaluation reports: one of three outcomes (a check whose selection holds no run is
 * not evaluated, never passed), the values it measured in one line, per-cell tables where a check
 * judges cells, and its basis (derived from theory or measured as a regression guard).
 */
import type { CheckBasis } from '../scenario/checkBasis.js';
import type { Check } from '../scenario/schema.js';

export type Outcome = 'pass' | 'fail' | 'not-evaluated';

/** One series comparison: a run at a saved time. */
export interface ComparisonRow {
  readonly cell: number;
  readonly run: number;
  readonly t: number;
  readonly computed: number;
  readonly expected: number;
  readonly error: number;
  readonly allowed: number;
}

/** An ensemble predicate in one cell: `yes` of `n` runs (runs with at least one saved row). */
export interface CellCount {
  readonly cell: number;
  readonly yes: number;
  readonly n: number;
}

/** A small table: a header and rows of printed values (per cell, per status). */
export interface CheckTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface CheckResult extends CheckBasis {
  readonly name: string;
  /** A flow check's kind, or `minimisers` (landscape scenarios, `landscapeChecks.ts`). */
  readonly kind: Check['kind'] | 'minimisers';
  readonly outcome: Outcome;
  /** `outcome === 'pass'`. */
  readonly passed: boolean;
  /** Why a check was not evaluated (its selection holds no run, no saved time in its window…). */
  readonly reason?: string;
  /** The measured values, in one line, resolving the check's tolerance: `abs(sigma5 - 1) = 3.1e-9 < 1e-6`; a failure says by how much. */
  readonly measured: string;
  /** One sentence: what was compared, over what. */
  readonly detail: string;
  /** Per-cell (or per-status) values, for checks that judge cells. */
  readonly table?: CheckTable;
  readonly worst?: { cell: number; run: number; t?: number; computed?: number; expected?: number; error?: number; allowed?: number };
  readonly fractions?: { cell: number; fraction: number }[];
  /** `aggregate` checks: per cell, each aggregate's value (by its text) and whether the predicate held. */
  readonly cells?: { cell: number; values: Record<string, number>; passed: boolean }[];
  /** `paired`: per cell, the difference to its reference cell (centre and 95% interval) and whether it met the bounds. */
  readonly paired?: { cell: number; reference: number; n: number; centre: number; lo: number; hi: number; passed: boolean }[];
  /** `series`: every comparison made (not serialised: the figures map them). */
  readonly comparisons?: readonly ComparisonRow[];
  /** `ensemble`: the predicate's count in every cell of the grid (not serialised). */
  readonly counts?: readonly CellCount[];
}

/** Counts by basis and outcome: `12 derived pass · 7 measured pass · 1 not evaluated`. */
export interface OutcomeCounts {
  readonly derivedPass: number;
  readonly measuredPass: number;
  readonly fail: number;
  readonly notEvaluated: number;
  readonly total: number;
}

type Counted = Pick<CheckResult, 'outcome'> & { readonly basis?: CheckResult['basis'] };

export function outcomeCounts(checks: readonly Counted[]): OutcomeCounts {
  const n = (f: (c: Counted) => boolean): number => checks.filter(f).length;
  return {
    derivedPass: n((c) => c.outcome === 'pass' && c.basis === 'derived'),
    measuredPass: n((c) => c.outcome === 'pass' && c.basis !== 'derived'),
    fail: n((c) => c.outcome === 'fail'),
    notEvaluated: n((c) => c.outcome === 'not-evaluated'),
    total: checks.length,
  };
}

/** The counts in words, omitting zeros: `12 derived pass · 7 measured pass · 1 FAIL · 1 not evaluated` (`no checks` when none). */
export function outcomeLine(k: OutcomeCounts): string {
  const parts = [
    k.derivedPass > 0 ? `${String(k.derivedPass)} derived pass` : '',
    k.measuredPass > 0 ? `${String(k.measuredPass)} measured pass` : '',
    k.fail > 0 ? `${String(k.fail)} FAIL` : '',
    k.notEvaluated > 0 ? `${String(k.notEvaluated)} not evaluated` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : 'no checks';
}

/**
 * A stored check's outcome: `checks.json` written before outcomes existed has only `passed`, and a
 * check that failed then is a failure now.
 */
export const outcomeOf = (c: { readonly outcome?: Outcome; readonly passed: boolean }): Outcome => c.outcome ?? (c.passed ? 'pass' : 'fail');

/** The label shown for an outcome: `pass`, `FAIL`, `not evaluated`. */
export const outcomeLabel = (o: Outcome): string => (o === 'pass' ? 'pass' : o === 'fail' ? 'FAIL' : 'not evaluated');
