/**
 * The layers of src/ (README, "Layout"): each folder imports only from the folders before it in
 * LAYERS. Read from the import statements of every source file, so an upward import fails here.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

/** Bottom to top. `expr` imports nothing and serves expression energies; `pipeline` composes `report`'s renderers. */
export const LAYERS = [
  'linalg',
  'expr',
  'ode',
  'energies',
  'flows',
  'init',
  'analysis',
  'simulate',
  'scenario',
  'checks',
  'experiment',
  'report',
  'pipeline',
  'landscape',
  'cli',
] as const;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The files a source file imports by relative path (`import`, `import type`, `export … from`, side-effect imports and `import()`). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...text.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+)'/gms),
    ...text.matchAll(/^import\s+'(\.{1,2}\/[^']+)'/gm),
    ...text.matchAll(/\bimport\(\s*'(\.{1,2}\/[^']+)'\s*\)/g),
  ].map((m) => m[1]!);
  return specifiers.map((spec) => join(dirname(file), spec.replace(/\.js$/, '.ts')));
}

test('every import in src/ points to the same layer or one below it', () => {
  const files = tsFiles(SRC).filter((f) => relative(SRC, f).includes(sep)); // src/index.ts is the barrel over all layers
  assert.ok(files.length > 80, `found ${String(files.length)} files under ${SRC}`);
  const upward: string[] = [];
  for (const f of files) {
    const layer = relative(SRC, f).split(sep)[0]!;
    const own = LAYERS.indexOf(layer as (typeof LAYERS)[number]);
    assert.ok(own >= 0, `${relative(SRC, f)}: folder "${layer}" is not a known layer`);
    for (const g of importsOf(f)) {
      const folder = relative(SRC, g).split(sep)[0]!;
      const target = LAYERS.indexOf(folder as (typeof LAYERS)[number]);
      if (target < 0 || target > own) upward.push(`${relative(SRC, f)} imports ${folder}/`);
    }
  }
  assert.deepEqual(upward, []);
});

/** Import circles among the files, one per back edge of a depth-first search (none when there is none). */
function importCircles(files: readonly string[]): string[][] {
  const graph = new Map(files.map((f) => [f, importsOf(f).filter((g) => files.includes(g))]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const circles: string[][] = [];
  const visit = (f: string): void => {
    state.set(f, 'open');
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === 'open') circles.push(stack.slice(stack.indexOf(g)));
      else if (!state.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return circles;
}

test('no import circles in src/, type-only imports included', () => {
  const files = tsFiles(SRC);
  const circles = importCircles(files).map((c) => c.map((f) => relative(SRC, f)).join(' → '));
  assert.deepEqual(circles, []);
});

test('importCircles finds a planted circle through a type-only import, and none in a chain', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradflow-layers-'));
  const [a, b, c] = ['a.ts', 'b.ts', 'c.ts'].map((f) => join(dir, f)) as [string, string, string];
  writeFileSync(a, "import { b } from './b.js';\nexport const a = b;\n");
  writeFileSync(b, "import type { C } from './c.js';\nexport const b: C = 1;\n");
  writeFileSync(c, 'export type C = number;\n');
  assert.deepEqual(importCircles([a, b, c]), []);
  writeFileSync(c, "import type { A } from './a.js';\nexport type C = number;\nexport type D = A;\n");
  assert.deepEqual(importCircles([a, b, c]), [[a, b, c]]);
});

test('docs/architecture.md names every layer, in the order of LAYERS, and every file it cites exists', () => {
  const doc = readFileSync(fileURLToPath(new URL('../docs/architecture.md', import.meta.url)), 'utf8');
  const named = [...doc.matchAll(/^\d+\. \*\*`([a-z]+)`\*\*/gm)].map((m) => m[1]);
  assert.deepEqual(named, [...LAYERS]);
  // `scenario/load.ts` is src/scenario/load.ts; `src/index.ts` is written out
  const cited = [...doc.matchAll(/`((?:[a-z]+)\/[A-Za-z]+\.ts)`/g)].map((m) => m[1]!.replace(/^src\//, ''));
  assert.ok(cited.length >= 10, `${String(cited.length)} files cited`);
  const files = tsFiles(SRC);
  for (const f of cited) assert.ok(files.includes(join(SRC, f)), `docs/architecture.md cites src/${f}, which does not exist`);
});
