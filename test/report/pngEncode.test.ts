/** gradflow's PNG encoder against an independent decoder (resvg's, through an embedded image), and its fallback to resvg's encoder. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Resvg } from '@resvg/resvg-js';
import { opaquePng, pngOf } from '../../src/report/pngEncode.js';
import { rasterOptions } from '../../src/report/raster.js';
import { renderSvg } from '../../src/report/render.js';

/** The pixels resvg decodes from a PNG: the PNG as the one image of an SVG of its own size. */
function decoded(png: Buffer, width: number, height: number): Buffer {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${String(width)}" height="${String(height)}"><image width="${String(width)}" height="${String(height)}" xlink:href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
  return new Resvg(svg).render().pixels;
}

test('a figure’s PNG decodes to the pixels resvg drew, as resvg’s own PNG does, and is at most 10% larger', async () => {
  const spec = {
    title: 'σ₁ against t',
    width: 240,
    height: 160,
    data: { values: Array.from({ length: 40 }, (_, i) => ({ t: i / 4, y: Math.exp(-i / 8), run: i % 3 })) },
    mark: { type: 'line', point: true },
    encoding: { x: { field: 't', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, color: { field: 'run', type: 'nominal' } },
  } as const;
  const svg = await renderSvg(spec);
  const image = new Resvg(svg, rasterOptions(svg, 2)).render();
  const ours = opaquePng(image.width, image.height, image.pixels);
  assert.ok(ours, 'a figure is opaque (white background)');
  // exact: PNG is lossless, so the decoded pixels are the drawn ones, byte for byte
  assert.ok(decoded(ours, image.width, image.height).equals(image.pixels));
  assert.ok(decoded(image.asPng(), image.width, image.height).equals(image.pixels), 'the decoder reads resvg’s PNG the same');
  // size is a regression guard, not exact: over the 15 figures of logistic-mode-law the files averaged
  // 56.5 KB against resvg's 57.5 KB (n = 15, one run); one small figure may go either way by a few percent
  assert.ok(ours.length <= image.asPng().length * 1.1, `${String(ours.length)} bytes against resvg’s ${String(image.asPng().length)}`);
});

test('an image with a pixel that is not opaque is left to resvg’s encoder (its pixels are premultiplied)', () => {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10" fill="white"/><circle cx="15" cy="5" r="4" fill="red" fill-opacity="0.5"/></svg>';
  const opaque = new Resvg(svg).render();
  assert.ok(pngOf(opaque).equals(opaquePng(opaque.width, opaque.height, opaque.pixels)!), 'opaque: ours');
  const clear = new Resvg(svg.replace('<rect width="20" height="10" fill="white"/>', '')).render();
  assert.equal(opaquePng(clear.width, clear.height, clear.pixels), undefined);
  assert.ok(pngOf(clear).equals(clear.asPng()), 'not opaque: resvg’s');
});
