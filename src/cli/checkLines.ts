/**
 * How the command line shows checks: one line each — outcome, basis, name, the measured values (a
 * failure says by how much; a check not evaluated says why) — then its per-cell table, and one summary
 * line per scenario: `12 derived pass · 7 measured pass · 1 not evaluated`.
 */
import { outcomeCounts, outcomeLabel, outcomeLine, outcomeOf, type CheckTable, type Outcome } from '../checks/checkResult.js';

/** The fields of a check result the lines read (flow and landscape checks alike). */
export interface ShownCheck {
  readonly name: string;
  readonly outcome?: Outcome;
  readonly passed: boolean;
  readonly basis?: 'derived' | 'measured';
  readonly measured?: string;
  readonly reason?: string;
  readonly detail: string;
  readonly table?: CheckTable;
}

/** Table rows shown on the terminal before the rest is left to checks.json. */
const MAX_ROWS = 12;

function tableLines(t: CheckTable): string[] {
  const rows = t.rows.slice(0, MAX_ROWS);
  const w = t.columns.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => `        ${cells.map((c, i) => c.padEnd(w[i]!)).join('  ')}`.trimEnd();
  return [line(t.columns), ...rows.map(line), ...(t.rows.length > MAX_ROWS ? [`        … ${String(t.rows.length - MAX_ROWS)} more rows in checks.json`] : [])];
}

/** A check's lines: `  pass  derived   id: name — measured`, then its table (when it has more than one row). */
export function checkLines(id: string, c: ShownCheck): string[] {
  const o = outcomeOf(c);
  const label = outcomeLabel(o).padEnd(13);
  const basis = (c.basis ?? '').padEnd(8);
  const what =
    o === 'not-evaluated' ? (c.reason ?? c.detail) : o === 'fail' ? `${c.measured ?? ''}${c.measured ? ' — ' : ''}${c.detail}` : (c.measured ?? c.detail);
  const lines = [`  ${label} ${basis} ${id}: ${c.name} — ${what}`];
  if (c.table && c.table.rows.length > 1) lines.push(...tableLines(c.table));
  return lines;
}

/** The scenario's summary line: `  id: 12 derived pass · 7 measured pass · 1 not evaluated`. */
export function summaryLine(id: string, checks: readonly ShownCheck[]): string {
  return `  ${id}: ${outcomeLine(outcomeCounts(checks.map((c) => ({ outcome: outcomeOf(c), ...(c.basis ? { basis: c.basis } : {}) }))))}`;
}

/** Whether any check was not evaluated (`--strict` exits 1 then). */
export const anyNotEvaluated = (checks: readonly ShownCheck[]): boolean => checks.some((c) => outcomeOf(c) === 'not-evaluated');

/** Writes a scenario's check lines and summary through `err`. */
export function writeCheckLines(id: string, checks: readonly ShownCheck[], err: (s: string) => void): void {
  for (const c of checks) for (const l of checkLines(id, c)) err(`${l}\n`);
  if (checks.length > 0) err(`${summaryLine(id, checks)}\n`);
}
