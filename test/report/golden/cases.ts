/**
 * The golden figures: one small, fixed input per spec builder of src/report/specs.ts (and per branch
 * that changes the encoding: one series or several, several quantities, dashed overlay, log axes,
 * many runs coloured by cell, facets), built in code from closed forms, never typed in. The
 * generator (generate.ts) writes each spec and its SVG; specs.test.ts rebuilds them and compares.
 */
import type { TopLevelSpec } from 'vega-lite';
import { modeValue } from '../../../src/flows/modes.js';
import type { TimeConvention } from '../../../src/flows/time.js';
import { bandSpec, fractionSpec, histogramSpec, lineSpec, scatterSpec, summarySpec, wilson, type BandPoint, type Row } from '../../../src/report/specs.js';

/** One golden figure: its file stem under test/report/golden/ and its spec. */
export interface GoldenCase {
  readonly name: string;
  readonly spec: TopLevelSpec;
}

/** `n + 1` equally spaced points from `a` to `b`. */
const grid = (a: number, b: number, n: number): number[] => Array.from({ length: n + 1 }, (_, k) => a + ((b - a) * k) / n);

/** The mode laws used below: σ = 3 and σ = 1 from s0, depth N (explicit closed forms at N = 1, 2). */
const SIGMA = [3, 1] as const;
const S0 = 0.05;

/** Rows of whitened regression from an aligned start: σ1, σ2 and the loss ½Σ(σ_i − s_i)² at each t (in `time`). */
function modeRows(N: number, s0: number, ts: readonly number[], series: string, group = series, time: TimeConvention = 'upstairs'): Row[] {
  return ts.map((t) => {
    const [s1, s2] = SIGMA.map((sigma) => modeValue(N, sigma, s0, t, time));
    return { t, sigma1: s1!, sigma2: s2!, loss: 0.5 * ((SIGMA[0] - s1!) ** 2 + (SIGMA[1] - s2!) ** 2), series, group };
  });
}

/** Check figure: σ1 of two depths on a coarse grid (solid) and each law on a fine grid (dashed). */
function lineLaw(): GoldenCase {
  const rows = [...modeRows(1, S0, grid(0, 3, 6), 'depth = 1'), ...modeRows(2, S0, grid(0, 3, 6), 'depth = 2')];
  const analytic: Row[] = [1, 2].flatMap((N) => grid(0, 3, 30).map((t) => ({ x: t, value: modeValue(N, SIGMA[0], S0, t), quantity: `sigma1 · depth = ${String(N)} · law` })));
  return { name: 'line-law', spec: lineSpec(rows, { title: 'σ1: numerics (solid) and the mode law (dashed)', time: 'upstairs', x: 't', y: ['sigma1'], analytic, source: 'trajectory.csv' }) };
}

/** Two quantities (colour) of two runs (dash pattern), no overlay, normalised time. */
function lineQuantities(): GoldenCase {
  const rows = [...modeRows(2, S0, grid(0, 4, 8), 'run 0', 'run 0', 'normalized'), ...modeRows(2, 4 * S0, grid(0, 4, 8), 'run 1', 'run 1', 'normalized')];
  return { name: 'line-quantities', spec: lineSpec(rows, { title: 'Singular values', time: 'normalized', x: 't', y: ['sigma1', 'sigma2'], source: 'trajectory.csv' }) };
}

/** One run's loss on log–log axes: the row at t = 0 cannot be drawn and is said to be left out. */
export const lossRows = (): Row[] => modeRows(2, S0, [0, ...grid(-2, 1, 12).map((e) => 10 ** e)], 'run 0');

function lineLossLogLog(): GoldenCase {
  return { name: 'line-loss-loglog', spec: lineSpec(lossRows(), { title: 'Loss against time', time: 'upstairs', x: 't', y: ['loss'], logX: true, logY: true, source: 'trajectory.csv' }) };
}

/**
 * Errors on a log axis against a dashed tolerance: forward Euler on y' = −y, y(0) = 1, at steps h
 * = 0.2 and 0.1, |(1 − h)^n − e^{−nh}| (zero at t = 0, left out), tolerance 1e-3 + 0.05·e^{−t}.
 */
function lineErrorLog(): GoldenCase {
  const errors: Row[] = [];
  const allowed: Row[] = [];
  for (const h of [0.2, 0.1]) {
    const series = `h = ${String(h)}`;
    for (let n = 0; n * h <= 2 + 1e-12; n++) {
      const t = n * h;
      errors.push({ t, error: Math.abs((1 - h) ** n - Math.exp(-t)), series });
      allowed.push({ x: t, value: 1e-3 + 0.05 * Math.exp(-t), quantity: `tolerance · ${series}` });
    }
  }
  return { name: 'line-error-log', spec: lineSpec(errors, { title: 'σ1: |numerical − predicted| (solid) against the tolerance (dashed)', time: 'upstairs', x: 't', y: ['error'], logY: true, analytic: allowed, source: 'trajectory.csv' }) };
}

/** An ensemble: 14 runs (more than 12 series) in two cells, one colour per cell, every run drawn. */
function lineEnsemble(): GoldenCase {
  const rows: Row[] = [];
  for (const N of [1, 2]) for (let k = 0; k < 7; k++) rows.push(...modeRows(N, S0 * (1 + k / 4), grid(0, 2, 8), `depth = ${String(N)}, run ${String(k)}`, `depth = ${String(N)}`));
  return { name: 'line-ensemble', spec: lineSpec(rows, { title: 'σ2 over the ensemble', time: 'upstairs', x: 't', y: ['sigma2'], source: 'trajectory.csv' }) };
}

/**
 * A conserved quantity's drift on log–log axes, three depths with fixed colours (the scenario's
 * cells): depth 2 conserves it exactly (drawn at the axis floor, with a note), depth 3 drifts like
 * t·1e-15, depth 4 drifts like t²·1e-14 and stops early at t = 10 (a marker labelled with its status).
 */
function lineDriftStops(): GoldenCase {
  const cells = ['depth = 2', 'depth = 3', 'depth = 4'];
  const rows: Row[] = [];
  const ts = grid(-2, 2, 8).map((e) => 10 ** e);
  for (const t of ts) rows.push({ t, invariantDrift: 0, series: cells[0]!, group: cells[0]! });
  for (const t of ts) rows.push({ t, invariantDrift: 1e-15 * t, series: cells[1]!, group: cells[1]! });
  for (const t of ts.filter((u) => u <= 10)) rows.push({ t, invariantDrift: 1e-14 * t * t, series: cells[2]!, group: cells[2]! });
  return {
    name: 'line-drift-stops',
    spec: lineSpec(rows, {
      title: 'Invariant drift (the integration error made visible)',
      time: 'upstairs',
      x: 't',
      y: ['invariantDrift'],
      logX: true,
      logY: true,
      zeroAtFloor: true,
      color: 'group',
      colorDomain: cells,
      stopped: { [cells[2]!]: 'precision-limit' },
      source: 'trajectory.csv',
    }),
  };
}

/** The hyperbola ab = 1, two branches of 81 points with |a| ∈ [0.4, 2.5], as figures.ts draws it. */
function hyperbola(): Row[] {
  const curves: Row[] = [];
  for (const sign of [1, -1])
    for (let k = 0; k <= 80; k++) {
      const a = sign * Math.exp(Math.log(0.4) + (Math.log(2.5 / 0.4) * k) / 80);
      curves.push({ x: a, y: 1 / a, branch: sign, order: k });
    }
  return curves;
}

/** The three cells of the faceted figures, in grid order (not alphabetical: ∞ last, 10 after 3). */
export const CELLS = ['depth = 2', 'depth = 3', 'depth = 10'] as const;

/** Endpoints (w12, w21) on ab = 1: cell c has c + 2 runs at a = ±e^{u}, b = 1/a. */
export function endpoints(): Row[] {
  return CELLS.flatMap((cell, c) => Array.from({ length: c + 2 }, (_, k) => {
    const a = (k % 2 === 0 ? 1 : -1) * Math.exp(-0.8 + (1.6 * (k + c)) / 5);
    return { w12: a, w21: 1 / a, cell };
  }));
}

function scatterFacets(): GoldenCase {
  return { name: 'scatter-facets', spec: scatterSpec(endpoints(), { title: 'Endpoints (w12, w21) on the hyperbola w12·w21 = 1', x: 'w12', y: 'w21', facet: 'cell', facetTitle: 'model.depth', facetOrder: CELLS, curves: hyperbola(), source: 'summary.csv', time: 'upstairs' }) };
}

/** One panel, no curve: the points only. */
function scatterPlain(): GoldenCase {
  return { name: 'scatter-plain', spec: scatterSpec(endpoints(), { title: 'w12 against w21', x: 'w12', y: 'w21', source: 'summary.csv', time: 'upstairs' }) };
}

/** Final values v_k = 2 + sin(k) of 40 runs (equidistributed in [1, 3]), then a NaN and an ∞ that are left out. */
export function finals(): Row[] {
  const rows: Row[] = Array.from({ length: 40 }, (_, k) => ({ erank: 2 + Math.sin(k), cell: CELLS[k % 3]! }));
  return [...rows, { erank: NaN, cell: CELLS[0] }, { erank: Infinity, cell: CELLS[1] }];
}

function histogram(): GoldenCase {
  return { name: 'histogram', spec: histogramSpec(finals(), { title: 'Final effective rank over the ensemble', field: 'erank', xTitle: 'effective rank of W at the end', source: 'summary.csv' }) };
}

function histogramFacets(): GoldenCase {
  return { name: 'histogram-facets', spec: histogramSpec(finals(), { title: 'Final effective rank per cell', field: 'erank', xTitle: 'effective rank of W at the end', by: 'cell', byTitle: 'model.depth', order: CELLS, source: 'summary.csv' }) };
}

/** Swept depths of the fraction figure (∞ drawn as "∞") and the yes count of n = 20 runs in each. */
export const FRACTION_CELLS = [
  { x: 2, yes: 0 },
  { x: 3, yes: 7 },
  { x: 10, yes: 15 },
  { x: Infinity, yes: 20 },
] as const;
const FRACTION_N = 20;

/** The fraction figure's input: each cell's fraction and 95% Wilson interval. */
export const fractionPoints = (): { x: number; fraction: number; lo: number; hi: number; n: number }[] =>
  FRACTION_CELLS.map(({ x, yes }) => {
    const [lo, hi] = wilson(yes, FRACTION_N);
    return { x, fraction: yes / FRACTION_N, lo, hi, n: FRACTION_N };
  });

function fraction(): GoldenCase {
  return { name: 'fraction', spec: fractionSpec(fractionPoints(), { title: 'Fraction of runs: rank 1 learned', xTitle: 'model.depth', yTitle: 'fraction of runs (95% CI)', source: 'summary.csv' }) };
}

/**
 * Mean final loss with its 95% CI against width (log–log), one group per depth: runs
 * v_j = c/width · (1 + 0.2 sin j), j = 1…8, mean ± 1.96·std/√n; a cell at width ∞ is left out.
 */
export function summaryPoints(): { x: number; group: string; mean: number; lo: number; hi: number; n: number }[] {
  return [2, 3].flatMap((N) => [4, 8, 16, 32, 64, Infinity].map((width) => {
    const v = Array.from({ length: 8 }, (_, j) => (N / width) * (1 + 0.2 * Math.sin(j + 1)));
    const mean = v.reduce((s, x) => s + x, 0) / v.length;
    const std = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - 1));
    const half = (1.96 * std) / Math.sqrt(v.length);
    return { x: width, group: `depth = ${String(N)}`, mean, lo: mean - half, hi: mean + half, n: v.length };
  }));
}

function summary(): GoldenCase {
  return { name: 'summary', spec: summarySpec(summaryPoints(), { title: 'final loss against width', xTitle: 'model.width', yTitle: 'final loss (mean, 95% CI)', groupTitle: 'model.depth', logX: true, logY: true, source: 'summary.csv' }) };
}

/**
 * A band: the Ornstein–Uhlenbeck law dX = −X dt + √(2/β) dB from X(0) = 1 at β = 1 and 4, its median
 * e^{−t} with the 5–95% quantiles e^{−t} ± 1.6449·√((1 − e^{−2t})/β) on a coarse grid, and the mean
 * e^{−t} dashed on a fine grid.
 */
function band(): GoldenCase {
  const points: BandPoint[] = [1, 4].flatMap((beta) =>
    grid(0, 2, 8).map((t) => {
      const half = 1.6449 * Math.sqrt(-Math.expm1(-2 * t) / beta);
      return { x: t, group: `beta = ${String(beta)}`, mid: Math.exp(-t), lo: Math.exp(-t) - half, hi: Math.exp(-t) + half };
    }),
  );
  const law: Row[] = [1, 4].flatMap((beta) => grid(0, 2, 40).map((t) => ({ x: t, value: Math.exp(-t), group: `beta = ${String(beta)} · law` })));
  return { name: 'band', spec: bandSpec(points, { title: 'X over the ensemble', time: 'upstairs', x: 't', yTitle: 'X', bandTitle: 'median, 5–95% quantiles', law, source: 'trajectory.csv' }) };
}

/** Every golden figure, in a fixed order. */
export function goldenCases(): GoldenCase[] {
  return [lineLaw(), lineQuantities(), lineLossLogLog(), lineErrorLog(), lineEnsemble(), lineDriftStops(), scatterFacets(), scatterPlain(), histogram(), histogramFacets(), fraction(), summary(), band()];
}
