/**
 * Whether two output folders of `gradflow run` (e.g. two `npm start`s into notebooks-out/, before and
 * after a refactor) hold the same files with the same bytes, apart from what differs between any two
 * runs: the commit (the manifests' `commit`, and where reports show it), the manifests' `wallMs`, the
 * wall-time cell that ends each row of a report's runs table, and the absolute path of each checkout
 * (when given) in JSON, HTML and notebooks.
 *
 *     node --import tsx/esm bench/sameOutputs.ts <before> <after> [<checkout before> <checkout after>]
 *
 * Prints each file that differs and exits 1 when one does (or when a file is in one folder only).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const [before, after, checkoutBefore, checkoutAfter] = process.argv.slice(2);
if (!before || !after) {
  console.error('usage: node --import tsx/esm bench/sameOutputs.ts <before> <after> [<checkout before> <checkout after>]');
  process.exit(2);
}

function files(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(root, p) : [path.relative(root, p)];
  });
}

/** Drops `commit` and `wallMs` at any depth. */
const withoutRunFields = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(withoutRunFields)
    : v !== null && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([k]) => k !== 'commit' && k !== 'wallMs')
            .map(([k, x]) => [k, withoutRunFields(x)]),
        )
      : v;

/** The commits the manifests under `root` record (usually one). */
function commitsOf(root: string, all: readonly string[]): string[] {
  const commits = new Set<string>();
  for (const f of all.filter((x) => path.basename(x) === 'manifest.json')) {
    const c = (JSON.parse(readFileSync(path.join(root, f), 'utf8')) as { commit?: unknown }).commit;
    if (typeof c === 'string' && /^[0-9a-f]{40}$/.test(c)) commits.add(c);
  }
  return [...commits];
}

function normalised(file: string, bytes: Buffer, checkout: string | undefined, commits: readonly string[]): Buffer | string {
  if (!/\.(json|html|ipynb)$/.test(file)) return bytes;
  let text = bytes.toString('utf8');
  if (checkout) text = text.replaceAll(checkout, '(checkout)');
  // the commit, in full and as the reports shorten it
  for (const c of commits) text = text.replaceAll(c, '(commit)').replaceAll(c.slice(0, 12), '(commit)');
  if (path.basename(file) === 'manifest.json') return JSON.stringify(withoutRunFields(JSON.parse(text)));
  if (file.endsWith('report.html')) return text.replace(/<td>\d+\.\d<\/td><\/tr>/g, '<td>(wall ms)</td></tr>');
  return text;
}

const a = new Set(files(before));
const b = new Set(files(after));
const commitsBefore = commitsOf(before, [...a]);
const commitsAfter = commitsOf(after, [...b]);
let differing = 0;
for (const f of [...new Set([...a, ...b])].sort()) {
  if (!a.has(f) || !b.has(f)) {
    console.log(`only in ${a.has(f) ? before : after}: ${f}`);
    differing++;
    continue;
  }
  const x = normalised(f, readFileSync(path.join(before, f)), checkoutBefore, commitsBefore);
  const y = normalised(f, readFileSync(path.join(after, f)), checkoutAfter, commitsAfter);
  const same = typeof x === 'string' || typeof y === 'string' ? String(x) === String(y) : x.equals(y);
  if (!same) {
    console.log(`differs: ${f}`);
    differing++;
  }
}
console.log(`${String(a.size)} files before, ${String(b.size)} after; ${String(differing)} differ`);
process.exit(differing > 0 ? 1 : 0);
