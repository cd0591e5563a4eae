/**
 * Checks: the scenario's predictions held against the numerics (DESIGN.md, "Scenarios").
 * `series`: a computed column against an analytic expression in t and the parameters, at every saved
 * time (or a window), within `atol + rtol·|expected|`; `final`: a predicate on each run's final
 * values; `invariant`: the drift of the D_j; `status`: how runs may end; `ensemble`: the fraction of
 * runs satisfying a predicate, per cell. Expressions go through the restricted evaluator.
 */
import { compileRestricted, type CompiledExpression } from '../expr/restricted.js';
import { modeRiseTime, modeValue } from '../flows/modes.js';
import type { Cell } from './build.js';
import { FieldError } from './errors.js';
import type { RunResult } from './runOne.js';
import type { Check, Scenario } from './schema.js';

/** Functions a check may call besides the pure math ones. */
export const CHECK_FUNCTIONS: Readonly<Record<string, (...a: number[]) => number>> = {
  /** The mode law s(t) in upstairs time (docs/theory.md §4). */
  modeLaw: (N, sigma, s0, t) => modeValue(N, sigma, s0, t, 'upstairs'),
  /** The mode law s(τ) in normalised time (also for N = inf). */
  modeLawTau: (N, sigma, s0, tau) => modeValue(N, sigma, s0, tau, 'normalized'),
  /** When a small mode rises (upstairs time). */
  riseTime: (N, sigma, s0) => modeRiseTime(N, sigma, s0),
};

export interface CheckResult {
  readonly name: string;
  readonly kind: Check['kind'];
  readonly passed: boolean;
  /** One sentence: what was compared and the worst case. */
  readonly detail: string;
  readonly worst?: { cell: number; run: number; t?: number; computed?: number; expected?: number; error?: number; allowed?: number };
  readonly fractions?: { cell: number; fraction: number }[];
}

const shortName = (path: string): string => path.split('.').at(-1)!;

/** The symbols every check expression may use. */
export function checkSymbols(s: Scenario, quantities: readonly string[]): string[] {
  return [...new Set(['t', 'tFinal', 'N', 'run', 'cell', ...Object.keys(s.params), ...Object.keys(s.sweep).map(shortName), ...quantities])];
}

/** Compiles every expression, reporting a bad one at its field path. */
export function compileChecks(s: Scenario, quantities: readonly string[]): Map<number, CompiledExpression> {
  const symbols = checkSymbols(s, quantities);
  const out = new Map<number, CompiledExpression>();
  s.checks.forEach((c, i) => {
    let field: string;
    let text: string;
    if (c.kind === 'series') [field, text] = ['expect', c.expect];
    else if (c.kind === 'final' || c.kind === 'always') [field, text] = ['assert', c.assert];
    else if (c.kind === 'ensemble') [field, text] = ['each', c.each];
    else return;
    if (c.kind === 'series' && !quantities.includes(c.quantity)) throw new FieldError(`checks.${String(i)}.quantity`, `unknown quantity "${c.quantity}"; this scenario records ${quantities.join(', ')}`);
    try {
      out.set(i, compileRestricted(text, symbols, CHECK_FUNCTIONS));
    } catch (err) {
      throw new FieldError(`checks.${String(i)}.${field}`, (err as Error).message);
    }
  });
  return out;
}

/** The symbols a check expression sees for one saved row of one run. */
export function scopeOf(s: Scenario, cell: Cell, r: RunResult, row: Record<string, number>): Record<string, number> {
  const scope: Record<string, number> = { ...row, N: r.depth, run: r.run, cell: cell.index, tFinal: r.rows.at(-1)?.t ?? 0, ...s.params };
  for (const [p, v] of Object.entries(cell.values)) scope[shortName(p)] = v;
  return scope;
}

export function evaluateChecks(s: Scenario, cells: readonly Cell[], results: readonly RunResult[], compiled: Map<number, CompiledExpression>): CheckResult[] {
  return s.checks.map((c, i): CheckResult => {
    const expr = compiled.get(i);
    switch (c.kind) {
      case 'series': {
        let worst: CheckResult['worst'];
        let worstRatio = -1;
        let count = 0;
        for (const r of results) {
          const cell = cells[r.cell]!;
          for (const row of r.rows) {
            const t = row.t!;
            if (c.window && (t < c.window[0] || t > c.window[1])) continue;
            const computed = row[c.quantity];
            if (computed === undefined) continue;
            const expected = expr!.evaluate(scopeOf(s, cell, r, row));
            const error = Math.abs(computed - expected);
            const allowed = c.atol + c.rtol * Math.abs(expected);
            const ratio = Number.isNaN(error) ? Infinity : allowed > 0 ? error / allowed : error === 0 ? 0 : Infinity;
            count++;
            if (ratio > worstRatio) {
              worstRatio = ratio;
              worst = { cell: r.cell, run: r.run, t, computed, expected, error, allowed };
            }
          }
        }
        const passed = count > 0 && worstRatio <= 1;
        const detail =
          count === 0
            ? `no saved value of ${c.quantity} to compare`
            : `${c.quantity} against ${c.expect} at ${String(count)} saved times: worst |error| ${worst!.error!.toExponential(3)} at t = ${String(worst!.t)} (cell ${String(worst!.cell)}, run ${String(worst!.run)}; computed ${String(worst!.computed)}, expected ${String(worst!.expected)}, allowed ${worst!.allowed!.toExponential(3)})`;
        return { name: c.name, kind: c.kind, passed, detail, ...(worst ? { worst } : {}) };
      }
      case 'final':
      case 'always': {
        // the same predicate, on each run's last row or on every row
        const rowsOf = (r: RunResult): Record<string, number>[] => (c.kind === 'final' ? r.rows.slice(-1) : r.rows);
        let count = 0;
        for (const r of results)
          for (const row of rowsOf(r)) {
            count++;
            if (expr!.evaluate(scopeOf(s, cells[r.cell]!, r, row)) === 0) {
              const shown = Object.entries(row).filter(([k]) => c.assert.includes(k)).map(([k, v]) => `${k} = ${String(v)}`).join(', ');
              return { name: c.name, kind: c.kind, passed: false, detail: `"${c.assert}" is false at t = ${String(row.t)} (cell ${String(r.cell)}, run ${String(r.run)}; ${shown})`, worst: { cell: r.cell, run: r.run, t: row.t! } };
            }
          }
        const where = c.kind === 'final' ? `for all ${String(results.length)} runs at their final time` : `at all ${String(count)} saved times of ${String(results.length)} runs`;
        return { name: c.name, kind: c.kind, passed: count > 0, detail: `"${c.assert}" holds ${where}` };
      }
      case 'invariant': {
        let worst = 0;
        let at: CheckResult['worst'];
        for (const r of results)
          for (const row of r.rows) {
            const d = row.invariantDrift;
            if (d !== undefined && !(d <= worst)) {
              worst = d;
              at = { cell: r.cell, run: r.run, t: row.t!, computed: d };
            }
          }
        const has = results.some((r) => r.rows.some((row) => row.invariantDrift !== undefined));
        return { name: c.name, kind: c.kind, passed: has && worst <= c.maxDrift, detail: has ? `max invariant drift ${worst.toExponential(3)} (bound ${c.maxDrift.toExponential(3)})` : 'no invariants: the model is not a factor model', ...(at ? { worst: at } : {}) };
      }
      case 'status': {
        const bad = results.find((r) => !(c.expect as readonly string[]).includes(r.status));
        return bad
          ? { name: c.name, kind: c.kind, passed: false, detail: `cell ${String(bad.cell)}, run ${String(bad.run)} ended with ${bad.status}: ${bad.message}`, worst: { cell: bad.cell, run: bad.run } }
          : { name: c.name, kind: c.kind, passed: results.length > 0, detail: `all ${String(results.length)} runs ended with ${[...new Set(results.map((r) => r.status))].join(' / ')}` };
      }
      case 'ensemble': {
        const chosen = c.cells ? cells.filter((cell) => c.cells!.includes(cell.index)) : cells;
        const fractions = chosen.map((cell) => {
          const rs = results.filter((r) => r.cell === cell.index && r.rows.length > 0);
          const yes = rs.filter((r) => expr!.evaluate(scopeOf(s, cell, r, r.rows.at(-1)!)) !== 0).length;
          return { cell: cell.index, fraction: rs.length > 0 ? yes / rs.length : NaN };
        });
        const passed = fractions.every((f) => f.fraction >= c.min && f.fraction <= c.max);
        return { name: c.name, kind: c.kind, passed, detail: `fraction of runs with "${c.each}" per cell: ${fractions.map((f) => `${String(f.cell)}: ${f.fraction.toFixed(3)}`).join(', ')} (required ${String(c.min)}…${String(c.max)})`, fractions };
      }
    }
  });
}
