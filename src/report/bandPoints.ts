/**
 * The data of a band figure: for each cell and saved row index, a column over the cell's runs
 * reduced to a centre and a band — the median and the 5% and 95% quantiles (type 7), or the mean
 * and mean ± 3 standard errors — and a law's mean over the same runs. Runs that stopped before a
 * row are left out of that row's statistics (the count is in every point).
 */
import type { Cell } from '../checks/cell.js';
import type { RunResult } from '../checks/runResult.js';
import { rowTime } from '../checks/quantities.js';
import { quantile } from '../checks/stats.js';
import type { BandPoint, Row } from './specs.js';

/** Per cell and saved row: the band of `column` over the runs (`stat`), and the mean of `law` when given. */
export function bandPoints(
  cells: readonly Cell[],
  results: readonly RunResult[],
  column: string,
  stat: 'median' | 'mean',
  cellLabel: (cell: Cell) => string,
  law?: (cell: Cell, r: RunResult, row: Record<string, number>) => number,
): { points: (BandPoint & { n: number })[]; lawRows: Row[] } {
  const points: (BandPoint & { n: number })[] = [];
  const lawRows: Row[] = [];
  for (const cell of cells) {
    const rs = results.filter((r) => r.cell === cell.index && r.rows.length > 0);
    const group = cellLabel(cell);
    const length = Math.max(0, ...rs.map((r) => r.rows.length));
    for (let k = 0; k < length; k++) {
      const present = rs.filter((r) => r.rows[k] !== undefined);
      const xs = present.map((r) => r.rows[k]![column] ?? NaN).filter((v) => !Number.isNaN(v));
      if (xs.length === 0) continue;
      const x = rowTime(present[0]!.rows[k]!);
      if (stat === 'median') {
        const sorted = [...xs].sort((a, b) => a - b);
        points.push({ x, group, mid: quantile(sorted, 0.5), lo: quantile(sorted, 0.05), hi: quantile(sorted, 0.95), n: xs.length });
      } else {
        const n = xs.length;
        const mean = xs.reduce((a, v) => a + v, 0) / n;
        const se = n > 1 ? Math.sqrt(xs.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1) / n) : 0;
        points.push({ x, group, mid: mean, lo: mean - 3 * se, hi: mean + 3 * se, n });
      }
      if (law) {
        const vs = present.map((r) => law(cell, r, r.rows[k]!)).filter((v) => Number.isFinite(v));
        if (vs.length > 0) lawRows.push({ x, value: vs.reduce((a, v) => a + v, 0) / vs.length, group: `${group} · law` });
      }
    }
  }
  return { points, lawRows };
}
