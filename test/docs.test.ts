/**
 * The documentation: README.md stays one screen (≤ 10 KB), and every relative link in README.md and
 * docs/**\/*.md leads to a file that exists and, with a #fragment, to a heading or an explicit
 * <a id> in it. A heading's anchor must be the same under GitHub's slugs and VitePress's, so a link
 * works both on GitHub and on the built site. Runs in milliseconds, without building the site
 * (`npm run docs` builds it, and VitePress fails the build on a dead link as well).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const README_LIMIT = 10240;
/** Generated folders under docs/, written by `npm run docs` and gitignored: checked by the site build. */
const GENERATED = ['api'];

/** Every *.md file under dir, skipping dot-folders and the generated ones. */
function markdownFiles(dir: string, top = true): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || (top && GENERATED.includes(entry.name))) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...markdownFiles(path, false));
    else if (entry.name.endsWith('.md')) out.push(path);
  }
  return out;
}

/** Markdown with fenced code blocks and inline code spans blanked out (links there are not links). */
function withoutCode(text: string): string {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to dashes. */
export function githubSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\- _]/gu, '')
    .replace(/ /g, '-');
}

/** VitePress's heading anchor (its default slugify). */
export function vitepressSlug(heading: string): string {
  return heading
    .normalize('NFKD')
    .replace(/[\u0300-\u036F]/g, '')
    .split('')
    .filter((c) => c.charCodeAt(0) >= 0x20)
    .join('')
    .replace(/[\s~`!@#$%^&*()\-_+=[\]{}|\\;:"'“”‘’<>,.?/]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/^(\d)/, '_$1')
    .toLowerCase();
}

/** The heading text as both renderers see it: inline code, emphasis and link syntax reduced to their text. */
function headingText(raw: string): string {
  return raw
    .replace(/\s*\{#[^}]*\}\s*$/, '')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_]{1,2}([^*_]+)[*_]{1,2}/g, '$1')
    .trim();
}

interface Anchors {
  /** anchors valid on both GitHub and the site */
  readonly both: Set<string>;
  /** anchors valid on only one of them, with the heading they come from */
  readonly onlyOne: Map<string, string>;
}

const anchorCache = new Map<string, Anchors>();
function anchorsOf(file: string): Anchors {
  const cached = anchorCache.get(file);
  if (cached !== undefined) return cached;
  const text = readFileSync(file, 'utf8');
  const both = new Set<string>();
  const onlyOne = new Map<string, string>();
  for (const m of text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) both.add(m[1]!);
  for (const m of text.matchAll(/\{#([^}\s]+)\}\s*$/gm)) both.add(m[1]!);
  const seen = new Map<string, number>();
  for (const m of withoutCode(text).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const heading = headingText(m[1]!);
    const gh = githubSlug(heading);
    const n = seen.get(gh) ?? 0;
    seen.set(gh, n + 1);
    const ghUnique = n === 0 ? gh : `${gh}-${String(n)}`;
    const vp = vitepressSlug(heading);
    const vpUnique = n === 0 ? vp : `${vp}-${String(n)}`;
    if (ghUnique === vpUnique) both.add(ghUnique);
    else {
      onlyOne.set(ghUnique, heading);
      onlyOne.set(vpUnique, heading);
    }
  }
  const anchors = { both, onlyOne };
  anchorCache.set(file, anchors);
  return anchors;
}

/** The relative links of a markdown file: [text](target) and <img src>, outside code. */
function relativeLinks(text: string): string[] {
  const body = withoutCode(text);
  const targets = [...body.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  targets.push(...[...body.matchAll(/<img\s[^>]*src="([^"]+)"/g)].map((m) => m[1]!));
  return targets.filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith('//'));
}

/** Problems with one link of `from`, or none. */
function linkProblem(from: string, target: string): string | undefined {
  const [pathPart, fragment] = target.split('#', 2) as [string, string | undefined];
  const decoded = decodeURIComponent(pathPart);
  let file = decoded === '' ? from : decoded.startsWith('/') ? join(root, 'docs', decoded) : resolve(dirname(from), decoded);
  const rel = relative(join(root, 'docs'), file);
  if (GENERATED.some((g) => rel === g || rel.startsWith(`${g}/`))) return undefined;
  if (!existsSync(file) && existsSync(`${file}.md`)) file = `${file}.md`;
  if (!existsSync(file)) return `${target}: no file ${relative(root, file)}`;
  if (statSync(file).isDirectory()) {
    if (!existsSync(join(file, 'index.md')) && !existsSync(join(file, 'README.md'))) return `${target}: a folder without index.md`;
    file = existsSync(join(file, 'index.md')) ? join(file, 'index.md') : join(file, 'README.md');
  }
  if (fragment === undefined || fragment === '') return undefined;
  if (!file.endsWith('.md')) return `${target}: a #fragment into a file that is not markdown`;
  const anchors = anchorsOf(file);
  const anchor = decodeURIComponent(fragment);
  if (anchors.both.has(anchor)) return undefined;
  const heading = anchors.onlyOne.get(anchor);
  if (heading !== undefined) {
    return `${target}: the heading "${heading}" has different anchors on GitHub (${githubSlug(heading)}) and on the site (${vitepressSlug(heading)}); simplify it or add <a id="…">`;
  }
  return `${target}: no heading or <a id> "${anchor}" in ${relative(root, file)}`;
}

test('README.md is at most 10 KB (10240 bytes)', () => {
  const size = statSync(join(root, 'README.md')).size;
  assert.ok(size <= README_LIMIT, `README.md is ${String(size)} bytes, over ${String(README_LIMIT)}: move detail into docs/`);
});

test('every relative link in README.md and docs/**/*.md leads to an existing file and anchor', () => {
  const files = [join(root, 'README.md'), join(root, 'CONTRIBUTING.md'), ...markdownFiles(join(root, 'docs'))].filter((f) => existsSync(f));
  assert.ok(files.length > 3, `found only ${String(files.length)} markdown files`);
  const problems: string[] = [];
  let links = 0;
  for (const file of files) {
    for (const target of relativeLinks(readFileSync(file, 'utf8'))) {
      links += 1;
      const problem = linkProblem(file, target);
      if (problem !== undefined) problems.push(`${relative(root, file)}: ${problem}`);
    }
  }
  assert.ok(links > 50, `found only ${String(links)} relative links: is the link pattern broken?`);
  assert.deepEqual(problems, []);
});

test('the slugs: a plain heading has the same anchor on GitHub and VitePress, punctuation may not', () => {
  assert.equal(githubSlug('Exit codes'), 'exit-codes');
  assert.equal(vitepressSlug('Exit codes'), 'exit-codes');
  assert.equal(githubSlug("The machine's BLAS"), 'the-machines-blas');
  assert.equal(vitepressSlug("The machine's BLAS"), 'the-machine-s-blas');
});

test('the link check finds a missing file and a missing anchor', () => {
  const readme = join(root, 'README.md');
  assert.match(linkProblem(readme, 'docs/no-such-page.md') ?? '', /no file/);
  assert.match(linkProblem(readme, 'docs/cli.md#no-such-heading') ?? '', /no heading/);
  assert.equal(linkProblem(readme, 'docs/cli.md#exit-codes'), undefined);
  assert.equal(linkProblem(readme, 'docs/theory.md#s4-2'), undefined);
});
