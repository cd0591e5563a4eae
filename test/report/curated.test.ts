/**
 * The curated scenarios end to end, computed once and looked at three ways:
 * (1) every quick profile passes its checks and writes its report, as `npm start` does;
 * (2) headless Chromium (Debian's, driven by playwright-core) opens the output's index.html and every
 *     report.html from disk: every figure must be rendered (an SVG with marks), with no console error
 *     and no network request (a full-page screenshot of each is taken, which renders it whole);
 * (3) every report.ipynb validates with nbformat (4.5) and `jupyter nbconvert --to html --execute`
 *     runs it offline without an error (the pandas cells load the data) into an HTML page with one
 *     image per figure. It needs Debian's python3-nbformat, jupyter-nbconvert, python3-ipykernel and
 *     python3-pandas (`.ci/run` installs them): without them the test fails, it does not skip.
 * (3) runs in CI's native pass only: a notebook is built from the output files, whichever backend
 * computed them, and test/report/notebook.test.ts covers it in both passes.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import { VEGALITE_MIME } from '../../src/report/notebookVegaLite.js';
import { CLI, tmp } from '../cli/helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const jsPass = process.env['GRADFLOW_BLAS'] === 'js';

const out = tmp('gradflow-reports-');
let ran = false;

test('every curated scenario passes its checks, every one evaluated (--strict), and writes its report (what npm start runs)', () => {
  const files = readdirSync('scenarios')
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => path.join('scenarios', f));
  const r = spawnSync(process.execPath, [...CLI, 'check', ...files, '--quick', '--strict', '--json', '--out', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout.slice(0, 4000) + r.stderr);
  const doc = JSON.parse(r.stdout) as { passed: boolean; scenarios: { id: string; checks: { name: string; outcome: string; measured: string }[] }[] };
  assert.equal(doc.passed, true);
  assert.equal(doc.scenarios.length, files.length, 'one result per curated file');
  for (const s of doc.scenarios) {
    assert.ok(s.checks.length >= 2, `${s.id} states at least two checks`);
    for (const c of s.checks) {
      // every check is evaluated (in its quick form where it has one) and passes, showing what it measured
      assert.equal(c.outcome, 'pass', `${s.id}: ${c.name}`);
      assert.ok(c.measured.length > 0 && c.measured !== '—', `${s.id}: ${c.name} shows what it measured`);
    }
    // landscape scenarios (kind: landscape) write their grid and minimisers instead of runs
    const landscape = existsSync(path.join(out, s.id, 'landscape.csv'));
    const written = landscape ? ['landscape.csv', 'minimisers.csv', 'report.ipynb'] : ['summary.csv', 'trajectory.csv', 'report.ipynb'];
    for (const f of ['checks.json', 'manifest.json', 'summary.json', 'report.html', ...written]) assert.ok(existsSync(path.join(out, s.id, f)), `${s.id}/${f}`);
  }
  assert.ok(existsSync(path.join(out, 'index.html')));
  ran = true;
});

test('headless Chromium opens the index and every report offline: all figures drawn, no console error, no network request', async () => {
  assert.ok(ran, 'the curated run above finished');
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium); .ci/run does`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    const network: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (req) => {
      const u = req.url();
      if (!u.startsWith('file:') && !u.startsWith('data:')) network.push(u);
    });
    await page.goto(pathToFileURL(path.join(out, 'index.html')).href);
    const ids = readdirSync(out).filter((d) => existsSync(path.join(out, d, 'report.html')));
    // page-side code as strings: the tests are compiled without the DOM library
    const cards = await page.evaluate<boolean[]>("Array.from(document.querySelectorAll('.card img')).map((i) => i.complete && i.naturalWidth > 0)");
    assert.equal(cards.length, ids.length, 'one thumbnail per report');
    assert.ok(cards.every(Boolean), 'every thumbnail loads');
    await page.screenshot({ path: path.join(out, 'index.png'), fullPage: true });
    for (const id of ids) {
      await page.goto(pathToFileURL(path.join(out, id, 'report.html')).href);
      const marks = await page.evaluate<number[]>(
        // a figure too large to inline (a landscape heatmap) is its PNG: counted as drawn when it loads
        "Array.from(document.querySelectorAll('figure .svg > svg, figure .svg > img')).map((s) => s.tagName === 'IMG' ? (s.complete && s.naturalWidth > 0 ? 1000 : 0) : s.querySelectorAll('path, line, rect, circle, text').length)",
      );
      const specs = readdirSync(path.join(out, id, 'figures')).filter((f) => f.endsWith('.vl.json')).length;
      assert.equal(marks.length, specs, `${id}: ${String(marks.length)} figures shown, ${String(specs)} specs written`);
      marks.forEach((n, k) => {
        assert.ok(n > 10, `${id}: figure ${String(k)} has ${String(n)} marks`);
      });
      const box = await page.evaluate<number>("document.querySelector('figure .svg > svg').getBoundingClientRect().width");
      assert.ok(box > 100, `${id}: the first figure is ${String(box)} px wide`);
      await page.screenshot({ path: path.join(out, `${id}.png`), fullPage: true });
    }
    assert.deepEqual(errors, [], 'console errors');
    assert.deepEqual(network, [], 'network requests');
  } finally {
    await browser.close();
  }
});

const PYTHON = '/usr/bin/python3';
const JUPYTER = '/usr/bin/jupyter';
const NEEDS = "Debian's python3-nbformat, jupyter-nbconvert, python3-ipykernel and python3-pandas (apt-get install -y …; .ci/run installs them)";

function nbconvertVersion(): [number, number, number] {
  const r = spawnSync(JUPYTER, ['nbconvert', '--version'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `this test needs ${NEEDS}; ${JUPYTER} nbconvert --version says: ${r.error?.message ?? r.stderr}`);
  const [a = 0, b = 0, c = 0] = r.stdout.trim().split('.').map(Number);
  return [a, b, c];
}

/** Images in an nbconvert HTML page: PNG outputs, and SVG outputs that still hold their marks (inline or as a data URI). */
function figureImages(page: string): { pngs: number; svgs: number } {
  const pngs = page.split('<img src="data:image/png;base64,').length - 1;
  const inline = page
    .split('data-mime-type="image/svg+xml"')
    .slice(1)
    .filter((s) => /<path/.test(s.slice(0, s.indexOf('</svg>')))).length;
  return { pngs, svgs: inline + page.split('<img src="data:image/svg+xml').length - 1 };
}

test(
  'every curated scenario’s report.ipynb validates (nbformat 4.5) and runs under nbconvert --to html --execute (default options), one PNG image per figure',
  { skip: jsPass ? 'runs once per CI run, in the pass with the native backend (GRADFLOW_BLAS=js is the second pass)' : false },
  () => {
    nbconvertVersion();
    const py = spawnSync(PYTHON, ['-c', 'import nbformat, nbconvert, ipykernel, pandas'], { encoding: 'utf8' });
    assert.equal(py.status, 0, `this test needs ${NEEDS}; ${PYTHON} says: ${py.error?.message ?? py.stderr}`);
    assert.ok(ran, 'the curated run above finished');
    // flow and landscape scenarios alike
    const ids = readdirSync('scenarios')
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.slice(0, -'.yaml'.length))
      .sort();
    assert.ok(ids.length >= 23, `only ${String(ids.length)} curated scenarios`);
    const notebooks = [...ids.map((id) => path.join(out, id, 'report.ipynb')), path.join(out, 'index.ipynb')];
    const validated = spawnSync(
      PYTHON,
      [
        '-c',
        'import sys, nbformat\nfor f in sys.argv[1:]:\n    nbformat.validate(nbformat.read(f, as_version=nbformat.NO_CONVERT), version=4, version_minor=5)\n    print("valid", f)',
        ...notebooks,
      ],
      { encoding: 'utf8' },
    );
    assert.equal(validated.status, 0, validated.stderr);
    assert.deepEqual(
      validated.stdout.trim().split('\n'),
      notebooks.map((f) => `valid ${f}`),
    );
    const index = readFileSync(path.join(out, 'index.ipynb'), 'utf8');
    for (const id of ids) assert.ok(index.includes(`(${id}/report.ipynb)`), `index.ipynb links ${id}`);
    const html = tmp('gradflow-html-');
    for (const id of ids) {
      const nb = JSON.parse(readFileSync(path.join(out, id, 'report.ipynb'), 'utf8')) as { cells: { outputs?: { data?: Record<string, unknown> }[] }[] };
      const figures = readdirSync(path.join(out, id, 'figures')).filter((f) => f.endsWith('.vl.json')).length;
      assert.equal(nb.cells.filter((c) => c.outputs?.some((o) => o.data?.[VEGALITE_MIME] !== undefined)).length, figures, id);
      const r = spawnSync(JUPYTER, ['nbconvert', '--to', 'html', '--execute', path.join(out, id, 'report.ipynb'), '--output-dir', html], { encoding: 'utf8' });
      assert.equal(r.status, 0, `${id}: ${r.stderr}`);
      const page = readFileSync(path.join(html, 'report.html'), 'utf8');
      const { pngs, svgs } = figureImages(page);
      // nbconvert 6.5 (Debian 12) draws inline SVG blank: every figure is its PNG
      assert.equal(pngs, figures, `${id}: ${String(pngs)} PNG and ${String(svgs)} SVG images for ${String(figures)} figures`);
      // the pandas cell ran: its printout is in the page
      assert.match(page, /(trajectory|landscape)\.csv: \d+ rows, \d+ columns/, id);
      assert.ok(!page.includes('Traceback'), `${id}: a cell raised`);
    }
  },
);
