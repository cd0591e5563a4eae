/**
 * A figure as a notebook output: its Vega-Lite spec under the MIME type that JupyterLab 4 and VS
 * Code render natively, with the PNG that static viewers (GitHub, nbconvert) show.
 *
 * No SVG beside a PNG: nbconvert's HTML exporter prefers `image/svg+xml` to `image/png` and, up to
 * at least 6.5 (Debian 12), passes inline SVG through its HTML sanitiser, which strips the drawing —
 * `jupyter nbconvert --to html --execute report.ipynb` showed every figure blank. The SVG stays in
 * figures/ and in report.html; the notebook carries it only for a figure that has no PNG.
 *
 * JupyterLab 4 (`@jupyterlab/vega5-extension`) and VS Code (`ms-toolsai.jupyter-renderers`) register
 * `application/vnd.vegalite.v3+json`, `v4` and `v5`, and render them with the Vega-Lite 5 they bundle
 * (through vega-embed 6, which warns when a spec's `$schema` names another major). gradflow's specs
 * are built with Vega-Lite 6 but use nothing that Vega-Lite 5 lacks: compiled by Vega-Lite 5.23 and
 * drawn by Vega 5.33 they give no warning and the same marks and texts as the SVGs gradflow renders.
 * So the notebook carries each spec under the v5 MIME type with a v5 `$schema`.
 */
import type { MimeBundle } from './notebookFormat.js';
import { lines } from './notebookFormat.js';

/** The Vega-Lite MIME type JupyterLab 4 and VS Code render. */
export const VEGALITE_MIME = 'application/vnd.vegalite.v5+json';

/** The `$schema` of the Vega-Lite major behind that MIME type. */
export const VEGALITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** A figure as the output folder holds it: `figures/<name>.vl.json`, `.svg` and `.png`. */
export interface StoredFigure {
  readonly name: string;
  readonly spec: Record<string, unknown>;
  readonly svg: string;
  readonly png: Buffer | undefined;
}

/** The figure's title (its spec's `title`, a string or `{text}`), else its name. */
export function figureTitle(f: StoredFigure): string {
  const t = f.spec.title;
  if (typeof t === 'string') return t;
  if (t !== null && typeof t === 'object' && typeof (t as { text?: unknown }).text === 'string') return (t as { text: string }).text;
  return f.name;
}

/** Width and height of an SVG's root element, in pixels (undefined when it has none). */
export function svgSize(svg: string): { width: number; height: number } | undefined {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const w = /\swidth="([\d.]+)"/.exec(root)?.[1];
  const h = /\sheight="([\d.]+)"/.exec(root)?.[1];
  return w !== undefined && h !== undefined ? { width: Number(w), height: Number(h) } : undefined;
}

/**
 * The figure's MIME bundle and output metadata: the spec with a v5 `$schema`, the PNG (rendered at
 * 2×, so its metadata asks for the SVG's size) — or the SVG when there is no PNG — and a line of
 * plain text.
 */
export function figureBundle(f: StoredFigure): { data: MimeBundle; metadata: Record<string, unknown> } {
  const data: MimeBundle = {
    [VEGALITE_MIME]: { ...f.spec, $schema: VEGALITE_SCHEMA },
    'text/plain': [`<figure ${f.name}: ${figureTitle(f)}>`],
  };
  if (f.png !== undefined) data['image/png'] = f.png.toString('base64');
  else data['image/svg+xml'] = lines(f.svg);
  const size = svgSize(f.svg);
  return { data, metadata: f.png !== undefined && size !== undefined ? { 'image/png': size } : {} };
}
