/**
 * The fonts resvg draws figure text with: DejaVu Sans (regular, bold, oblique) from npm, never the
 * system's, so a figure's pixels are the same on every machine. resvg shapes every text element
 * against the whole font, whose 757 KB carry glyphs and kerning for thousands of characters: about
 * 9 ms of a figure's ~50 ms. The build (`npm run build`) therefore also writes subsets of the three
 * faces to `dist/fonts/`, holding the characters plots use (Latin, Greek, punctuation, super- and
 * subscripts, modifier letters, arrows, mathematical operators, geometric shapes), with the same outlines and kerning (text then takes
 * ~2 ms a figure). A figure whose text has a character outside them is drawn with the whole faces:
 * resvg takes a missing character from the first face that has it, whatever its weight, so a bold
 * subset cannot fall back to the whole bold face. The pixels are the same with or without the subsets
 * (test/report/fontFiles.test.ts); from the TypeScript sources there are none.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** The faces, by file name in the dejavu-fonts-ttf package and in the subsets' folder. */
export const FONT_FACES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf'] as const;

/** The folder of the whole faces. */
export const WHOLE_FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

/** Where the build writes the subsets: `dist/fonts/` (through ../fonts/, so that it holds from dist/report/ and dist/bundle/). */
export const SUBSET_DIR = fileURLToPath(new URL('../fonts/', import.meta.url));

/** The Unicode blocks the subsets keep, as [first, last] code points. */
export const SUBSET_BLOCKS: readonly (readonly [number, number])[] = [
  [0x20, 0x7e], // Basic Latin
  [0xa0, 0x17f], // Latin-1 Supplement, Latin Extended-A
  [0x370, 0x3ff], // Greek and Coptic
  [0x1d00, 0x1dbf], // Phonetic Extensions and their Supplement (modifier letters: ᵀ, ᵢ, …)
  [0x2000, 0x206f], // General Punctuation
  [0x2070, 0x209f], // Superscripts and Subscripts
  [0x2100, 0x214f], // Letterlike Symbols
  [0x2190, 0x21ff], // Arrows
  [0x2200, 0x22ff], // Mathematical Operators
  [0x25a0, 0x25ff], // Geometric Shapes (○, ■, ▲, …)
];

/** Whether `c` (a code point) is in the subsets. */
const inSubsets = (c: number): boolean => SUBSET_BLOCKS.some(([first, last]) => c >= first && c <= last);

/** The font files in `dir`: the three subsets, or none when one is missing (e.g. from the TypeScript sources). */
export function subsetFiles(dir = SUBSET_DIR): string[] {
  const files = FONT_FACES.map((f) => path.join(dir, f));
  return files.every((f) => existsSync(f)) ? files : [];
}

/** The whole faces. */
export const wholeFiles = (): string[] => FONT_FACES.map((f) => path.join(WHOLE_FONT_DIR, f));

let built: string[] | undefined;

/**
 * The font files to draw `svg` with: the subsets (those of `dir`, by default the build's) when they
 * exist and hold every character of the SVG, else the whole faces. The markup is ASCII, so every
 * character beyond it is text.
 */
export function fontFilesFor(svg: string, dir?: string): string[] {
  const subsets = dir === undefined ? (built ??= subsetFiles()) : subsetFiles(dir);
  if (subsets.length === 0) return wholeFiles();
  for (const ch of svg) {
    const c = ch.codePointAt(0)!;
    if (c > 0x7e && !inSubsets(c)) return wholeFiles();
  }
  return subsets;
}

/** Writes the subsets of the three faces into `dir` (the build's step; needs the devDependency subset-font). */
export async function writeFontSubsets(dir = SUBSET_DIR): Promise<void> {
  const specifier = 'subset-font'; // a devDependency: imported by name at build time only
  const subsetFont = ((await import(specifier)) as { default: (font: Buffer, text: string, o: { targetFormat: string }) => Promise<Buffer> }).default;
  let text = '';
  for (const [first, last] of SUBSET_BLOCKS) for (let c = first; c <= last; c++) text += String.fromCodePoint(c);
  await mkdir(dir, { recursive: true });
  for (const face of FONT_FACES) {
    const subset = await subsetFont(await readFile(path.join(WHOLE_FONT_DIR, face)), text, { targetFormat: 'truetype' });
    await writeFile(path.join(dir, face), subset);
  }
}
