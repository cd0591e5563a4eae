/**
 * `gradflow notebook <folder>`: (re)writes `report.ipynb` from an output folder's files (a flow or a
 * landscape scenario's), or, given
 * the output root, the notebook of every output folder in it and `index.ipynb`. Each file is written
 * to a temporary name beside it and renamed into place.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { LANDSCAPE_NOTEBOOK_INPUTS, landscapeNotebook } from '../landscape/notebook.js';
import { NOTEBOOK_INPUTS, reportNotebook, type FolderFiles } from '../report/notebook.js';
import { serializeNotebook } from '../report/notebookFormat.js';
import { writeIndexNotebook } from '../report/notebookIndex.js';
import { notebookMessages } from '../report/notebookMessages.js';
import { OutputError } from '../report/outputFolder.js';
import { writeAtomically } from '../report/notebookWrite.js';

/** The files of an output folder that a notebook is built from (a missing one is reported when the notebook needs it). */
export function readFolderFiles(dir: string): FolderFiles {
  const files: Record<string, Buffer> = {};
  for (const f of isLandscapeFolder(dir) ? LANDSCAPE_NOTEBOOK_INPUTS : NOTEBOOK_INPUTS)
    if (existsSync(path.join(dir, f))) files[f] = readFileSync(path.join(dir, f));
  const figs = path.join(dir, 'figures');
  if (existsSync(figs)) for (const f of readdirSync(figs)) if (/\.(vl\.json|svg|png)$/.test(f)) files[`figures/${f}`] = readFileSync(path.join(figs, f));
  return files;
}

/** Rewrites `<dir>/report.ipynb` from the folder's files; returns its path. */
export function writeFolderNotebook(dir: string): string {
  const file = path.join(dir, 'report.ipynb');
  const files = readFolderFiles(dir);
  writeAtomically(file, serializeNotebook(isLandscapeFolder(dir) ? landscapeNotebook(dir, files) : reportNotebook(dir, files)));
  return file;
}

/** Output folders directly in `root`: names without a dot (folders kept beside others, `<id>.failed-1`, are left out) holding manifest.json. */
export const outputFoldersIn = (root: string): string[] =>
  readdirSync(root)
    .sort()
    .filter((id) => !id.includes('.') && existsSync(path.join(root, id, 'manifest.json')));

/** True when `dir` holds a landscape scenario's results (its manifest says `kind: landscape`). */
export function isLandscapeFolder(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { kind?: unknown }).kind === 'landscape';
  } catch {
    return false;
  }
}

/**
 * `gradflow notebook <folder>`: a folder with manifest.json gets its notebook; an output root gets
 * every output folder's notebook and index.ipynb. Returns the files written.
 */
export function writeNotebooks(folder: string): string[] {
  let isDir: boolean;
  try {
    isDir = statSync(folder).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new OutputError(notebookMessages.notAFolder(folder));
  if (existsSync(path.join(folder, 'manifest.json'))) return [writeFolderNotebook(folder)];
  const ids = outputFoldersIn(folder);
  if (ids.length === 0) throw new OutputError(notebookMessages.noOutputFolders(folder));
  return [...ids.map((id) => writeFolderNotebook(path.join(folder, id))), writeIndexNotebook(folder)];
}
