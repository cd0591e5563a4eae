/**
 * Shard folders named on the command line: each argument is a folder, or a pattern with `*` and `?`
 * (in any path segment) expanded here, so `gradflow merge 'out/x.shard-*'` works whether or not the
 * shell expanded it. Matches are sorted; a pattern that matches nothing expands to nothing.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const isPattern = (s: string): boolean => /[*?]/.test(s);

const toRegExp = (segment: string): RegExp =>
  new RegExp(
    `^${segment
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '[^/]*')
      .replace(/\?/g, '[^/]')}$`,
  );

const isDir = (p: string): boolean => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/** Expands one argument to the folders it names. */
function expandOne(arg: string): string[] {
  if (!isPattern(arg)) return [arg];
  const abs = path.isAbsolute(arg);
  const segments = arg.split('/').filter((s, i) => s !== '' || i === 0);
  let bases = [abs ? '/' : '.'];
  for (const seg of segments.slice(abs ? 1 : 0)) {
    if (!isPattern(seg)) {
      bases = bases.map((b) => path.join(b, seg));
      continue;
    }
    const re = toRegExp(seg);
    bases = bases.flatMap((b) => {
      let names: string[];
      try {
        names = readdirSync(b);
      } catch {
        return [];
      }
      return names.filter((n) => re.test(n) && (n[0] !== '.' || seg[0] === '.')).map((n) => path.join(b, n));
    });
  }
  return bases.filter(isDir).sort();
}

/** The folders named by `args` (folders and patterns), in order, each once. */
export function globFolders(args: readonly string[]): string[] {
  return [...new Set(args.flatMap(expandOne))];
}
