/**
 * `npm run figure`: regenerates the README's figure, docs/razin-cohen-2x2.png, by running the
 * razin-cohen-2x2 scenario into a temporary folder and copying its first figure.
 */
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { executeScenario } from '../scenario/execute.js';
import { loadScenario } from '../scenario/load.js';

const out = mkdtempSync(path.join(os.tmpdir(), 'gradflow-docs-'));
const report = await executeScenario(loadScenario('scenarios/razin-cohen-2x2.yaml'), out);
if (!report.passed) throw new Error('razin-cohen-2x2 failed its checks; not updating the figure');
mkdirSync('docs', { recursive: true });
copyFileSync(path.join(report.out, 'figures', 'figure-1.png'), path.join('docs', 'razin-cohen-2x2.png'));
console.log('wrote docs/razin-cohen-2x2.png');
