/**
 * The exit codes of `gradflow`, one meaning each (README, "Exit codes"). When several apply, the
 * first in this order wins: internal 70, interrupted 130, bad input 2, numerical failure 3,
 * check failed 1.
 */
export const EXIT = {
  ok: 0,
  /** A check failed, and nothing else went wrong. */
  checkFailed: 1,
  /** Bad input: a scenario, a flag value or the output folder; nothing was written for it. */
  badInput: 2,
  /** A run ended with a numerical failure that no `status` check expects (its trajectory is kept). */
  numerical: 3,
  /** The command line itself: unknown command or option, missing argument (with the usage line). */
  usage: 64,
  /** A bug: something threw that should not have (one line; the stack with `--debug`). */
  internal: 70,
  /** Ctrl-C: the finished runs are written. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const PRIORITY: readonly ExitCode[] = [EXIT.internal, EXIT.interrupted, EXIT.badInput, EXIT.numerical, EXIT.checkFailed];

/** The exit code of a command that met several outcomes. */
export function worst(codes: readonly ExitCode[]): ExitCode {
  for (const c of PRIORITY) if (codes.includes(c)) return c;
  return EXIT.ok;
}
