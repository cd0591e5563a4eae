/**
 * Loading the scenarios named on the command line. A bad file named explicitly stops everything
 * before any run (exit 2, nothing written); a bad file found in a folder is reported and skipped,
 * and the good ones run (exit 2 at the end).
 */
import { ScenarioError } from '../scenario/errors.js';
import { loadAnyScenario, type LoadedLandscape } from '../landscape/load.js';
import type { Experiment, LoadOptions } from '../experiment/resolve.js';
import type { Named } from './expand.js';
import { cliMessages } from './messages.js';

export interface LoadedAll {
  readonly loaded: Experiment[];
  /** The `kind: landscape` scenarios (run by `executeLandscape`, not sharded). */
  readonly landscapes: LoadedLandscape[];
  /** Files refused: their messages were written. */
  readonly refused: number;
  /** A refused file was named explicitly, or two files share an id: nothing may run. */
  readonly fatal: boolean;
}

export function loadAll(files: readonly Named[], overrides: readonly string[], options: LoadOptions, write: (s: string) => void): LoadedAll {
  const loaded: Experiment[] = [];
  const landscapes: LoadedLandscape[] = [];
  let refused = 0;
  let fatal = false;
  for (const f of files) {
    try {
      const one = loadAnyScenario(f.file, overrides, options);
      // only a LoadedLandscape has a kind
      if ('kind' in one) landscapes.push(one);
      else loaded.push(one);
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      write(`${err.message}\n`);
      refused++;
      if (!f.fromFolder) fatal = true;
    }
  }
  const ids = new Map<string, string>();
  for (const l of [...loaded, ...landscapes]) {
    const prev = ids.get(l.scenario.id);
    if (prev !== undefined) {
      write(`${cliMessages.duplicateId(l.file, l.scenario.id, prev)}\n`);
      fatal = true;
    }
    ids.set(l.scenario.id, l.file);
  }
  return { loaded, landscapes, refused, fatal };
}
