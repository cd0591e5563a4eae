/**
 * The events a run of a scenario passes to `simulate` (or `runOptimizer`): one non-terminal event
 * per exact `firstCrossing(column, level)` of its checks and figures (`crossing.ts`), and the
 * terminal event of `horizon.stopWhen` (`stopWhen.ts`). Everything is derived from the run's cell
 * scenario, so worker threads (which receive only the scenario) build the same events.
 *
 * A `firstCrossing` is exact when its column is a state column of the run (`stateColumns.ts`) and
 * its level names nothing but parameters, swept values, N, run, cell, constants and values at t = 0
 * of state columns: the level is then evaluated once per run, at the start, in the same scope the
 * checks use (`scopeOf`), and the event is `g = column(state) − level`. Its time goes to
 * `RunResult.crossings[crossingKey(column, level)]`: the located root, the start time when the
 * column starts at the level, `Infinity` when the run never reached it.
 */
import { isConstant } from '../expr/constants.js';
import type { MathNode } from 'mathjs';
import { compileNode, parseRestricted, type CompiledExpression, type SpecialForm } from '../expr/restricted.js';
import type { LocatedEvent, SimulateEvent } from '../simulate/simulate.js';
import type { Cell } from '../checks/cell.js';
import { AGGREGATES, CHECK_FUNCTIONS } from '../checks/compile.js';
import { scopeOf } from '../checks/scope.js';
import { crossingKey } from '../checks/crossing.js';
import { FieldError } from '../scenario/errors.js';
import { timeColumn } from '../checks/quantities.js';
import type { RunResult } from '../checks/runResult.js';
import type { Scenario } from '../scenario/schema.js';
import { StateColumns, type StateColumnsSetting } from './stateColumns.js';
import { compileStopWhen } from './stopWhen.js';

/** One `firstCrossing(column, level)` call of the scenario's expressions. */
interface CrossingCall {
  readonly column: string;
  readonly levelText: string;
  readonly level: CompiledExpression;
  /** The symbols the level reads. */
  readonly symbols: readonly string[];
}

/** The name of the terminal event of `horizon.stopWhen`. */
export const STOP_WHEN = 'stopWhen';

/** The texts a run's scope evaluates: the checks' expressions and the figures' `expr` and `law`. */
function expressionTexts(s: Scenario): string[] {
  const texts: string[] = [];
  for (const c of s.checks) {
    if (c.kind === 'series') texts.push(c.expect);
    else if (c.kind === 'final' || c.kind === 'always' || c.kind === 'aggregate') texts.push(c.assert);
    else if (c.kind === 'ensemble') texts.push(c.each);
  }
  for (const f of s.figures as readonly { expr?: string; law?: string }[]) {
    if (f.expr !== undefined) texts.push(f.expr);
    if (f.law !== undefined) texts.push(f.law);
  }
  return texts;
}

const FORMS: Readonly<Record<string, SpecialForm>> = {
  firstCrossing: { arity: [2, 2] },
  ...Object.fromEntries(AGGREGATES.map((a): [string, SpecialForm] => [a, { arity: a === 'quantile' ? [2, 2] : [1, 1] }])),
};

/** Symbols of a tree, outside function-name positions. */
function symbolsOf(node: MathNode): string[] {
  const out = new Set<string>();
  node.traverse((n, path, parent) => {
    if (n.type === 'SymbolNode' && !((parent as MathNode | null)?.type === 'FunctionNode' && path === 'fn')) out.add((n as unknown as { name: string }).name);
  });
  return [...out];
}

const calls = new WeakMap<Scenario, CrossingCall[]>();

/** Every `firstCrossing(column, level)` call of the scenario's expressions, once per (column, level text). */
export function crossingCalls(s: Scenario): CrossingCall[] {
  const known = calls.get(s);
  if (known) return known;
  const found = new Map<string, CrossingCall>();
  for (const text of expressionTexts(s)) {
    if (!text.includes('firstCrossing')) continue;
    let node: MathNode;
    try {
      // the text was checked against the scenario's symbols when it loaded: here only its shape matters
      node = parseRestricted(text, text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [], { functions: CHECK_FUNCTIONS, forms: FORMS });
    } catch {
      continue;
    }
    node.traverse((n) => {
      if (n.type !== 'FunctionNode') return;
      const f = n as unknown as { fn: { name: string }; args: MathNode[] };
      if (f.fn.name !== 'firstCrossing' || f.args[0]?.type !== 'SymbolNode') return;
      const column = (f.args[0] as unknown as { name: string }).name;
      const levelNode = f.args[1]!;
      const levelText = levelNode.toString();
      const key = `${column}\u0000${levelText}`;
      if (found.has(key) || levelText.includes('firstCrossing')) return;
      found.set(key, { column, levelText, level: compileNode(levelNode, levelText, CHECK_FUNCTIONS), symbols: symbolsOf(levelNode) });
    });
  }
  const list = [...found.values()];
  calls.set(s, list);
  return list;
}

/** What a run hands to the solver, and how it turns the located roots into `RunResult` fields. */
export interface RunEvents {
  readonly events: SimulateEvent[];
  /** The exact crossings (by `crossingKey`) and the stopWhen time, from the run's located events (`t0` its start). */
  finish(located: readonly LocatedEvent[], tEvent: number | undefined, t0: number): Pick<RunResult, 'crossings' | 'tEvent'>;
}

/** A run with no rows, for the checks' scope of the numbers fixed before it starts. */
function pseudoRun(cell: Cell, run: number, depth: number, time: 'upstairs' | 'normalized', first?: Record<string, number>): RunResult {
  return {
    cell: cell.index,
    run,
    status: 'success',
    message: '',
    time,
    depth,
    rows: first ? [first] : [],
    stats: { nfev: 0, njev: 0, naccepted: 0, nrejected: 0, wallMs: 0 },
    method: '',
  };
}

/** The numbers fixed for run `run` of `cell` before it starts: N, run, cell, the parameters and swept values. */
export function fixedScope(cell: Cell, run: number, depth: number, time: 'upstairs' | 'normalized'): Record<string, unknown> {
  const scope: Record<string, unknown> = { ...scopeOf(cell.scenario, cell, pseudoRun(cell, run, depth, time), {}) };
  delete scope.tFinal;
  delete scope.t;
  return scope;
}

/**
 * The events of run `run` of `cell` (see the module comment); `setting` describes the run's model.
 * `allColumns`: the scenario's columns, for stopWhen's messages.
 */
export function runEvents(cell: Cell, run: number, setting: StateColumnsSetting, depth: number, allColumns: readonly string[] = []): RunEvents {
  const s = cell.scenario;
  const columns = new StateColumns(setting);
  const time = setting.time;
  const tName = timeColumn(time);
  const fixed = fixedScope(cell, run, depth, time);
  const events: SimulateEvent[] = [];
  const exact: { name: string; column: string; level: () => number; start: () => number }[] = [];
  for (const call of crossingCalls(s)) {
    const col = columns.column(call.column);
    if (!col) continue;
    // the values at t = 0 the level reads, each of a state column; anything else (tFinal, a column's current value) is not known at the start
    const zeros: [string, NonNullable<ReturnType<StateColumns['column']>>][] = [];
    let ok = true;
    for (const sym of call.symbols) {
      if (sym === `${tName}_0` || sym === 't_0' || (sym in fixed && typeof fixed[sym] === 'number') || isConstant(sym)) continue;
      const zero = sym.endsWith('_0') ? columns.column(sym.slice(0, -2)) : undefined;
      if (!zero) {
        ok = false;
        break;
      }
      zeros.push([sym.slice(0, -2), zero]);
    }
    if (!ok) continue;
    let level = NaN;
    let g0 = NaN;
    let started = false;
    const name = `firstCrossing(${call.column}, ${call.levelText})`;
    events.push({
      name,
      fn: (t, W) => {
        if (!started) {
          // the first call is at the start: the level, in the checks' own scope with the values at t = 0
          started = true;
          const first: Record<string, number> = { [tName]: t };
          for (const [z, f] of zeros) first[z] = f(t, W);
          try {
            level = call.level.evaluate(scopeOf(s, cell, pseudoRun(cell, run, depth, time, first), first));
          } catch {
            level = NaN;
          }
          g0 = col(t, W) - level;
        }
        return col(t, W) - level;
      },
    });
    exact.push({ name, column: call.column, level: () => level, start: () => g0 });
  }
  const text = s.horizon.stopWhen;
  if (text !== undefined) {
    const g = compileStopWhen(text, columns, fixed, allColumns);
    events.push({ name: STOP_WHEN, fn: g, terminal: true, direction: 1 });
  }
  return {
    events,
    finish(located, tEvent, t0) {
      const crossings: Record<string, number> = {};
      for (const e of exact) {
        const level = e.level();
        if (!Number.isFinite(level)) continue; // not evaluated (or not finite): the rows answer
        const root = located.find((r) => r.name === e.name);
        crossings[crossingKey(e.column, level)] = e.start() === 0 ? t0 : root ? root.t : Infinity;
      }
      return {
        ...(Object.keys(crossings).length > 0 ? { crossings } : {}),
        ...(tEvent === undefined ? {} : { tEvent }),
      };
    },
  };
}

/**
 * Refuses at load a `horizon.stopWhen` that cannot run in `cell` (a `FieldError` at `horizon.stopWhen`):
 * with noise (Langevin runs have no events), or naming a column that is not a state column there.
 */
export function checkStopWhen(cell: Cell, energy: StateColumnsSetting['energy'], widths: readonly number[], columns: readonly string[]): void {
  const s = cell.scenario;
  const text = s.horizon.stopWhen;
  if (text === undefined) return;
  if (s.model.noise) throw new FieldError('horizon.stopWhen', 'is not available with model.noise: Langevin runs integrate at fixed steps to t1 without events');
  const { depth, time } = cell;
  try {
    compileStopWhen(
      text,
      new StateColumns({
        energy,
        time,
        parametrization: s.model.parametrization,
        ...(s.model.coordinates ? { coordinates: s.model.coordinates } : {}),
        widths,
      }),
      fixedScope(cell, 0, depth, time),
      columns,
    );
  } catch (err) {
    throw new FieldError('horizon.stopWhen', (err as Error).message);
  }
}
