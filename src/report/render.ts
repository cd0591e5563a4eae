/**
 * Rendering without a browser: Vega-Lite → Vega → SVG with Vega's headless view, SVG → PNG with
 * resvg and the DejaVu fonts from npm (no system fonts), so the pixels are the same on every machine
 * (`raster.ts`).
 * Vega is ESM with top-level await: it is imported lazily, only when a figure is drawn.
 * `renderFigures` draws a scenario's figures in parallel on worker threads when the machine has two
 * cores or more (`figureThread.ts`; they import Vega while this thread is still busy). The bytes
 * are the same as drawing each figure here with `renderSvg` and `renderPng`.
 */
import type { TopLevelSpec } from 'vega-lite';
import { drawOnThread, figureThreadCount } from './figureThread.js';
import { svgToPng } from './raster.js';

/** The SVG of a Vega-Lite spec. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const vl = await import('vega-lite');
  const vega = await import('vega');
  const compiled = vl.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** A PNG of an SVG at `scale` × its size, drawn on this thread. */
export function renderPng(svg: string, scale = 2): Promise<Buffer> {
  return Promise.resolve(svgToPng(svg, scale));
}

/** A figure to draw: its file stem under `figures/` and its Vega-Lite spec. */
export interface FigureToRender {
  readonly name: string;
  readonly spec: TopLevelSpec;
}

/**
 * Every figure's `figures/<name>.vl.json`, `.svg` and `.png` into `files`, in that order figure by
 * figure (the order a plain loop gives them), and the SVGs in the figures' order. With two cores or
 * more the figures are drawn in parallel on the figure threads (`figureThread.ts`); with one, here
 * in turn. The bytes are the same either way.
 */
export async function renderFigures(figures: readonly FigureToRender[], files: Record<string, string | Buffer>): Promise<string[]> {
  const key = (f: FigureToRender, ext: string): string => `figures/${f.name}.${ext}`;
  if (figureThreadCount() === 0) {
    const svgs: string[] = [];
    for (const f of figures) {
      const svg = await renderSvg(f.spec);
      svgs.push(svg);
      files[key(f, 'vl.json')] = JSON.stringify(f.spec, null, 1) + '\n';
      files[key(f, 'svg')] = svg;
      files[key(f, 'png')] = await renderPng(svg);
    }
    return svgs;
  }
  for (const f of figures) {
    files[key(f, 'vl.json')] = JSON.stringify(f.spec, null, 1) + '\n';
    files[key(f, 'svg')] = ''; // the SVG and PNG keys hold their places until their bytes are here
    files[key(f, 'png')] = '';
  }
  const drawn = await Promise.all(figures.map((f) => drawOnThread(f.spec, 2)));
  figures.forEach((f, i) => {
    files[key(f, 'svg')] = drawn[i]!.svg;
    files[key(f, 'png')] = drawn[i]!.png;
  });
  return drawn.map((d) => d.svg);
}
