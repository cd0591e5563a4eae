/** The build's font subsets draw the pixels the whole DejaVu faces draw; a figure with a character outside them is drawn with the whole faces. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { Resvg } from '@resvg/resvg-js';
import type { TopLevelSpec } from 'vega-lite';
import { fontFilesFor, subsetFiles, wholeFiles, writeFontSubsets } from '../../src/report/fontFiles.js';
import { renderSvg } from '../../src/report/render.js';

const options = (files: string[]) =>
  ({ font: { fontFiles: files, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' }, fitTo: { mode: 'zoom', value: 2 } }) as const;

/** A figure whose title (bold), subtitle (oblique) and axis titles say `text`. */
const figure = (text: string): TopLevelSpec => ({
  title: { text: `σ₁(t) − σ₂(t) ≤ ‖W‖² · ∞ → ∑ ${text}`, subtitle: `α β γ δ ∂ ∇ ∈ ≈ ${text}`, subtitleFontStyle: 'italic' },
  width: 200,
  height: 120,
  data: { values: Array.from({ length: 12 }, (_, i) => ({ 't (é, ü, ñ)': i, 'λ₁ × 10⁻³': i * i })) },
  mark: 'line',
  encoding: { x: { field: 't (é, ü, ñ)', type: 'quantitative' }, y: { field: 'λ₁ × 10⁻³', type: 'quantitative' } },
});

test('subsets of the three faces draw a figure (Greek, subscripts, operators, accents; bold and oblique) in the pixels of the whole faces', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gradflow-fonts-'));
  try {
    await writeFontSubsets(dir);
    const subsets = subsetFiles(dir);
    assert.equal(subsets.length, 3);
    for (const f of subsets) assert.ok(statSync(f).size < 200_000, `${f}: a subset, not the 757 KB face`);
    assert.deepEqual(subsetFiles(path.join(dir, 'none')), [], 'no subsets where none were written');

    const covered = await renderSvg(figure('Ω'));
    assert.deepEqual(fontFilesFor(covered, dir), subsets);
    const a = new Resvg(covered, options(subsets)).render().pixels;
    const b = new Resvg(covered, options(wholeFiles())).render().pixels;
    assert.ok(a.equals(b), 'the same pixels');
    assert.ok(!new Resvg(covered, options([])).render().pixels.equals(b), 'and the text is drawn: without fonts the image differs');

    // ★ is outside the subsets: resvg would take it from the first face that has it (the regular
    // whole face, even in bold text), so the figure is drawn with the whole faces
    const outside = await renderSvg(figure('★'));
    assert.deepEqual(fontFilesFor(outside, dir), wholeFiles());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
