/**
 * One finished run as one line of text, exact and self-checking: the `RunResult` as JSON with every
 * double kept bit for bit (JSON's shortest round-trip numbers, and `{"$f64":"NaN"}`, `"Infinity"`,
 * `"-Infinity"` or `"-0"` for the values JSON cannot hold), preceded by the SHA-256 of that JSON text:
 *
 *     {"sha256":"<64 hex digits>","run":<the run's JSON>}\n
 *
 * A line cut short by a killed process, or altered, fails its checksum and is not a record.
 */
import { createHash } from 'node:crypto';
import type { RunResult } from '../checks/runResult.js';

const TAG = '$f64';
const SPECIAL: Readonly<Record<string, number>> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

/** `JSON.stringify` replacer: the doubles JSON cannot write become `{"$f64": "<name>"}`. */
function encodeNumber(_key: string, v: unknown): unknown {
  if (typeof v !== 'number') return v;
  if (Number.isNaN(v)) return { [TAG]: 'NaN' };
  if (v === Infinity) return { [TAG]: 'Infinity' };
  if (v === -Infinity) return { [TAG]: '-Infinity' };
  if (Object.is(v, -0)) return { [TAG]: '-0' };
  return v;
}

/** `JSON.parse` reviver undoing `encodeNumber`. */
function decodeNumber(_key: string, v: unknown): unknown {
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === TAG) {
      const name = (v as Record<string, unknown>)[TAG];
      if (typeof name === 'string' && name in SPECIAL) return SPECIAL[name];
    }
  }
  return v;
}

/** JSON text of any plain value with every double exact (see the module comment); `indent` as in `JSON.stringify`. */
export function exactJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, encodeNumber, indent);
}

/** Parses `exactJson` text back to the same value. */
export function parseExactJson(text: string): unknown {
  return JSON.parse(text, decodeNumber) as unknown;
}

export const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

const HEAD = '{"sha256":"';
const MID = '","run":';

/** The record line of a finished run, newline included. */
export function recordLine(result: RunResult): string {
  const json = exactJson(result);
  return `${HEAD}${sha256(json)}${MID}${json}}\n`;
}

/** The run held by one line (without its newline), or undefined when the line is not an intact record. */
export function parseRecordLine(line: string): RunResult | undefined {
  if (!line.startsWith(HEAD) || !line.endsWith('}')) return undefined;
  const sum = line.slice(HEAD.length, HEAD.length + 64);
  if (line.slice(HEAD.length + 64, HEAD.length + 64 + MID.length) !== MID) return undefined;
  const json = line.slice(HEAD.length + 64 + MID.length, -1);
  if (sha256(json) !== sum) return undefined;
  try {
    const r = parseExactJson(json) as RunResult;
    return Number.isInteger(r.cell) && Number.isInteger(r.run) && Array.isArray(r.rows) ? r : undefined;
  } catch {
    return undefined;
  }
}
