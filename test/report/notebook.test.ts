/**
 * report.ipynb and index.ipynb: the notebook's structure, its figures against the files of
 * figures/, its checks table, its stored pandas output against what Python prints, determinism
 * across worker counts, `gradflow notebook`, `--no-notebook` and bad folders. Needs Debian's
 * python3-nbformat, jupyter-nbconvert, python3-ipykernel and python3-pandas (`.ci/run` installs them).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { figureOrder, storedFigures } from '../../src/report/notebookFigures.js';
import { CELL_ID, lines, serializeNotebook, notebook, markdownCell } from '../../src/report/notebookFormat.js';
import { backendText, md } from '../../src/report/notebookMarkdown.js';
import { notebookMessages } from '../../src/report/notebookMessages.js';
import { VEGALITE_MIME, VEGALITE_SCHEMA } from '../../src/report/notebookVegaLite.js';
import { cli, small, tmp } from '../cli/helpers.js';
import { pngColours } from './pngPixels.js';

const PYTHON = '/usr/bin/python3';
const NEEDS = "Debian's python3-nbformat, jupyter-nbconvert, python3-ipykernel and python3-pandas (apt-get install -y …; .ci/run installs them)";

/** Fails (never skips) when the Python side is missing: CI installs it. */
function requirePython(): void {
  const r = spawnSync(PYTHON, ['-c', 'import nbformat, nbconvert, ipykernel, pandas'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `this test needs ${NEEDS}; ${PYTHON} says: ${r.error?.message ?? r.stderr}`);
}

interface Output {
  output_type: string;
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  text?: string[];
}
interface NbCell {
  cell_type: string;
  id: string;
  source: string[];
  outputs?: Output[];
  execution_count?: null;
}
interface Nb {
  cells: NbCell[];
  metadata: { kernelspec: { name: string; language: string } };
  nbformat: number;
  nbformat_minor: number;
}

const dir = tmp('gradflow-nb-');
const scenarioA = path.join(dir, 'a.yaml');
const scenarioB = path.join(dir, 'b.yaml');
// a single run with a series check (law and error figures) and a final check that fails
writeFileSync(
  scenarioA,
  small(
    'nb-small',
    `  - { kind: series, name: "the mode σ = 2", quantity: sigma1, expect: "modeLaw(2, 2, s0, t)", atol: 1.0e-7 }
  - { kind: final, name: "an impossible loss", assert: "loss < 1e-300" }
`,
  ),
);
// an ensemble over a sweep: runs spread over the workers
writeFileSync(
  scenarioB,
  `id: nb-ensemble
title: diagonal completion, a small ensemble
description: determinism across worker counts | with $dollars$, *stars* and <angle brackets>
energy: { kind: completion, shape: [2, 2], observed: [[1, 1, 1], [2, 2, 1]] }
model: { depth: 2, parametrization: end-to-end, time: normalized }
init: { kind: balanced-random, scale: 0.05 }
horizon: { t1: 1.0e4, save: { kind: log, n: 10 }, lossBelow: 1.0e-8 }
ensemble: { runs: 12, seed: 4 }
sweep: { model.depth: [3, inf] }
checks:
  - { kind: ensemble, name: "most runs converge", each: "loss < 1e-6", min: 0.5 }
`,
);
const o1 = tmp('gradflow-nb1-');
const o2 = tmp('gradflow-nb2-');
// exit 1: the impossible check fails (and only it)
const run1 = cli('run', scenarioA, scenarioB, '--workers', '1', '--out', o1, '--quiet');
const run2 = cli('run', scenarioA, scenarioB, '--workers', '2', '--out', o2, '--quiet');
const read = (...p: string[]): Nb => JSON.parse(readFileSync(path.join(...p), 'utf8')) as Nb;
const join = (s: unknown): string => (Array.isArray(s) ? s.join('') : String(s));

test('the runs wrote both notebooks and index.ipynb (exit 1: only the impossible check fails)', () => {
  assert.equal(run1.status, 1, run1.stderr);
  assert.equal(run2.status, 1, run2.stderr);
  for (const f of ['nb-small/report.ipynb', 'nb-ensemble/report.ipynb', 'index.ipynb']) assert.ok(existsSync(path.join(o1, f)), f);
});

test('report.ipynb is nbformat 4.5 with kernelspec python3 and unique cell ids; nbformat.validate accepts every notebook', () => {
  requirePython();
  for (const id of ['nb-small', 'nb-ensemble']) {
    const nb = read(o1, id, 'report.ipynb');
    assert.equal(nb.nbformat, 4);
    assert.equal(nb.nbformat_minor, 5);
    assert.equal(nb.metadata.kernelspec.name, 'python3');
    assert.equal(nb.metadata.kernelspec.language, 'python');
    const ids = nb.cells.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length, 'cell ids are unique');
    for (const i of ids) assert.match(i, CELL_ID);
  }
  const files = [path.join(o1, 'nb-small', 'report.ipynb'), path.join(o1, 'nb-ensemble', 'report.ipynb'), path.join(o1, 'index.ipynb')];
  const r = spawnSync(
    PYTHON,
    [
      '-c',
      'import sys, nbformat\nfor f in sys.argv[1:]:\n    nbformat.validate(nbformat.read(f, as_version=nbformat.NO_CONVERT), version=4, version_minor=5)\n    print("valid", f)',
      ...files,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.split('\n').filter((l) => l.startsWith('valid ')).length, 3);
});

test('every figure is one cell whose output carries the Vega-Lite spec (v5 $schema) and the PNG of figures/ (no SVG: nbconvert 6.5 draws it blank), the PNG at half its pixel size', () => {
  for (const id of ['nb-small', 'nb-ensemble']) {
    const folder = path.join(o1, id);
    const names = readdirSync(path.join(folder, 'figures'))
      .filter((f) => f.endsWith('.vl.json'))
      .map((f) => f.slice(0, -'.vl.json'.length));
    assert.ok(names.length >= 3, `${id}: ${names.join(', ')}`);
    const nb = read(folder, 'report.ipynb');
    const figureCells = nb.cells.filter((c) => c.outputs?.some((o) => o.data?.[VEGALITE_MIME] !== undefined));
    assert.deepEqual(figureCells.map((c) => c.id).sort(), names.map((n) => `figure-${n}`).sort());
    for (const name of names) {
      const cell = figureCells.find((c) => c.id === `figure-${name}`)!;
      assert.equal(cell.outputs!.length, 1);
      const out = cell.outputs![0]!;
      assert.equal(out.output_type, 'display_data');
      const spec = JSON.parse(readFileSync(path.join(folder, 'figures', `${name}.vl.json`), 'utf8')) as Record<string, unknown>;
      assert.deepEqual(out.data![VEGALITE_MIME], { ...spec, $schema: VEGALITE_SCHEMA });
      assert.equal(out.data!['image/svg+xml'], undefined, `${name}: an SVG beside the PNG is what nbconvert 6.5 shows, blank`);
      const png = Buffer.from(out.data!['image/png'] as string, 'base64');
      assert.ok(png.equals(readFileSync(path.join(folder, 'figures', `${name}.png`))), `${name}.png`);
      // the PNG is rendered at 2×: its IHDR size is twice the displayed size the metadata asks for
      const size = out.metadata!['image/png'] as { width: number; height: number };
      assert.equal(png.readUInt32BE(16), 2 * size.width);
      assert.equal(png.readUInt32BE(20), 2 * size.height);
    }
  }
});

test('the checks table has one row per check of checks.json, with its verdict', () => {
  for (const id of ['nb-small', 'nb-ensemble']) {
    const checks = (
      JSON.parse(readFileSync(path.join(o1, id, 'checks.json'), 'utf8')) as { checks: { name: string; passed: boolean; basis: string; measured: string }[] }
    ).checks;
    // the two tables (theory checks, regression guards) before the per-cell tables
    const text = join(read(o1, id, 'report.ipynb').cells.find((c) => c.id === 'checks')!.source).split('\n#### ')[0]!;
    const table = text.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| check |') && !l.startsWith('| --- |'));
    assert.equal(table.length, checks.length);
    // derived checks first, then the measured ones, each in checks.json's order
    const order = [...checks.filter((c) => c.basis === 'derived'), ...checks.filter((c) => c.basis !== 'derived')];
    order.forEach((c, i) => {
      const cols = table[i]!.split(/(?<!\\) \| /);
      assert.equal(cols[2], c.passed ? 'pass' : '**FAIL**', table[i]);
      // the measured values beside the verdict, as checks.json holds them (Markdown-escaped)
      assert.ok(cols[3]!.length > 0 && cols[3] !== '—', table[i]);
    });
  }
  assert.equal(
    (JSON.parse(readFileSync(path.join(o1, 'nb-small', 'checks.json'), 'utf8')) as { checks: { passed: boolean }[] }).checks.filter((c) => !c.passed).length,
    1,
  );
});

test('the header escapes Markdown and names the time convention; the scenario is collapsed in <details>', () => {
  const header = join(read(o1, 'nb-ensemble', 'report.ipynb').cells[0]!.source);
  assert.match(header, /determinism across worker counts \\\| with \\\$dollars\\\$, \\\*stars\\\* and &lt;angle brackets&gt;/);
  assert.match(header, /time convention: τ = N t \(normalised time\)/);
  assert.match(header, /<details><summary>Resolved scenario \(YAML\)<\/summary>\n\n```yaml\nid: nb-ensemble\n/);
  // solver statistics: one row per cell of the sweep, 12 runs each
  assert.equal(header.split('\n').filter((l) => /^\| depth = (3|∞) \| 12 \|/.test(l)).length, 2);
});

test('executing report.ipynb (nbconvert --execute) reproduces every stored output: the figures and the pandas counts', () => {
  requirePython();
  const folder = path.join(o1, 'nb-small');
  const nb = read(folder, 'report.ipynb');
  const load = nb.cells.find((c) => c.id === 'load-data')!;
  // 31 saved times of one run; one run, status success
  const columns = readFileSync(path.join(folder, 'trajectory.csv'), 'utf8').split('\n')[0]!.split(',').length;
  assert.equal(join(load.outputs![0]!.text), `trajectory.csv: 31 rows, ${String(columns)} columns\nsummary.csv: 1 runs; success × 1\n`);
  const executed = path.join(tmp('gradflow-nbx-'), 'executed.ipynb');
  const r = spawnSync('/usr/bin/jupyter', ['nbconvert', '--to', 'notebook', '--execute', path.join(folder, 'report.ipynb'), '--output', executed], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  const after = JSON.parse(readFileSync(executed, 'utf8')) as Nb;
  assert.equal(after.cells.length, nb.cells.length);
  let compared = 0;
  nb.cells.forEach((c, i) => {
    if (!c.outputs || c.outputs.length === 0) return;
    const a = after.cells[i]!.outputs!;
    assert.equal(a.length, c.outputs.length, c.id);
    c.outputs.forEach((o, k) => {
      const e = a[k]!;
      assert.equal(e.output_type, o.output_type, c.id);
      if (o.output_type === 'stream') assert.equal(join(e.text), join(o.text), c.id);
      else {
        assert.deepEqual(Object.keys(e.data!).sort(), Object.keys(o.data!).sort(), c.id);
        for (const [mime, v] of Object.entries(o.data!))
          assert.deepEqual(
            typeof v === 'object' && !Array.isArray(v) ? e.data![mime] : join(e.data![mime]),
            typeof v === 'object' && !Array.isArray(v) ? v : join(v),
            `${c.id} ${mime}`,
          );
        assert.deepEqual(e.metadata, o.metadata, c.id);
      }
      compared++;
    });
  });
  // every figure's output and the pandas cell's
  assert.equal(compared, readdirSync(path.join(folder, 'figures')).filter((f) => f.endsWith('.vl.json')).length + 1);
});

/**
 * `jupyter nbconvert --to html --execute report.ipynb` with no other option, in a copy of the
 * folder (it writes report.html beside the notebook): one <img> per figure, each a PNG with more
 * than one distinct pixel colour, and no inline SVG output (nbconvert 6.5 sanitises it blank).
 */
function nbconvertImages(folder: string): { figures: number; images: { width: number; height: number; colours: number }[]; svgOutputs: number } {
  const copy = path.join(tmp('gradflow-nbhtml-'), path.basename(folder));
  cpSync(folder, copy, { recursive: true });
  rmSync(path.join(copy, 'report.html'));
  const r = spawnSync('/usr/bin/jupyter', ['nbconvert', '--to', 'html', '--execute', 'report.ipynb'], { cwd: copy, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const html = readFileSync(path.join(copy, 'report.html'), 'utf8');
  const images = [...html.matchAll(/<img\b[^>]*\bsrc="data:image\/png;base64,([^"]+)"/g)].map((m) => pngColours(Buffer.from(m[1]!, 'base64')));
  // every <img> is a data URI (a link to figures/ would not be in the page)
  assert.equal(images.length, [...html.matchAll(/<img\b/g)].length, 'an <img> that is not an inline PNG');
  return {
    figures: readdirSync(path.join(folder, 'figures')).filter((f) => f.endsWith('.vl.json')).length,
    images,
    svgOutputs: [...html.matchAll(/data-mime-type="image\/svg\+xml"/g)].length,
  };
}

test('a notebook executed by nbconvert with default options (--to html --execute) has one non-blank image per figure', () => {
  requirePython();
  for (const id of ['nb-small', 'nb-ensemble']) {
    const { figures, images, svgOutputs } = nbconvertImages(path.join(o1, id));
    assert.ok(figures >= 3, id);
    assert.equal(images.length, figures, `${id}: ${String(images.length)} images for ${String(figures)} figures`);
    for (const [i, img] of images.entries())
      assert.ok(img.colours > 1 && img.width > 100 && img.height > 100, `${id}: image ${String(i + 1)} is blank: ${JSON.stringify(img)}`);
    assert.equal(svgOutputs, 0, id);
  }
});

test('a landscape scenario (without a description) writes report.ipynb; nbconvert --to html --execute shows one non-blank image per figure', () => {
  requirePython();
  const file = path.join(dir, 'landscape.yaml');
  writeFileSync(
    file,
    `kind: landscape
id: nb-landscape
title: the Razin–Cohen family
energy: { kind: completion, shape: [2, 2], observed: [[1, 2, 1], [2, 1, 1], [2, 2, 0]] }
family: { W: [["x", "1"], ["1", "0"]], x: { from: -4, to: 4, n: 16 } }
depths: [2, inf]
betas: [1]
`,
  );
  const out = tmp('gradflow-nbl-');
  const r = cli('run', file, '--workers', '1', '--out', out, '--quiet');
  assert.equal(r.status, 0, r.stderr);
  const folder = path.join(out, 'nb-landscape');
  const nb = read(folder, 'report.ipynb');
  assert.deepEqual(
    nb.cells.map((c) => c.id),
    [
      'header',
      'checks',
      'minimisers',
      'figures',
      'show-helper',
      'figure-free-energy-vs-x',
      'figure-entropy-vs-x',
      'figure-argmin-x-vs-beta',
      'data',
      'load-data',
    ],
  );
  const load = nb.cells.find((c) => c.id === 'load-data')!;
  // 16 grid points × 2 depths × 1 β; 2 minimisers, both on the boundary
  assert.match(join(load.outputs![0]!.text), /^landscape\.csv: 32 rows, \d+ columns\nminimisers\.csv: 2 rows; boundary × 2\n$/);
  const { figures, images } = nbconvertImages(folder);
  assert.equal(figures, 3);
  assert.equal(images.length, figures);
  for (const img of images) assert.ok(img.colours > 1, JSON.stringify(img));
  // index.ipynb lists the landscape's notebook
  assert.match(readFileSync(path.join(out, 'index.ipynb'), 'utf8'), /nb-landscape\/report\.ipynb/);
});

test('storedFigures orders the figures as the report does, by usermeta.figure, whatever their names', () => {
  const names = ['w11-vs-t', 'loss-vs-t', 'erank-vs-t', 'the-mode-law', 'the-mode-law-error', 'final-erank-histogram'];
  const files: Record<string, string> = {};
  names.forEach((n, i) => {
    files[`figures/${n}.vl.json`] = JSON.stringify({ title: n, usermeta: { figure: i + 1 } });
    files[`figures/${n}.svg`] = '<svg width="10" height="10"></svg>';
  });
  assert.deepEqual(
    storedFigures(files, (_, t) => JSON.parse(t) as Record<string, unknown>).map((f) => f.name),
    names,
  );
});

test('report.ipynb and index.ipynb are byte-identical for 1 and 2 workers, and hold no absolute path or wall time', () => {
  for (const f of ['nb-small/report.ipynb', 'nb-ensemble/report.ipynb', 'index.ipynb']) {
    const a = readFileSync(path.join(o1, f));
    assert.ok(a.equals(readFileSync(path.join(o2, f))), `${f} differs between 1 and 2 workers`);
    const text = a.toString('utf8');
    for (const p of [o1, os.tmpdir(), process.cwd(), os.homedir()]) assert.ok(!text.includes(p), `${f} holds ${p}`);
    assert.ok(!text.includes('wallMs'), `${f} holds a wall time`);
  }
  const manifest = JSON.parse(readFileSync(path.join(o1, 'nb-ensemble', 'manifest.json'), 'utf8')) as { wallMs: number; runs: { stats: { wallMs: number } }[] };
  const text = readFileSync(path.join(o1, 'nb-ensemble', 'report.ipynb'), 'utf8');
  for (const ms of [manifest.wallMs, ...manifest.runs.map((r) => r.stats.wallMs)]) assert.ok(!text.includes(String(ms)), `wall time ${String(ms)}`);
});

test('gradflow notebook <folder> rewrites the bytes the run wrote; given the output root, every notebook and index.ipynb', () => {
  const small = path.join(o1, 'nb-small', 'report.ipynb');
  const before = readFileSync(small);
  rmSync(small);
  const one = cli('notebook', path.join(o1, 'nb-small'));
  assert.equal(one.status, 0, one.stderr);
  assert.equal(one.stdout, `${small}\n`);
  assert.ok(readFileSync(small).equals(before));
  const files = ['nb-ensemble/report.ipynb', 'nb-small/report.ipynb', 'index.ipynb'];
  const saved = files.map((f) => readFileSync(path.join(o1, f)));
  for (const f of files) rmSync(path.join(o1, f));
  const all = cli('notebook', o1);
  assert.equal(all.status, 0, all.stderr);
  assert.deepEqual(
    all.stdout.trim().split('\n'),
    files.map((f) => path.join(o1, f)),
  );
  files.forEach((f, i) => {
    assert.ok(readFileSync(path.join(o1, f)).equals(saved[i]!), f);
  });
  assert.deepEqual(
    readdirSync(o1).filter((f) => f.includes('.tmp-')),
    [],
  );
});

test('run --no-notebook writes no report.ipynb, and index.ipynb leaves the folder out', () => {
  const out = tmp('gradflow-nbn-');
  const r = cli('run', scenarioB, '--no-notebook', '--out', out, '--quiet');
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(path.join(out, 'nb-ensemble', 'report.html')));
  assert.ok(!existsSync(path.join(out, 'nb-ensemble', 'report.ipynb')));
  const index = read(out, 'index.ipynb');
  assert.equal(index.cells.length, 1);
  assert.match(join(index.cells[0]!.source), /^# gradflow notebooks\n\n0 scenarios\./);
  assert.equal(read(o1, 'index.ipynb').cells.length, 3);
});

test('gradflow notebook on a bad folder exits 2 naming the folder or the file and what was expected', () => {
  const missing = path.join(tmp('gradflow-nbb-'), 'nowhere');
  let r = cli('notebook', missing);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, `${notebookMessages.notAFolder(missing)}\n`);
  const empty = tmp('gradflow-nbe-');
  r = cli('notebook', empty);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, `${notebookMessages.noOutputFolders(empty)}\n`);
  const broken = path.join(tmp('gradflow-nbc-'), 'x');
  cli('run', scenarioA, '--out', path.dirname(broken), '--quiet', '--no-notebook');
  const folder = path.join(path.dirname(broken), 'nb-small');
  writeFileSync(path.join(folder, 'checks.json'), '{"checks": [');
  r = cli('notebook', folder);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^checks\.json: not valid JSON: /);
  rmSync(path.join(folder, 'checks.json'));
  r = cli('notebook', folder);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, `${notebookMessages.missingFile(folder, 'checks.json')}\n`);
  assert.ok(!existsSync(path.join(folder, 'report.ipynb')));
});

test('the header shows the manifest’s linear-algebra backend', () => {
  const out = tmp('gradflow-nbk-');
  cpSync(path.join(o1, 'nb-small'), path.join(out, 'nb-small'), { recursive: true });
  const file = path.join(out, 'nb-small', 'manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  // the run recorded this machine's backend, and the header shows it
  assert.ok(join(read(out, 'nb-small', 'report.ipynb').cells[0]!.source).includes(` · backend: ${md(backendText(manifest.backend)!)} · `));
  writeFileSync(file, JSON.stringify({ ...manifest, backend: { name: 'openblas', library: 'libopenblas.so.0', version: '0.3.21', threads: 1 } }));
  const r = cli('notebook', path.join(out, 'nb-small'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(join(read(out, 'nb-small', 'report.ipynb').cells[0]!.source), / · backend: openblas 0\.3\.21 \(libopenblas\.so\.0, 1 thread\) · /);
  assert.equal(backendText({ name: 'blis', threads: 4 }), 'blis (4 threads)');
  // the shape src/linalg/backend.ts records: the version string names the library; paths by file name
  assert.equal(
    backendText({
      name: 'native',
      vendor: 'openblas',
      library: '/usr/lib/x86_64-linux-gnu/libopenblas.so.0',
      lapack: 'liblapack.so.3',
      version: 'OpenBLAS 0.3.21 Zen',
      threads: 2,
    }),
    'OpenBLAS 0.3.21 Zen (libopenblas.so.0, LAPACK from liblapack.so.3, 2 threads)',
  );
  assert.equal(backendText({ name: 'js', threads: 1, reason: 'GRADFLOW_BLAS=js' }), 'JavaScript kernels');
  assert.equal(backendText({ kind: 'js' }), 'kind: js');
  assert.equal(backendText(undefined), undefined);
});

test('index.ipynb stays valid for scenario ids longer than the 64 characters of a cell id', () => {
  requirePython();
  const out = tmp('gradflow-nbl-');
  const ids = ['x'.repeat(70) + '-a', 'x'.repeat(70) + '-b'];
  for (const id of ids) writeFileSync(path.join(out, `${id}.yaml`), small(id));
  const r = cli('run', path.join(out, `${ids[0]!}.yaml`), path.join(out, `${ids[1]!}.yaml`), '--out', path.join(out, 'o'), '--quiet');
  assert.equal(r.status, 0, r.stderr);
  const index = path.join(out, 'o', 'index.ipynb');
  assert.equal(read(index).cells.length, 3);
  const v = spawnSync(PYTHON, ['-c', 'import sys, nbformat\nnbformat.validate(nbformat.read(sys.argv[1], as_version=4), version=4, version_minor=5)', index], {
    encoding: 'utf8',
  });
  assert.equal(v.status, 0, v.stderr);
});

test('figureOrder sorts the figure names of folders written before usermeta.figure in report order', () => {
  const order = [
    'figure-1',
    'figure-2',
    'figure-10',
    'loss',
    'erank',
    'invariant-drift',
    'check-1',
    'check-1-error',
    'check-2',
    'check-10-error',
    'erank-histogram',
    'fraction-3',
    'fraction-12',
    'zz',
  ];
  const shuffled = [...order].reverse();
  shuffled.push(shuffled.shift()!);
  assert.deepEqual(shuffled.sort(figureOrder), order);
});

test('md(text) leaves no Markdown, HTML or maths syntax active and keeps one line', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '\n', '<', '>', '&', '|', '$', '*', '_', '`', '[', ']', '#', '\\') }), (s) => {
      const m = md(s);
      assert.ok(!/[<>\n]/.test(m));
      // every special character is escaped: dropping the escapes (and decoding entities) gives the text back, newlines as spaces
      const back = m
        .replace(/\\([\\`*_[\]$|#])/g, '$1')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&');
      assert.equal(back, s.replace(/\s*\n\s*/g, ' '));
      assert.ok(!/(^|[^\\])(\\\\)*[`*_[\]$|#]/.test(m), m);
    }),
  );
});

test('lines(text) is nbformat’s list of lines: joined it is the text, every line but the last ends in a newline', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '\n') }), (s) => {
      const ls = lines(s);
      assert.equal(ls.join(''), s);
      ls.slice(0, -1).forEach((l) => {
        assert.ok(l.endsWith('\n') && l.indexOf('\n') === l.length - 1);
      });
      assert.ok(ls.every((l) => l !== ''));
    }),
  );
});

test('serializeNotebook writes keys sorted at every level, indent 1 and a final newline, as Jupyter does', () => {
  const text = serializeNotebook(notebook([markdownCell('x', 'a\nb')], { zeta: { b: 1, a: 2 } }));
  assert.ok(text.endsWith('}\n'));
  const keysInOrder = [...text.matchAll(/^ *"([^"]+)":/gm)].map((m) => m[1]);
  assert.deepEqual(keysInOrder.slice(0, 1), ['cells']);
  const top = [...text.matchAll(/^ "([^"]+)":/gm)].map((m) => m[1]);
  assert.deepEqual(top, ['cells', 'metadata', 'nbformat', 'nbformat_minor']);
  assert.match(text, /"zeta": \{\n {3}"a": 2,\n {3}"b": 1\n {2}\}/);
  assert.deepEqual((JSON.parse(text) as Nb).cells[0]!.source, ['a\n', 'b']);
});
