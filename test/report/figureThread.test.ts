/** The figure threads draw the bytes the main thread draws, in any order, and never hold the process open. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import type { TopLevelSpec } from 'vega-lite';
import { drawOnThread, figureThreadCount } from '../../src/report/figureThread.js';
import { renderFigures, renderPng, renderSvg } from '../../src/report/render.js';

const line = (title: string, log: boolean): TopLevelSpec => ({
  title,
  width: 240,
  height: 160,
  data: { values: Array.from({ length: 40 }, (_, i) => ({ t: i / 4, y: Math.exp(-i / 8) + 1e-6, run: i % 2 })) },
  mark: { type: 'line', point: true },
  encoding: {
    x: { field: 't', type: 'quantitative' },
    y: { field: 'y', type: 'quantitative', ...(log ? { scale: { type: 'log' } } : {}) },
    color: { field: 'run', type: 'nominal' },
  },
});

test('drawOnThread(spec) gives the SVG renderSvg gives and the PNG renderPng gives', async () => {
  const spec = line('σ against t', true);
  const here = await renderSvg(spec);
  const there = await drawOnThread(spec, 2);
  assert.equal(there.svg, here);
  assert.ok((await renderPng(here)).equals(there.png));
});

test('renderFigures(figures, files) writes the bytes and the key order of drawing each figure in turn', async () => {
  const figures = [line('a', false), line('b', true), line('c', false), line('d', true), line('e', false)].map((spec, i) => ({ name: `f${String(i)}`, spec }));
  const files: Record<string, string | Buffer> = {};
  const svgs = await renderFigures(figures, files);
  const expected: Record<string, string | Buffer> = {};
  for (const f of figures) {
    const svg = await renderSvg(f.spec);
    expected[`figures/${f.name}.vl.json`] = JSON.stringify(f.spec, null, 1) + '\n';
    expected[`figures/${f.name}.svg`] = svg;
    expected[`figures/${f.name}.png`] = await renderPng(svg);
  }
  assert.deepEqual(Object.keys(files), Object.keys(expected));
  for (const [k, v] of Object.entries(expected)) assert.ok(Buffer.from(files[k]!).equals(Buffer.from(v)), k);
  assert.deepEqual(
    svgs,
    figures.map((f) => expected[`figures/${f.name}.svg`]),
  );
});

test('a process that starts the figure threads and draws nothing, or one figure, exits at once', () => {
  if (figureThreadCount() === 0) return; // one core: no threads
  for (const draw of ['', "await m.drawOnThread({ mark: 'point', data: { values: [{ x: 1 }] }, encoding: { x: { field: 'x', type: 'quantitative' } } }, 2);"]) {
    const code = `const m = await import('./src/report/figureThread.ts'); m.startFigureThreads(); ${draw}`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, `${draw === '' ? 'idle' : 'one figure'}: status ${String(r.status)} signal ${String(r.signal)}\n${r.stderr}`);
  }
});

test("the built one-file bundle of Vega-Lite and Vega (dist/report/vegaLibs.bundle.js, what the figure threads load) draws the packages' SVG", async (t) => {
  const url = new URL('../../dist/report/vegaLibs.bundle.js', import.meta.url);
  const { existsSync } = await import('node:fs');
  if (!existsSync(url)) {
    // npm ci builds dist/ (prepare), so CI always has it; a contributor's checkout may not
    if (process.env.CI === 'true') assert.fail('dist/report/vegaLibs.bundle.js is missing: npm run build makes it');
    t.skip('dist/ not built');
    return;
  }
  const m = (await import(url.href)) as { vl: typeof import('vega-lite'); vega: typeof import('vega') };
  const spec = line('σ against t', true);
  const view = new m.vega.View(m.vega.parse(m.vl.compile(spec).spec), { renderer: 'none', logLevel: m.vega.Error });
  const svg = await view.toSVG();
  view.finalize();
  assert.equal(svg, await renderSvg(spec));
});
