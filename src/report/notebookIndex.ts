/**
 * `notebooks-out/index.ipynb`: a Markdown notebook linking every scenario's `report.ipynb` (with a
 * thumbnail and its checks), beside `index.html`. Folders without a notebook (`--no-notebook`) and
 * folders kept beside a complete one (`<id>.failed-1`, …) are left out.
 */
import { outcomeLine } from '../checks/checkResult.js';
import path from 'node:path';
import { folderEntries, type FolderEntry } from './folderEntries.js';
import { md } from './notebookMarkdown.js';
import { markdownCell, notebook, serializeNotebook, type Notebook } from './notebookFormat.js';
import { writeAtomically } from './notebookWrite.js';

/** One scenario in the index. */
export type IndexNotebookEntry = FolderEntry;

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
      `## [${md(e.title)}](${e.id}/report.ipynb)\n\n\`${e.id}\` · checks: ${outcomeLine(e.counts)}${e.counts.fail === 0 ? '' : ' (**FAIL**)'} · [report.ipynb](${e.id}/report.ipynb) · [report.html](${e.id}/report.html)\n${
        e.thumbnail !== undefined ? `\n![${md(e.title)}](${e.id}/figures/${e.thumbnail}.png)\n` : ''
      }`,
    ),
  );
  return notebook([intro, ...cells]);
}

/** The index entries of an output root: folders holding report.ipynb and a readable checks.json and manifest.json. */
export function indexNotebookEntries(outRoot: string): IndexNotebookEntry[] {
  return folderEntries(outRoot, 'report.ipynb');
}

/** Writes `<outRoot>/index.ipynb` (atomically); returns its path. */
export function writeIndexNotebook(outRoot: string): string {
  const file = path.join(outRoot, 'index.ipynb');
  writeAtomically(file, serializeNotebook(indexNotebook(indexNotebookEntries(outRoot))));
  return file;
}
