/**
 * How a golden figure is stored: the spec as indented JSON, the SVG with one element per line. The
 * renderer writes the SVG on one line; a line break is put between adjacent tags (`><` becomes
 * `>\n<`), which is reversible because the rendered SVG holds no line break (checked here), so the
 * file is still compared byte for byte, and a regeneration reads as a reviewable line diff.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TopLevelSpec } from 'vega-lite';

/** The folder holding the golden files (this file's folder). */
export const GOLDEN_DIR = path.dirname(fileURLToPath(import.meta.url));

/** The command that rewrites the golden files. */
export const REGENERATE = 'npx tsx test/report/golden/generate.ts';

/** The stored text of a spec. */
export const specText = (spec: TopLevelSpec): string => `${JSON.stringify(spec, null, 2)}\n`;

/** The stored text of a rendered SVG: one element per line. */
export function svgText(svg: string): string {
  if (svg.includes('\n')) throw new Error('the rendered SVG holds a line break: the one-element-per-line golden format would not be reversible');
  return `${svg.replaceAll('><', '>\n<')}\n`;
}

/**
 * The first line where two texts differ (1-based), the first differing column in it (0-based), and
 * both lines; undefined when the texts are equal.
 */
export function firstDifference(actual: string, expected: string): { line: number; column: number; actual: string; expected: string } | undefined {
  if (actual === expected) return undefined;
  const a = actual.split('\n');
  const e = expected.split('\n');
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] === e[i]) continue;
    const [x, y] = [a[i] ?? '', e[i] ?? ''];
    let column = 0;
    while (column < x.length && x[column] === y[column]) column++;
    return { line: i + 1, column, actual: a[i] ?? '(end of text)', expected: e[i] ?? '(end of file)' };
  }
  return { line: a.length, column: 0, actual: '(same lines, different bytes)', expected: '' };
}
