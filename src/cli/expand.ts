/** The scenario files named on the command line: a folder stands for its *.yaml, *.yml and *.json files. */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** One file to load; `fromFolder` when it was found in a folder (a bad one is then skipped, not fatal). */
export interface Named {
  readonly file: string;
  readonly fromFolder: boolean;
}

export interface Expanded {
  readonly files: Named[];
  /** Per folder, the subfolders that were not read. */
  readonly skipped: { dir: string; subs: string[] }[];
}

const SCENARIO = /\.(ya?ml|json)$/;

export function expand(paths: readonly string[]): Expanded {
  const files: Named[] = [];
  const skipped: { dir: string; subs: string[] }[] = [];
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      // reported as unreadable by the loader
    }
    if (!isDir) {
      files.push({ file: p, fromFolder: false });
      continue;
    }
    const subs: string[] = [];
    for (const entry of readdirSync(p, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.isDirectory() && !entry.name.startsWith('.')) subs.push(`${entry.name}/`);
      else if (SCENARIO.test(entry.name)) files.push({ file: path.join(p, entry.name), fromFolder: true });
    }
    if (subs.length > 0) skipped.push({ dir: p, subs });
  }
  return { files, skipped };
}
