/**
 * `report.html` per scenario and `notebooks-out/index.html`: self-contained pages (inline CSS, inline
 * SVG figures, relative links only) that open offline, with no script and no network request.
 */
import type { BackendInfo } from '../linalg/backend.js';
import { stringify } from 'yaml';
import type { CheckResult } from '../checks/checkResult.js';
import type { Cell } from '../checks/cell.js';
import type { RunResult } from '../checks/runResult.js';
import type { Scenario } from '../scenario/schema.js';
import { cellLabel } from './figures.js';
import { claimAnswers, statisticsRows } from './claims.js';
import { CHECKS_CSS, checksSectionHtml } from './checksHtml.js';
import { outcomeLine, type OutcomeCounts } from '../checks/checkResult.js';
import { quickProfileText } from './profile.js';
import { timeTitle } from './specs.js';

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const CSS = `
body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;margin-top:1.8em;border-bottom:1px solid #ddd}
.id{color:#666;font-family:monospace}.pass{color:#00734d;font-weight:bold}.fail{color:#b00020;font-weight:bold}
table{border-collapse:collapse;font-size:.9em;margin:.5em 0}td,th{border:1px solid #ddd;padding:.3em .6em;vertical-align:top;text-align:left}
th{background:#f5f5f5}figure{display:inline-block;margin:.6em 1em .6em 0;vertical-align:top}figcaption{font-size:.8em;color:#555}
pre{background:#f7f7f7;padding:.8em;overflow:auto;font-size:.85em}.cards{display:flex;flex-wrap:wrap;gap:1em}
.card{box-sizing:border-box;border:1px solid #ddd;border-radius:6px;padding:.7em;width:calc(50% - .5em);min-width:320px}.card img{width:100%;border:1px solid #eee}
h3{font-size:1em;margin-top:1.2em}${CHECKS_CSS}
`;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)]!;
};

export interface ReportFigure {
  readonly name: string;
  readonly title: string;
  readonly svg: string;
}

/** One line saying which linear algebra ran (`gradflow info` says more). */
export function backendLine(b: BackendInfo | undefined): string {
  if (!b) return 'not recorded';
  if (b.name === 'js') return 'JavaScript kernels';
  const lapack = b.lapack === undefined ? ', SVD/eigen/LU in JavaScript (no LAPACK)' : b.lapack === b.library ? '' : `, LAPACK from ${b.lapack}`;
  return `native ${b.vendor ?? ''} (${b.library ?? ''}${lapack}), ${String(b.threads)} BLAS thread${b.threads === 1 ? '' : 's'} per run`;
}

export function reportHtml(
  s: Scenario,
  cells: readonly Cell[],
  results: readonly RunResult[],
  checks: readonly CheckResult[],
  figures: readonly ReportFigure[],
  meta: { version: string; commit: string | undefined; interrupted: boolean; backend?: BackendInfo; quick?: Readonly<Record<string, unknown>> },
): string {
  const quickText = quickProfileText(meta.quick);
  const quickLine = quickText === undefined ? '' : `<p class="fail">${esc(quickText)}</p>\n`;
  const time = results[0]?.time ?? 'upstairs';
  const claims = claimAnswers(s, cells, checks);
  const claimsHtml =
    claims.length === 0
      ? ''
      : `<h2>Claims, measured</h2>\n${claims.map((a) => `<p><b>Claim:</b> ${esc(a.claim)} <b class="${a.verdict === 'holds' ? 'pass' : a.verdict === 'not evaluated' ? 'na' : 'fail'}">${esc(a.verdict)}</b> — ${esc(a.text)}</p>`).join('\n')}\n`;
  const stats = statisticsRows(s, cells, results);
  const statsHtml =
    stats.length === 0
      ? ''
      : `<h2>Statistics over runs</h2>\n<p>Final values per cell: mean ± sample std, the Student-t 95% interval of the mean, the median and its seeded bootstrap 95% interval (2000 resamples). Paired differences to the reference cell: paired.csv; per-cell numbers: cells.csv.</p>\n<table><tr><th>quantity</th><th>cell</th><th>n</th><th>mean ± std</th><th>95% CI (t)</th><th>median</th><th>95% CI of median (bootstrap)</th></tr>\n${stats.map((r) => `<tr>${r.map((x) => `<td>${esc(x)}</td>`).join('')}</tr>`).join('\n')}\n</table>\n`;
  const statRows = cells
    .map((cell) => {
      const rs = results.filter((r) => r.cell === cell.index);
      const statuses = [...new Set(rs.map((r) => r.status))].map((st) => `${st} × ${String(rs.filter((r) => r.status === st).length)}`).join(', ');
      const label = Object.keys(cell.values).length > 0 ? cellLabel(cell) : '—';
      return `<tr><td>${esc(label)}</td><td>${String(rs.length)}</td><td>${esc(statuses)}</td><td>${esc(rs[0]?.method ?? '')}</td><td>${String(median(rs.map((r) => r.stats.nfev)))}</td><td>${String(median(rs.map((r) => r.stats.naccepted)))}</td><td>${String(median(rs.map((r) => r.stats.nrejected)))}</td><td>${median(rs.map((r) => r.stats.wallMs)).toFixed(1)}</td></tr>`;
    })
    .join('\n');
  const figs = figures
    .map(
      (f) =>
        `<figure id="${esc(f.name)}"><div class="svg">${f.svg}</div><figcaption>${esc(f.title)} · <a href="figures/${esc(f.name)}.vl.json">Vega-Lite spec</a> · <a href="figures/${esc(f.name)}.svg">SVG</a> · <a href="figures/${esc(f.name)}.png">PNG</a></figcaption></figure>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(s.title)}</title><style>${CSS}</style></head>
<body>
<h1>${esc(s.title)}</h1>
<div class="id">${esc(s.id)} · gradflow ${esc(meta.version)}${meta.commit ? ` · commit ${esc(meta.commit.slice(0, 12))}` : ''} · time convention: ${esc(timeTitle(time))}</div>
${s.description !== undefined ? `<p>${esc(s.description)}</p>\n` : ''}${quickLine}${meta.interrupted ? '<p class="fail">interrupted: only the finished runs are shown</p>\n' : ''}${checksSectionHtml(checks)}${claimsHtml}${statsHtml}<h2>Figures</h2>
${figs}
<h2>Runs and solver statistics</h2>
<p>Linear algebra: ${esc(backendLine(meta.backend))}</p>
<table><tr><th>cell</th><th>runs</th><th>status</th><th>method</th><th>median nfev</th><th>median steps</th><th>median rejected</th><th>median wall ms</th></tr>
${statRows}
</table>
<h2>Data</h2>
<p><a href="trajectory.csv">trajectory.csv</a> (one row per run × saved time) · <a href="summary.csv">summary.csv</a> and <a href="summary.json">summary.json</a> (one row per run; per-cell statistics) · <a href="checks.json">checks.json</a> · <a href="manifest.json">manifest.json</a></p>
<h2>Scenario (resolved)</h2>
<details><summary>show</summary><pre>${esc(stringify(s))}</pre></details>
</body></html>
`;
}

export interface IndexEntry {
  readonly id: string;
  readonly title: string;
  readonly passed: number;
  readonly total: number;
  readonly counts: OutcomeCounts;
  readonly thumbnail: string | undefined;
}

export function indexHtml(entries: readonly IndexEntry[]): string {
  const cards = entries
    .map(
      (e) =>
        `<div class="card"><a href="${esc(e.id)}/report.html">${e.thumbnail ? `<img alt="${esc(e.title)}" src="${esc(e.id)}/figures/${esc(e.thumbnail)}.png">` : ''}<br><strong>${esc(e.title)}</strong></a><br><span class="id">${esc(e.id)}</span> · <span class="${e.counts.fail > 0 ? 'fail' : e.counts.notEvaluated > 0 ? 'na' : 'pass'}">${esc(outcomeLine(e.counts))}</span></div>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>gradflow reports</title><style>${CSS}</style></head>
<body><h1>gradflow reports</h1><p>${String(entries.length)} scenarios. Each report lists its checks, figures and data.</p>
<div class="cards">
${cards}
</div></body></html>
`;
}
