/**
 * Output folders, in-process: the --out probe with a bounded mkdir, stale temporary folders of dead
 * processes, a complete folder never replaced by an incomplete one, and a lost race kept beside.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { cleanStale, OutputError, outputMessages, prepareOutRoot, writeFolder } from '../../src/report/outputFolder.js';

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'gradflow-of-'));
  dirs.push(d);
  return d;
};
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const refused = (f: () => void): string => {
  try {
    f();
  } catch (err) {
    assert.ok(err instanceof OutputError, String(err));
    return err.message;
  }
  assert.fail('accepted');
};

/** A folder with a manifest saying whether it is complete, and a marker file. */
const fillWith =
  (marker: string, complete: boolean) =>
  (dir: string): void => {
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ interrupted: !complete, complete }));
    writeFileSync(path.join(dir, 'marker'), marker);
  };

/** The pid of a process that has exited. */
const deadPid = (): number => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);

test('prepareOutRoot refuses a file, a path under a file, an uncreatable and a too deep --out, each in one line', () => {
  const root = tmp();
  const file = path.join(root, 'f');
  writeFileSync(file, '');
  assert.equal(
    refused(() => {
      prepareOutRoot(file);
    }),
    outputMessages.notADirectory(file),
  );
  assert.match(
    refused(() => {
      prepareOutRoot(path.join(file, 'sub'));
    }),
    /^--out: cannot create the folder .*f\/sub: ENOTDIR/,
  );
  // /proc refuses new folders: on main a recursive mkdir looped forever here
  assert.match(
    refused(() => {
      prepareOutRoot('/proc/gradflow-test/out');
    }),
    /^--out: cannot create the folder \/proc\/gradflow-test\/out: E[A-Z]+/,
  );
  const deep = path.join(root, ...Array.from({ length: 40 }, (_, i) => `d${String(i)}`));
  assert.equal(
    refused(() => {
      prepareOutRoot(deep);
    }),
    outputMessages.tooDeep(deep, 32),
  );
  assert.equal(existsSync(path.join(root, 'd0')), false, 'nothing created when refused');
  const ok = path.join(root, 'a', 'b', 'c');
  prepareOutRoot(ok);
  assert.deepEqual(readdirSync(ok), [], 'the probe file is removed');
});

test('cleanStale removes the temporary folders of dead processes only, and puts back a moved-aside complete folder', () => {
  const root = tmp();
  const dead = deadPid();
  assert.ok(dead > 0);
  mkdirSync(path.join(root, `.a.tmp-${String(dead)}-x1`));
  mkdirSync(path.join(root, `.b.tmp-${String(process.pid)}-x2`)); // alive: this process
  mkdirSync(path.join(root, `.c.old-${String(dead)}-x3`));
  writeFileSync(path.join(root, `.c.old-${String(dead)}-x3`, 'marker'), 'previous');
  mkdirSync(path.join(root, `.d.tmp-${String(dead)}`)); // the name main used, without a nonce
  assert.deepEqual(cleanStale(root).sort(), [`.a.tmp-${String(dead)}-x1`, `.c.old-${String(dead)}-x3`, `.d.tmp-${String(dead)}`]);
  assert.deepEqual(readdirSync(root).sort(), [`.b.tmp-${String(process.pid)}-x2`, 'c']);
  assert.equal(readFileSync(path.join(root, 'c', 'marker'), 'utf8'), 'previous');
});

test('an interrupted or failed result never replaces a complete folder: it is written beside it', () => {
  const root = tmp();
  assert.deepEqual(writeFolder(root, 's', undefined, fillWith('first', true)), { dir: path.join(root, 's') });
  const a = writeFolder(root, 's', 'interrupted', fillWith('second', false));
  assert.equal(a.dir, path.join(root, 's.interrupted-1'));
  assert.equal(a.note, outputMessages.keptBeside(path.join(root, 's'), a.dir, 'interrupted'));
  const b = writeFolder(root, 's', 'failed', fillWith('third', false));
  assert.equal(b.dir, path.join(root, 's.failed-1'));
  assert.equal(writeFolder(root, 's', 'interrupted', fillWith('fourth', false)).dir, path.join(root, 's.interrupted-2'));
  assert.equal(readFileSync(path.join(root, 's', 'marker'), 'utf8'), 'first');
  // a complete result replaces a complete one, and an incomplete one replaces an incomplete one
  writeFolder(root, 's', undefined, fillWith('fifth', true));
  assert.equal(readFileSync(path.join(root, 's', 'marker'), 'utf8'), 'fifth');
  assert.deepEqual(
    readdirSync(root).filter((n) => n.startsWith('.')),
    [],
    'no temporary folder left',
  );
});

test('a concurrent run that places its folder while this one writes wins; this one is kept beside it and says so', () => {
  const root = tmp();
  writeFolder(root, 's', undefined, fillWith('previous', true));
  // the other process places its folder after this one moved the previous aside, before it renames
  const r = writeFolder(root, 's', undefined, fillWith('loser', true), () => {
    writeFolder(root, 's', undefined, fillWith('winner', true));
  });
  assert.equal(r.dir, path.join(root, 's.concurrent-1'));
  assert.equal(r.note, outputMessages.concurrent(path.join(root, 's'), r.dir));
  assert.equal(readFileSync(path.join(root, 's', 'marker'), 'utf8'), 'winner');
  assert.equal(readFileSync(path.join(r.dir, 'marker'), 'utf8'), 'loser');
  assert.deepEqual(readdirSync(root).sort(), ['s', 's.concurrent-1'], 'the moved-aside previous folder is removed, no temporary left');
});
