/**
 * SVG → PNG: resvg draws the pixels with the fonts `fontFiles.ts` chooses for the SVG's text, and
 * `pngEncode.ts` writes them. The main thread and the figure threads (`figureThread.ts`, which import
 * this module) draw with these same steps, so a figure's bytes do not depend on where it was drawn.
 */
import { createRequire } from 'node:module';
import { fontFilesFor } from './fontFiles.js';
import { pngOf, type RenderedPixels } from './pngEncode.js';

const require = createRequire(import.meta.url);

type ResvgClass = new (svg: string, options: object) => { render(): RenderedPixels };
let resvg: ResvgClass | undefined;

/** resvg's options for `svg` at `scale` × its size. */
export const rasterOptions = (svg: string, scale: number) =>
  ({
    font: { fontFiles: fontFilesFor(svg), loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
    fitTo: { mode: 'zoom', value: scale },
  }) as const;

/** Loads resvg, a native addon (on the first figure, or earlier: the figure threads load it as they start). */
export function loadResvg(): ResvgClass {
  resvg ??= (require('@resvg/resvg-js') as { Resvg: ResvgClass }).Resvg;
  return resvg;
}

/** The PNG of `svg` at `scale` × its size. */
export function svgToPng(svg: string, scale: number): Buffer {
  const Resvg = loadResvg();
  return pngOf(new Resvg(svg, rasterOptions(svg, scale)).render());
}
