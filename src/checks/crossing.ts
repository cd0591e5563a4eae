/**
 * `firstCrossing(column, level)` of the check language: the first time a run's column reaches
 * `level`. Exact where it can be: when `column` is a function of the state (`stateColumns.ts`) and
 * `level` depends only on the parameters, swept values, N, run, cell and values at t = 0, the run
 * itself locates the crossing as a non-terminal event on the solver's dense output (Brent's method,
 * to 1e-12 relative in t, whatever the save grid; under a discrete optimiser: the first step at which
 * the level is crossed) and keeps its time in `RunResult.crossings` under `crossingKey` (see
 * `crossingEvents.ts`; written to summary.csv/summary.json, read back by `gradflow check <folder>`).
 * Otherwise — columns that are not a function of the state (`mismatch`, `invariantDrift`, data
 * columns…), levels that depend on the run's later values, Langevin runs — by linear interpolation
 * between the two saved rows that bracket it (`firstCrossing` below).
 */

/** The key of an exact crossing in `RunResult.crossings`: `w11@0.5` (the level in shortest round-trip form). */
export function crossingKey(column: string, level: number): string {
  return `${column}@${String(level)}`;
}

/**
 * The first time `t*` at which `column` crosses or touches `level` along the saved `rows`
 * (`t*` = the first row's time if it starts at the level; otherwise, in the first interval whose
 * ends lie on opposite sides of the level or whose right end equals it,
 * `t_k + (t_{k+1} − t_k)·(level − x_k)/(x_{k+1} − x_k)`). `+Infinity` when the column never
 * reaches the level within the run (it would cross, if at all, after the last saved time); rows
 * whose value is NaN are skipped. `time` names the time column.
 */
export function firstCrossing(rows: readonly Readonly<Record<string, number>>[], column: string, level: number, time = 't'): number {
  if (Number.isNaN(level)) return NaN;
  let tPrev = NaN;
  let dPrev = NaN;
  for (const row of rows) {
    const x = row[column];
    const t = row[time];
    if (x === undefined || t === undefined || Number.isNaN(x)) continue;
    const d = x - level;
    if (d === 0) return t;
    if ((dPrev < 0 && d > 0) || (dPrev > 0 && d < 0)) return tPrev + ((t - tPrev) * dPrev) / (dPrev - d);
    tPrev = t;
    dPrev = d;
  }
  return Infinity;
}
