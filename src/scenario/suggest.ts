/**
 * "Did you mean": the field a typo was meant to be. Given an unknown key where the schema expects an
 * object, the nearest field that object has (`tl` in `horizon` → `t1`), as commander suggests the
 * nearest flag for a mistyped option.
 */
import type { z } from 'zod';

/** Levenshtein distance (insertions, deletions, substitutions), with a transposition counting 1 (`t1` ↔ `1t`). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
}

/**
 * The candidate nearest `word`, when it is near enough to be a typo: at most a third of the longer
 * word's characters changed (case ignored; at least one), else undefined. Ties go to the first candidate.
 */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    if (c === word) continue;
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d <= Math.max(1, Math.floor(Math.max(word.length, c.length) / 3)) && (best === undefined || d < best.d)) best = { c, d };
  }
  return best?.c;
}

interface Def {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly element?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly discriminator?: string;
  readonly items?: readonly z.ZodType[];
  readonly getter?: () => z.ZodType;
}

const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The schema a wrapper (optional, default, pipe, lazy, …) stands for, or undefined when `def` is no wrapper. */
function unwrapped(def: Def): z.ZodType | undefined {
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return def.innerType;
    case 'pipe':
      return def.in;
    case 'lazy':
      return def.getter?.();
    default:
      return undefined;
  }
}

/** The object schemas `schema` can be at `value` (wrappers unwrapped; a union narrowed by its discriminator when the value has one). */
function objectsAt(schema: z.ZodType, value: unknown, depth = 0): Def[] {
  if (depth > 20) return [];
  const def = defOf(schema);
  const inner = unwrapped(def);
  if (inner) return objectsAt(inner, value, depth + 1);
  switch (def.type) {
    case 'object':
      return [def];
    case 'union': {
      const all = (def.options ?? []).flatMap((o) => objectsAt(o, value, depth + 1));
      const kind =
        def.discriminator !== undefined && value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[def.discriminator] : undefined;
      if (kind === undefined) return all;
      const matching = all.filter((o) => {
        const d = o.shape?.[def.discriminator!];
        const values = d ? (defOf(d) as { values?: readonly unknown[] }).values : undefined;
        return values?.includes(kind) === true;
      });
      return matching.length > 0 ? matching : all;
    }
    default:
      return [];
  }
}

/** The schema of what sits at `key` inside a value of `schema` (undefined when the schema has no such place). */
function childSchemas(schema: z.ZodType, value: unknown, key: PropertyKey): z.ZodType[] {
  const def = defOf(schema);
  const inner = unwrapped(def);
  if (inner) return childSchemas(inner, value, key);
  switch (def.type) {
    case 'array':
      return def.element ? [def.element] : [];
    case 'tuple':
      return typeof key === 'number' && def.items?.[key] ? [def.items[key]] : [];
    case 'record':
      return def.valueType ? [def.valueType] : [];
    case 'object':
      return typeof key === 'string' && def.shape?.[key] ? [def.shape[key]] : [];
    case 'union':
      return objectsAt(schema, value).flatMap((o) => (typeof key === 'string' && o.shape?.[key] ? [o.shape[key]] : []));
    default:
      return [];
  }
}

/** The fields an object at `path` of a document may have, by the schema (empty when the path leads nowhere known). */
export function fieldsAt(schema: z.ZodType, doc: unknown, path: readonly PropertyKey[]): string[] {
  let schemas: z.ZodType[] = [schema];
  let value: unknown = doc;
  for (const key of path) {
    schemas = schemas.flatMap((s) => childSchemas(s, value, key));
    value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return [...new Set(schemas.flatMap((s) => objectsAt(s, value)).flatMap((o) => Object.keys(o.shape ?? {})))];
}
