/**
 * What `run` and `check` say when a scenario's execution threw instead of reporting: an output
 * folder that could not be written is bad input (exit 2), anything else a bug (exit 70).
 */
import { OutputError } from '../report/outputFolder.js';
import { internalReport } from './boundary.js';
import { EXIT, type ExitCode } from './exitCodes.js';

/** The line to print (with the scenario's file) and the exit code it stands for. */
export function executionFailure(file: string, e: unknown, debug: boolean): { line: string; code: ExitCode } {
  return e instanceof OutputError
    ? { line: `${file}: ${e.message}\n`, code: EXIT.badInput }
    : { line: `${file}: ${internalReport(e, debug)}\n`, code: EXIT.internal };
}
