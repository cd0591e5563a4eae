/**
 * Crash classes: failures grouped by a normalised first line (exception type and message with
 * numbers and quoted values blanked), each kept with its first reproducer, so a failing fuzz test
 * lists every distinct problem once instead of stopping at the first.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** One failure of one mutant. */
export interface Failure {
  /** Which part found it, e.g. `validate` or `run`. */
  readonly part: string;
  /** The grouping line, e.g. `TypeError: Cannot read properties of undefined (reading 'length')`. */
  readonly line: string;
  /** Where it came from (top frame in src/, exit code, …), shown with the class. */
  readonly where: string;
  readonly seed: number;
  readonly index: number;
  readonly base: string;
  readonly ops: readonly string[];
  readonly text: string;
}

export interface CrashClass {
  readonly key: string;
  count: number;
  readonly first: Failure;
  /** The first reproducer's file, when written. */
  file?: string;
}

/** Blanks what varies between instances of one problem: numbers and quoted values. */
export function normalise(line: string): string {
  return line
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/`[^`]*`/g, '`…`')
    .replace(/\b\d+(?:\.\d+)?(?:e[+-]?\d+)?\b/gi, '#')
    .replace(/(before the alias\)): .*/, '$1: …')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 160);
}

/** The line to group an exception's stack or a child's stderr by: the line before the first `    at ` frame, else the first non-empty line. */
export function headline(stderr: string): string {
  const lines = stderr.split('\n');
  const at = lines.findIndex((l) => /^\s+at /.test(l));
  if (at > 0) {
    for (let k = at - 1; k >= 0; k--) if (lines[k]!.trim() !== '') return lines[k]!.trim();
  }
  return lines.find((l) => l.trim() !== '')?.trim() ?? '(empty stderr)';
}

/** The first stack frame inside the project's src/ folder, as `src/…/file.ts:line`. */
export function srcFrame(stack: string): string {
  const m = /(src\/[\w/.-]+\.ts):(\d+)/.exec(stack);
  return m ? `${m[1]!}:${m[2]!}` : '(no src frame)';
}

/** Groups failures by (part, normalised line). */
export function groupFailures(failures: readonly Failure[]): CrashClass[] {
  const byKey = new Map<string, CrashClass>();
  for (const f of failures) {
    const key = `${f.part}: ${normalise(f.line)}`;
    const c = byKey.get(key);
    if (c) c.count++;
    else byKey.set(key, { key, count: 1, first: f });
  }
  return [...byKey.values()].sort((a, b) => b.count - a.count);
}

/** Writes each class's first reproducer to `dir` and records its path. */
export function saveReproducers(classes: readonly CrashClass[], dir: string): void {
  mkdirSync(dir, { recursive: true });
  classes.forEach((c, i) => {
    const f = path.join(dir, `class-${String(i + 1).padStart(2, '0')}-${c.first.part}-seed${String(c.first.seed)}-i${String(c.first.index)}.yaml`);
    writeFileSync(f, c.first.text);
    c.file = f;
  });
}

const preview = (full: string): string => {
  // the curated descriptions are long prose and never the point: elide them
  const text = full.replace(/^description: [|>]-?\n(?: {2}.*\n)*/m, 'description: …\n');
  const t = text.length > 600 ? `${text.slice(0, 600)}… (${String(text.length)} chars in all)` : text;
  return t.replace(/\n/g, '\n      ');
};

/** A compact report: one block per class with its count, origin, reproducer (seed, index, ops, file) and text preview. */
export function describeClasses(classes: readonly CrashClass[], total: number): string {
  const blocks = classes.map((c, i) => {
    const f = c.first;
    return [
      `${String(i + 1)}. [${String(c.count)}×] ${c.key}`,
      `   at ${f.where}; first: seed ${String(f.seed)}, mutant ${String(f.index)} of ${f.base}: ${f.ops.join('; ')}`,
      ...(c.file === undefined ? [] : [`   reproducer: ${c.file}`]),
      `      ${preview(f.text)}`,
    ].join('\n');
  });
  return `${String(classes.length)} crash classes in ${String(total)} mutants:\n${blocks.join('\n')}`;
}
