/**
 * `npm run figure`: regenerates the README's figure, docs/razin-cohen-2x2.png, by running the
 * razin-cohen-2x2 scenario into a temporary folder and copying its first figure. Paths are taken
 * relative to this file, so the script works from any working directory.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { executeScenario } from '../src/pipeline/execute.js';
import { loadScenario } from '../src/experiment/resolve.js';

const scenario = fileURLToPath(new URL('../scenarios/razin-cohen-2x2.yaml', import.meta.url));
const target = fileURLToPath(new URL('./razin-cohen-2x2.png', import.meta.url));
const out = mkdtempSync(path.join(os.tmpdir(), 'gradflow-docs-'));
try {
  const report = await executeScenario(loadScenario(scenario), out);
  if (!report.passed) throw new Error('razin-cohen-2x2 failed its checks; not updating the figure');
  copyFileSync(path.join(report.out, 'figures', 'w11-loss-vs-t.png'), target);
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
