/**
 * The layers of src/ (README, "Layout"): each folder imports only from the folders before it in
 * LAYERS. Read from the import statements of every source file, so an upward import fails here.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

/** Bottom to top. `expr` imports nothing and serves expression energies; `pipeline` composes `report`'s renderers. */
export const LAYERS = ['linalg', 'expr', 'ode', 'energies', 'flows', 'init', 'analysis', 'simulate', 'scenario', 'report', 'pipeline', 'cli'] as const;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

test('every import in src/ points to the same layer or one below it', () => {
  const files = tsFiles(SRC).filter((f) => relative(SRC, f).includes(sep)); // src/index.ts is the barrel over all layers
  assert.ok(files.length > 80, `found ${String(files.length)} files under ${SRC}`);
  const upward: string[] = [];
  for (const f of files) {
    const layer = relative(SRC, f).split(sep)[0]!;
    const own = LAYERS.indexOf(layer as (typeof LAYERS)[number]);
    assert.ok(own >= 0, `${relative(SRC, f)}: folder "${layer}" is not a known layer`);
    for (const m of readFileSync(f, 'utf8').matchAll(/from\s+'\.\.\/([a-z]+)\//g)) {
      const target = LAYERS.indexOf(m[1] as (typeof LAYERS)[number]);
      if (target < 0 || target > own) upward.push(`${relative(SRC, f)} imports ${m[1]!}/`);
    }
  }
  assert.deepEqual(upward, []);
});
