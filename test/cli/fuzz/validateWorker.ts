/**
 * Fuzz worker process (forked, so that a fatal out-of-memory ends it and not the test): builds mutant (seed, index) and validates it with `parseScenario`, the function
 * behind `gradflow validate`, then reports the outcome. A mutant passes when it validates or is
 * refused with a `ScenarioError` whose message starts with the file name and stays under 10 kB, and
 * when it leaves `Object.prototype` and `Array.prototype` as they were.
 */
import { readFileSync } from 'node:fs';
import { ScenarioError } from '../../../src/scenario/errors.js';
import { parseScenario } from '../../../src/experiment/resolve.js';
import { headline, srcFrame } from './crashClasses.js';
import { mutant, parseBases } from './mutate.js';
import { FUZZ_FILE, MAX_MESSAGE, type ValidateReply, type ValidateTask } from './validateProtocol.js';

// GRADFLOW_FUZZ_WORKER: the file holding the curated texts and the options (see validatePool.ts)
const { files, short } = JSON.parse(readFileSync(process.env.GRADFLOW_FUZZ_WORKER!, 'utf8')) as { files: { name: string; text: string }[]; short: boolean };
const send = (m: unknown): void => {
  process.send!(m);
};
const bases = parseBases(files);
const own = (o: object): string => Object.getOwnPropertyNames(o).sort().join(',');
const objectKeys = own(Object.prototype);
const arrayKeys = own(Array.prototype);

/** Removes what a mutant added to the shared prototypes, so the next mutant starts clean. */
function pollution(): string | undefined {
  const found: string[] = [];
  for (const [proto, before, name] of [
    [Object.prototype, objectKeys, 'Object'],
    [Array.prototype, arrayKeys, 'Array'],
  ] as const) {
    for (const k of Object.getOwnPropertyNames(proto)) {
      if (!before.split(',').includes(k)) {
        found.push(`${name}.prototype.${k}`);
        Reflect.deleteProperty(proto, k);
      }
    }
  }
  return found.length > 0 ? `prototype polluted: ${found.join(', ')}` : undefined;
}

const oneLine = (s: string): string => s.slice(0, 120).replace(/\s+/g, ' ');

function validate(task: ValidateTask): ValidateReply {
  const m = mutant(bases, task.seed, task.index, { short });
  const t0 = performance.now();
  let line: string | undefined;
  let where = '';
  let valid = false;
  try {
    parseScenario(m.text, FUZZ_FILE);
    valid = true;
  } catch (err) {
    if (err instanceof ScenarioError) {
      if (!err.message.startsWith(FUZZ_FILE)) [line, where] = ['ScenarioError message does not start with the file name', oneLine(err.message)];
      else if (err.message.length > MAX_MESSAGE)
        [line, where] = [`ScenarioError message of ${String(err.message.length)} characters (over ${String(MAX_MESSAGE)})`, oneLine(err.message)];
    } else if (err instanceof Error) {
      line = `${err.name}: ${headline(err.message)}`;
      where = srcFrame(err.stack ?? '');
    } else line = `non-Error thrown: ${String(err)}`;
  }
  const ms = performance.now() - t0;
  const polluted = pollution();
  if (polluted !== undefined && line === undefined) [line, where] = [polluted, 'after parseScenario'];
  return { id: task.id, ms, valid, ...(line === undefined ? {} : { failure: { line, where, text: m.text, ops: m.ops, base: m.base } }) };
}

// warm up (mathjs loads lazily, ~2 s of CPU) before the watchdog starts timing mutants, then time the
// curated scenarios once more: their median is this machine's unit of validation time right now
const timings: number[] = [];
for (const pass of [0, 1]) {
  for (const f of files) {
    const t0 = performance.now();
    try {
      parseScenario(f.text, f.name);
    } catch {
      // a curated scenario that fails here fails the mutants built from it too
    }
    if (pass === 1) timings.push(performance.now() - t0);
  }
}
timings.sort((a, b) => a - b);
send({ ready: true, calibrationMs: timings[timings.length >> 1] ?? 0 });
process.on('message', (task: ValidateTask) => {
  send(validate(task));
});
process.on('disconnect', () => process.exit(0));
