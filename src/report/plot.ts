/**
 * `gradflow plot <trajectory.csv>`: re-draws a figure from the tidy data, without re-running
 * anything. `y` may list several columns; `color` names the column that separates series (default:
 * run, and cell when there are several); `log` is `x`, `y` or `xy`. The output format follows the
 * extension of `out`: `.svg`, `.png` or `.vl.json`; any other is refused. By default the figure is
 * `plot-<y columns>.svg` in the current folder, so that a scenario's output folder holds only what
 * its run wrote (and is not changed behind the manifest's back).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { numberFromText } from './csv.js';
import { renderPng, renderSvg } from './render.js';
import { lineSpec, type Row } from './specs.js';
import { PlotInputError } from './plotInputError.js';

export interface PlotOptions {
  readonly x: string;
  readonly y: readonly string[];
  readonly log?: string;
  readonly color?: string;
  readonly out?: string;
  readonly title?: string;
}

/** Every text `plot` shows, as functions. */
export const plotMessages = {
  unreadable: (file: string, why: string): string => `${file}: cannot read the CSV: ${why}`,
  noRows: (file: string): string => `${file}: no rows`,
  noColumn: (file: string, c: string, columns: readonly string[]): string => `${file}: no column "${c}"; the columns are ${columns.join(', ')}`,
  badExtension: (out: string): string => `--out: ${out}: expected a name ending in .svg, .png or .vl.json`,
  cannotWrite: (out: string, why: string): string => `--out: cannot write ${out}: ${why}`,
};

const FORMATS = /\.(svg|png|vl\.json)$/;

/** The rows of a tidy CSV, numbers as numbers (`inf` as Infinity). */
export function readTidyCsv(file: string): Row[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new PlotInputError(plotMessages.unreadable(file, (err as Error).message));
  }
  return parse<Row>(text, {
    columns: true,
    skip_empty_lines: true,
    cast: (v: string) => (v === '' || Number.isNaN(numberFromText(v)) ? v : numberFromText(v)),
  });
}

export async function plotCsv(file: string, opts: PlotOptions): Promise<string> {
  const out = opts.out ?? `plot-${opts.y.join('-').replace(/[^A-Za-z0-9_-]/g, '_')}.svg`;
  if (!FORMATS.test(out)) throw new PlotInputError(plotMessages.badExtension(out));
  let rows: Row[];
  try {
    rows = readTidyCsv(file);
  } catch (err) {
    if (err instanceof PlotInputError) throw err;
    throw new PlotInputError(plotMessages.unreadable(file, (err as Error).message.split('\n')[0]!));
  }
  if (rows.length === 0) throw new PlotInputError(plotMessages.noRows(file));
  const columns = Object.keys(rows[0]!);
  // runs in normalised time name their time tau: the default x = t means it there
  const o = opts.x === 't' && !columns.includes('t') && columns.includes('tau') ? { ...opts, x: 'tau' } : opts;
  for (const c of [o.x, ...o.y, ...(o.color ? [o.color] : [])]) if (!columns.includes(c)) throw new PlotInputError(plotMessages.noColumn(file, c, columns));
  // the time convention, from the summary beside the trajectory when there is one
  const summary = path.join(path.dirname(file), 'summary.csv');
  const time = existsSync(summary) ? String(readTidyCsv(summary)[0]?.time ?? 'upstairs') : 'upstairs';
  const split = o.color ?? (columns.includes('cell') && new Set(rows.map((r) => r.cell)).size > 1 ? 'cell' : 'run');
  const tagged = rows.map((r) => ({ ...r, series: `${split} ${String(r[split] ?? '')}` }));
  const spec = lineSpec(tagged, {
    title: o.title ?? `${o.y.join(', ')} against ${o.x}`,
    time,
    x: o.x,
    y: o.y,
    logX: o.log?.includes('x') === true,
    logY: o.log?.includes('y') === true,
    source: path.basename(file),
  });
  const content = out.endsWith('.vl.json')
    ? JSON.stringify(spec, null, 1) + '\n'
    : out.endsWith('.png')
      ? await renderPng(await renderSvg(spec))
      : await renderSvg(spec);
  try {
    writeFileSync(out, content);
  } catch (err) {
    throw new PlotInputError(plotMessages.cannotWrite(out, (err as Error).message));
  }
  return out;
}
