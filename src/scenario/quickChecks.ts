/**
 * A check's quick form: `quick:` on a check gives the fields (a name, a criterion, `where:`, evidence)
 * that replace the check's own under `--quick`, when the reduced profile runs a smaller instance on
 * which the full criterion does not hold (or would not be evaluated). The quick form names what it
 * checks and, when its criterion is measured, the runs and commit that measured it on the reduced
 * instance: a reader of a quick report sees the claim that was evaluated, never the full one.
 */
import { checkBasis, type StatedCheck } from './checkBasis.js';
import { FieldError } from './errors.js';

/** A check run in its quick form: its index, the full check's name and the quick form's. */
export interface QuickForm {
  readonly index: number;
  readonly full: string;
  readonly quick: string;
  /** The fields the quick form sets. */
  readonly fields: readonly string[];
}

/** Fields a quick form may not set: the kind picks the schema, and a quick form has no quick form. */
const FIXED = ['kind', 'quick'] as const;
/** Fields that change what a check asserts: a measured quick form that sets one states its own provenance. */
const CRITERION = [
  'assert',
  'expect',
  'where',
  'cells',
  'maxDrift',
  'rtol',
  'atol',
  'window',
  'quantity',
  'above',
  'below',
  'each',
  'max',
  'min',
  'statistic',
  'times',
  'claim',
];

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Replaces (under `--quick`) or drops (otherwise) every check's `quick:` form in a raw document, after
 * checking each form's shape. Throws `FieldError` at `checks.<i>.quick…`.
 */
export function applyQuickChecks(raw: Record<string, unknown>, quick: boolean): { raw: Record<string, unknown>; forms: QuickForm[] } {
  const checks = raw.checks;
  if (!Array.isArray(checks) || !checks.some((c) => isMapping(c) && 'quick' in c)) return { raw, forms: [] };
  const forms: QuickForm[] = [];
  const out = checks.map((c: unknown, i) => {
    if (!isMapping(c) || !('quick' in c)) return c;
    const at = `checks.${String(i)}.quick`;
    const { quick: form, ...full } = c;
    if (!isMapping(form)) throw new FieldError(at, 'expected a mapping of check fields that replace this check’s under --quick, e.g. {name: "…", assert: "…"}');
    for (const k of FIXED) if (k in form) throw new FieldError(`${at}.${k}`, `a quick form keeps the check's ${k}; remove it`);
    if (typeof form.name !== 'string' || form.name.length === 0 || form.name === full.name)
      throw new FieldError(`${at}.name`, 'a quick form names the claim it checks on the reduced run, in words different from the full check’s name');
    const merged = { ...full, ...form };
    const { basis } = checkBasis(merged as unknown as StatedCheck);
    if (basis === 'measured' && CRITERION.some((k) => k in form) && !('measured' in form))
      throw new FieldError(
        `${at}.measured`,
        'a measured quick form restates its criterion: give the runs and commit that measured it on the reduced run, measured: {runs: 1, commit: 8c1e86d}',
      );
    // a quick form that is derived where the full check is measured drops the full check's provenance
    if (form.basis === 'derived' && !('measured' in form)) delete merged.measured;
    forms.push({ index: i, full: String(full.name), quick: form.name, fields: Object.keys(form) });
    return quick ? merged : full;
  });
  return { raw: { ...raw, checks: out }, forms: quick ? forms : [] };
}
