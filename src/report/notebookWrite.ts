/** Writing a notebook file so that a reader never sees half of it: a temporary name beside it, renamed into place. */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { OutputError, outputMessages } from './outputFolder.js';

/** Writes `text` to `file` through `<file>.tmp-<pid>` renamed into place; a failure is an `OutputError` naming the file. */
export function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.tmp-${String(process.pid)}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new OutputError(outputMessages.cannotWrite(file, (err as Error).message));
  }
}
