/**
 * `report.ipynb`: a scenario's output folder as a Jupyter notebook (nbformat 4.5). It is built from
 * the folder's files alone — manifest.json, checks.json, summary.json, the CSVs and figures/ — so
 * `gradflow run` (from the files it is about to write) and `gradflow notebook` (from the files on
 * disk) write the same bytes. It holds no timestamp, wall time or absolute path.
 *
 * Cells: the header (title, provenance, time convention, description, solver statistics, the
 * resolved scenario collapsed); the checks as a table; one cell per figure, its stored output the
 * Vega-Lite spec and the PNG (the SVG stays in figures/: nbconvert 6.5 draws it blank); Python cells that reload the data with pandas and redraw a figure
 * with Altair.
 */
import { OutputError } from './outputFolder.js';
import { checksMarkdown, headerMarkdown, type HeaderFacts, type StoredCheck, type StoredRun } from './notebookMarkdown.js';
import { codeCell, markdownCell, notebook, stdout, type Cell, type Notebook } from './notebookFormat.js';
import { figureCells, storedFigures } from './notebookFigures.js';
import { notebookMessages } from './notebookMessages.js';
import { altairCode, loadDataCode, loadDataOutput } from './notebookPython.js';
import { timeTitle } from './specs.js';

/** An output folder's files by relative path (`figures/loss.svg`), as written or as read back. */
export type FolderFiles = Readonly<Record<string, string | Buffer>>;

/** The files a notebook is built from (figures are optional). */
export const NOTEBOOK_INPUTS = ['manifest.json', 'checks.json', 'summary.json', 'trajectory.csv', 'summary.csv'] as const;

/** A JSON object from a folder's file; an `OutputError` naming the file when it is not one. */
export function parseJson(file: string, text: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new OutputError(notebookMessages.badJson(file, (err as Error).message));
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new OutputError(notebookMessages.badField(file, '(top level)', 'an object'));
  return v as Record<string, unknown>;
}

function field(file: string, o: Record<string, unknown>, key: string, ok: (v: unknown) => boolean, expected: string): unknown {
  if (!ok(o[key])) throw new OutputError(notebookMessages.badField(file, key, expected));
  return o[key];
}

const isObject = (v: unknown): boolean => v !== null && typeof v === 'object' && !Array.isArray(v);
const isString = (v: unknown): boolean => typeof v === 'string';

/** The header's facts from manifest.json, checks.json and summary.json, each field checked. */
export function headerFacts(dir: string, files: FolderFiles): HeaderFacts {
  for (const f of NOTEBOOK_INPUTS) if (files[f] === undefined) throw new OutputError(notebookMessages.missingFile(dir, f));
  const manifest = parseJson('manifest.json', files['manifest.json']!.toString());
  const checksFile = parseJson('checks.json', files['checks.json']!.toString());
  const summary = parseJson('summary.json', files['summary.json']!.toString());
  const scenario = field(
    'manifest.json',
    manifest,
    'scenario',
    (v) =>
      isObject(v) &&
      ['id', 'title'].every((k) => isString((v as Record<string, unknown>)[k])) &&
      ['undefined', 'string'].includes(typeof (v as Record<string, unknown>).description),
    'the resolved scenario, an object with id, title and (optionally) description',
  );
  const runs = field(
    'manifest.json',
    manifest,
    'runs',
    (v) => Array.isArray(v) && v.every((r) => isObject(r) && isObject((r as Record<string, unknown>).stats)),
    'a list of runs, each with its solver stats',
  );
  const checks = field('checks.json', checksFile, 'checks', (v) => Array.isArray(v) && v.every(isObject), 'a list of check results');
  const cells = field('summary.json', summary, 'cells', (v) => Array.isArray(v) && v.every(isObject), 'a list of cells');
  return {
    scenario: scenario as HeaderFacts['scenario'],
    version: typeof manifest.gradflow === 'string' ? manifest.gradflow : 'unknown',
    commit: typeof manifest.commit === 'string' ? manifest.commit : undefined,
    backend: manifest.backend,
    quick: isObject(manifest.quick) ? (manifest.quick as Record<string, unknown>) : undefined,
    time: typeof summary.time === 'string' ? summary.time : 'upstairs',
    interrupted: manifest.interrupted === true,
    complete: manifest.complete !== false,
    runs: runs as StoredRun[],
    cells: cells as HeaderFacts['cells'],
    checks: checks as StoredCheck[],
  };
}

/** The notebook of an output folder (`dir` names it in error messages only). */
export function reportNotebook(dir: string, files: FolderFiles): Notebook {
  const h = headerFacts(dir, files);
  const figures = storedFigures(files, parseJson);
  const trajectory = files['trajectory.csv']!.toString();
  const header = trajectory.slice(0, trajectory.indexOf('\n')).split(',');
  const timeColumn = header.includes('t') || !header.includes('tau') ? 't' : 'tau';
  const cells: Cell[] = [markdownCell('header', headerMarkdown(h)), markdownCell('checks', checksMarkdown(h.checks, h.scenario.checks ?? []))];
  cells.push(...figureCells(figures));
  cells.push(
    markdownCell(
      'data',
      '## Data\n\nThe tidy tables of this run, loaded with pandas. `trajectory` has one row per run × saved time, `summary` one row per run; the columns are described in gradflow’s docs/scenarios.md (“Columns”).\n',
    ),
  );
  cells.push(codeCell('load-data', loadDataCode(), [stdout(loadDataOutput(trajectory, files['summary.csv']!.toString()))]));
  cells.push(codeCell('altair', altairCode(timeColumn, timeTitle(h.time))));
  return notebook(cells, { gradflow: { scenario: h.scenario.id, version: h.version, ...(h.commit !== undefined ? { commit: h.commit } : {}) } });
}
