/**
 * Explicit ensembles of starts read from a file, so an external ensemble can be reproduced start
 * for start: a list of end-to-end matrices `W(0)` (`m × n`, row-major) in one of three formats.
 *
 * - NumPy `.npy` (format versions 1–3): little-endian float64 (`'<f8'`), C order, shape
 *   `(runs, m, n)` or `(runs, m·n)`. Anything else (another dtype, big-endian, Fortran order, another
 *   rank) is refused with a message saying what was found.
 * - CSV (`.csv`): one start per line, its `m·n` entries row-major, separated by commas; blank lines
 *   and lines starting with `#` are skipped.
 * - JSON (`.json`): an array of starts, each a matrix (array of rows) or a flat array of `m·n` numbers.
 *
 * Parsers take the file's bytes or text and return the starts as flat arrays; they check the
 * format, and `checkStartShapes` checks the entry counts against the model.
 * @see NumPy Enhancement Proposal 1, "A simple file format for NumPy arrays" (the .npy format).
 */
import { startsFileMessages } from './messages.js';

export { startsFileMessages } from './messages.js';

/** Starts read from a file: each a flat row-major array, with the shape the file gave it (when it gave one). */
export interface StartsFile {
  readonly starts: Float64Array[];
  /** `[m, n]` when the file stores matrices (npy of rank 3, JSON rows), else undefined. */
  readonly shape?: readonly [number, number];
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Parses a `.npy` file of starts (see the module comment for what is accepted). */
export function parseNpy(bytes: Uint8Array): StartsFile {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new Error(startsFileMessages.npyMagic());
  const major = bytes[6]!;
  if (major < 1 || major > 3) throw new Error(startsFileMessages.npyVersion(major));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (start + headerLen > bytes.length) throw new Error(startsFileMessages.npyHeader(''));
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header);
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shapeText) throw new Error(startsFileMessages.npyHeader(header));
  if (descr[1] !== '<f8') throw new Error(startsFileMessages.npyDtype(descr[1]!));
  if (fortran[1] === 'True') throw new Error(startsFileMessages.npyFortran());
  const shape = shapeText[1]!
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  if (shape.some((k) => !Number.isInteger(k) || k < 0)) throw new Error(startsFileMessages.npyHeader(header));
  if (shape.length !== 2 && shape.length !== 3) throw new Error(startsFileMessages.npyRank(shape));
  const runs = shape[0]!;
  const per = shape.slice(1).reduce((a, b) => a * b, 1);
  const dataStart = start + headerLen;
  const need = runs * per * 8;
  if (bytes.length - dataStart !== need) throw new Error(startsFileMessages.npySize(need, bytes.length - dataStart));
  if (runs === 0 || per === 0) throw new Error(startsFileMessages.empty());
  const starts: Float64Array[] = [];
  for (let r = 0; r < runs; r++) {
    const s = new Float64Array(per);
    for (let i = 0; i < per; i++) s[i] = view.getFloat64(dataStart + (r * per + i) * 8, true);
    starts.push(s);
  }
  return shape.length === 3 ? { starts, shape: [shape[1]!, shape[2]!] } : { starts };
}

/** Parses a CSV file of starts: one start per line. */
export function parseStartsCsv(text: string): StartsFile {
  const starts: Float64Array[] = [];
  let width = -1;
  text.split(/\r?\n/).forEach((raw, k) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const cells = line.split(',').map((c) => c.trim());
    const values = cells.map((c) => {
      const v = c === '' ? NaN : Number(c);
      if (!Number.isFinite(v)) throw new Error(startsFileMessages.csvNumber(k + 1, c));
      return v;
    });
    if (width < 0) width = values.length;
    else if (values.length !== width) throw new Error(startsFileMessages.csvRagged(k + 1, values.length, width));
    starts.push(Float64Array.from(values));
  });
  if (starts.length === 0) throw new Error(startsFileMessages.empty());
  return { starts };
}

const isNumberArray = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/** Parses a JSON file of starts: an array of matrices or of flat arrays. */
export function parseStartsJson(text: string): StartsFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new Error(startsFileMessages.json((err as Error).message), { cause: err });
  }
  if (!Array.isArray(doc) || doc.length === 0)
    throw new Error(doc === undefined || Array.isArray(doc) ? startsFileMessages.empty() : startsFileMessages.jsonShape(0));
  let shape: [number, number] | undefined;
  const starts = doc.map((s: unknown, i): Float64Array => {
    if (isNumberArray(s) && s.length > 0) return Float64Array.from(s);
    if (Array.isArray(s) && s.length > 0 && s.every(isNumberArray)) {
      const rows = s;
      const c = rows[0]!.length;
      if (c === 0 || rows.some((r) => r.length !== c)) throw new Error(startsFileMessages.jsonShape(i));
      if (shape && (shape[0] !== rows.length || shape[1] !== c)) throw new Error(startsFileMessages.jsonShape(i));
      shape = [rows.length, c];
      return Float64Array.from(rows.flat());
    }
    throw new Error(startsFileMessages.jsonShape(i));
  });
  return shape ? { starts, shape } : { starts };
}

/** Parses a starts file by its extension (`.npy`, `.csv`, `.json`, case-insensitive). */
export function parseStartsFile(name: string, bytes: Uint8Array): StartsFile {
  const ext = /\.([A-Za-z]+)$/.exec(name)?.[1]?.toLowerCase();
  if (ext === 'npy') return parseNpy(bytes);
  const text = new TextDecoder('utf-8').decode(bytes);
  if (ext === 'csv') return parseStartsCsv(text);
  if (ext === 'json') return parseStartsJson(text);
  throw new Error(startsFileMessages.format(name));
}

/** Checks every start against the model's `m × n` end-to-end matrix (throws naming the first bad one). */
export function checkStartShapes(file: StartsFile, m: number, n: number): void {
  if (file.shape && (file.shape[0] !== m || file.shape[1] !== n)) throw new Error(startsFileMessages.matrixShape(file.shape, m, n));
  file.starts.forEach((s, i) => {
    if (s.length !== m * n) throw new Error(startsFileMessages.entries(i, s.length, m, n));
  });
}
