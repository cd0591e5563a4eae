/**
 * Which names a folder can take, and which paths the platform accepts, on Linux, macOS and Windows
 * alike: a scenario that validates on one machine must be able to write its output folders on any.
 * A scenario `id` names `<out>/<id>/` and the folders gradflow puts beside it (the longest names are
 * listed in `ID_FOLDER_FORMS`), so validation refuses an id whose longest such name would be refused
 * by the file system later (issue 28: a 1000-character id passed `validate` and `run` then failed with
 * ENAMETOOLONG). Pure text rules, no file-system access (the schema is also bundled for the browser).
 */

/** Bytes of one path component (ext4, XFS, btrfs, APFS, HFS+ count UTF-8 bytes; NTFS 255 UTF-16 units, never fewer). */
export const NAME_MAX = 255;

/** Bytes of a whole path, terminating NUL included: 4096 on Linux, 1024 on macOS (Node lifts Windows' 260 with `\\?\` paths). */
export const PATH_MAX: number = (globalThis as { process?: { platform?: string } }).process?.platform === 'darwin' ? 1024 : 4096;

/**
 * The longest name of each folder gradflow makes from an id, `ID` standing for the id: the temporary
 * and set-aside names of `report/outputFolder.ts` (a 10-digit process id, a 6-character nonce), a result
 * kept beside a complete one (`-<n>`, n < 10 000), the resume log of `pipeline/progress.ts`, the shard
 * folders of `pipeline/shard.ts` (I and N of at most 9 digits, as `--shard` accepts) and the Slurm folder.
 */
export const ID_FOLDER_FORMS: readonly string[] = [
  '.ID.tmp-4294967295-zzzzzz',
  '.ID.old-4294967295-zzzzzz',
  'ID.interrupted-9999',
  'ID.failed-9999',
  'ID.concurrent-9999',
  'ID.partial',
  'ID.shard-999999998-of-999999999',
  'ID.slurm',
];

/** Bytes gradflow may add to an id to name a folder (the longest form above, less the id). */
export const ID_ADDED_BYTES: number = Math.max(...ID_FOLDER_FORMS.map((f) => f.length - 'ID'.length));

/** The longest id, in UTF-8 bytes: every folder named from it stays within `NAME_MAX`. */
export const ID_MAX_BYTES: number = NAME_MAX - ID_ADDED_BYTES;

/** The longest form, for messages. */
const LONGEST_FORM = ID_FOLDER_FORMS.find((f) => f.length - 'ID'.length === ID_ADDED_BYTES)!;

/** Characters no folder name may hold on some platform: Windows' reserved punctuation (and `/` everywhere). */
const FORBIDDEN = new Set(['/', '\\', ':', '*', '?', '"', '<', '>', '|']);

/** Device names Windows reserves in any case, with or without an extension (`nul.partial` too). */
const RESERVED = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/** UTF-8 bytes of a string (a lone surrogate counts as the 3 bytes of U+FFFD, but is refused anyway). */
export const utf8Bytes = (s: string): number => new TextEncoder().encode(s).length;

const show = (c: string): string => {
  const code = c.codePointAt(0)!;
  return code < 0x20 || code === 0x7f ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `"${c}"`;
};

/** Every text about names and paths, as functions (tests compare with these). */
export const folderNameMessages = {
  empty: (): string => 'is empty; it names a folder',
  dots: (name: string): string => `"${name}" cannot name a folder`,
  leadingDot: (): string => 'starts with "."; gradflow keeps its temporary folders under names starting with a dot',
  forbidden: (c: string): string =>
    `holds ${show(c)}, which a folder name cannot hold on Linux, macOS or Windows (no / \\ : * ? " < > |, no control characters)`,
  surrogate: (): string => 'holds a lone UTF-16 surrogate, which is not text a file system can store',
  trailing: (c: string): string => `ends with ${c === ' ' ? 'a space' : 'a dot'}, which Windows drops from folder names`,
  reserved: (stem: string): string => `"${stem}" is a device name Windows reserves (CON, PRN, AUX, NUL, COM0–9, LPT0–9), so no folder can take it`,
  tooLong: (bytes: number, added: number, example: string): string =>
    added === 0
      ? `is ${String(bytes)} bytes long (UTF-8); a folder name holds at most ${String(NAME_MAX)}`
      : `is ${String(bytes)} bytes long (UTF-8), expected at most ${String(NAME_MAX - added)}: it names output folders up to ${String(added)} bytes longer (such as ${example}), and a folder name holds at most ${String(NAME_MAX)} bytes`,
  pathTooLong: (bytes: number, reserve: number, max: number): string =>
    reserve === 0
      ? `is ${String(bytes)} bytes long; a path on this platform holds at most ${String(max - 1)} bytes`
      : `is ${String(bytes)} bytes long once resolved; with the up to ${String(reserve)} bytes gradflow writes below it, paths would exceed the platform's limit of ${String(max)} bytes: at most ${String(max - 1 - reserve)} bytes`,
  componentTooLong: (component: string, bytes: number): string =>
    `its part "${component.length > 40 ? `${component.slice(0, 20)}…${component.slice(-12)}` : component}" is ${String(bytes)} bytes long (UTF-8); a file or folder name holds at most ${String(NAME_MAX)}`,
};

/**
 * Why `name` cannot name a folder on Linux, macOS or Windows once gradflow has added up to `added`
 * bytes to it (`example`: such a name, for the message); undefined when it can.
 */
export function folderNameProblem(name: string, added = 0, example = name): string | undefined {
  if (name === '') return folderNameMessages.empty();
  if (name === '.' || name === '..') return folderNameMessages.dots(name);
  if (name.startsWith('.')) return folderNameMessages.leadingDot();
  for (const c of name) {
    const code = c.codePointAt(0)!;
    if (FORBIDDEN.has(c) || code < 0x20 || code === 0x7f) return folderNameMessages.forbidden(c);
    if (code >= 0xd800 && code <= 0xdfff) return folderNameMessages.surrogate();
  }
  if (name.endsWith(' ') || name.endsWith('.')) return folderNameMessages.trailing(name.at(-1)!);
  const stem = name.split('.')[0]!.replace(/ +$/, '');
  if (RESERVED.test(stem)) return folderNameMessages.reserved(stem);
  const bytes = utf8Bytes(name);
  if (bytes + added > NAME_MAX) return folderNameMessages.tooLong(bytes, added, example);
  return undefined;
}

/** Why a scenario id cannot name its output folders (`<id>`, `<id>.partial`, `<id>.shard-I-of-N`, …); undefined when it can. */
export function idFolderProblem(id: string): string | undefined {
  return folderNameProblem(id, ID_ADDED_BYTES, LONGEST_FORM.replace('ID', '<id>'));
}

/**
 * The most gradflow writes below an output root: `/`, a folder named from an id (at most `NAME_MAX`),
 * `/`, and a path inside it (`figures/<name>.vl.json.tmp-<pid>-<nonce>`, `<id>.partial/runs.jsonl.tmp-<pid>`, …;
 * the longest is under 64 bytes).
 */
export const OUT_RESERVE_BYTES = 1 + NAME_MAX + 1 + 64;

/**
 * Why an absolute path cannot be used (or, with `reserve`, cannot have `reserve` more bytes written
 * below it) on this platform: a component over `NAME_MAX` bytes, or the whole over `PATH_MAX`.
 */
export function pathProblem(absolute: string, reserve = 0): string | undefined {
  for (const part of absolute.split(/[\\/]/)) {
    const bytes = utf8Bytes(part);
    if (bytes > NAME_MAX) return folderNameMessages.componentTooLong(part, bytes);
  }
  const bytes = utf8Bytes(absolute);
  if (bytes + reserve > PATH_MAX - 1) return folderNameMessages.pathTooLong(bytes, reserve, PATH_MAX);
  return undefined;
}
