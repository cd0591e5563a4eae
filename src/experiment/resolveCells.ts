/**
 * The resolver's first part: a validated scenario's sweep grid → its cells, each with its swept
 * values, depth, time convention and noise as numbers and defaults (experiment/resolve.ts does the
 * rest). This and the schema are the only places that know a file writes ∞ as "inf".
 */
import { defaultTime } from '../flows/time.js';
import type { Cell, SweptValue, Where } from '../checks/cell.js';
import { referenceCellOf } from '../checks/pairing.js';
import type { NoiseSpec } from '../simulate/langevin.js';
import { FieldError } from '../scenario/errors.js';
import { infinityOf, scenarioSchema, sweepGrids, sweepPaths, sweptValueOf, type Scenario } from '../scenario/schema.js';
import { buildMessages } from './messages.js';

export type { Cell };

/** Every sweep path must name a scalar field that exists (or may exist) in the scenario. */
const SWEEPABLE =
  /^(model\.(depth|width|coordinates|parametrization|noise\.beta|noise\.dt)|solver\.method|model\.regularizer\.(weightDecay|balance)|init\.(scale|s0|endToEndScale)|energy\.noise\.std|horizon\.(t1|lossBelow|detFloor)|solver\.(rtol|atol)|optimizer\.(lr|steps|beta|beta1|beta2|eps)|energy\.(p|measurements|observedFraction)|params\.[A-Za-z_][A-Za-z0-9_]*)$/;

/** Fields whose schema spells infinity as the literal "inf" (a sweep value `inf` stays that literal there). */
const INF_LITERAL = new Set(['model.depth', 'model.noise.beta']);

function setPath(obj: Record<string, unknown>, path: string, value: unknown, at: string): void {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    const next = o[k];
    if (typeof next !== 'object' || next === null) throw new FieldError(at, buildMessages.notAnObject(k));
    o = next as Record<string, unknown>;
  }
  o[keys.at(-1)!] = value;
}

/** The value in the cell's scenario at a dotted path: a number, ∞, an option's name, or NaN when there is none. */
function valueAt(s: Scenario, path: string): SweptValue {
  let o: unknown = s;
  for (const k of path.split('.')) o = typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[k] : undefined;
  return typeof o === 'number' ? o : typeof o === 'string' ? sweptValueOf(o) : NaN;
}

/** The scenario's Langevin noise (`model.noise`) with β as a number, or undefined for a gradient flow. */
function noiseOf(s: Scenario): NoiseSpec | undefined {
  const n = s.model.noise;
  return n && { beta: infinityOf(n.beta), dt: n.dt, method: n.method, ...(n.adaptive ? { adaptive: n.adaptive } : {}) };
}

/** A cell of `scenario` (a copy with the swept values set) with its settings resolved. */
function resolvedCell(index: number, values: Record<string, SweptValue>, scenario: Scenario, paths: readonly string[]): Cell {
  const depth = infinityOf(scenario.model.depth);
  const noise = noiseOf(scenario);
  return {
    index,
    values,
    swept: Object.fromEntries(paths.map((p) => [p, values[p] ?? valueAt(scenario, p)])),
    scenario,
    depth,
    time: scenario.model.time ?? defaultTime(depth),
    ...(noise ? { noise } : {}),
  };
}

/**
 * The sweep's cells: each grid row-major over its paths in file order, the grids of a list in turn.
 * A cell's `values` hold the paths its own grid sweeps (a path another grid sweeps keeps the
 * scenario's value there).
 */
export function cellsOf(s: Scenario): Cell[] {
  const grids = sweepGrids(s);
  const multi = Array.isArray(s.sweep);
  const allPaths = sweepPaths(s);
  const cells: Cell[] = [];
  // each cell's scenario is a copy with its swept values set; the sweep itself is shared, not copied
  // (a fuzzed sweep of 1009 depths × 5 scales copied its 1014 values into each of 5050 cells: 3 s)
  const { sweep, ...rest } = s;
  const bare = (): Record<string, unknown> => structuredClone(rest);
  grids.forEach((grid, g) => {
    const at = (p: string): string => (multi ? `sweep.${String(g)}.${p}` : `sweep.${p}`);
    const paths = Object.keys(grid);
    for (const p of paths) if (!SWEEPABLE.test(p)) throw new FieldError(at(p), buildMessages.notSweepable());
    // each swept value must be what the schema accepts in that field (a sweep cannot smuggle in
    // t1 = inf or a negative atol): checked once per value, the field set alone
    paths.forEach((p) => {
      grid[p]!.forEach((v, i) => {
        const copy = bare();
        setPath(copy, p, INF_LITERAL.has(p) ? v : sweptValueOf(v), at(p));
        const r = scenarioSchema.safeParse(copy);
        if (!r.success) throw new FieldError(`${at(p)}.${String(i)}`, buildMessages.badSweepValue(String(v), p, r.error.issues[0]!.message));
      });
    });
    const recurse = (k: number, values: Record<string, SweptValue>): void => {
      if (k === paths.length) {
        const copy = bare();
        for (const [p, v] of Object.entries(values)) setPath(copy, p, INF_LITERAL.has(p) && v === Infinity ? 'inf' : v, at(p));
        cells.push(resolvedCell(cells.length, { ...values }, { ...copy, sweep } as unknown as Scenario, allPaths));
        return;
      }
      const p = paths[k]!;
      for (const v of grid[p]!) recurse(k + 1, { ...values, [p]: sweptValueOf(v) });
    };
    recurse(0, {});
  });
  if (!s.compare) return cells;
  const reference = numericReference(s.compare.reference);
  return cells.map((cell) => {
    const ref = referenceCellOf(reference, cells, cell);
    return ref ? { ...cell, reference: ref.index } : cell;
  });
}

/** A check's `where:` (or a comparison's reference) with its values as numbers. */
export function numericWhere(where: Readonly<Record<string, readonly (number | string)[]>>): Where {
  return Object.fromEntries(Object.entries(where).map(([p, vs]) => [p, vs.map(sweptValueOf)]));
}

/** `compare.reference` with its values as numbers. */
export function numericReference(ref: Readonly<Record<string, number | string>>): Readonly<Record<string, SweptValue>> {
  return Object.fromEntries(Object.entries(ref).map(([p, v]) => [p, sweptValueOf(v)]));
}
