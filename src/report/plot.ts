/**
 * `gradflow plot <trajectory.csv>`: re-draws a figure from the tidy data, without re-running
 * anything. `y` may list several columns; `color` names the column that separates series (default:
 * run, and cell when there are several); `log` is `x`, `y` or `xy`. The output format follows the
 * extension of `out`: `.svg`, `.png` or `.vl.json`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { renderPng, renderSvg } from './render.js';
import { lineSpec, type Row } from './specs.js';

export interface PlotOptions {
  readonly x: string;
  readonly y: readonly string[];
  readonly log?: string;
  readonly color?: string;
  readonly out?: string;
  readonly title?: string;
}

/** The rows of a tidy CSV, numbers as numbers (`inf` as Infinity). */
export function readTidyCsv(file: string): Row[] {
  const text = readFileSync(file, 'utf8');
  return parse<Row>(text, {
    columns: true,
    skip_empty_lines: true,
    cast: (v: string) => (v === '' ? v : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number.isNaN(Number(v)) ? v : Number(v)),
  });
}

export async function plotCsv(file: string, opts: PlotOptions): Promise<string> {
  const rows = readTidyCsv(file);
  if (rows.length === 0) throw new Error(`${file}: no rows`);
  const columns = Object.keys(rows[0]!);
  // runs in normalised time name their time tau: the default x = t means it there
  const o = opts.x === 't' && !columns.includes('t') && columns.includes('tau') ? { ...opts, x: 'tau' } : opts;
  for (const c of [o.x, ...o.y, ...(o.color ? [o.color] : [])]) if (!columns.includes(c)) throw new Error(`${file}: no column "${c}"; the columns are ${columns.join(', ')}`);
  // the time convention, from the summary beside the trajectory when there is one
  const summary = path.join(path.dirname(file), 'summary.csv');
  const time = existsSync(summary) ? String(readTidyCsv(summary)[0]?.time ?? 'upstairs') : 'upstairs';
  const split = o.color ?? (columns.includes('cell') && new Set(rows.map((r) => r.cell)).size > 1 ? 'cell' : 'run');
  const tagged = rows.map((r) => ({ ...r, series: `${split} ${String(r[split] ?? '')}` }));
  const spec = lineSpec(tagged, { title: o.title ?? `${o.y.join(', ')} against ${o.x}`, time, x: o.x, y: o.y, logX: o.log?.includes('x') === true, logY: o.log?.includes('y') === true, source: path.basename(file) });
  const out = o.out ?? path.join(path.dirname(file), `plot-${o.y.join('-')}.svg`);
  if (out.endsWith('.vl.json')) writeFileSync(out, JSON.stringify(spec, null, 1) + '\n');
  else {
    const svg = await renderSvg(spec);
    writeFileSync(out, out.endsWith('.png') ? await renderPng(svg) : svg);
  }
  return out;
}
