/**
 * The `--set` list of a command line with `--seed` folded in. Its own small file so that `validate`
 * and `slurm` do not load the run pipeline (`run.ts`) to read two flags.
 */
import { UsageError } from './boundary.js';
import { cliMessages } from './messages.js';

/** The `--set` list with `--seed` folded in, after checking the flags that are not scenario fields. */
export function overridesOf(flags: { readonly seed?: string; readonly set: string[] }, usage: string): string[] {
  if (flags.seed !== undefined && !/^-?\d+$/.test(flags.seed)) throw new UsageError(cliMessages.badSeed(flags.seed), usage);
  return [...flags.set, ...(flags.seed === undefined ? [] : [`ensemble.seed=${flags.seed}`])];
}
