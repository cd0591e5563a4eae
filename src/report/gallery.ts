/**
 * `notebooks-out/index.html`: every report in the output root, with a thumbnail and its check status;
 * and `index.ipynb` beside it, linking every scenario's notebook (`notebookIndex.ts`).
 * Folders kept beside a complete one (`<id>.interrupted-1`, …) and unreadable folders are left out.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { folderEntries } from './folderEntries.js';
import { indexHtml, type IndexEntry } from './html.js';
import { writeIndexNotebook } from './notebookIndex.js';
import { OutputError, outputMessages } from './outputFolder.js';

export function writeIndex(outRoot: string): string {
  const entries: IndexEntry[] = folderEntries(outRoot, 'report.html');
  const file = path.join(outRoot, 'index.html');
  const tmp = `${file}.tmp-${String(process.pid)}`;
  try {
    writeFileSync(tmp, indexHtml(entries));
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new OutputError(outputMessages.cannotWrite(file, (err as Error).message));
  }
  writeIndexNotebook(outRoot);
  return file;
}
