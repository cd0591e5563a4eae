/**
 * The one error boundary of the command line: every failure becomes one exit code and a message
 * without a stack trace — bad input 2, usage 64, internal 70 (the stack only with `--debug`).
 */
import { CommanderError } from 'commander';
import { OutputError } from '../report/outputFolder.js';
import { PlotInputError } from '../report/plotInputError.js';
import { ScenarioError } from '../scenario/errors.js';
import { EXIT, type ExitCode } from './exitCodes.js';
import { cliMessages } from './messages.js';

/** A wrong command line: a flag value that cannot be used (exit 64, with the command's usage line). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Bad input that is not a scenario field: a file to plot, a column, an output name (exit 2). */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** One line naming an unexpected error, and its stack when asked for. */
export function internalReport(err: unknown, debug: boolean): string {
  const what = err instanceof Error ? `${err.name}: ${err.message.split('\n')[0]!}` : String(err);
  const stack = debug && err instanceof Error && err.stack !== undefined ? `\n${err.stack}` : '';
  return cliMessages.internal(what) + stack;
}

/** Reports an error on stderr and returns its exit code. */
export function reportError(err: unknown, debug: boolean, write: (s: string) => void = (s) => process.stderr.write(s)): ExitCode {
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage; // commander has printed its message and the usage
  if (err instanceof UsageError) {
    write(`${err.message}\n${cliMessages.usage(err.usage)}\n`);
    return EXIT.usage;
  }
  if (err instanceof ScenarioError || err instanceof OutputError || err instanceof InputError || err instanceof PlotInputError) {
    write(`${err.message}\n`);
    return EXIT.badInput;
  }
  write(`${internalReport(err, debug)}\n`);
  return EXIT.internal;
}
