/**
 * Overrides of a scenario's fields: `--set key=value` flags and the entries of its `quick:` profile,
 * each a key path into the document and a parsed value, applied to a copy of the raw document.
 * Errors name the flag (or the `quick:` entry), not a line of the file.
 */
import { parse as parseYaml } from 'yaml';
import { ScenarioError } from './errors.js';
import { scenarioSchema } from './schema.js';
import { nearest } from './suggest.js';

/** The top-level fields of a flow scenario that `--set` and `quick:` may override (not `kind`, which picks the schema). */
export const FLOW_ROOTS = Object.keys(scenarioSchema.shape).filter((r) => r !== 'quick' && r !== 'kind');

/** Keys that would reach an object's prototype: refused in `--set` paths. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** One parsed `--set key=value`: the key path into the document, and the flag as typed. */
export interface Override {
  readonly keys: readonly string[];
  readonly value: unknown;
  readonly flag: string;
}

/**
 * Parses `key=value` overrides: the first dotted segment is a top-level field of the scenario; under
 * `sweep` the rest is one key (`sweep.model.depth=[2, 3]`), elsewhere a dotted path. Values are YAML
 * scalars or flow collections. Errors name the flag, not a line of the file.
 */
export function parseOverrides(overrides: readonly string[], file: string, roots: readonly string[] = FLOW_ROOTS): Override[] {
  return overrides.map((o) => {
    const flag = `--set ${o}`;
    const fail = (message: string): never => {
      throw new ScenarioError(file, [{ path: o.slice(0, Math.max(0, o.indexOf('='))) || '--set', message, where: `${file}: ${flag}` }]);
    };
    const eq = o.indexOf('=');
    if (eq <= 0) fail(`expected key=value, e.g. --set model.depth=3`);
    const keys = overrideKeys(o.slice(0, eq), fail, roots);
    let value: unknown;
    try {
      value = parseYaml(o.slice(eq + 1), { maxAliasCount: 0 });
    } catch (err) {
      fail(`the value is not a YAML scalar or flow collection: ${(err as Error).message.split('\n')[0]!}`);
    }
    return { keys, value, flag };
  });
}

/**
 * The key path of a dotted override (`--set` or a `quick:` entry): the first segment is a top-level
 * field; under `sweep` the rest is one key. `fail` reports a bad path and does not return.
 */
function overrideKeys(dotted: string, fail: (message: string) => never, roots: readonly string[]): string[] {
  const segments = dotted.split('.');
  const keys = segments[0] === 'sweep' && segments.length > 1 ? ['sweep', segments.slice(1).join('.')] : segments;
  for (const k of segments) {
    if (FORBIDDEN_KEYS.has(k)) fail(`"${k}" is not a scenario field (it would reach an object prototype)`);
    if (k === '') fail('empty segment in the dotted path');
  }
  if (!roots.includes(keys[0]!)) {
    const near = nearest(keys[0]!, roots);
    fail(`unknown field "${keys[0]!}"${near === undefined ? '' : ` (did you mean "${near}"?)`}; expected one of ${roots.join(', ')}`);
  }
  return keys;
}

/**
 * The entries of a document's `quick:` mapping as overrides (values already parsed), in the order
 * written. A non-mapping `quick` is left to the schema to report.
 */
export function quickOverrides(raw: unknown, file: string, where: (key: string) => string | undefined, roots: readonly string[]): Override[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [];
  const q = (raw as Record<string, unknown>).quick;
  if (typeof q !== 'object' || q === null || Array.isArray(q)) return [];
  return Object.entries(q as Record<string, unknown>).map(([dotted, value]) => {
    const fail = (message: string): never => {
      const at = where(dotted);
      throw new ScenarioError(file, [at ? { path: `quick.${dotted}`, message, where: at } : { path: `quick.${dotted}`, message }]);
    };
    return { keys: overrideKeys(dotted, fail, roots), value, flag: `quick: ${dotted}` };
  });
}

/** Applies `key=value` overrides (see `parseOverrides`) to a raw document. */
export function applyOverrides(raw: unknown, overrides: readonly string[], file: string): unknown {
  return applyParsed(raw, parseOverrides(overrides, file));
}

export function applyParsed(raw: unknown, overrides: readonly Override[]): unknown {
  // a document that is not a mapping is reported as such by the caller
  if (overrides.length === 0 || typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const copy = structuredClone(raw) as Record<string, unknown>;
  for (const { keys, value } of overrides) {
    let obj: Record<string, unknown> = copy;
    for (const k of keys.slice(0, -1)) {
      const next = Object.hasOwn(obj, k) ? obj[k] : undefined;
      if (typeof next !== 'object' || next === null || Array.isArray(next)) obj[k] = {};
      obj = obj[k] as Record<string, unknown>;
    }
    obj[keys.at(-1)!] = value;
  }
  return copy;
}

/** The `--set` flag that set a field at `path` (or a field containing it), if any. */
export function overrideAt(overrides: readonly Override[], path: readonly PropertyKey[]): Override | undefined {
  const p = path.map(String);
  if (p.length === 0) return undefined;
  return overrides.findLast((o) => o.keys.every((k, i) => i >= p.length || p[i] === k));
}
