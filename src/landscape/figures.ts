/**
 * The figures of a landscape scenario, as standalone Vega-Lite specs with their data inline:
 * - 1-D families: F_β against the parameter, one panel per β, one line per N (`free-energy-vs-<parameter>`), and
 *   S against the parameter per N (`entropy-vs-<parameter>`);
 * - 2-D families: a heatmap of F_β over the two parameters, one panel per (N, β), each with its own
 *   colour scale (F_β scales like 1/β), the minimiser marked (`free-energy-heatmap`); at most
 *   `HEATMAP_SIDE` cells per axis and `HEATMAP_CELLS` in all are drawn (every k-th grid point),
 *   the CSV holds them all;
 * - both: the minimiser against β per N, filled when interior and hollow on the boundary
 *   (`argmin-<parameter>-vs-beta`).
 * Points where a value is undefined (NaN) are left out and the description says how many.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { LandscapeResult } from './evaluate.js';
import type { LoadedLandscape } from './load.js';
import { scaleAxis, type Row } from '../report/specs.js';
import { THEME } from '../report/theme.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Most heatmap cells drawn along an axis. */
export const HEATMAP_SIDE = 60;
/** Most heatmap cells drawn in all panels together (the SVG holds one rect per cell). */
export const HEATMAP_CELLS = 12_000;

/** A landscape figure: its file name and spec. */
export interface LandscapeFigure {
  readonly name: string;
  readonly spec: TopLevelSpec;
}

const showN = (N: number): string => (N === Infinity ? 'N = ∞' : `N = ${String(N)}`);
const showBeta = (beta: number): string => `β = ${String(beta)}`;

function lines(l: LoadedLandscape, r: LandscapeResult, quantity: 'F' | 'S'): LandscapeFigure {
  const a = l.axes[0]!;
  const firstBeta = l.scenario.betas[0]!;
  const all = r.rows.filter((row) => quantity === 'F' || row.beta === firstBeta);
  const values: Row[] = all
    .filter((row) => Number.isFinite(row[quantity]))
    .map((row) => ({ x: row[a.name]!, value: row[quantity]!, depth: showN(row.N!), panel: showBeta(row.beta!) }));
  const left = all.length - values.length;
  const title = quantity === 'F' ? `F_β = E − S/β against ${a.name}, per β and N` : `entropy S against ${a.name}, per N (${l.scenario.entropy})`;
  const encoding = {
    x: { field: 'x', type: 'quantitative' as const, title: a.name, ...scaleAxis(a.axis.log) },
    y: { field: 'value', type: 'quantitative' as const, title: quantity === 'F' ? 'F_β' : 'S', scale: { zero: false } },
    color: { field: 'depth', type: 'nominal' as const, title: null, sort: null },
  };
  const base = {
    $schema: SCHEMA,
    title,
    description: `From landscape.csv.${left > 0 ? ` ${String(left)} undefined values are left out.` : ''}`,
    config: THEME,
    data: { values },
  };
  const spec =
    quantity === 'F'
      ? {
          ...base,
          facet: { column: { field: 'panel', type: 'nominal' as const, title: null, sort: l.scenario.betas.map(showBeta) } },
          spec: { width: 260, height: 220, mark: { type: 'line' as const }, encoding },
          resolve: { scale: { y: 'independent' as const } },
        }
      : { ...base, mark: { type: 'line' as const }, encoding };
  return { name: `${quantity === 'F' ? 'free-energy' : 'entropy'}-vs-${a.name}`, spec: spec };
}

/** The edges of grid cells around the drawn points (geometric midpoints on a log axis). */
function cellEdges(points: readonly number[], log: boolean): number[] {
  const mid = (u: number, v: number): number => (log ? Math.sqrt(u * v) : (u + v) / 2);
  const edges = [points.length > 1 ? (log ? points[0]! ** 2 / mid(points[0]!, points[1]!) : 2 * points[0]! - mid(points[0]!, points[1]!)) : points[0]!];
  for (let i = 0; i + 1 < points.length; i++) edges.push(mid(points[i]!, points[i + 1]!));
  const n = points.length;
  edges.push(
    n > 1 ? (log ? points[n - 1]! ** 2 / mid(points[n - 2]!, points[n - 1]!) : 2 * points[n - 1]! - mid(points[n - 2]!, points[n - 1]!)) : points[n - 1]!,
  );
  return edges;
}

function heatmap(l: LoadedLandscape, r: LandscapeResult): LandscapeFigure {
  const [ax, ay] = [l.axes[0]!, l.axes[1]!];
  const panels = l.scenario.depths.length * l.scenario.betas.length;
  const side = Math.max(2, Math.min(HEATMAP_SIDE, Math.floor(Math.sqrt(HEATMAP_CELLS / panels))));
  const stride = (n: number): number => Math.max(1, Math.ceil(n / side));
  const sx = stride(ax.axis.n);
  const sy = stride(ay.axis.n);
  const nx = ax.axis.n;
  const ny = ay.axis.n;
  const keepX = Array.from({ length: nx }, (_, i) => i).filter((i) => i % sx === 0 || i === nx - 1);
  const keepY = Array.from({ length: ny }, (_, j) => j).filter((j) => j % sy === 0 || j === ny - 1);
  const points = nx * ny;
  const values: Row[] = [];
  let left = 0;
  for (let block = 0; block * points < r.rows.length; block++) {
    const xsOf = keepX.map((i) => r.rows[block * points + i * ny]![ax.name]!);
    const ysOf = keepY.map((j) => r.rows[block * points + j]![ay.name]!);
    const ex = cellEdges(xsOf, ax.axis.log);
    const ey = cellEdges(ysOf, ay.axis.log);
    keepX.forEach((i, p) => {
      keepY.forEach((j, q) => {
        const row = r.rows[block * points + i * ny + j]!;
        if (!Number.isFinite(row.F)) {
          left++;
          return;
        }
        values.push({ x0: ex[p]!, x1: ex[p + 1]!, y0: ey[q]!, y1: ey[q + 1]!, F: row.F!, depth: showN(row.N!), panel: showBeta(row.beta!) });
      });
    });
  }
  const marks: Row[] = r.minimisers
    .filter((m) => m.status !== 'undefined')
    .map((m) => ({ x: m.argmin[ax.name]!, y: m.argmin[ay.name]!, depth: showN(m.N), panel: showBeta(m.beta), status: m.status }));
  const x = { type: 'quantitative' as const, title: ax.name, ...scaleAxis(ax.axis.log) };
  const y = { type: 'quantitative' as const, title: ay.name, ...scaleAxis(ay.axis.log) };
  const spec = {
    $schema: SCHEMA,
    title: 'F_β = E − S/β over the family, per N (rows) and β (columns); the minimiser marked (○ interior, + on the boundary)',
    description: `From landscape.csv${sx > 1 || sy > 1 ? `, every ${String(sx)}-th × ${String(sy)}-th grid point` : ''}.${left > 0 ? ` ${String(left)} undefined values are left out.` : ''}`,
    config: THEME,
    data: { values: [...values.map((v) => ({ ...v, layer: 'cell' })), ...marks.map((m) => ({ ...m, layer: 'min' }))] },
    facet: {
      row: { field: 'depth', type: 'nominal' as const, title: null, sort: l.depths.map(showN) },
      column: { field: 'panel', type: 'nominal' as const, title: null, sort: l.scenario.betas.map(showBeta) },
    },
    spec: {
      width: 200,
      height: 200,
      layer: [
        {
          transform: [{ filter: "datum.layer === 'cell'" }],
          mark: { type: 'rect' as const },
          encoding: {
            x: { field: 'x0', ...x },
            x2: { field: 'x1' },
            y: { field: 'y0', ...y },
            y2: { field: 'y1' },
            color: { field: 'F', type: 'quantitative' as const, title: 'F_β', scale: { scheme: 'viridis' } },
          },
        },
        {
          transform: [{ filter: "datum.layer === 'min'" }],
          mark: { type: 'point' as const, filled: false, size: 80, color: '#D55E00', strokeWidth: 2 },
          encoding: {
            x: { field: 'x', ...x },
            y: { field: 'y', ...y },
            shape: {
              field: 'status',
              type: 'nominal' as const,
              title: 'minimiser',
              scale: { domain: ['interior', 'boundary', 'not-converged'], range: ['circle', 'cross', 'triangle'] },
            },
          },
        },
      ],
    },
    resolve: { scale: { color: 'independent' as const } },
  };
  return { name: 'free-energy-heatmap', spec: spec };
}

function argmin(l: LoadedLandscape, r: LandscapeResult, k: number): LandscapeFigure {
  const a = l.axes[k]!;
  const values: Row[] = r.minimisers
    .filter((m) => m.status !== 'undefined')
    .map((m) => ({ beta: m.beta, value: m.argmin[a.name]!, depth: showN(m.N), status: m.status }));
  const left = r.minimisers.length - values.length;
  const logBeta = l.scenario.betas.length > 1 && Math.max(...l.scenario.betas) / Math.min(...l.scenario.betas) > 20;
  const encoding = {
    x: { field: 'beta', type: 'quantitative' as const, title: 'β (inverse temperature)', ...scaleAxis(logBeta) },
    y: { field: 'value', type: 'quantitative' as const, title: `argmin ${a.name} of F_β`, ...scaleAxis(a.axis.log) },
    color: { field: 'depth', type: 'nominal' as const, title: null, sort: null },
  };
  const spec = {
    $schema: SCHEMA,
    title: `The minimiser of F_β against β: ${a.name} (filled squares: interior; hollow circles: on the boundary of ${String(a.axis.from)} ≤ ${a.name} ≤ ${String(a.axis.to)})`,
    description: `From minimisers.csv.${left > 0 ? ` ${String(left)} (N, β) have no minimiser (F_β undefined on the whole grid).` : ''}`,
    config: THEME,
    data: { values },
    layer: [
      { mark: { type: 'line' as const, strokeWidth: 1 }, encoding },
      {
        mark: { type: 'point' as const, size: 60, opacity: 1 },
        encoding: {
          x: encoding.x,
          y: encoding.y,
          stroke: encoding.color,
          fill: { condition: { test: "datum.status === 'interior'", field: 'depth', type: 'nominal' as const, sort: null }, value: 'white' },
          shape: {
            field: 'status',
            type: 'nominal' as const,
            title: 'minimiser',
            scale: { domain: ['interior', 'boundary', 'not-converged'], range: ['square', 'circle', 'triangle'] },
            // said in the title: the legend of a conditionally filled mark draws no symbols
            legend: null,
          },
        },
      },
    ],
  };
  return { name: `argmin-${a.name}-vs-beta`, spec: spec };
}

/** Every figure of a landscape scenario. */
export function landscapeFigures(l: LoadedLandscape, r: LandscapeResult): LandscapeFigure[] {
  const figures = l.axes.length === 1 ? [lines(l, r, 'F'), lines(l, r, 'S')] : [heatmap(l, r)];
  // the order the report shows them in, kept in the spec for the notebook rebuilt from the files (notebookFigures.ts)
  return [...figures, ...l.axes.map((_, k) => argmin(l, r, k))].map((f, i) => ({ ...f, spec: { ...f.spec, usermeta: { figure: i + 1 } } }));
}
