/**
 * A check's evidence: `derived` (a closed form, a theorem or an independent computation, named in
 * `source`) or `measured` (a value gradflow measured itself, kept as a regression guard, with the runs
 * and commit it came from). Reports group checks by it, so that a reader can tell a theory check from
 * a regression guard.
 */
import { FieldError } from './errors.js';
import type { Check } from './schema.js';

export type Basis = 'derived' | 'measured';

/** What `checkBasis` reads of a check, flow or landscape: its kind, its stated evidence and a series' prediction. */
export interface StatedCheck {
  readonly kind: string;
  readonly basis?: Basis | undefined;
  readonly source?: string | undefined;
  readonly measured?: { readonly runs: number; readonly commit: string } | undefined;
  readonly expect?: unknown;
}

/** A check's basis as reports show it. */
export interface CheckBasis {
  readonly basis: Basis;
  /** A derived check's source (a series check's default: its own closed form). */
  readonly source?: string;
  /** A measured check's provenance (the scenario's `measured:`). */
  readonly measuredFrom?: { readonly runs: number; readonly commit: string };
}

/**
 * The basis of a check, defaults applied: a `series` check compares with its own closed form and an
 * `invariant` check with a conservation law (docs/theory.md §2.2), so both default to derived; every
 * other kind defaults to measured, the reading that claims less.
 */
export function checkBasis(c: StatedCheck): CheckBasis {
  const basis: Basis = c.basis ?? (c.kind === 'series' || c.kind === 'invariant' ? 'derived' : 'measured');
  const source =
    c.source ??
    (basis === 'derived' && c.basis === undefined
      ? c.kind === 'series'
        ? `the closed form ${String(c.expect)}`
        : 'the conservation of the D_j under the factor flow (docs/theory.md §2.2)'
      : undefined);
  return { basis, ...(source === undefined ? {} : { source }), ...(c.measured ? { measuredFrom: c.measured } : {}) };
}

/** Refuses a stated basis without its evidence: `derived` needs `source`, `measured` needs `measured`, and a derived check has no `measured`. */
export function checkBasisProblem(c: Check, at: string): void {
  if (c.basis === 'derived' && c.source === undefined)
    throw new FieldError(`${at}.source`, 'a derived check says where its criterion comes from, e.g. source: "docs/theory.md §4.2 (the mode law)"');
  if (c.basis === 'measured' && c.measured === undefined)
    throw new FieldError(`${at}.measured`, 'a measured check says what measured its criterion: measured: {runs: 120, commit: 8c1e86d}');
  if (c.basis !== 'measured' && c.measured !== undefined)
    throw new FieldError(`${at}.measured`, 'measured: {runs, commit} is the provenance of a measured check: add basis: measured, or remove it');
}
