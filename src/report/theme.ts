/**
 * One look for every figure: DejaVu Sans (shipped with the npm package, so SVG and PNG match on any
 * machine), the Okabe–Ito colour-blind-safe palette, light grid, no chart junk.
 * @see M. Okabe, K. Ito, Color Universal Design (2002); B. Wong, Points of view: Color blindness, Nature Methods 8 (2011).
 */
import type { Config } from 'vega-lite';

/** Okabe–Ito, without yellow (too light on white). */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];

export const FONT = 'DejaVu Sans';

export const THEME: Config = {
  font: FONT,
  background: 'white',
  padding: 8,
  view: { stroke: '#bbbbbb', continuousWidth: 420, continuousHeight: 260 },
  range: { category: PALETTE },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#e6e6e6', domainColor: '#888888', tickColor: '#888888' },
  legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', orient: 'right' },
  title: { fontSize: 13, fontWeight: 'normal', anchor: 'start' },
  line: { strokeWidth: 1.6 },
  point: { size: 18, filled: true, opacity: 0.7 },
  header: { labelFontSize: 11, titleFontSize: 12 },
};
