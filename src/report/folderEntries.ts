/**
 * The complete scenario folders of an output root, as the two indexes list them (`index.html`,
 * `index.ipynb`): id, title, checks passed and a thumbnail figure. Folders kept beside a complete one
 * (`<id>.interrupted-1`, …), folders without the index's own file and unreadable folders are left out.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One scenario folder in an index. */
export interface FolderEntry {
  readonly id: string;
  readonly title: string;
  readonly passed: number;
  readonly total: number;
  /** A figure name whose PNG is `<id>/figures/<name>.png`. */
  readonly thumbnail: string | undefined;
}

/** The entries of `outRoot` whose folder holds `required` (e.g. `report.html`) and readable checks and manifest, sorted by id. */
export function folderEntries(outRoot: string, required: string): FolderEntry[] {
  const entries: FolderEntry[] = [];
  for (const id of readdirSync(outRoot).sort()) {
    const dir = path.join(outRoot, id);
    if (id.includes('.') || !existsSync(path.join(dir, required)) || !existsSync(path.join(dir, 'checks.json'))) continue;
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
