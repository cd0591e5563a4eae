/**
 * The notebooks of every curated scenario, as `npm start` writes them: each validates with
 * nbformat (4.5), and `jupyter nbconvert --to html --execute` runs it offline without an error (the
 * pandas cells load the data) into an HTML page with one image per figure. Needs Debian's
 * python3-nbformat, jupyter-nbconvert, python3-ipykernel and python3-pandas (`.ci/run` installs them):
 * without them the test fails, it does not skip.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { VEGALITE_MIME } from '../../src/report/notebookVegaLite.js';
import { cli, tmp } from '../cli/helpers.js';

const PYTHON = '/usr/bin/python3';
const JUPYTER = '/usr/bin/jupyter';
const NEEDS = "Debian's python3-nbformat, jupyter-nbconvert, python3-ipykernel and python3-pandas (apt-get install -y …; .ci/run installs them)";

/**
 * nbconvert 6.5.1 to 7.2.2 pass SVG outputs through an HTML cleaner that drops every SVG element,
 * leaving an empty figure (jupyter/nbconvert#1849, fixed in 7.2.3 by #1890); Debian 12 ships 6.5.3.
 * With those versions the HTML is asked to prefer the PNG each figure also carries (README, "Notebooks").
 */
const PNG_FIRST =
  "--NbConvertBase.display_data_priority=['text/html', 'application/pdf', 'text/latex', 'image/png', 'image/svg+xml', 'image/jpeg', 'text/markdown', 'text/plain']";

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

const svgCleaned = ([a, b, c]: [number, number, number]): boolean => (a === 6 && (b > 5 || (b === 5 && c >= 1))) || (a === 7 && (b < 2 || (b === 2 && c < 3)));

test('svgCleaned names exactly nbconvert 6.5.1 to 7.2.2', () => {
  assert.deepEqual(
    [
      [6, 4, 4],
      [6, 5, 0],
      [6, 5, 1],
      [6, 5, 3],
      [7, 0, 0],
      [7, 2, 2],
      [7, 2, 3],
      [7, 16, 0],
    ].map((v) => svgCleaned(v as [number, number, number])),
    [false, false, true, true, true, true, false, false],
  );
});

// runs once per CI run (about 4 min): in the native pass; the notebook is built from the output files,
// whichever backend computed them, and test/report/notebook.test.ts covers it in both passes
const once = process.env['GRADFLOW_BLAS'] === 'js' ? 'runs once per CI run, in the pass with the native backend (GRADFLOW_BLAS=js is the second pass)' : false;

test(
  'every curated scenario’s report.ipynb validates (nbformat 4.5) and runs under nbconvert --to html --execute, one image per figure',
  { skip: once },
  () => {
    const version = nbconvertVersion();
    const py = spawnSync(PYTHON, ['-c', 'import nbformat, nbconvert, ipykernel, pandas'], { encoding: 'utf8' });
    assert.equal(py.status, 0, `this test needs ${NEEDS}; ${PYTHON} says: ${py.error?.message ?? py.stderr}`);
    const out = tmp('gradflow-curated-');
    const run = cli('run', 'scenarios', '--quick', '--out', out, '--quiet');
    assert.equal(run.status, 0, run.stderr);
    const ids = readdirSync('scenarios')
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.slice(0, -'.yaml'.length))
      .sort();
    assert.equal(ids.length, 14);
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
      const r = spawnSync(
        JUPYTER,
        ['nbconvert', '--to', 'html', '--execute', path.join(out, id, 'report.ipynb'), '--output-dir', html, ...(svgCleaned(version) ? [PNG_FIRST] : [])],
        { encoding: 'utf8' },
      );
      assert.equal(r.status, 0, `${id}: ${r.stderr}`);
      const page = readFileSync(path.join(html, 'report.html'), 'utf8');
      const { pngs, svgs } = figureImages(page);
      assert.equal(pngs + svgs, figures, `${id}: ${String(pngs)} PNG and ${String(svgs)} SVG images for ${String(figures)} figures`);
      // the pandas cell ran: its printout is in the page
      assert.match(page, /trajectory\.csv: \d+ rows, \d+ columns/, id);
      assert.ok(!page.includes('Traceback'), `${id}: a cell raised`);
    }
  },
);
