import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

test('no library file imports the test problems or anything else under test/', () => {
  const files = tsFiles(SRC);
  assert.ok(files.length > 50, `found ${files.length} files under ${SRC}`);
  const offenders = files.filter((f) => /from\s+'[^']*(\/test\/|problems\.js')/.test(readFileSync(f, 'utf8')));
  assert.deepEqual(offenders, []);
});
