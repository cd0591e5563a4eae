/**
 * What every check kind's evaluation shares: the runs a check selects (its `where:` and `cells:`),
 * a run's place and a cell's name in words, the result before its basis is attached, and the
 * comparison of predicate sides at the place that came closest to failing.
 */
import type { Cell, SweptValue, Where } from '../cell.js';
import type { CheckResult } from '../checkResult.js';
import { shortName } from '../scope.js';
import type { LayeredScope } from '../../expr/restricted.js';
import { holds, slackOf, type Comparison } from '../predicateSides.js';
import { resolving, resolvingPair, short } from '../resolvingDigits.js';
import type { RunResult } from '../runResult.js';
import { sweepPaths, type Check, type Scenario } from '../../scenario/schema.js';

/** Whether a cell's swept values are among those `where` selects (every cell when it is absent). */
export function inWhere(where: Where | undefined, values: Readonly<Record<string, SweptValue>>): boolean {
  return !where || Object.entries(where).every(([path, vs]) => vs.some((v) => values[path] === v));
}

/** `where` in words, as the file writes it: `model.depth ∈ {2, 3}, init.scale ∈ {0.001}`. */
export function whereText(where: NonNullable<Check['where']>): string {
  return Object.entries(where)
    .map(([path, vs]) => `${path} ∈ {${vs.map(String).join(', ')}}`)
    .join(', ');
}

/** A cell by its swept values: `depth 3, measurements 200` (`cell 0` when nothing is swept). */
export function cellName(s: Scenario, cell: Cell): string {
  const paths = sweepPaths(s);
  if (paths.length === 0) return `cell ${String(cell.index)}`;
  return paths
    .map((p) => {
      const v = cell.swept[p]!;
      return `${shortName(p)} ${v === Infinity ? '∞' : Number.isNaN(v) ? '–' : String(v)}`;
    })
    .join(', ');
}

/** Where one run stands: `t = 12.5 (depth 3, run 4)`. */
export function at(s: Scenario, cells: readonly Cell[], cell: number, run: number, t?: number): string {
  return `${t === undefined ? '' : `t = ${resolving(t)} `}(${cellName(s, cells[cell]!)}, run ${String(run)})`;
}

/** What a check's evaluation reads: the scenario, its cells and runs, and the check's `where:` as numbers. */
export interface Context {
  readonly s: Scenario;
  readonly cells: readonly Cell[];
  readonly results: readonly RunResult[];
  readonly where?: Where;
}

/** What every kind's evaluation returns before the basis is attached. */
export type Evaluated = Omit<CheckResult, 'basis' | 'source' | 'measured' | 'passed' | 'name' | 'kind'> & { readonly measured: string };

export const notEvaluated = (reason: string): Evaluated => ({ outcome: 'not-evaluated', reason, measured: '—', detail: `not evaluated: ${reason}` });

/** The selection a check reads: its `where:` (and `cells:`), in words for a not-evaluated reason. */
export function selection(ctx: Context, c: Check): { cells: Cell[]; runs: RunResult[]; none: string } {
  const indices = 'cells' in c && c.cells ? new Set(c.cells) : undefined;
  const cells = ctx.cells.filter((cell) => (!indices || indices.has(cell.index)) && inWhere(ctx.where, cell.values));
  const chosen = new Set(cells.map((cell) => cell.index));
  const runs = ctx.results.filter((r) => chosen.has(r.cell));
  const what = [c.where ? `a cell where ${whereText(c.where)}` : '', indices ? `cells ${[...indices].join(', ')}` : ''].filter(Boolean).join(' among ');
  return { cells, runs, none: what ? `no run in ${what}` : 'no runs' };
}

/** The sides of each comparison at the place it came closest to failing (or failed), in one line. */
export function sidesLine(
  comparisons: readonly Comparison[],
  worst: readonly ({ lhs: number; rhs: number; slack: number; where: string } | undefined)[],
): string {
  return comparisons
    .map((k, j) => {
      const w = worst[j];
      if (!w) return `${k.text}: no value`;
      const [l, r] = resolvingPair(w.lhs, w.rhs);
      const ok = holds(k.op, w.lhs, w.rhs);
      const by = ok || !Number.isFinite(w.slack) ? '' : `, off by ${short(-w.slack)}`;
      const lhsText = /^[-+0-9.e]+$/.test(k.lhs.text) ? l : `${k.lhs.text} = ${l}`;
      const rhsText = /^[-+0-9.e]+$|^(inf|Infinity)$/.test(k.rhs.text) ? r : `${k.rhs.text} = ${r}`;
      return `${lhsText} ${ok ? k.op : `is not ${k.op}`} ${rhsText} (${ok ? 'closest' : 'false'}: ${w.where}${by})`;
    })
    .join('; ');
}

/** Tracks, per comparison, the place of least slack. */
export class Closest {
  readonly worst: ({ lhs: number; rhs: number; slack: number; where: string } | undefined)[];
  constructor(private readonly comparisons: readonly Comparison[]) {
    this.worst = comparisons.map(() => undefined);
  }
  /** `scope`: layered, the first layer that has a name gives its value. */
  see(scope: LayeredScope, where: () => string): void {
    this.comparisons.forEach((k, j) => {
      const lhs = k.lhs.evaluateOrNaN(scope);
      const rhs = k.rhs.evaluateOrNaN(scope);
      const slack = slackOf(k.op, lhs, rhs);
      const w = this.worst[j];
      if (!w || slack < w.slack) this.worst[j] = { lhs, rhs, slack, where: where() };
    });
  }
  line(): string {
    return sidesLine(this.comparisons, this.worst);
  }
}
