/**
 * `notebooks-out/index.ipynb`: a Markdown notebook linking every scenario's `report.ipynb` (with a
 * thumbnail and its checks), beside `index.html`. Folders without a notebook (`--no-notebook`) and
 * folders kept beside a complete one (`<id>.failed-1`, …) are left out.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { md } from './notebookMarkdown.js';
import { markdownCell, notebook, serializeNotebook, type Notebook } from './notebookFormat.js';
import { writeAtomically } from './notebookWrite.js';

/** One scenario in the index. */
export interface IndexNotebookEntry {
  readonly id: string;
  readonly title: string;
  readonly passed: number;
  readonly total: number;
  /** A figure name whose PNG is `<id>/figures/<name>.png`. */
  readonly thumbnail: string | undefined;
}

/** The index notebook: one Markdown cell per scenario, in the order given. */
export function indexNotebook(entries: readonly IndexNotebookEntry[]): Notebook {
  const intro = markdownCell(
    'index',
    `# gradflow notebooks\n\n${String(entries.length)} scenario${entries.length === 1 ? '' : 's'}. Each notebook holds the report (checks, figures, solver statistics) and cells that reload its data with pandas; \`index.html\` beside this file is the same list for a browser.\n`,
  );
  // cell ids by position: scenario ids may be longer than the 64 characters a cell id allows
  const cells = entries.map((e, i) =>
    markdownCell(
      `scenario-${String(i + 1)}`,
      `## [${md(e.title)}](${e.id}/report.ipynb)\n\n\`${e.id}\` · ${String(e.passed)}/${String(e.total)} checks passed${e.passed === e.total ? '' : ' (**FAIL**)'} · [report.ipynb](${e.id}/report.ipynb) · [report.html](${e.id}/report.html)\n${
        e.thumbnail !== undefined ? `\n![${md(e.title)}](${e.id}/figures/${e.thumbnail}.png)\n` : ''
      }`,
    ),
  );
  return notebook([intro, ...cells]);
}

/** The index entries of an output root: folders holding report.ipynb and a readable checks.json and manifest.json. */
export function indexNotebookEntries(outRoot: string): IndexNotebookEntry[] {
  const entries: IndexNotebookEntry[] = [];
  for (const id of readdirSync(outRoot).sort()) {
    const dir = path.join(outRoot, id);
    if (id.includes('.') || !existsSync(path.join(dir, 'report.ipynb'))) continue;
    let checks: { checks: { passed: boolean }[] };
    let manifest: { scenario: { title: string } };
    try {
      checks = JSON.parse(readFileSync(path.join(dir, 'checks.json'), 'utf8')) as typeof checks;
      manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as typeof manifest;
      if (!Array.isArray(checks.checks) || typeof manifest.scenario.title !== 'string') continue;
    } catch {
      continue;
    }
    const figs = existsSync(path.join(dir, 'figures'))
      ? readdirSync(path.join(dir, 'figures'))
          .filter((f) => f.endsWith('.png'))
          .map((f) => f.slice(0, -4))
      : [];
    const thumbnail = figs.includes('figure-1') ? 'figure-1' : figs.includes('loss') ? 'loss' : figs[0];
    entries.push({ id, title: manifest.scenario.title, passed: checks.checks.filter((c) => c.passed).length, total: checks.checks.length, thumbnail });
  }
  return entries;
}

/** Writes `<outRoot>/index.ipynb` (atomically); returns its path. */
export function writeIndexNotebook(outRoot: string): string {
  const file = path.join(outRoot, 'index.ipynb');
  writeAtomically(file, serializeNotebook(indexNotebook(indexNotebookEntries(outRoot))));
  return file;
}
