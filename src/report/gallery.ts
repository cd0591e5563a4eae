/**
 * `notebooks-out/index.html`: every report in the output root, with a thumbnail and its check status;
 * and `index.ipynb` beside it, linking every scenario's notebook (`notebookIndex.ts`).
 * Folders kept beside a complete one (`<id>.interrupted-1`, …) and unreadable folders are left out.
 */
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { indexHtml, type IndexEntry } from './html.js';
import { writeIndexNotebook } from './notebookIndex.js';
import { OutputError, outputMessages } from './outputFolder.js';

export function writeIndex(outRoot: string): string {
  const entries: IndexEntry[] = [];
  for (const id of readdirSync(outRoot).sort()) {
    const dir = path.join(outRoot, id);
    if (id.includes('.') || !existsSync(path.join(dir, 'report.html')) || !existsSync(path.join(dir, 'checks.json'))) continue;
    let checks: { checks: { passed: boolean }[] };
    let manifest: { scenario: { title: string } };
    try {
      checks = JSON.parse(readFileSync(path.join(dir, 'checks.json'), 'utf8')) as typeof checks;
      manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as typeof manifest;
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
