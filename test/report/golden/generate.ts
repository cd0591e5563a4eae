/**
 * Writes the golden figures: for every case of cases.ts, `<name>.vl.json` (the spec) and `<name>.svg`
 * (rendered by src/report/render.ts) into test/report/golden/, or into the folder given with
 * `--out DIR` (specs.test.ts renders in a second process that way). Run from the repository root:
 *
 *     npx tsx test/report/golden/generate.ts
 *
 * then review `git diff test/report/golden/` before committing: a changed golden file is a changed figure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderSvg } from '../../../src/report/render.js';
import { goldenCases } from './cases.js';
import { GOLDEN_DIR, specText, svgText } from './files.js';

const at = process.argv.indexOf('--out');
const out = at >= 0 ? process.argv[at + 1] : GOLDEN_DIR;
if (out === undefined) throw new Error('--out needs a folder');
mkdirSync(out, { recursive: true });
for (const { name, spec } of goldenCases()) {
  writeFileSync(path.join(out, `${name}.vl.json`), specText(spec));
  writeFileSync(path.join(out, `${name}.svg`), svgText(await renderSvg(spec)));
}
console.log(`wrote ${String(goldenCases().length)} figures (spec and SVG) to ${path.relative(process.cwd(), out) || '.'}`);
