/**
 * Checks of landscape scenarios: `series` compares a column of landscape.csv with an expression at
 * every grid point (of the chosen depths and betas) within `atol + rtol·|expected|` — a point where
 * either side is undefined fails, saying why; `minimisers` holds a predicate on every row of
 * minimisers.csv (`boundary`, `interior`, `defined` are 1 or 0 there).
 */
import type { CompiledExpression } from '../expr/restricted.js';
import type { LandscapeResult, LandscapeRow, MinimiserRow } from './evaluate.js';
import { INF } from '../scenario/schema.js';
import type { LoadedLandscape } from './load.js';
import { landscapeMessages } from './messages.js';
import type { LandscapeCheck } from './schema.js';
import { checkBasis, type CheckBasis } from '../scenario/checkBasis.js';
import type { Outcome } from '../checks/checkResult.js';
import { resolving, short } from '../checks/resolvingDigits.js';

/** The verdict of one landscape check (the fields the CLI and checks.json show, like flow checks). */
export interface LandscapeCheckResult extends CheckBasis {
  readonly name: string;
  readonly kind: LandscapeCheck['kind'];
  readonly outcome: Outcome;
  readonly passed: boolean;
  readonly reason?: string;
  /** The measured values in one line (as flow checks). */
  readonly measured: string;
  readonly detail: string;
  /** `series`: the worst grid point. */
  readonly worst?: { N: number; beta: number; computed: number; expected: number; error: number; allowed: number; at: Record<string, number> };
}

/** Name, kind, outcome and basis (a series against a closed form is derived; a predicate on minimisers measured unless it says otherwise). */
function head(c: LandscapeCheck, outcome: Outcome): Pick<LandscapeCheckResult, 'name' | 'kind' | 'outcome' | 'passed'> & CheckBasis {
  return { name: c.name, kind: c.kind, outcome, passed: outcome === 'pass', ...checkBasis(c) };
}

const notEvaluated = (c: LandscapeCheck): LandscapeCheckResult => ({
  ...head(c, 'not-evaluated'),
  reason: landscapeMessages.noRows(),
  measured: '—',
  detail: `not evaluated: ${landscapeMessages.noRows()}`,
});

/** Whether a grid row at (N, β) is among the check's `depths` (as numbers, undefined for every depth) and `betas`. */
const selected = (c: LandscapeCheck, depths: readonly number[] | undefined, N: number, beta: number): boolean =>
  (depths === undefined || depths.includes(N)) && (c.betas === undefined || c.betas.includes(beta));

const showN = (N: number): string => (N === Infinity ? INF : String(N));

function where(l: LoadedLandscape, N: number, beta: number, values: Readonly<Record<string, number>>): string {
  return [`N = ${showN(N)}`, `beta = ${String(beta)}`, ...l.axes.map((a) => `${a.name} = ${String(values[a.name])}`)].join(', ');
}

function seriesCheck(
  l: LoadedLandscape,
  c: Extract<LandscapeCheck, { kind: 'series' }>,
  depths: readonly number[] | undefined,
  expr: CompiledExpression,
  rows: readonly LandscapeRow[],
): LandscapeCheckResult {
  let n = 0;
  let worst: LandscapeCheckResult['worst'];
  let worstRatio = -1;
  let undefinedAt: string | undefined;
  for (const row of rows) {
    if (!selected(c, depths, row.N!, row.beta!)) continue;
    n++;
    const computed = row[c.quantity]!;
    const expected = expr.evaluateOrNaN({ ...l.scenario.params, ...row });
    if (!Number.isFinite(computed) || !Number.isFinite(expected)) {
      undefinedAt ??= landscapeMessages.seriesUndefined(where(l, row.N!, row.beta!, row), `${c.quantity} = ${String(computed)}, expected ${String(expected)}`);
      continue;
    }
    const error = Math.abs(computed - expected);
    const allowed = c.atol + c.rtol * Math.abs(expected);
    const ratio = allowed > 0 ? error / allowed : error > 0 ? Infinity : 0;
    if (ratio > worstRatio) {
      worstRatio = ratio;
      const at: Record<string, number> = {};
      for (const a of l.axes) at[a.name] = row[a.name]!;
      worst = { N: row.N!, beta: row.beta!, computed, expected, error, allowed, at };
    }
  }
  if (n === 0) return notEvaluated(c);
  const passed = undefinedAt === undefined && worstRatio <= 1;
  const worstText = worst ? landscapeMessages.seriesWorst(worst.error, worst.allowed, where(l, worst.N, worst.beta, worst.at)) : (undefinedAt ?? '');
  const detail = landscapeMessages.seriesDetail(c.quantity, n, undefinedAt ?? worstText);
  const gap = worst ? (worst.allowed > 0 ? worst.allowed : worst.error) : NaN;
  const measured =
    undefinedAt !== undefined || !worst
      ? (undefinedAt ?? '')
      : `|${c.quantity} − expected| = ${short(worst.error)} ${passed ? '≤' : '>'} ${short(worst.allowed)} allowed (${passed ? 'closest' : 'worst'}: ${where(l, worst.N, worst.beta, worst.at)}; computed ${resolving(worst.computed, gap)}, expected ${resolving(worst.expected, gap)})`;
  return { ...head(c, passed ? 'pass' : 'fail'), measured, detail, ...(worst ? { worst } : {}) };
}

/** The scope of a minimiser row: N, beta, the argmin, F, E, S, the status flags and params. */
export function minimiserScope(l: LoadedLandscape, m: MinimiserRow): Record<string, number> {
  return {
    ...l.scenario.params,
    ...m.argmin,
    N: m.N,
    beta: m.beta,
    F: m.F,
    E: m.E,
    S: m.S,
    interior: m.status === 'interior' ? 1 : 0,
    boundary: m.status === 'boundary' ? 1 : 0,
    defined: m.status === 'undefined' ? 0 : 1,
  };
}

function minimisersCheck(
  l: LoadedLandscape,
  c: Extract<LandscapeCheck, { kind: 'minimisers' }>,
  depths: readonly number[] | undefined,
  expr: CompiledExpression,
  minimisers: readonly MinimiserRow[],
): LandscapeCheckResult {
  let n = 0;
  let held = 0;
  let first: string | undefined;
  for (const m of minimisers) {
    if (!selected(c, depths, m.N, m.beta)) continue;
    n++;
    let v: number;
    let why = '';
    try {
      v = expr.evaluate(minimiserScope(l, m));
    } catch (err) {
      v = NaN;
      why = (err as Error).message;
    }
    if (v === 1) held++;
    else first ??= `${where(l, m.N, m.beta, m.argmin)} (status ${m.status})${v === 0 ? '' : `: ${why || landscapeMessages.notBoolean(String(v))}`}`;
  }
  if (n === 0) return notEvaluated(c);
  return {
    ...head(c, held === n ? 'pass' : 'fail'),
    measured: `true on ${String(held)} of ${String(n)} minimiser rows`,
    detail: landscapeMessages.predicateDetail(c.assert, held, n, first),
  };
}

/** Every check of a landscape scenario against its evaluated landscape. */
export function evaluateLandscapeChecks(l: LoadedLandscape, result: LandscapeResult): LandscapeCheckResult[] {
  return l.scenario.checks.map((c, i) => {
    const expr = l.checks.get(i)!;
    const depths = l.checkDepths[i];
    return c.kind === 'series' ? seriesCheck(l, c, depths, expr, result.rows) : minimisersCheck(l, c, depths, expr, result.minimisers);
  });
}

/** A landscape result without its grid-point `worst` (a flow check's `worst` names a run): what reports of both kinds read. */
export function withoutWorst(c: LandscapeCheckResult): Omit<LandscapeCheckResult, 'worst'> {
  const r: LandscapeCheckResult = { ...c };
  delete (r as { worst?: unknown }).worst;
  return r;
}
