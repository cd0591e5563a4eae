/**
 * File-system limits at the command line (issue 28): the mutant, a curated scenario whose id
 * is 1000 characters long, passed `validate` and then failed `run` with exit 70 (ENAMETOOLONG on
 * `<out>/.aaaa…`). It is bad input: exit 2 at both, naming `id`, and nothing written. An id at the
 * limit names a 255-byte shard folder and runs; a missing start file and an `--out` too long for the
 * platform are exit 2 before anything is written.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { folderNameMessages, ID_ADDED_BYTES, ID_MAX_BYTES, NAME_MAX } from '../../src/scenario/folderName.js';
import { cli, NO_STACK, small, tmp } from './helpers.js';

const curated = readFileSync(path.resolve(import.meta.dirname, '../../scenarios/diagonal-2x2-identity.yaml'), 'utf8');
const LONG = 'a'.repeat(1000);
const idMessage = `id: ${folderNameMessages.tooLong(1000, ID_ADDED_BYTES, '<id>.shard-999999998-of-999999999')}`;

/** Nothing under `out` (or no `out` at all). */
const empty = (out: string): boolean => !existsSync(out) || readdirSync(out).length === 0;

test('the issue 28 mutant (a 1000-character id) is exit 2 at validate and at run, naming id, with nothing written', () => {
  const d = tmp();
  const file = path.join(d, 'long-id.yaml');
  writeFileSync(file, curated.replace(/^id: .*$/m, `id: ${LONG}`));
  const v = cli('validate', file);
  assert.equal(v.status, 2, v.stderr);
  assert.equal(v.stderr, `${file}:1:5: ${idMessage}\n`);
  assert.equal(v.stdout, '');
  const out = path.join(d, 'out');
  const r = cli('run', file, '--quick', '--workers', '1', '--out', out);
  assert.equal(r.status, 2, r.stderr);
  assert.ok(r.stderr.startsWith(`${file}:1:5: ${idMessage}\n`), r.stderr);
  assert.doesNotMatch(r.stderr, /internal error|ENAMETOOLONG/);
  assert.doesNotMatch(r.stderr, NO_STACK);
  assert.ok(empty(out), String(existsSync(out) && readdirSync(out)));
});

test(`an id of ${String(ID_MAX_BYTES)} bytes runs as the last shard of 999999999, whose folder name is exactly ${String(NAME_MAX)} bytes`, () => {
  const d = tmp();
  const id = 'a'.repeat(ID_MAX_BYTES);
  const file = path.join(d, 'at-limit.yaml');
  writeFileSync(file, small(id));
  const out = path.join(d, 'out');
  const r = cli('run', file, '--shard', '999999998/999999999', '--workers', '1', '--quiet', '--out', out);
  assert.equal(r.status, 0, r.stderr);
  const folder = `${id}.shard-999999998-of-999999999`;
  assert.equal(Buffer.byteLength(folder), NAME_MAX);
  assert.ok(readdirSync(out).includes(folder), readdirSync(out).join(', '));
});

test('a start file that does not exist, and an --out too long for the platform, are exit 2 before anything is written', () => {
  const d = tmp();
  const file = path.join(d, 'no-starts.yaml');
  writeFileSync(file, small('no-starts').replace('init: { kind: aligned, s0: 0.01 }', 'init: { kind: file, path: starts/none.csv }'));
  const out = path.join(d, 'out');
  const r = cli('run', file, '--workers', '1', '--out', out);
  assert.equal(r.status, 2, r.stderr);
  assert.match(
    r.stderr,
    new RegExp(`init\\.path: there is no starts file ${path.join(d, 'starts', 'none.csv').replace(/[.]/g, '\\.')} \\("starts/none\\.csv"`),
  );
  assert.ok(empty(out));
  const good = path.join(d, 'good.yaml');
  writeFileSync(good, small('good'));
  const long = path.join(d, ...Array.from({ length: 20 }, () => 'o'.repeat(200)));
  const o = cli('run', good, '--workers', '1', '--out', long);
  assert.equal(o.status, 2, o.stderr);
  assert.match(o.stderr, /^--out: .* is \d+ bytes long once resolved; .* paths would exceed the platform's limit of \d+ bytes: at most \d+ bytes\n/);
  assert.doesNotMatch(o.stderr, NO_STACK);
  assert.deepEqual(readdirSync(d).sort(), ['good.yaml', 'no-starts.yaml']);
});
