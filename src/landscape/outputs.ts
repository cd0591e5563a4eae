/**
 * The output folder of a landscape scenario: `landscape.csv` (every grid point × N × β),
 * `minimisers.csv` (per N and β: the argmin, F_β there, interior or boundary), `summary.json`,
 * `checks.json`, `manifest.json`, `figures/`, `report.html` and `report.ipynb` (built from the other
 * files, `landscapeNotebook.ts`). Written into a temporary folder and renamed into place
 * (`outputFolder.ts`), like a flow scenario's.
 */
import { checksSectionHtml } from '../report/checksHtml.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import type { LandscapeCheckResult } from './checks.js';
import type { LandscapeResult, MinimiserRow } from './evaluate.js';
import type { LoadedLandscape } from './load.js';
import { numberText, toCsv } from '../report/csv.js';
import { CSS, esc } from '../report/html.js';
import { landscapeFigures } from './figures.js';
import { landscapeNotebook } from './notebook.js';
import { serializeNotebook } from '../report/notebookFormat.js';
import { gitCommit, packageVersion } from '../report/outputs.js';
import { writeFolder } from '../report/outputFolder.js';
import { quickProfileText } from '../report/profile.js';
import { renderFigures } from '../report/render.js';

/** Larger SVGs (heatmaps: a rect per cell) are shown as their PNG, so report.html stays small. */
const MAX_INLINE_SVG = 500_000;

/** A minimiser row flattened for minimisers.csv and summary.json. */
function minimiserRecord(l: LoadedLandscape, m: MinimiserRow): Record<string, unknown> {
  const r: Record<string, unknown> = { N: m.N, beta: m.beta, status: m.status };
  for (const a of l.axes) r[a.name] = m.argmin[a.name];
  Object.assign(r, { F: m.F, E: m.E, S: m.S, edge: m.edge });
  for (const a of l.axes) r[`grid_${a.name}`] = m.grid[a.name];
  Object.assign(r, { gridF: m.gridF, undefinedPoints: m.undefinedPoints, evaluations: m.evaluations });
  return r;
}

/** JSON with non-finite numbers as the strings the CSV files use (`inf`, `-inf`, `NaN`). */
const json = (v: unknown): string => JSON.stringify(v, (_, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? numberText(x) : x), 2) + '\n';

/** The text of a landscape folder's checks.json (also what `gradflow check <folder>` compares with). */
export const landscapeChecksJson = (id: string, checks: readonly LandscapeCheckResult[]): string =>
  json({ scenario: id, passed: checks.every((c) => c.outcome !== 'fail'), checks });

const fmt = (x: number): string => (Number.isFinite(x) ? x.toPrecision(6) : Number.isNaN(x) ? '—' : x > 0 ? '∞' : '−∞');

function reportHtml(
  l: LoadedLandscape,
  r: LandscapeResult,
  checks: readonly LandscapeCheckResult[],
  figures: readonly { name: string; title: string; svg: string }[],
): string {
  const s = l.scenario;
  const quickText = quickProfileText(l.quick);
  const names = l.axes.map((a) => a.name);
  const minRows = r.minimisers
    .map(
      (m) =>
        `<tr><td>${m.N === Infinity ? '∞' : String(m.N)}</td><td>${String(m.beta)}</td><td class="${m.status === 'interior' ? 'pass' : 'fail'}">${m.status}</td>${names.map((n) => `<td>${fmt(m.argmin[n]!)}</td>`).join('')}<td>${fmt(m.F)}</td><td>${fmt(m.E)}</td><td>${fmt(m.S)}</td><td>${esc(m.edge)}</td></tr>`,
    )
    .join('\n');
  const undefinedRows = r.undefinedEntropy
    .map((u) => `<li>${Number.isNaN(u.N) ? 'every N' : `N = ${u.N === Infinity ? '∞' : String(u.N)}`}: ${String(u.points)} grid points — ${esc(u.reason)}</li>`)
    .join('\n');
  const figs = figures
    .map(
      (f) =>
        `<figure id="${esc(f.name)}"><div class="svg">${f.svg.length <= MAX_INLINE_SVG ? f.svg : `<img alt="${esc(f.title)}" src="figures/${esc(f.name)}.png" style="max-width:100%">`}</div><figcaption>${esc(f.title)} · <a href="figures/${esc(f.name)}.vl.json">Vega-Lite spec</a> · <a href="figures/${esc(f.name)}.svg">SVG</a> · <a href="figures/${esc(f.name)}.png">PNG</a></figcaption></figure>`,
    )
    .join('\n');
  const family = l.axes
    .map((a) => `${a.name} ∈ [${String(a.axis.from)}, ${String(a.axis.to)}] (${String(a.axis.n)} points${a.axis.log ? ', log' : ''})`)
    .join(', ');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(s.title)}</title><style>${CSS}</style></head>
<body>
<h1>${esc(s.title)}</h1>
<div class="id">${esc(s.id)} · landscape · gradflow ${esc(packageVersion())}${gitCommit() ? ` · commit ${esc(gitCommit()!.slice(0, 12))}` : ''}</div>
${s.description !== undefined ? `<p>${esc(s.description)}</p>\n` : ''}<p>W = ${esc(JSON.stringify(s.family.W))} over ${esc(family)}; entropy: ${esc(s.entropy)}; N ∈ {${s.depths.map(String).join(', ')}}; β ∈ {${s.betas.map(String).join(', ')}}.
At N = ∞, S is the limit of S − ¼d(d−1) log N (orbit part) — docs/theory.md §6.4.</p>
${quickText === undefined ? '' : `<p class="fail">${esc(quickText)}</p>\n`}${checksSectionHtml(checks)}<h2>Minimisers of F_β</h2>
<p>Bracket (best grid point) and refine (Brent line searches, coordinate by coordinate; docs/theory.md §6.5). <em>boundary</em>: the smallest value over the box is on its edge — the infimum may escape beyond it; it is not an interior minimiser.</p>
<table><tr><th>N</th><th>β</th><th>status</th>${names.map((n) => `<th>argmin ${esc(n)}</th>`).join('')}<th>F_β</th><th>E</th><th>S</th><th>edge</th></tr>
${minRows}
</table>
${undefinedRows === '' ? '' : `<h2>Where S is undefined</h2>\n<ul>\n${undefinedRows}\n</ul>`}
<h2>Figures</h2>
${figs}
<h2>Data</h2>
<p><a href="landscape.csv">landscape.csv</a> (one row per grid point × N × β) · <a href="minimisers.csv">minimisers.csv</a> · <a href="summary.json">summary.json</a> · <a href="checks.json">checks.json</a> · <a href="manifest.json">manifest.json</a></p>
<h2>Scenario (resolved)</h2>
<details><summary>show</summary><pre>${esc(stringify(s))}</pre></details>
</body></html>
`;
}

/** Writes the output folder of an evaluated landscape to `<outRoot>/<id>`; returns the folder written and a note when it is elsewhere. */
export async function writeLandscapeOutputs(
  outRoot: string,
  l: LoadedLandscape,
  r: LandscapeResult,
  checks: readonly LandscapeCheckResult[],
  wallMs: number,
  o: { readonly figures?: boolean; readonly notebook?: boolean } = {},
): Promise<{ dir: string; note?: string; files: string[] }> {
  const s = l.scenario;
  const files: Record<string, string | Buffer> = {};
  files['landscape.csv'] = toCsv(l.columns, r.rows);
  const minimisers = r.minimisers.map((m) => minimiserRecord(l, m));
  files['minimisers.csv'] = toCsv(l.minimiserColumns, minimisers);
  files['summary.json'] = json({
    scenario: s.id,
    kind: 'landscape',
    entropy: s.entropy,
    depths: s.depths,
    betas: s.betas,
    gridPoints: l.axes.reduce((p, a) => p * a.axis.n, 1),
    minimisers,
    undefined: r.undefinedEntropy,
  });
  files['checks.json'] = landscapeChecksJson(s.id, checks);
  files['manifest.json'] = json({
    kind: 'landscape',
    scenario: s,
    given: l.raw,
    gradflow: packageVersion(),
    commit: gitCommit(),
    node: process.version,
    interrupted: false,
    complete: true,
    ...(l.quick ? { quick: l.quick } : {}),
    wallMs,
  });
  if (o.figures !== false) {
    const figures = landscapeFigures(l, r);
    const svgs = await renderFigures(figures, files);
    const shown = figures.map((f, i) => ({ name: f.name, title: typeof f.spec.title === 'string' ? f.spec.title : f.name, svg: svgs[i]! }));
    files['report.html'] = reportHtml(l, r, checks, shown);
  }
  // report.ipynb from the files above (as `gradflow notebook` builds it from them on disk), unless --no-notebook
  if (o.notebook !== false) files['report.ipynb'] = serializeNotebook(landscapeNotebook(path.join(outRoot, s.id), files));
  const placed = writeFolder(outRoot, s.id, undefined, (tmp) => {
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(tmp, name)), { recursive: true });
      writeFileSync(path.join(tmp, name), content);
    }
  });
  return { ...placed, files: Object.keys(files) };
}
