/**
 * The checks section of `report.html` (flow and landscape scenarios): a summary line by basis and
 * outcome, then two tables — theory checks (derived: a closed form, a theorem, an independent
 * computation, with its source) and regression guards (measured, with the runs and commit they came
 * from). Each row shows the measured values beside the verdict; a check that was not evaluated is
 * grey and says why; per-cell values are a small table inside the row.
 */
import { outcomeCounts, outcomeLabel, outcomeLine, outcomeOf, type CheckTable, type Outcome } from '../checks/checkResult.js';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** What the section reads of a check (as `checks.json` holds it). */
export interface HtmlCheck {
  readonly name: string;
  readonly kind: string;
  readonly outcome?: Outcome;
  readonly passed: boolean;
  readonly basis?: 'derived' | 'measured';
  readonly source?: string;
  readonly measuredFrom?: { readonly runs: number; readonly commit: string };
  readonly measured?: string;
  readonly reason?: string;
  readonly detail: string;
  readonly table?: CheckTable;
}

export const OUTCOME_CLASS: Readonly<Record<Outcome, string>> = { pass: 'pass', fail: 'fail', 'not-evaluated': 'na' };

/** CSS for the outcome classes and the nested tables (added to the page's own). */
export const CHECKS_CSS = `.na{color:#777;font-weight:bold}tr.na td{color:#777;background:#fafafa}table.cells{font-size:.85em;margin:.3em 0 0}table.cells td,table.cells th{padding:.1em .4em}`;

function tableHtml(t: CheckTable): string {
  return `<table class="cells"><tr>${t.columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>${t.rows
    .map((r) => `<tr>${r.map((x) => `<td class="${x === 'FAIL' ? 'fail' : ''}">${esc(x)}</td>`).join('')}</tr>`)
    .join('')}</table>`;
}

function row(c: HtmlCheck, evidence: string): string {
  const o = outcomeOf(c);
  const measured = o === 'not-evaluated' ? esc(`not evaluated: ${c.reason ?? c.detail}`) : esc(c.measured ?? '');
  const table = c.table && c.table.rows.length > 1 ? tableHtml(c.table) : '';
  return `<tr class="${o === 'not-evaluated' ? 'na' : ''}"><td>${esc(c.name)}</td><td>${esc(c.kind)}</td><td class="${OUTCOME_CLASS[o]}">${outcomeLabel(o)}</td><td>${measured}${table}</td><td>${evidence}</td><td>${esc(c.detail)}</td></tr>`;
}

/** The section: summary line, theory checks, regression guards. */
export function checksSectionHtml(checks: readonly HtmlCheck[]): string {
  if (checks.length === 0) return '<h2>Checks</h2>\n<p>This scenario states no checks.</p>\n';
  const counts = outcomeCounts(checks.map((c) => ({ outcome: outcomeOf(c), ...(c.basis ? { basis: c.basis } : {}) })));
  const cls = counts.fail > 0 ? 'fail' : counts.notEvaluated > 0 ? 'na' : 'pass';
  const derived = checks.filter((c) => c.basis === 'derived');
  const measured = checks.filter((c) => c.basis !== 'derived');
  const head = (what: string): string =>
    `<table><tr><th>check</th><th>kind</th><th>verdict</th><th>measured</th><th>${what}</th><th>what was compared</th></tr>`;
  const parts = [`<h2>Checks</h2>\n<p>Checks: <span class="${cls}">${esc(outcomeLine(counts))}</span> (of ${String(counts.total)})</p>`];
  if (derived.length > 0)
    parts.push(
      `<h3>Theory checks (derived from a closed form, a theorem or an independent computation)</h3>\n${head('source')}\n${derived.map((c) => row(c, esc(c.source ?? ''))).join('\n')}\n</table>`,
    );
  if (measured.length > 0)
    parts.push(
      `<h3>Regression guards (values gradflow measured)</h3>\n${head('measured from')}\n${measured
        .map((c) => row(c, c.measuredFrom ? esc(`${String(c.measuredFrom.runs)} runs at commit ${c.measuredFrom.commit}`) : 'not stated'))
        .join('\n')}\n</table>`,
    );
  return parts.join('\n') + '\n';
}
