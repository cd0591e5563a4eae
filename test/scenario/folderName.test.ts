/**
 * Which names a folder can take (issue 28): an id whose output folders would pass 255 bytes, or that
 * holds what a folder name on Linux, macOS or Windows cannot, is refused at validation naming `id`;
 * a start file that does not exist names `init.path` and the resolved path; an `--out` too long for
 * the platform is refused before anything is written.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { progressFolder } from '../../src/pipeline/progress.js';
import { shardFolder } from '../../src/pipeline/shard.js';
import { parseShard } from '../../src/pipeline/shardPlan.js';
import { checkOutRoot, OutputError } from '../../src/report/outputFolder.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import {
  folderNameMessages,
  folderNameProblem,
  ID_ADDED_BYTES,
  ID_MAX_BYTES,
  idFolderProblem,
  NAME_MAX,
  OUT_RESERVE_BYTES,
  PATH_MAX,
  pathProblem,
  utf8Bytes,
} from '../../src/scenario/folderName.js';
import { parseLandscape } from '../../src/landscape/load.js';
import { parseScenario } from '../../src/experiment/resolve.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'gradflow-foldername-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

const flow = (id: string, init = 'init: { kind: aligned, s0: 0.01 }'): string => `id: ${JSON.stringify(id)}
title: t
description: d
energy: { kind: whitened, target: [[2, 0], [0, 1]] }
model: { depth: 2, width: 2 }
${init}
horizon: { t1: 1, save: { kind: uniform, n: 3 } }
`;

const landscape = (id: string): string => {
  const text = readFileSync(path.resolve(import.meta.dirname, '../../scenarios/free-energy-diagonal.yaml'), 'utf8');
  return text.replace(/^id: .*$/m, `id: ${JSON.stringify(id)}`);
};

/** The messages of a refused parse, one per problem (`file:line:col: path: message`). */
const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof ScenarioError) return e.message;
    throw e;
  }
  assert.fail('accepted');
};

test('the longest suffix gradflow adds to an id is that of the last shard of the largest --shard it accepts, and the other forms are shorter', () => {
  const id = 'x';
  const added = (p: string): number => utf8Bytes(path.basename(p)) - utf8Bytes(id);
  const largest = parseShard('999999998/999999999');
  assert.equal(added(shardFolder('/o', id, largest)), ID_ADDED_BYTES);
  assert.throws(() => parseShard('1/1000000000'));
  assert.ok(added(progressFolder('/o', id)) < ID_ADDED_BYTES);
  // `.<id>.tmp-<pid>-<nonce>` of report/outputFolder.ts, with a 10-digit pid and a 6-character nonce
  assert.ok(`.${id}.tmp-4294967295-abcdef`.length - id.length <= ID_ADDED_BYTES);
  assert.equal(ID_MAX_BYTES, NAME_MAX - ID_ADDED_BYTES);
  assert.equal(ID_MAX_BYTES, 226);
});

test(`an id of exactly ${String(ID_MAX_BYTES)} bytes (255 less the suffix) is accepted, one byte more is refused`, () => {
  assert.equal(idFolderProblem('a'.repeat(ID_MAX_BYTES)), undefined);
  assert.match(idFolderProblem('a'.repeat(ID_MAX_BYTES + 1))!, /is 227 bytes long \(UTF-8\), expected at most 226/);
  assert.equal(parseScenario(flow('a'.repeat(ID_MAX_BYTES)), 'f.yaml').scenario.id.length, ID_MAX_BYTES);
  assert.equal(
    refusal(() => parseScenario(flow('a'.repeat(ID_MAX_BYTES + 1)), 'f.yaml')),
    `f.yaml:1:5: id: ${folderNameMessages.tooLong(ID_MAX_BYTES + 1, ID_ADDED_BYTES, '<id>.shard-999999998-of-999999999')}`,
  );
});

test('the issue 28 mutant: a 1000-character id is refused at validation, naming id', () => {
  assert.match(
    refusal(() => parseScenario(flow('a'.repeat(1000)), 'f.yaml')),
    /^f\.yaml:1:5: id: is 1000 bytes long \(UTF-8\), expected at most 226: /,
  );
});

test('a landscape scenario follows the same rule for its id', () => {
  assert.equal(parseLandscape(landscape('a'.repeat(ID_MAX_BYTES)), 'l.yaml').scenario.id.length, ID_MAX_BYTES);
  assert.match(
    refusal(() => parseLandscape(landscape('a'.repeat(ID_MAX_BYTES + 1)), 'l.yaml')),
    /^l\.yaml:2:5: id: is 227 bytes long/,
  );
  assert.match(
    refusal(() => parseLandscape(landscape('nul'), 'l.yaml')),
    /^l\.yaml:2:5: id: "nul" is a device name Windows reserves/,
  );
});

test('lengths are UTF-8 bytes, not characters: two-byte and four-byte characters at and over the limit', () => {
  assert.equal(folderNameProblem('é'.repeat(127)), undefined); // 254 bytes
  assert.equal(folderNameProblem(`${'é'.repeat(127)}a`), undefined); // 255
  assert.equal(folderNameProblem('é'.repeat(128)), folderNameMessages.tooLong(256, 0, '')); // 128 characters, 256 bytes
  assert.equal(folderNameProblem('😀'.repeat(63)), undefined); // 252 bytes (126 UTF-16 units)
  assert.match(folderNameProblem('😀'.repeat(64))!, /^is 256 bytes long/);
  // with the suffix: 113 × 2 = 226 bytes fit, one more byte does not, though 114 characters are far below 226
  assert.equal(folderNameProblem('é'.repeat(ID_MAX_BYTES / 2), ID_ADDED_BYTES), undefined);
  assert.match(folderNameProblem(`${'é'.repeat(ID_MAX_BYTES / 2)}a`, ID_ADDED_BYTES)!, /^is 227 bytes long/);
  assert.match(folderNameProblem(`${'a'.repeat(ID_MAX_BYTES - 1)}é`, ID_ADDED_BYTES)!, /^is 227 bytes long/);
  // a scenario id is also lower-case ASCII: a multibyte id is refused by that rule first, once
  const m = refusal(() => parseScenario(flow('é'.repeat(10)), 'f.yaml'));
  assert.equal(m, 'f.yaml:1:5: id: lower-case letters, digits and dashes');
});

test('each character a folder name cannot hold on Linux, macOS or Windows is refused, naming it', () => {
  for (const c of ['/', '\\', ':', '*', '?', '"', '<', '>', '|']) assert.equal(folderNameProblem(`a${c}b`), folderNameMessages.forbidden(c), c);
  for (const c of ['\u0000', '\u0001', '\t', '\n', '\r', '\u001f', '\u007f']) {
    assert.equal(folderNameProblem(`a${c}b`), folderNameMessages.forbidden(c), JSON.stringify(c));
    assert.match(folderNameMessages.forbidden(c), /holds U\+00[0-7][0-9A-F],/);
  }
  assert.equal(folderNameProblem('a\uD800b'), folderNameMessages.surrogate());
  assert.equal(folderNameProblem('a.'), folderNameMessages.trailing('.'));
  assert.equal(folderNameProblem('a '), folderNameMessages.trailing(' '));
  assert.equal(folderNameProblem(''), folderNameMessages.empty());
  assert.equal(folderNameProblem('.'), folderNameMessages.dots('.'));
  assert.equal(folderNameProblem('..'), folderNameMessages.dots('..'));
  assert.equal(folderNameProblem('.hidden'), folderNameMessages.leadingDot());
  // what is fine on every platform
  for (const ok of ['a-b', 'a b', 'a.b', 'ä', 'w₁₁', '😀', 'con-x', 'console', 'com10', 'nul1', 'a'.repeat(NAME_MAX)])
    assert.equal(folderNameProblem(ok), undefined, ok);
});

test("Windows' reserved device names are refused in any case and with any extension", () => {
  for (const name of [
    'con',
    'CON',
    'Prn',
    'aux',
    'nul',
    'NUL.txt',
    'nul.partial',
    'com1',
    'COM9',
    'com0',
    'lpt1',
    'LPT9',
    'com¹',
    'lpt³',
    'conin$',
    'CONOUT$',
    'con .x',
  ])
    assert.match(folderNameProblem(name) ?? '', /is a device name Windows reserves/, name);
  for (const id of ['con', 'nul', 'com1', 'lpt9', 'aux', 'prn'])
    assert.match(
      refusal(() => parseScenario(flow(id), 'f.yaml')),
      new RegExp(`^f\\.yaml:1:5: id: "${id}" is a device name Windows reserves`),
    );
});

test('paths: a component over 255 bytes, or a whole path over PATH_MAX with what gradflow writes below it, is refused', () => {
  assert.equal(pathProblem(`/a/${'b'.repeat(NAME_MAX)}`), undefined);
  assert.match(pathProblem(`/a/${'b'.repeat(NAME_MAX + 1)}/c`)!, /its part "b{20}…b{12}" is 256 bytes long/);
  assert.match(pathProblem(`/a/${'é'.repeat(128)}`)!, /is 256 bytes long/);
  const fits = `/${'d'.repeat(PATH_MAX - 2)}`.replace(/d{200}/g, (m) => `${m.slice(1)}/`); // PATH_MAX − 1 bytes
  assert.equal(utf8Bytes(fits), PATH_MAX - 1);
  assert.equal(pathProblem(fits), undefined);
  assert.equal(pathProblem(`${fits}d`), `is ${String(PATH_MAX)} bytes long; a path on this platform holds at most ${String(PATH_MAX - 1)} bytes`);
  const out = fits.slice(0, PATH_MAX - 1 - OUT_RESERVE_BYTES);
  assert.equal(pathProblem(out, OUT_RESERVE_BYTES), undefined);
  assert.ok(pathProblem(`${out}x`, OUT_RESERVE_BYTES)!.endsWith(`at most ${String(PATH_MAX - 1 - OUT_RESERVE_BYTES)} bytes`));
});

test('--out: a path the platform cannot hold results under is an OutputError (exit 2) before anything is created', () => {
  const long = path.join(dir, ...Array.from({ length: 20 }, () => 'o'.repeat(200)));
  assert.throws(
    () => {
      checkOutRoot(long);
    },
    (e: unknown) => e instanceof OutputError && /^--out: .* is \d+ bytes long once resolved; .*at most \d+ bytes$/.test(e.message),
  );
  assert.throws(
    () => {
      checkOutRoot(path.join(dir, 'o'.repeat(NAME_MAX + 1)));
    },
    (e: unknown) => e instanceof OutputError && /^--out: .* its part ".*" is 256 bytes long/.test(e.message),
  );
  assert.equal(existsSync(path.join(dir, 'o'.repeat(200))), false);
  checkOutRoot(path.join(dir, 'out'));
});

test('a start file that does not exist names init.path and the resolved path; a folder or a device is no start file', () => {
  const file = path.join(dir, 'scenario.yaml');
  const missing = refusal(() => parseScenario(flow('s', 'init: { kind: file, path: sub/none.csv }'), file));
  assert.equal(
    missing,
    `${file}:6:27: init.path: there is no starts file ${path.join(dir, 'sub', 'none.csv')} ("sub/none.csv", resolved against the scenario file's folder)`,
  );
  assert.match(
    refusal(() => parseScenario(flow('s', `init: { kind: file, path: ${dir} }`), file)),
    /init\.path: the starts file .* is not a regular file/,
  );
  assert.match(
    refusal(() => parseScenario(flow('s', 'init: { kind: file, path: /dev/zero }'), file)),
    /init\.path: the starts file \/dev\/zero is not a regular file/,
  );
  assert.match(
    refusal(() => parseScenario(flow('s', `init: { kind: file, path: ${'x'.repeat(300)}.csv }`), file)),
    /init\.path: the starts file's path .* its part/,
  );
  writeFileSync(path.join(dir, 'starts.csv'), '1, 0, 0, 1\n2, 0, 0, 2\n');
  assert.equal(parseScenario(flow('s', 'init: { kind: file, path: starts.csv }'), file).scenario.ensemble.runs, 2);
});
