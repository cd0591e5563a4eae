/**
 * The complete scenario folders of an output root, as the two indexes list them (`index.html`,
 * `index.ipynb`): id, title, checks passed and a thumbnail figure. Folders kept beside a complete one
 * (`<id>.interrupted-1`, …), folders without the index's own file and unreadable folders are left out.
 */
import { outcomeCounts, outcomeOf, type Outcome, type OutcomeCounts } from '../checks/checkResult.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One scenario folder in an index. */
export interface FolderEntry {
  readonly id: string;
  readonly title: string;
  readonly passed: number;
  readonly total: number;
  /** The checks by basis and outcome. */
  readonly counts: OutcomeCounts;
  /** A figure name whose PNG is `<id>/figures/<name>.png`. */
  readonly thumbnail: string | undefined;
}

/** The figure `usermeta.figure` places first (the scenario's own first figure, else the loss); for folders without it, `figure-1`, `loss`, the first by name. */
function thumbnailOf(figures: string, names: readonly string[]): string | undefined {
  let best: { name: string; place: number } | undefined;
  for (const name of names) {
    let text: string;
    try {
      text = readFileSync(path.join(figures, `${name}.vl.json`), 'utf8');
    } catch {
      continue;
    }
    const place = Number(/"usermeta":\s*\{\s*"figure":\s*(\d+)/.exec(text)?.[1] ?? Infinity);
    if (place < (best?.place ?? Infinity)) best = { name, place };
  }
  return best?.name ?? (names.includes('figure-1') ? 'figure-1' : names.includes('loss') ? 'loss' : [...names].sort()[0]);
}

/** The entries of `outRoot` whose folder holds `required` (e.g. `report.html`) and readable checks and manifest, sorted by id. */
export function folderEntries(outRoot: string, required: string): FolderEntry[] {
  const entries: FolderEntry[] = [];
  for (const id of readdirSync(outRoot).sort()) {
    const dir = path.join(outRoot, id);
    if (id.includes('.') || !existsSync(path.join(dir, required)) || !existsSync(path.join(dir, 'checks.json'))) continue;
    let checks: { checks: { passed: boolean; outcome?: Outcome; basis?: 'derived' | 'measured' }[] };
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
    const thumbnail = thumbnailOf(path.join(dir, 'figures'), figs);
    const counts = outcomeCounts(checks.checks.map((c) => ({ outcome: outcomeOf(c), ...(c.basis ? { basis: c.basis } : {}) })));
    entries.push({ id, title: manifest.scenario.title, passed: counts.derivedPass + counts.measuredPass, total: counts.total, counts, thumbnail });
  }
  return entries;
}
