/**
 * Rendering without a browser: Vega-Lite → Vega → SVG with Vega's headless view, SVG → PNG with
 * resvg and the DejaVu fonts from npm (no system fonts), so the output is the same on every machine.
 * Vega is ESM with top-level await: it is imported lazily, only when a figure is drawn.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { TopLevelSpec } from 'vega-lite';

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf'].map((f) => path.join(FONT_DIR, f));

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

/** A PNG of an SVG at `scale` × its size. */
export async function renderPng(svg: string, scale = 2): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const r = new Resvg(svg, {
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
    fitTo: { mode: 'zoom', value: scale },
  });
  return r.render().asPng();
}
