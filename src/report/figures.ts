/**
 * Which figures a scenario gets, built from its results: the figures it asks for, and by default
 * loss and effective rank against t, the invariant drift (factor models), every series check with
 * its analytic law dashed and the numeric-minus-analytic error, and for ensembles a histogram of the
 * final effective rank and each ensemble predicate's fraction per cell with 95% intervals. The
 * check figures map the check results' tidy rows (comparisons, per-cell counts); nothing here
 * evaluates a check.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CompiledExpression } from '../expr/restricted.js';
import type { LayeredScope } from '../expr/restricted.js';
import type { Cell, SweptValue } from '../checks/cell.js';
import type { CheckResult } from '../checks/checkResult.js';
import type { RunResult } from '../checks/runResult.js';
import { INF, sweepPaths, type Scenario } from '../scenario/schema.js';
import { rowTime } from '../checks/quantities.js';
import { describe } from '../checks/stats.js';
import { bandPoints } from './bandPoints.js';
import { bandSpec, fractionSpec, histogramSpec, lineSpec, scatterSpec, summarySpec, wilson, type Row } from './specs.js';

export interface Figure {
  readonly name: string;
  readonly spec: TopLevelSpec;
}

/** Statuses that end a run as asked (the others — precision-limit, max-steps, … — end it early, with a marker in the trajectory figures). */
export const FINISHED_STATUSES: ReadonlySet<string> = new Set(['success', 'loss-reached', 't1-reached', 'event']);

const LETTERS: Readonly<Record<string, string>> = {
  α: 'alpha',
  β: 'beta',
  γ: 'gamma',
  δ: 'delta',
  ε: 'eps',
  λ: 'lambda',
  μ: 'mu',
  σ: 'sigma',
  τ: 'tau',
  '∞': INF,
};

/** Longest file stem a figure gets from a name (its `.vl.json` must fit a file name). */
const MAX_STEM = 60;

/**
 * A file stem from a name: `sigma1-sigma2-vs-t` from `sigma1, sigma2 vs t`, `gap-to-flow` from
 * `gapToFlow`; Greek letters spelled out, other characters than ASCII letters and digits become `-`.
 */
export function slug(text: string): string {
  return text
    .replace(/[αβγδελμστ∞]/g, (c) => LETTERS[c]!)
    .normalize('NFKD')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, MAX_STEM)
    .replace(/-+$/, '');
}

/** `base`, or `base-2`, `base-3`, … the first not in `used` (which it joins). */
function unique(base: string, used: Set<string>): string {
  let name = base;
  for (let k = 2; used.has(name); k++) name = `${base}-${String(k)}`;
  used.add(name);
  return name;
}

/** The field a figure axis shows, by the last segment of its path (`init.scale` → `scale`). */
const field = (path: string): string => slug(path.split('.').at(-1)!);

/** A scenario figure's stem, after what it shows: `w11-vs-t`, `final-nuclear-vs-scale`, `final-erank-histogram`. */
function ownFigureName(f: Scenario['figures'][number], ys: readonly string[]): string {
  const y = ys.map(field).join('-');
  switch (f.kind) {
    case 'trajectory':
      return `${y}-vs-${field(f.x)}`;
    case 'scatter':
      return `final-${field(ys[0]!)}-vs-${field(f.x)}`;
    case 'band':
      return `${field(ys[0]!)}-${f.stat}-vs-t`;
    case 'summary':
      return `final-${y}-vs-${field(f.x)}`;
    default:
      return `final-${field(ys[0]!)}-histogram`;
  }
}

/** At most this many runs per cell are drawn as trajectories (all runs stay in the CSV). */
const MAX_TRAJECTORIES = 12;

/** `depth = 5`, `depth = ∞`: a swept value by the last segment of its path. */
export const valueLabel = (path: string, v: SweptValue): string =>
  `${path.split('.').at(-1)!} = ${typeof v === 'string' || Number.isFinite(v) ? String(v) : '∞'}`;

/** A swept value on a numeric axis: an option swept by name has no place there (NaN). */
const axisValue = (v: SweptValue | undefined): number => (typeof v === 'number' ? v : NaN);

/** A cell's swept values, `depth = 5, width = 12` (`run` when nothing is swept). */
export const cellLabel = (cell: Cell): string =>
  Object.entries(cell.values)
    .map(([p, v]) => valueLabel(p, v))
    .join(', ') || 'run';

/** A run's series in the trajectory figures: `depth = 3, run 2`, `run 2`, `depth = 3` (`run 0` for the only run). */
const seriesName = (cells: readonly Cell[], r: RunResult, multipleRuns: boolean): string =>
  `${cells.length > 1 ? cellLabel(cells[r.cell]!) : ''}${multipleRuns ? `${cells.length > 1 ? ', ' : ''}run ${String(r.run)}` : ''}` || 'run 0';

function seriesRows(cells: readonly Cell[], results: readonly RunResult[], multipleRuns: boolean): Row[] {
  const rows: Row[] = [];
  for (const r of results) {
    if (r.run >= MAX_TRAJECTORIES) continue;
    const name = seriesName(cells, r, multipleRuns);
    const group = cellLabel(cells[r.cell]!);
    // x = t is each run's own time, also where the column is tau (normalised time)
    for (const row of r.rows) rows.push({ ...row, t: rowTime(row), series: name, group });
  }
  return rows;
}

/** A scenario's figures, in the order the report shows them: `stagedFigures`' two stages, joined. */
export function scenarioFigures(
  s: Scenario,
  cells: readonly Cell[],
  results: readonly RunResult[],
  checks: readonly CheckResult[],
  figureExprs: ReadonlyMap<number, CompiledExpression>,
  scope: (cell: Cell, r: RunResult, row: Record<string, number>) => LayeredScope,
): Figure[] {
  const staged = stagedFigures(s, cells, results, figureExprs, scope);
  return [...staged.leading, ...staged.rest(checks)];
}

/** A scenario's figures in two stages: `leading` reads only the runs, `rest(checks)` also the evaluated checks. */
export interface StagedFigures {
  /** The figures before the first that reads a check: they can be drawn while the checks are evaluated. */
  readonly leading: Figure[];
  /** The figures after them, in order (call once). */
  rest(checks: readonly CheckResult[]): Figure[];
}

/** What all of a scenario's figures are drawn from: its runs' rows, final values, and the colours and panels by cell. */
function figureContext(
  s: Scenario,
  cells: readonly Cell[],
  results: readonly RunResult[],
  figureExprs: ReadonlyMap<number, CompiledExpression>,
  scope: (cell: Cell, r: RunResult, row: Record<string, number>) => LayeredScope,
) {
  const multipleRuns = s.ensemble.runs > 1;
  const sweepTitle = sweepPaths(s).join(', ');
  return {
    s,
    cells,
    results,
    figureExprs,
    scope,
    time: results[0]?.time ?? 'upstairs',
    source: 'trajectory.csv',
    multipleRuns,
    rows: seriesRows(cells, results, multipleRuns),
    finals: results.filter((r) => r.rows.length > 0).map((r): Row => ({ ...r.rows.at(-1)!, cell: cellLabel(cells[r.cell]!) })),
    sweepTitle,
    // one panel per cell, in grid order, when there is a sweep
    byCell: cells.length > 1 ? { by: 'cell', order: cells.map(cellLabel), byTitle: sweepTitle } : {},
    // with a sweep, one colour per cell, the same in every figure
    perCell: cells.length > 1 ? { color: 'group', colorDomain: cells.map(cellLabel) } : {},
    // the drawn runs that stopped early, by series name, with their status (a marker ends their lines)
    stopped: Object.fromEntries(
      results.filter((r) => r.run < MAX_TRAJECTORIES && !FINISHED_STATUSES.has(r.status)).map((r) => [seriesName(cells, r, multipleRuns), r.status]),
    ),
  };
}

type FigureContext = ReturnType<typeof figureContext>;
type FigureField = Scenario['figures'][number];

/**
 * The figures of `scenarioFigures`, in two stages, so that the figure threads draw the first while
 * the main thread evaluates the checks. Names are made unique and numbered (`usermeta.figure`)
 * across both stages, as in one list.
 */
export function stagedFigures(
  s: Scenario,
  cells: readonly Cell[],
  results: readonly RunResult[],
  figureExprs: ReadonlyMap<number, CompiledExpression>,
  scope: (cell: Cell, r: RunResult, row: Record<string, number>) => LayeredScope,
): StagedFigures {
  const ctx = figureContext(s, cells, results, figureExprs, scope);
  const figs = [...s.figures.map((f, i) => ownFigure(ctx, f, i)), ...standardFigures(ctx)];
  // unique names, and the order the report shows them in (`usermeta.figure`: the notebook rebuilt from the files keeps it)
  const used = new Set<string>();
  const finish = (list: readonly Figure[], offset: number): Figure[] =>
    list.map((f, i) => ({ name: unique(f.name, used), spec: { ...f.spec, usermeta: { figure: offset + i + 1 } } }));
  const leading = finish(figs, 0);
  return {
    leading,
    rest: (checks) => finish([...seriesCheckFigures(ctx, checks, new Set(figs.map((f) => f.name))), ...ensembleFigures(ctx, checks)], figs.length),
  };
}

/** A figure of the scenario's `figures:` list. */
function ownFigure(ctx: FigureContext, f: FigureField, i: number): Figure {
  const ys = typeof f.y === 'string' ? [f.y] : f.y;
  const name = ownFigureName(f, ys);
  switch (f.kind) {
    case 'trajectory':
      return trajectoryFigure(ctx, f, ys, name);
    case 'scatter':
      return scatterFigure(ctx, f, ys, name);
    case 'band':
      return bandFigure(ctx, f, ys, name, i);
    case 'summary':
      return summaryFigure(ctx, f, ys, name);
    default:
      return histogramFigure(ctx, f, ys, name, i);
  }
}

function trajectoryFigure(ctx: FigureContext, f: FigureField, ys: readonly string[], name: string): Figure {
  const { time, source, rows, perCell, stopped } = ctx;
  return {
    name,
    spec: lineSpec(rows, {
      title: f.title ?? ys.join(', '),
      time,
      x: f.x,
      y: ys,
      logX: f.logX,
      logY: f.logY,
      ...(ys.length === 1 ? perCell : {}),
      stopped,
      source,
    }),
  };
}

function scatterFigure(ctx: FigureContext, f: FigureField, ys: readonly string[], name: string): Figure {
  const { cells, time, finals, sweepTitle } = ctx;
  const curves: Row[] = [];
  if (f.hyperbola)
    for (const sign of [1, -1])
      for (let k = 0; k <= 80; k++) {
        const a = sign * Math.exp(Math.log(0.4) + (Math.log(2.5 / 0.4) * k) / 80); // |a| ∈ [0.4, 2.5]
        curves.push({ x: a, y: 1 / a, branch: sign, order: k });
      }
  return {
    name,
    spec: scatterSpec(finals, {
      title: f.title ?? `${f.x} against ${ys[0]!}`,
      x: f.x,
      y: ys[0]!,
      ...(cells.length > 1 ? { facet: 'cell', facetTitle: sweepTitle, facetOrder: cells.map(cellLabel) } : {}),
      curves,
      source: 'summary.csv',
      time,
    }),
  };
}

function bandFigure(ctx: FigureContext, f: FigureField, ys: readonly string[], name: string, i: number): Figure {
  const { cells, results, figureExprs, scope, time, source } = ctx;
  const law = figureExprs.get(i);
  const { points, lawRows } = bandPoints(cells, results, ys[0]!, f.stat, cellLabel, law && ((cell, r, row) => law.evaluateOrNaN(scope(cell, r, row))));
  return {
    name,
    spec: bandSpec(points, {
      title: f.title ?? `${ys[0]!} over the ensemble`,
      time,
      x: 't',
      yTitle: ys[0]!,
      bandTitle: f.stat === 'mean' ? 'mean ± 3 standard errors' : 'median, 5–95% quantiles',
      ...(lawRows.length > 0 ? { law: lawRows } : {}),
      logX: f.logX,
      logY: f.logY,
      ...(cells.length > 1 ? { colorDomain: cells.map(cellLabel) } : {}),
      source,
    }),
  };
}

function summaryFigure(ctx: FigureContext, f: FigureField, ys: readonly string[], name: string): Figure {
  const { s, cells, results } = ctx;
  const others = sweepPaths(s).filter((p) => p !== f.x);
  // statuses: only the runs that ended so (steps to ε over rates some of which diverge)
  const kept = (r: RunResult): boolean => r.rows.length > 0 && (f.statuses === undefined || (f.statuses as readonly string[]).includes(r.status));
  const points = cells.map((cell) => {
    const vals = results.filter((r) => r.cell === cell.index && kept(r)).map((r) => r.rows.at(-1)![ys[0]!] ?? NaN);
    const d = describe(vals);
    const group =
      others
        .filter((p) => p in cell.values)
        .map((p) => valueLabel(p, cell.values[p]!))
        .join(', ') || 'all';
    return { x: axisValue(cell.values[f.x]), group, mean: d?.mean ?? NaN, lo: d?.ci95[0] ?? NaN, hi: d?.ci95[1] ?? NaN, n: d?.n ?? 0 };
  });
  // each further y: one line, from the first cell at each x (a baseline the other swept fields do not change)
  for (const y of ys.slice(1)) {
    const first = new Map<number, number>();
    for (const c of cells) if (!first.has(axisValue(c.values[f.x]))) first.set(axisValue(c.values[f.x]), c.index);
    for (const [x, cell] of first) {
      const vals = results.filter((r) => r.cell === cell && kept(r)).map((r) => r.rows.at(-1)![y] ?? NaN);
      const d = describe(vals);
      points.push({ x, group: y, mean: d?.mean ?? NaN, lo: d?.ci95[0] ?? NaN, hi: d?.ci95[1] ?? NaN, n: d?.n ?? 0 });
    }
  }
  return {
    name,
    spec: summarySpec(points, {
      title: f.title ?? `final ${ys[0]!} against ${f.x}`,
      xTitle: f.x,
      yTitle: `final ${ys[0]!} (mean, 95% CI)`,
      groupTitle: others.join(', '),
      logX: f.logX,
      logY: f.logY,
      source: 'summary.csv',
    }),
  };
}

function histogramFigure(ctx: FigureContext, f: FigureField, ys: readonly string[], name: string, i: number): Figure {
  const { cells, results, figureExprs, scope, finals, byCell } = ctx;
  // a histogram of a column, or of an expression in the final values
  const e = figureExprs.get(i);
  // a run where the expression has no real value (or its function refuses the arguments) is left out of the histogram
  const valueOf = (r: RunResult): number => {
    try {
      return e!.evaluateOrNaN(scope(cells[r.cell]!, r, r.rows.at(-1)!));
    } catch {
      return NaN;
    }
  };
  const values: Row[] = e ? results.filter((r) => r.rows.length > 0).map((r) => ({ [ys[0]!]: valueOf(r), cell: cellLabel(cells[r.cell]!) })) : finals;
  return {
    name,
    spec: histogramSpec(values, { title: f.title ?? f.expr ?? `final ${ys[0]!}`, field: ys[0]!, xTitle: ys[0]!, ...byCell, source: 'summary.csv' }),
  };
}

/** The figures every scenario has: loss, effective rank and (when it moves) the invariant drift against time. */
function standardFigures(ctx: FigureContext): Figure[] {
  const { time, source, rows, perCell, stopped } = ctx;
  const figs: Figure[] = [];
  figs.push({
    name: 'loss-vs-t',
    spec: lineSpec(rows, { title: 'Loss against time', time, x: 't', y: ['loss'], logX: true, logY: true, ...perCell, stopped, source }),
  });
  figs.push({
    name: 'erank-vs-t',
    spec: lineSpec(rows, { title: 'Effective rank against time', time, x: 't', y: ['erank'], logX: true, ...perCell, stopped, source }),
  });
  if (rows.some((r) => typeof r.invariantDrift === 'number' && r.invariantDrift > 0))
    figs.push({
      name: 'invariant-drift-vs-t',
      spec: lineSpec(rows, {
        title: 'Invariant drift (the integration error made visible)',
        time,
        x: 't',
        y: ['invariantDrift'],
        logX: true,
        logY: true,
        // a flow that conserves the invariants exactly (depth 2 of a diagonal start) drifts by 0: drawn at the floor, not left out
        zeroAtFloor: true,
        ...perCell,
        stopped,
        source,
      }),
    });
  return figs;
}

/** Each `series` check's figure (numerics against the prediction) and its error figure (against the tolerance). */
function seriesCheckFigures(ctx: FigureContext, checks: readonly CheckResult[], checkNames: Set<string>): Figure[] {
  const { s, cells, time, source, rows, perCell } = ctx;
  const more: Figure[] = [];
  s.checks.forEach((c, i) => {
    if (c.kind !== 'series') return;
    // the check's own comparisons, for the runs drawn
    const analytic: Row[] = [];
    const errors: Row[] = [];
    const allowed: Row[] = [];
    for (const k of checks[i]?.comparisons ?? []) {
      if (k.run >= MAX_TRAJECTORIES) continue;
      const cell = cells[k.cell]!;
      analytic.push({ x: k.t, value: k.expected, quantity: `${c.quantity} · ${cellLabel(cell)} · law` });
      const series = cells.length > 1 ? cellLabel(cell) : `run ${String(k.run)}`;
      errors.push({ t: k.t, error: k.error, series });
      allowed.push({ x: k.t, value: k.allowed, quantity: `tolerance · ${series}` });
    }
    const inWindow = c.window ? rows.filter((r) => (r.t as number) >= c.window![0] && (r.t as number) <= c.window![1]) : rows;
    // unique among the checks here, so that its error figure is `<name>-error`
    const name = unique(slug(c.name) || `check-${String(i + 1)}`, checkNames);
    more.push({
      name,
      spec: lineSpec(inWindow, {
        title: `${c.name}: numerics (solid) and prediction ${c.expect} (dashed)`,
        time,
        x: 't',
        y: [c.quantity],
        analytic,
        ...perCell,
        source,
      }),
    });
    if (errors.some((e) => (e.error as number) > 0))
      more.push({
        name: `${name}-error`,
        spec: lineSpec(errors, {
          title: `${c.name}: |numerical − predicted| (solid) against the tolerance (dashed)`,
          time,
          x: 't',
          y: ['error'],
          logY: true,
          analytic: allowed,
          ...perCell,
          source,
        }),
      });
  });
  return more;
}

/** With an ensemble: the final effective rank's histogram, and each `ensemble` check's fraction of runs per cell. */
function ensembleFigures(ctx: FigureContext, checks: readonly CheckResult[]): Figure[] {
  const { s, cells, multipleRuns, finals, sweepTitle, byCell } = ctx;
  const more: Figure[] = [];
  if (multipleRuns) {
    more.push({
      name: 'final-erank-histogram',
      spec: histogramSpec(finals, {
        title: 'Final effective rank over the ensemble',
        field: 'erank',
        xTitle: 'effective rank of W at the end',
        ...byCell,
        source: 'summary.csv',
      }),
    });
    const seen = new Set<string>();
    s.checks.forEach((c, i) => {
      if (c.kind !== 'ensemble' || seen.has(c.each)) return;
      seen.add(c.each);
      const points = (checks[i]?.counts ?? []).map(({ cell, yes, n }) => {
        const [lo, hi] = wilson(yes, n);
        // one swept field: its value; several: the cell's whole label (the first value alone would stack
        // every cell that shares it, as depth 2 at four scales did in diagonal-3x3-ensemble)
        const values = Object.values(cells[cell]!.values);
        const x = values.length > 1 ? cellLabel(cells[cell]!) : (values[0] ?? cell);
        return { x, fraction: n > 0 ? yes / n : 0, lo, hi, n };
      });
      more.push({
        name: `fraction-${slug(c.label ?? c.each) || String(i + 1)}`,
        spec: fractionSpec(points, {
          title: `Fraction of runs: ${c.label ?? c.each}`,
          xTitle: sweepTitle || 'cell',
          yTitle: 'fraction of runs (95% CI)',
          source: 'summary.csv',
        }),
      });
    });
  }
  return more;
}
