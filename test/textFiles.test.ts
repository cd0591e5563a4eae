/**
 * Text the project ships has no control characters other than newline and tab: a TeX backslash eaten
 * by a string escape leaves one (`\v` of `\varepsilon` became a vertical tab, and `$arepsilon$` was
 * printed). Every Markdown file under docs/, the README and CONTRIBUTING, and every scenario file.
 * A tab is allowed, but not before a letter: that is `\t` of `\tilde`, `\times` or `\tau` eaten the
 * same way (`$\tilde J$` became a tab and `ilde J`).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

function files(dir: string, ext: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (f === 'node_modules' || f.startsWith('.')) return [];
    return statSync(p).isDirectory() ? files(p, ext) : ext.test(f) ? [p] : [];
  });
}

test('docs, README and scenario files hold no control character other than newline and tab, and no tab before a letter', () => {
  const all = [...files('docs', /\.md$/), ...files('scenarios', /\.(ya?ml|json|csv)$/), ...['README.md', 'CONTRIBUTING.md'].filter((f) => existsSync(f))];
  assert.ok(all.length > 30, 'the files are found');
  const bad: string[] = [];
  for (const f of all) {
    const lines = readFileSync(f, 'utf8').split('\n');
    lines.forEach((line, i) => {
      // eslint-disable-next-line no-control-regex
      const m = /[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\x7f]|\t(?=[A-Za-z])/.exec(line);
      if (m) bad.push(`${f}:${String(i + 1)}: U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')} at column ${String(m.index + 1)}`);
    });
  }
  assert.deepEqual(bad, []);
});
