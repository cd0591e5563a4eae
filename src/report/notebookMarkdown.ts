/**
 * The Markdown of a scenario's notebook: the header (title, provenance, time convention,
 * description, solver statistics, the resolved scenario collapsed) and the checks as a table.
 * Everything comes from the output folder's files; wall times are left out, so the notebook is the
 * same for any worker count and on any machine.
 */
import { stringify } from 'yaml';
import { outcomeCounts, outcomeLabel, outcomeLine, outcomeOf } from '../checks/checkResult.js';
import { quickProfileText } from './profile.js';
import { timeTitle } from './specs.js';
import type { HtmlCheck } from './checksHtml.js';

/** A check as `checks.json` holds it (the fields the table reads): the report's fields, and the worst point of older folders. */
export interface StoredCheck extends HtmlCheck {
  readonly worst?: { t?: number; error?: number; allowed?: number };
  readonly fractions?: readonly { cell: number; fraction: number }[];
  readonly cells?: readonly { cell: number; values: Record<string, number>; passed: boolean }[];
}

/** One run as the manifest lists it (its wall time is not read). */
export interface StoredRun {
  readonly cell: number;
  readonly run: number;
  readonly status: string;
  readonly method: string;
  readonly stats: { readonly nfev: number; readonly naccepted: number; readonly nrejected: number };
}

/** What the header shows, read from manifest.json and summary.json. */
export interface HeaderFacts {
  readonly scenario: Record<string, unknown> & { id: string; title: string; description?: string; checks?: unknown[] };
  readonly version: string;
  readonly commit: string | undefined;
  readonly backend: unknown;
  /** The reduced profile that ran (`--quick`), if any. */
  readonly quick: Readonly<Record<string, unknown>> | undefined;
  readonly time: string;
  readonly interrupted: boolean;
  readonly complete: boolean;
  readonly runs: readonly StoredRun[];
  readonly cells: readonly { cell: number; values: Record<string, number> }[];
  readonly checks: readonly StoredCheck[];
}

/**
 * Text safe in Markdown, on one line: `&`, `<` and `>` as HTML entities (nbconvert's Markdown keeps a
 * backslash before `<`), and the other punctuation Markdown or JupyterLab's `$…$` maths act on escaped.
 */
export const md = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]$|#]/g, (c) => `\\${c}`)
    .replace(/\s*\n\s*/g, ' ');

/** A number in a table: shortest round trip up to 4 significant digits, `∞` for infinities. */
export function num(x: number | null | undefined): string {
  if (x === null || x === undefined) return '—';
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e5)) return x.toExponential(3).replace(/\.?0+e/, 'e');
  return String(Number(x.toPrecision(4)));
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)]!;
};

/** `depth = 5, width = ∞`: a cell's swept values by the last segment of their paths (`run` when nothing is swept). */
export const cellText = (values: Record<string, number>): string =>
  Object.entries(values)
    .map(([p, v]) => `${p.split('.').at(-1)!} = ${Number.isFinite(v) ? String(v) : '∞'}`)
    .join(', ') || 'run';

const base = (p: string): string => p.split(/[\\/]/).at(-1)!;

/**
 * The backend line, from the manifest's `backend` (`src/linalg/backend.ts`): `OpenBLAS 0.3.21 … (libopenblas.so.0,
 * 1 thread)` for a native library, `JavaScript kernels` for the fallback, its fields as `key: value` for
 * another shape. Libraries by file name only, so no absolute path enters the notebook.
 */
export function backendText(b: unknown): string | undefined {
  if (b === undefined || b === null) return undefined;
  if (typeof b !== 'object') return typeof b === 'string' ? b : JSON.stringify(b);
  const o = b as Record<string, unknown>;
  if (o.name === 'js') return 'JavaScript kernels';
  if (typeof o.name === 'string') {
    const label = typeof o.vendor === 'string' ? o.vendor : o.name;
    const version = typeof o.version === 'string' ? o.version : undefined;
    const head = version === undefined ? label : version.toLowerCase().startsWith(label.toLowerCase()) ? version : `${label} ${version}`;
    const library = typeof o.library === 'string' ? base(o.library) : undefined;
    const lapack = typeof o.lapack === 'string' && base(o.lapack) !== library ? `LAPACK from ${base(o.lapack)}` : undefined;
    const threads = typeof o.threads === 'number' ? `${String(o.threads)} thread${o.threads === 1 ? '' : 's'}` : undefined;
    const extra = [library, lapack, threads].filter((x): x is string => x !== undefined);
    return `${head}${extra.length > 0 ? ` (${extra.join(', ')})` : ''}`;
  }
  return Object.entries(o)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;

/** Solver statistics per cell: runs, statuses, method, median evaluations, steps and rejections. */
export function statsTable(h: HeaderFacts): string {
  const out = [row(['cell', 'runs', 'status', 'method', 'median nfev', 'median steps', 'median rejected']), row(Array<string>(7).fill('---'))];
  for (const c of h.cells) {
    const rs = h.runs.filter((r) => r.cell === c.cell);
    const statuses = [...new Set(rs.map((r) => r.status))].map((st) => `${st} × ${String(rs.filter((r) => r.status === st).length)}`).join(', ');
    const methods = [...new Set(rs.map((r) => r.method))].join(', ');
    out.push(
      row([
        md(cellText(c.values)),
        String(rs.length),
        md(statuses),
        md(methods),
        num(median(rs.map((r) => r.stats.nfev))),
        num(median(rs.map((r) => r.stats.naccepted))),
        num(median(rs.map((r) => r.stats.nrejected))),
      ]),
    );
  }
  return out.join('\n');
}

/** The header cell: title, provenance, time convention, description, verdict, solver statistics, resolved scenario. */
export function headerMarkdown(h: HeaderFacts): string {
  const s = h.scenario;
  const backend = backendText(h.backend);
  const facts = [
    `\`${s.id}\``,
    `gradflow ${md(h.version)}`,
    ...(h.commit !== undefined ? [`commit \`${h.commit.slice(0, 12)}\``] : []),
    ...(backend !== undefined ? [`backend: ${md(backend)}`] : []),
    `time convention: ${md(timeTitle(h.time))}`,
  ];
  const warn = [
    ...(h.interrupted ? ['**Interrupted:** only the runs that finished are shown.'] : []),
    ...(quickProfileText(h.quick) !== undefined ? [`**${md(quickProfileText(h.quick)!)}**`] : []),
    ...(!h.complete && !h.interrupted ? ['**Incomplete:** a run failed in a way no status check expects.'] : []),
  ];
  return [
    `# ${md(s.title)}`,
    '',
    facts.join(' · '),
    '',
    ...(s.description !== undefined ? [md(s.description), ''] : []),
    `${checksLine(h.checks)}${warn.length > 0 ? ` ${warn.join(' ')}` : ''}`,
    '',
    '**Runs and solver statistics**',
    '',
    statsTable(h),
    '',
    resolvedScenario(s),
  ].join('\n');
}

/** The header's verdict: `**Checks: 2 derived pass · 1 not evaluated (of 3).**`. */
export function checksLine(checks: readonly StoredCheck[]): string {
  const counts = outcomeCounts(checks.map((c) => ({ outcome: outcomeOf(c), ...(c.basis ? { basis: c.basis } : {}) })));
  return `**Checks: ${outcomeLine(counts)}${counts.total > 0 ? ` (of ${String(counts.total)})` : ''}.**`;
}

/** The resolved scenario as YAML, collapsed in `<details>`, then a blank line. */
export function resolvedScenario(s: unknown): string {
  return ['<details><summary>Resolved scenario (YAML)</summary>', '', '```yaml', stringify(s).trimEnd(), '```', '', '</details>', ''].join('\n');
}

/** What a check requires, from the scenario's own check: the tolerance, bounds or predicate. */
function criterion(c: unknown): string {
  if (c === null || typeof c !== 'object') return '—';
  const k = c as Record<string, unknown>;
  switch (k.kind) {
    case 'series': {
      const parts = [
        typeof k.atol === 'number' && k.atol > 0 ? `atol ${num(k.atol)}` : '',
        typeof k.rtol === 'number' && k.rtol > 0 ? `rtol ${num(k.rtol)}` : '',
      ];
      return parts.filter((p) => p !== '').join(' + ') || '0';
    }
    case 'invariant':
      return `drift ≤ ${num(k.maxDrift as number)}`;
    case 'status':
      return `status in ${md((k.expect as string[]).join(', '))}`;
    case 'ensemble':
      return `fraction in [${num(k.min as number)}, ${num(k.max as number)}] of runs with ${md(String(k.each))}`;
    default:
      return typeof k.assert === 'string' ? md(k.assert) : '—';
  }
}

/** What was measured, from the check's own line (older folders: the worst error and where). */
function measured(c: StoredCheck): string {
  if (outcomeOf(c) === 'not-evaluated') return md(`not evaluated: ${c.reason ?? c.detail}`);
  if (c.measured !== undefined) return md(c.measured);
  if (c.worst?.error !== undefined) return `${num(c.worst.error)}${c.worst.t !== undefined ? ` at t = ${num(c.worst.t)}` : ''}`;
  return '—';
}

const verdictCell = (c: StoredCheck): string => {
  const o = outcomeOf(c);
  return o === 'fail' ? '**FAIL**' : o === 'not-evaluated' ? '*not evaluated*' : outcomeLabel(o);
};

/**
 * The checks: a summary line by basis and outcome; theory checks (derived, with their source) and
 * regression guards (measured, with the runs and commit behind them), each a table of check, kind,
 * verdict, measured values, criterion and evidence; then one small table per check that judges cells.
 */
export function checksMarkdown(checks: readonly StoredCheck[], specs: readonly unknown[]): string {
  if (checks.length === 0) return '## Checks\n\nThis scenario states no checks.\n';
  const counts = outcomeCounts(checks.map((c) => ({ outcome: outcomeOf(c), ...(c.basis ? { basis: c.basis } : {}) })));
  const out = ['## Checks', '', `**${outcomeLine(counts)}** (of ${String(counts.total)})`];
  const group = (title: string, evidence: string, pick: (c: StoredCheck) => boolean, ev: (c: StoredCheck) => string): void => {
    const rows = checks.map((c, i) => ({ c, i })).filter(({ c }) => pick(c));
    if (rows.length === 0) return;
    out.push('', `### ${title}`, '', row(['check', 'kind', 'verdict', 'measured', 'criterion', evidence]), row(Array<string>(6).fill('---')));
    for (const { c, i } of rows) out.push(row([md(c.name), c.kind, verdictCell(c), measured(c), criterion(specs[i]), ev(c)]));
  };
  group(
    'Theory checks (derived)',
    'source',
    (c) => c.basis === 'derived',
    (c) => md(c.source ?? ''),
  );
  group(
    'Regression guards (measured)',
    'measured from',
    (c) => c.basis !== 'derived',
    (c) => (c.measuredFrom ? `${String(c.measuredFrom.runs)} runs at \`${c.measuredFrom.commit}\`` : 'not stated'),
  );
  for (const c of checks) {
    if (!c.table || c.table.rows.length < 2) continue;
    out.push('', `#### ${md(c.name)}: per cell`, '', row(c.table.columns.map(md)), row(c.table.columns.map(() => '---')));
    for (const r of c.table.rows) out.push(row(r.map((x) => (x === 'FAIL' ? '**FAIL**' : md(x)))));
  }
  return out.join('\n') + '\n';
}
