/** Tidy CSV: one header, one row per record; numbers in shortest round-trip form, so output is deterministic. */

import { INF } from '../scenario/schema.js';

/** The CSV and JSON outputs spell the non-finite numbers `inf`, `-inf` and `NaN`. */
export const numberText = (v: number): string => (Number.isNaN(v) ? 'NaN' : v === Infinity ? INF : v === -Infinity ? `-${INF}` : String(v));

/** A number as `numberText` wrote it (`inf`, `-inf`, `NaN` or a decimal); NaN for any other text. */
export const numberFromText = (s: string): number => (s === numberText(Infinity) ? Infinity : s === numberText(-Infinity) ? -Infinity : Number(s));

/** Whether a value read back from a CSV or JSON output is the text of infinity. */
export const isInfinityText = (v: unknown): boolean => v === numberText(Infinity);

/** Whether a value read back from a CSV or JSON output is the text of minus infinity. */
export const isMinusInfinityText = (v: unknown): boolean => v === numberText(-Infinity);

const cell = (v: unknown): string => {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return numberText(v);
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function toCsv(columns: readonly string[], rows: readonly Readonly<Record<string, unknown>>[]): string {
  const lines = [columns.map(cell).join(',')];
  for (const r of rows) lines.push(columns.map((c) => cell(r[c])).join(','));
  return lines.join('\n') + '\n';
}
