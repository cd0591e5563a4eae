/**
 * Loading the scenarios named on the command line. A bad file named explicitly stops everything
 * before any run (exit 2, nothing written); a bad file found in a folder is reported and skipped,
 * and the good ones run (exit 2 at the end).
 */
import { ScenarioError } from '../scenario/errors.js';
import { loadScenario, type Loaded, type LoadOptions } from '../scenario/load.js';
import type { Named } from './expand.js';
import { cliMessages } from './messages.js';

export interface LoadedAll {
  readonly loaded: Loaded[];
  /** Files refused: their messages were written. */
  readonly refused: number;
  /** A refused file was named explicitly, or two files share an id: nothing may run. */
  readonly fatal: boolean;
}

export function loadAll(files: readonly Named[], overrides: readonly string[], options: LoadOptions, write: (s: string) => void): LoadedAll {
  const loaded: Loaded[] = [];
  let refused = 0;
  let fatal = false;
  for (const f of files) {
    try {
      loaded.push(loadScenario(f.file, overrides, options));
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      write(`${err.message}\n`);
      refused++;
      if (!f.fromFolder) fatal = true;
    }
  }
  const ids = new Map<string, string>();
  for (const l of loaded) {
    const prev = ids.get(l.scenario.id);
    if (prev !== undefined) {
      write(`${cliMessages.duplicateId(l.file, l.scenario.id, prev)}\n`);
      fatal = true;
    }
    ids.set(l.scenario.id, l.file);
  }
  return { loaded, refused, fatal };
}
