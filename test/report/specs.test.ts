/**
 * Golden figures: every spec builder of src/report/specs.ts, fed the fixed inputs of
 * test/report/golden/cases.ts, must give the committed spec and SVG byte for byte (the SVG rendered by
 * src/report/render.ts, stored one element per line). On top, a few facts per figure read from the SVG
 * that a wrong mapping would break: how many lines, points, bars and rules, the axis titles and
 * scale types, legend and panel order, and where marks sit against the data. Rendering is checked
 * deterministic twice in this process and once in a second process.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { renderSvg } from '../../src/report/render.js';
import { label, timeTitle } from '../../src/report/specs.js';
import { PALETTE } from '../../src/report/theme.js';
import { CELLS, endpoints, finals, fractionPoints, goldenCases, lossRows, summaryPoints } from './golden/cases.js';
import { firstDifference, GOLDEN_DIR, REGENERATE, specText, svgText } from './golden/files.js';

const cases = goldenCases();
const svgs = new Map<string, string>();

// the second process renders every case into a temporary folder while this one works
const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'gradflow-golden-'));
const generator = path.join(GOLDEN_DIR, 'generate.ts');
const secondProcess = new Promise<{ code: number | null; stderr: string }>((resolve) => {
  const child = spawn(process.execPath, ['--import', 'tsx', generator, '--out', elsewhere], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.on('close', (code) => {
    resolve({ code, stderr });
  });
});
after(() => {
  rmSync(elsewhere, { recursive: true, force: true });
});

/** Up to 100 characters either side of a column of a (possibly long) line. */
const excerpt = (line: string, column: number): string =>
  `${column > 100 ? '…' : ''}${line.slice(Math.max(0, column - 100), column + 100)}${line.length > column + 100 ? '…' : ''}`;

/** Asserts a rebuilt text equals its golden file, naming the first differing line and the fix. */
function assertGolden(file: string, actual: string): void {
  const expected = readFileSync(path.join(GOLDEN_DIR, file), 'utf8');
  const d = firstDifference(actual, expected);
  if (d === undefined) return;
  assert.fail(
    `test/report/golden/${file} differs from the rebuilt figure at line ${String(d.line)}, column ${String(d.column + 1)}:\n  golden:  ${excerpt(d.expected, d.column)}\n  rebuilt: ${excerpt(d.actual, d.column)}\n` +
      `If the change is intended (a spec builder, the theme, vega or vega-lite changed), regenerate with \`${REGENERATE}\` ` +
      'and review `git diff test/report/golden/` figure by figure before committing: a regenerated golden file is a changed figure. ' +
      'Text widths are estimated by vega without the optional `canvas` package; installing it changes every SVG.',
  );
}

async function svgOf(name: string): Promise<string> {
  const svg = svgs.get(name);
  if (svg !== undefined) return svg;
  const c = cases.find((k) => k.name === name);
  assert.ok(c, `no golden case ${name}`);
  const fresh = await renderSvg(c.spec);
  svgs.set(name, fresh);
  return fresh;
}

// --- reading the SVG ---------------------------------------------------------------------------

/** Elements of one ARIA role description (`line mark`, `point`, `bar`, `rule mark`), as their opening tags. */
const marks = (svg: string, role: string): string[] => svg.match(new RegExp(`<[a-z]+ [^>]*aria-roledescription="${role}"[^>]*>`, 'g')) ?? [];
const attr = (tag: string, name: string): string | undefined => new RegExp(` ${name}="([^"]*)"`).exec(tag)?.[1];
/** The vertices of a line mark's path `M x,y L x,y …`. */
const vertices = (tag: string): [number, number][] =>
  (attr(tag, 'd') ?? '')
    .slice(1)
    .split('L')
    .map((p) => p.split(',').map(Number) as [number, number]);
/** `translate(x,y)` of a mark. */
const translate = (tag: string): [number, number] => {
  const m = /translate\(([^,]+),([^)]+)\)/.exec(attr(tag, 'transform') ?? '');
  assert.ok(m, `no translate in ${tag}`);
  return [Number(m[1]), Number(m[2])];
};
/** Axis descriptions: `X-axis titled 'τ = …' for a log scale …`. */
const axes = (svg: string, xy: 'X' | 'Y'): { title: string; scale: string }[] =>
  [...svg.matchAll(new RegExp(`aria-label="${xy}-axis titled '([^']*)' for an? ([a-z]+) scale`, 'g'))].map((m) => ({ title: m[1]!, scale: m[2]! }));
const legendLabels = (svg: string): string[] => [...svg.matchAll(/class="mark-text role-legend-label"[^>]*><text[^>]*>([^<]*)</g)].map((m) => m[1]!);
const titles = (svg: string): string[] => [...svg.matchAll(/aria-label="Title text '([^']*)'"/g)].map((m) => m[1]!);
const dashed = (tags: readonly string[], pattern: string): string[] => tags.filter((t) => attr(t, 'stroke-dasharray') === pattern);

/** Asserts every axis of one direction has this title and scale type. */
function assertAxes(svg: string, xy: 'X' | 'Y', title: string, scale: string): void {
  const found = axes(svg, xy);
  assert.ok(found.length > 0, `no ${xy} axis`);
  for (const a of found) assert.deepEqual(a, { title, scale }, `${xy} axis`);
}

// The plot area is the theme's continuous view, 420 × 260 px, unless a spec sets its own size.
const WIDTH = 420;
const HEIGHT = 260;
// vega writes path coordinates rounded to 3 decimals: a vertex is within 5e-4 px of its exact place
const PATH_PX = 5e-4 + 1e-9;
// transforms are written unrounded: only floating-point error in the scale arithmetic
const TRANSFORM_PX = 1e-9;

// --- the golden comparison ----------------------------------------------------------------------

for (const c of cases) {
  test(`${c.name}: the spec and its SVG equal the golden files byte for byte`, async () => {
    assertGolden(`${c.name}.vl.json`, specText(c.spec));
    assertGolden(`${c.name}.svg`, svgText(await svgOf(c.name)));
  });
}

// --- what each figure must show -----------------------------------------------------------------

test('line-law: two numerical series solid and their two laws dashed black, with the quantity and time titles', async () => {
  const svg = await svgOf('line-law');
  const lines = marks(svg, 'line mark');
  assert.equal(lines.length, 4);
  const laws = dashed(lines, '5,4');
  assert.equal(laws.length, 2);
  for (const l of laws) {
    assert.equal(attr(l, 'stroke'), '#000000');
    assert.equal(vertices(l).length, 31, 'a law on the fine grid');
  }
  for (const l of lines.filter((t) => !laws.includes(t))) assert.equal(vertices(l).length, 7, 'numerics on the coarse grid');
  assert.deepEqual(legendLabels(svg), ['depth = 1', 'depth = 2']);
  assertAxes(svg, 'X', label('t', 'upstairs'), 'linear');
  assertAxes(svg, 'Y', label('sigma1', 'upstairs'), 'linear');
});

test('line-quantities: colour tells the quantity and the dash the run (4 lines), normalised time', async () => {
  const svg = await svgOf('line-quantities');
  const lines = marks(svg, 'line mark');
  assert.equal(lines.length, 4);
  assert.equal(new Set(lines.map((l) => attr(l, 'stroke'))).size, 2, 'two colours');
  assert.equal(new Set(lines.map((l) => attr(l, 'stroke-dasharray'))).size, 2, 'two dash patterns');
  assert.deepEqual(legendLabels(svg), ['sigma1', 'sigma2', 'run 0', 'run 1']);
  assertAxes(svg, 'X', timeTitle('normalized'), 'linear');
  assertAxes(svg, 'Y', 'σ1, σ2', 'linear');
});

test('line-loss-loglog: one unlabelled line on log–log axes, t = 0 left out and said so, every vertex where the log scales put it', async () => {
  const c = cases.find((k) => k.name === 'line-loss-loglog')!;
  const svg = await svgOf(c.name);
  assert.match(String(c.spec.description), / 1 non-positive values are left out of the log axis\./);
  const lines = marks(svg, 'line mark');
  assert.equal(lines.length, 1);
  assert.equal(attr(lines[0]!, 'stroke'), PALETTE[0]);
  assert.deepEqual(legendLabels(svg), []);
  assertAxes(svg, 'X', label('t', 'upstairs'), 'log');
  assertAxes(svg, 'Y', label('loss', 'upstairs'), 'log');
  // the input rows with t > 0: log scales with nice = false span exactly [min, max]
  const rows = lossRows().filter((r) => (r.t as number) > 0);
  assert.equal(rows.length, 13);
  const xs = rows.map((r) => Math.log(r.t as number));
  const ys = rows.map((r) => Math.log(r.loss as number));
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const v = vertices(lines[0]!);
  assert.equal(v.length, rows.length);
  v.forEach(([px, py], i) => {
    assert.ok(Math.abs(px - (WIDTH * (xs[i]! - x0)) / (x1 - x0)) <= PATH_PX, `x of vertex ${String(i)}: ${String(px)}`);
    assert.ok(Math.abs(py - HEIGHT * (1 - (ys[i]! - y0) / (y1 - y0))) <= PATH_PX, `y of vertex ${String(i)}: ${String(py)}`);
  });
});

test('line-error-log: two error series on a log axis (t = 0 left out), their two tolerances dashed', async () => {
  const svg = await svgOf('line-error-log');
  const lines = marks(svg, 'line mark');
  assert.equal(lines.length, 4);
  const tolerances = dashed(lines, '5,4');
  assert.deepEqual(
    tolerances.map((l) => vertices(l).length).sort((a, b) => a - b),
    [11, 21],
    'h = 0.2 and 0.1 over [0, 2], t = 0 included',
  );
  assert.deepEqual(
    lines
      .filter((l) => !tolerances.includes(l))
      .map((l) => vertices(l).length)
      .sort((a, b) => a - b),
    [10, 20],
    'the zero error at t = 0 is not drawn',
  );
  assert.deepEqual(legendLabels(svg), ['h = 0.2', 'h = 0.1']);
  assertAxes(svg, 'X', label('t', 'upstairs'), 'linear');
  assertAxes(svg, 'Y', 'error', 'log');
});

test('line-ensemble: 14 runs all drawn, coloured by their 2 cells', async () => {
  const svg = await svgOf('line-ensemble');
  const lines = marks(svg, 'line mark');
  assert.equal(lines.length, 14);
  assert.deepEqual([...new Set(lines.map((l) => attr(l, 'stroke')))], PALETTE.slice(0, 2));
  assert.deepEqual(legendLabels(svg), ['depth = 1', 'depth = 2']);
  assertAxes(svg, 'Y', label('sigma2', 'upstairs'), 'linear');
});

/** The input endpoints (x = w12, y = w21) of the scatter cases, of one cell or all, in row order. */
const endpointsOf = (cell?: string): { x: number; y: number }[] =>
  endpoints()
    .filter((r) => cell === undefined || r.cell === cell)
    .map((r) => ({ x: r.w12 as number, y: r.w21 as number }));
/**
 * Asserts pixel positions are one increasing (or decreasing) affine function of the values: the
 * map through the two extreme values must place every other value (a linear scale, whatever its
 * niced domain; a wrong field or a point in the wrong panel breaks it).
 */
function assertAffine(pixels: readonly number[], values: readonly number[], increasing: boolean, what: string): void {
  assert.equal(pixels.length, values.length);
  const lo = values.indexOf(Math.min(...values));
  const hi = values.indexOf(Math.max(...values));
  const slope = (pixels[hi]! - pixels[lo]!) / (values[hi]! - values[lo]!);
  assert.ok(increasing ? slope > 0 : slope < 0, `${what}: slope ${String(slope)}`);
  values.forEach((v, i) => {
    assert.ok(Math.abs(pixels[i]! - (pixels[lo]! + slope * (v - values[lo]!))) <= 1e-9 * WIDTH, `${what} ${String(i)}`);
  }); // rounding of the scale arithmetic only
}
/** Asserts the points sit at their data: x = w12 to the right, y = w21 upwards, on linear scales. */
function assertEndpoints(points: readonly string[], data: readonly { x: number; y: number }[]): void {
  assert.equal(points.length, data.length);
  const at = points.map(translate);
  assertAffine(
    at.map((p) => p[0]),
    data.map((d) => d.x),
    true,
    'x of point',
  );
  assertAffine(
    at.map((p) => p[1]),
    data.map((d) => d.y),
    false,
    'y of point',
  );
}

test('scatter-facets: three panels in grid order, each with both hyperbola branches, 9 endpoints', async () => {
  const svg = await svgOf('scatter-facets');
  assert.deepEqual(
    titles(svg).filter((t) => (CELLS as readonly string[]).includes(t)),
    [...CELLS],
  );
  const curves = marks(svg, 'line mark');
  assert.equal(curves.length, 2 * CELLS.length);
  for (const c of curves) {
    assert.equal(attr(c, 'stroke-dasharray'), '4,3');
    assert.equal(vertices(c).length, 81);
  }
  assert.equal(marks(svg, 'point').length, 2 + 3 + 4);
  assertAxes(svg, 'X', label('w12', 'upstairs'), 'linear');
  assertAxes(svg, 'Y', label('w21', 'upstairs'), 'linear');
  // the panels share their scales: each shows its own cell's endpoints at (w12, w21)
  const panels = svg
    .split('class="mark-symbol role-mark child_layer_1_marks"')
    .slice(1)
    .map((p) => p.split('</g>')[0]!);
  assert.deepEqual(
    panels.map((p) => marks(p, 'point').length),
    CELLS.map((c) => endpointsOf(c).length),
  );
  assertEndpoints(
    panels.flatMap((p) => marks(p, 'point')),
    CELLS.flatMap((c) => endpointsOf(c)),
  );
});

test('scatter-plain: one panel, 9 endpoints and no curve', async () => {
  const svg = await svgOf('scatter-plain');
  assert.equal(marks(svg, 'line mark').length, 0);
  assertAxes(svg, 'X', label('w12', 'upstairs'), 'linear');
  assertEndpoints(marks(svg, 'point'), endpointsOf());
});

/** Per bar `[a, b)` and its count, from `…: a – b; runs: k`. */
const bars = (svg: string): { a: number; b: number; k: number }[] =>
  marks(svg, 'bar').map((t) => {
    const m = /: ([\d.]+) – ([\d.]+); runs: (\d+)$/.exec(attr(t, 'aria-label') ?? '');
    assert.ok(m, t);
    return { a: Number(m[1]), b: Number(m[2]), k: Number(m[3]) };
  });
/** The finite input values of the histogram cases (NaN and ∞ left out), of one cell or all. */
const finite = (cell?: string): number[] =>
  finals()
    .filter((r) => (cell === undefined || r.cell === cell) && Number.isFinite(r.erank))
    .map((r) => r.erank as number);
/** Asserts each bar counts exactly the values in its bin (the last bin closed). */
function assertBins(found: readonly { a: number; b: number; k: number }[], values: readonly number[]): void {
  const top = Math.max(...found.map((f) => f.b));
  for (const { a, b, k } of found)
    assert.equal(k, values.filter((v) => v >= a && (v < b || (b === top && v === b))).length, `bin [${String(a)}, ${String(b)})`);
  assert.equal(
    found.reduce((s, f) => s + f.k, 0),
    values.length,
    'every value in one bar',
  );
}

test('histogram: 40 finite values (NaN and ∞ left out), each bar counting its bin', async () => {
  const svg = await svgOf('histogram');
  assert.equal(finite().length, 40);
  assertBins(bars(svg), finite());
  assertAxes(svg, 'X', 'effective rank of W at the end', 'linear');
  assertAxes(svg, 'Y', 'runs', 'linear');
});

test('histogram-facets: one panel per cell in grid order, each counting its own cell', async () => {
  const svg = await svgOf('histogram-facets');
  assert.deepEqual(
    titles(svg).filter((t) => (CELLS as readonly string[]).includes(t)),
    [...CELLS],
  );
  const panels = svg.split('class="mark-rect role-mark child_marks"').slice(1);
  assert.equal(panels.length, CELLS.length);
  panels.forEach((p, i) => {
    assertBins(bars(p.split('</g>')[0]!), finite(CELLS[i]));
  });
});

test('fraction: one point at each fraction and one rule spanning its Wilson interval, ∞ labelled', async () => {
  const svg = await svgOf('fraction');
  const values = fractionPoints();
  const xs = values.map((v) => (Number.isFinite(v.x) ? String(v.x) : '∞'));
  assert.ok(
    svg.includes(`X-axis titled 'model.depth' for a discrete scale with ${String(xs.length)} values: ${xs.join(', ')}"`),
    'the swept values in order, ∞ for Infinity',
  );
  assertAxes(svg, 'Y', 'fraction of runs (95% CI)', 'linear');
  const points = marks(svg, 'point');
  const rules = marks(svg, 'rule mark');
  assert.equal(points.length, values.length);
  assert.equal(rules.length, values.length);
  values.forEach((v, i) => {
    const [px, py] = translate(points[i]!);
    const [rx, ry] = translate(rules[i]!);
    assert.ok(Math.abs(px - rx) <= TRANSFORM_PX, 'point and rule in one column');
    assert.ok(Math.abs(py - HEIGHT * (1 - v.fraction)) <= TRANSFORM_PX, `point ${String(i)} at its fraction`);
    assert.ok(Math.abs(ry - HEIGHT * (1 - v.lo)) <= TRANSFORM_PX, `rule ${String(i)} from its lower bound`);
    assert.ok(Math.abs(Number(attr(rules[i]!, 'y2')) + HEIGHT * (v.hi - v.lo)) <= TRANSFORM_PX, `rule ${String(i)} up to its upper bound`);
  });
});

test('summary: one line per group through the 5 finite widths, a CI rule and a point per cell, log–log', async () => {
  const svg = await svgOf('summary');
  const lines = marks(svg, 'line mark');
  assert.equal(lines.length, 2);
  for (const l of lines) assert.equal(vertices(l).length, 5, 'width ∞ left out');
  assert.equal(marks(svg, 'rule mark').length, 10);
  assert.equal(marks(svg, 'point').length, 10);
  assert.deepEqual(legendLabels(svg), ['depth = 2', 'depth = 3']);
  assertAxes(svg, 'X', 'model.width', 'log');
  assertAxes(svg, 'Y', 'final loss (mean, 95% CI)', 'log');
  // log scales, not niced: x spans the widths, y the rules' ends (the means lie inside)
  const points = summaryPoints().filter((q) => Number.isFinite(q.x));
  const lx = (x: number): number =>
    (WIDTH * Math.log(x / Math.min(...points.map((q) => q.x)))) / Math.log(Math.max(...points.map((q) => q.x)) / Math.min(...points.map((q) => q.x)));
  const [ylo, yhi] = [Math.min(...points.map((q) => q.lo)), Math.max(...points.map((q) => q.hi))];
  const ly = (y: number): number => HEIGHT * (1 - Math.log(y / ylo) / Math.log(yhi / ylo));
  const rules = marks(svg, 'rule mark');
  points.forEach((q, i) => {
    const [rx, ry] = translate(rules[i]!);
    assert.ok(Math.abs(rx - lx(q.x)) <= TRANSFORM_PX && Math.abs(ry - ly(q.lo)) <= TRANSFORM_PX, `rule ${String(i)} starts at (width, lo)`);
    assert.ok(Math.abs(Number(attr(rules[i]!, 'y2')) - (ly(q.hi) - ly(q.lo))) <= TRANSFORM_PX, `rule ${String(i)} ends at hi`);
  });
  lines.forEach((l, g) => {
    const mine = points.filter((q) => q.group === `depth = ${String(g + 2)}`);
    vertices(l).forEach(([px, py], i) => {
      assert.ok(
        Math.abs(px - lx(mine[i]!.x)) <= PATH_PX && Math.abs(py - ly(mine[i]!.mean)) <= PATH_PX,
        `line ${String(g)} vertex ${String(i)} at (width, mean)`,
      );
    });
  });
});

// --- determinism ---------------------------------------------------------------------------------

test('rendering is deterministic: every figure rendered again in this process gives the same bytes', async () => {
  for (const c of cases) assert.equal(await renderSvg(c.spec), await svgOf(c.name), c.name);
});

test('rendering is deterministic: a second process (the generator with --out) writes the same bytes', async () => {
  const { code, stderr } = await secondProcess;
  assert.equal(code, 0, stderr);
  for (const c of cases) {
    assert.equal(readFileSync(path.join(elsewhere, `${c.name}.vl.json`), 'utf8'), specText(c.spec), c.name);
    assert.equal(readFileSync(path.join(elsewhere, `${c.name}.svg`), 'utf8'), svgText(await svgOf(c.name)), c.name);
  }
});
