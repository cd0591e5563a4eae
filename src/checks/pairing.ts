/**
 * Paired comparisons against reference cells (`compare:` in a scenario, README "Statistics"): each
 * cell is compared with the reference cell that agrees with it on every swept value the reference
 * does not fix (e.g. every deep cell with the shallow cell of the same noise level), run i against
 * run i. Runs with the same index share their data set (`energy.dataSeeds`), so the difference
 * `x_i(cell) − x_i(reference)` removes the variation between data sets.
 */
import { mixSeed } from '../init/rng.js';
import type { Cell, SweptValue } from './cell.js';
import type { RunResult } from './runResult.js';
import type { Scenario } from '../scenario/schema.js';
import { cellStats, pairedDifferences, type CellStats } from './stats.js';

/**
 * The reference cell of `cell` among `cells`: the first whose swept values are those of `reference`
 * (`compare.reference`, as numbers) and agree with `cell`'s elsewhere; undefined when `cell` is itself
 * a reference, or no reference matches.
 */
export function referenceCellOf(reference: Readonly<Record<string, SweptValue>>, cells: readonly Cell[], cell: Cell): Cell | undefined {
  const matches = (c: Cell): boolean => Object.entries(reference).every(([p, v]) => c.values[p] === v);
  if (matches(cell)) return undefined;
  return cells.find((r) => matches(r) && Object.entries(r.values).every(([p, v]) => p in reference || cell.values[p] === undefined || cell.values[p] === v));
}

/** Final values of a column, indexed by run (NaN where a run has no rows or no such column). */
export function finalsByRun(results: readonly RunResult[], cell: number, runs: number, quantity: string): number[] {
  const xs = new Array<number>(runs).fill(NaN);
  for (const r of results) if (r.cell === cell && r.rows.length > 0) xs[r.run] = r.rows.at(-1)![quantity] ?? NaN;
  return xs;
}

/** The statistics seed of a (cell, quantity): fixed by the scenario seed, so every output is reproducible. */
function statsSeed(s: Scenario, cell: number, quantity: string): number {
  let h = 0;
  for (let i = 0; i < quantity.length; i++) h = (h * 31 + quantity.charCodeAt(i)) | 0;
  return mixSeed(s.ensemble.seed, (cell * 7919 + h) >>> 0);
}

/** Per-cell statistics of a final value (with the bootstrap interval of the median). */
export function cellSummary(s: Scenario, results: readonly RunResult[], cell: number, quantity: string): CellStats | undefined {
  return cellStats(finalsByRun(results, cell, s.ensemble.runs, quantity), statsSeed(s, cell, quantity));
}

/** One cell's paired difference to its reference. */
export interface PairedRow {
  readonly cell: number;
  readonly reference: number;
  readonly quantity: string;
  readonly stats: CellStats | undefined;
}

/** Paired differences `cell − reference` of a final value for every non-reference cell that has a reference. */
export function pairedRows(s: Scenario, cells: readonly Cell[], results: readonly RunResult[], quantity: string): PairedRow[] {
  const out: PairedRow[] = [];
  for (const cell of cells) {
    const ref = cell.reference === undefined ? undefined : cells[cell.reference];
    if (!ref) continue;
    const a = finalsByRun(results, cell.index, s.ensemble.runs, quantity);
    const b = finalsByRun(results, ref.index, s.ensemble.runs, quantity);
    out.push({ cell: cell.index, reference: ref.index, quantity, stats: pairedDifferences(a, b, statsSeed(s, cell.index, `Δ${quantity}`)) });
  }
  return out;
}
