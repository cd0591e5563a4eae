/**
 * The identity of a resolved scenario, for telling whether shards and resumed logs belong to the same
 * computation: SHA-256 of its canonical JSON (keys sorted, doubles exact), and of the bytes of its
 * starts file when `init.kind` is `file` (the starts are data the scenario text does not hold).
 */
import { readFileSync } from 'node:fs';
import type { Scenario } from '../scenario/schema.js';
import { exactJson, sha256 } from './runRecord.js';

/** A copy with every object's keys in sorted order (arrays keep theirs). */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .filter((k) => o[k] !== undefined)
        .map((k) => [k, canonical(o[k])]),
    );
  }
  return v;
}

/** The scenario's hash (hex). Reads the starts file of an `init.kind: file` scenario. */
export function scenarioHash(s: Scenario): string {
  const text = exactJson(canonical(s));
  const starts = s.init.kind === 'file' ? sha256(readFileSync(s.init.path)) : '';
  return sha256(`${text}\n${starts}`);
}
