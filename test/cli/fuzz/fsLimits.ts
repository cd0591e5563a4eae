/**
 * The file-system-limit mutants the fuzzer always runs (issue 28), whatever GRADFLOW_FUZZ_RUNS: a
 * small curated scenario, shortened, with its id at and just over the longest that leaves every
 * output folder within 255 bytes (at the limit, also as the last shard of 999 999 999, whose folder
 * name is then exactly 255 bytes), the issue's 1000-character id, a multibyte and a reserved id, a
 * start file that does not exist, and `--out` paths the platform refuses. Each must run (exit 0, 1
 * or 3) or be refused (exit 2) naming its field; the random mutants' `fs-limit` operation covers the
 * rest of `FS_IDS`, `FS_PATHS` and `FS_LENGTHS`.
 */
import { stringify } from 'yaml';
import { ID_MAX_BYTES, NAME_MAX, PATH_MAX } from '../../../src/scenario/folderName.js';
import { shorten, type Base } from './mutate.js';

type Obj = Record<string, unknown>;

export interface FsCase {
  readonly name: string;
  readonly edit: (doc: Obj) => void;
  readonly args?: readonly string[];
  /** `--out`, relative, under `out/` (default `out`). */
  readonly out?: string;
  /** `runs`: exit 0, 1 or 3; `refused`: exit 2 with a message matching `names`. */
  readonly expect: 'runs' | 'refused';
  readonly names?: RegExp;
}

const setId = (id: string) => (doc: Obj) => {
  doc.id = id;
};

/** Components of 250 bytes, enough of them to pass PATH_MAX. */
const LONG_OUT = `out/${Array.from({ length: Math.ceil(PATH_MAX / 251) }, () => 'o'.repeat(250)).join('/')}`;

export const FS_CASES: readonly FsCase[] = [
  { name: `id of ${String(ID_MAX_BYTES)} bytes (the most)`, edit: setId('a'.repeat(ID_MAX_BYTES)), expect: 'runs' },
  {
    name: `id of ${String(ID_MAX_BYTES)} bytes, last shard of 999999999 (a ${String(NAME_MAX)}-byte folder)`,
    edit: setId('a'.repeat(ID_MAX_BYTES)),
    args: ['--shard', '999999998/999999999'],
    expect: 'runs',
  },
  { name: `id of ${String(ID_MAX_BYTES + 1)} bytes`, edit: setId('a'.repeat(ID_MAX_BYTES + 1)), expect: 'refused', names: /: id: / },
  { name: 'id of 1000 bytes (issue 28)', edit: setId('a'.repeat(1000)), expect: 'refused', names: /: id: / },
  { name: 'multibyte id', edit: setId('é'.repeat(ID_MAX_BYTES / 2)), expect: 'refused', names: /: id: / },
  { name: 'reserved id', edit: setId('nul'), expect: 'refused', names: /: id: / },
  {
    name: 'start file that does not exist',
    edit: (doc) => {
      doc.init = { kind: 'file', path: 'no-such-starts.csv' };
    },
    expect: 'refused',
    names: /: init\.path: there is no starts file \S*no-such-starts\.csv/,
  },
  { name: `--out past PATH_MAX (${String(PATH_MAX)} bytes)`, edit: () => undefined, out: LONG_OUT, expect: 'refused', names: /^--out: / },
  {
    name: `--out with a ${String(NAME_MAX + 1)}-byte folder`,
    edit: () => undefined,
    out: `out/${'o'.repeat(NAME_MAX + 1)}`,
    expect: 'refused',
    names: /^--out: /,
  },
];

/** The text of case `k`: the base `diagonal-2x2-identity.yaml` (else the first), shortened, with the case's edit. */
export function fsCaseText(bases: readonly Base[], k: number): { base: string; text: string } {
  const base = bases.find((b) => b.name === 'diagonal-2x2-identity.yaml') ?? bases[0]!;
  const doc = structuredClone(base.doc);
  shorten(doc);
  FS_CASES[k]!.edit(doc);
  return { base: base.name, text: stringify(doc, { lineWidth: 0 }) };
}

/** What is wrong with case `k`'s outcome beyond the child-process rules, if anything. */
export function fsCaseProblem(k: number, code: number | null, stderr: string): string | undefined {
  const c = FS_CASES[k]!;
  const first = stderr.split('\n').find((l) => l.trim() !== '') ?? '(empty stderr)';
  if (c.expect === 'runs' && code !== 0 && code !== 1 && code !== 3)
    return `fs-limit case "${c.name}" must run (exit 0, 1 or 3), got exit ${String(code)}: ${first.slice(0, 300)}`;
  if (c.expect === 'refused' && code !== 2) return `fs-limit case "${c.name}" must be refused (exit 2), got exit ${String(code)}: ${first.slice(0, 300)}`;
  if (c.expect === 'refused' && c.names !== undefined && !stderr.split('\n').some((l) => c.names!.test(l)))
    return `fs-limit case "${c.name}": the refusal does not name its field (${String(c.names)}): ${first.slice(0, 300)}`;
  return undefined;
}
