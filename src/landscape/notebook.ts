/**
 * `report.ipynb` of a landscape scenario's output folder (`kind: landscape`): built, like a flow
 * scenario's (`notebook.ts`), from the folder's files alone — manifest.json, checks.json,
 * summary.json, landscape.csv, minimisers.csv and figures/ — so `gradflow run` and `gradflow
 * notebook` write the same bytes. Cells: the header (title, provenance, family, description, the
 * resolved scenario collapsed), the checks, the minimisers of F_β as a table, one cell per figure
 * (Vega-Lite and PNG), and a pandas cell that reloads the two tables.
 */
import { isInfinityText, isMinusInfinityText } from '../report/csv.js';
import { parseJson, type FolderFiles } from '../report/notebook.js';
import { figureCells, storedFigures } from '../report/notebookFigures.js';
import { codeCell, markdownCell, notebook, stdout, type Cell, type Notebook } from '../report/notebookFormat.js';
import { checksLine, checksMarkdown, md, num, resolvedScenario, type StoredCheck } from '../report/notebookMarkdown.js';
import { notebookMessages } from '../report/notebookMessages.js';
import { csvShape, statusCounts } from '../report/notebookPython.js';
import { OutputError } from '../report/outputFolder.js';
import { quickProfileText } from '../report/profile.js';

/** The files a landscape notebook is built from (figures are optional). */
export const LANDSCAPE_NOTEBOOK_INPUTS = ['manifest.json', 'checks.json', 'summary.json', 'landscape.csv', 'minimisers.csv'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `N = ∞` from the JSON files' `inf` (or a number). */
const depthText = (v: unknown): string => (isInfinityText(v) || v === Infinity ? '∞' : String(v));

/** A value of minimisers.csv as summary.json holds it (numbers, or `inf`, `-inf`, `NaN` as strings). */
const cellValue = (v: unknown): string =>
  typeof v === 'number'
    ? num(v)
    : isInfinityText(v)
      ? '∞'
      : isMinusInfinityText(v)
        ? '−∞'
        : typeof v === 'string'
          ? md(v)
          : v === null || v === undefined
            ? '—'
            : md(JSON.stringify(v));

const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;

/** The header: title, provenance, the family, description, verdict, the resolved scenario. */
function headerMarkdown(s: Record<string, unknown>, manifest: Record<string, unknown>, checks: readonly StoredCheck[]): string {
  const family = isObject(s.family) ? s.family : {};
  const axes = Object.entries(family)
    .filter(([k, v]) => k !== 'W' && isObject(v))
    .map(([k, v]) => {
      const a = v as { from?: number; to?: number; n?: number; log?: boolean };
      return `${md(k)} ∈ [${num(a.from)}, ${num(a.to)}] (${String(a.n)} points${a.log === true ? ', log' : ''})`;
    });
  const commit = typeof manifest.commit === 'string' ? manifest.commit : undefined;
  const quick = quickProfileText(isObject(manifest.quick) ? manifest.quick : undefined);
  const facts = [
    `\`${String(s.id)}\``,
    'landscape',
    `gradflow ${md(typeof manifest.gradflow === 'string' ? manifest.gradflow : 'unknown')}`,
    ...(commit !== undefined ? [`commit \`${commit.slice(0, 12)}\``] : []),
  ];
  const depths = Array.isArray(s.depths) ? s.depths.map(depthText).join(', ') : '—';
  const betas = Array.isArray(s.betas) ? s.betas.map((b) => (typeof b === 'number' ? num(b) : String(b))).join(', ') : '—';
  return [
    `# ${md(String(s.title))}`,
    '',
    facts.join(' · '),
    '',
    ...(typeof s.description === 'string' ? [md(s.description), ''] : []),
    `W = \`${JSON.stringify(family.W ?? null)}\` over ${axes.join(', ') || '—'}; entropy: ${md(typeof s.entropy === 'string' ? s.entropy : 'orbit')}; N ∈ {${depths}}; β ∈ {${betas}}. At N = ∞, S is the limit of S − ¼d(d−1) log N (orbit part) — docs/theory.md §6.4.`,
    '',
    `${checksLine(checks)}${quick !== undefined ? ` **${md(quick)}**` : ''}`,
    '',
    resolvedScenario(s),
  ].join('\n');
}

/** The minimisers of F_β per N and β, from summary.json (its columns in minimisers.csv's order, up to the grid's own minimum). */
function minimisersMarkdown(minimisers: readonly Record<string, unknown>[]): string {
  const head = [
    '## Minimisers of F_β',
    '',
    'Bracket (best grid point) and refine (Brent line searches, coordinate by coordinate; docs/theory.md §6.5). *boundary*: the smallest value over the box is on its edge — the infimum may escape beyond it; it is not an interior minimiser.',
    '',
  ];
  if (minimisers.length === 0) return [...head, 'No minimisers.', ''].join('\n');
  const keys = Object.keys(minimisers[0]!);
  const shown = keys.slice(0, keys.includes('edge') ? keys.indexOf('edge') + 1 : keys.length);
  const title = (k: string): string => (k === 'beta' ? 'β' : k === 'F' ? 'F_β' : md(k));
  const out = [...head, row(shown.map(title)), row(shown.map(() => '---'))];
  for (const m of minimisers)
    out.push(row(shown.map((k) => (k === 'N' ? depthText(m[k]) : k === 'status' && m[k] !== 'interior' ? `**${md(String(m[k]))}**` : cellValue(m[k])))));
  return out.join('\n') + '\n';
}

/** Loads landscape.csv and minimisers.csv with pandas, and prints their sizes. */
export const landscapeLoadCode = (): string => `import pandas as pd

landscape = pd.read_csv("landscape.csv")  # one row per grid point × N × β
minimisers = pd.read_csv("minimisers.csv")  # one row per N and β: the argmin, F_β there, interior or boundary
print(f"landscape.csv: {len(landscape)} rows, {landscape.shape[1]} columns")
print(f"minimisers.csv: {len(minimisers)} rows; " + ", ".join(f"{s} × {n}" for s, n in minimisers["status"].value_counts().sort_index().items()))
`;

/** What {@link landscapeLoadCode} prints, computed from the same files. */
export function landscapeLoadOutput(landscapeCsv: string, minimisersCsv: string): string {
  const l = csvShape(landscapeCsv);
  const m = csvShape(minimisersCsv);
  return `landscape.csv: ${String(l.rows)} rows, ${String(l.columns)} columns\nminimisers.csv: ${String(m.rows)} rows; ${statusCounts(minimisersCsv)}\n`;
}

/** The notebook of a landscape output folder (`dir` names it in error messages only). */
export function landscapeNotebook(dir: string, files: FolderFiles): Notebook {
  for (const f of LANDSCAPE_NOTEBOOK_INPUTS) if (files[f] === undefined) throw new OutputError(notebookMessages.missingFile(dir, f));
  const manifest = parseJson('manifest.json', files['manifest.json']!.toString());
  const checksFile = parseJson('checks.json', files['checks.json']!.toString());
  const summary = parseJson('summary.json', files['summary.json']!.toString());
  const s = manifest.scenario;
  if (!isObject(s) || typeof s.id !== 'string' || typeof s.title !== 'string')
    throw new OutputError(notebookMessages.badField('manifest.json', 'scenario', 'the resolved scenario, an object with id and title'));
  const checks = checksFile.checks;
  if (!Array.isArray(checks) || !checks.every(isObject)) throw new OutputError(notebookMessages.badField('checks.json', 'checks', 'a list of check results'));
  const minimisers = Array.isArray(summary.minimisers) ? summary.minimisers.filter(isObject) : [];
  const figures = storedFigures(files, parseJson);
  const cells: Cell[] = [
    markdownCell('header', headerMarkdown(s, manifest, checks as unknown as StoredCheck[])),
    markdownCell('checks', checksMarkdown(checks as unknown as StoredCheck[], Array.isArray(s.checks) ? s.checks : [])),
    markdownCell('minimisers', minimisersMarkdown(minimisers)),
    ...figureCells(figures),
  ];
  cells.push(
    markdownCell(
      'data',
      '## Data\n\nThe tables of this landscape, loaded with pandas: `landscape` has one row per grid point × N × β (E, S and F_β), `minimisers` one row per N and β.\n',
    ),
  );
  cells.push(
    codeCell('load-data', landscapeLoadCode(), [stdout(landscapeLoadOutput(files['landscape.csv']!.toString(), files['minimisers.csv']!.toString()))]),
  );
  return notebook(cells, {
    gradflow: {
      scenario: s.id,
      kind: 'landscape',
      version: typeof manifest.gradflow === 'string' ? manifest.gradflow : 'unknown',
      ...(typeof manifest.commit === 'string' ? { commit: manifest.commit } : {}),
    },
  });
}
