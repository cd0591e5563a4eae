/**
 * What a scenario's figures are called and how they tell cells and runs apart, from hand-made runs:
 * names after what they show (unique, in report order as `usermeta.figure`), one colour per cell in
 * every figure, a marker labelled with its status where a run stopped early, and exact zeros drawn
 * at the floor of a log axis with a note. Also the "did you mean" of a mistyped scenario field.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scenarioFigures, slug } from '../../src/report/figures.js';
import { axisFloor, colorRange, lineSpec } from '../../src/report/specs.js';
import { cellsOf } from '../../src/experiment/resolveCells.js';
import type { CheckResult } from '../../src/checks/checkResult.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/experiment/resolve.js';
import type { RunResult } from '../../src/checks/runResult.js';
import { editDistance, nearest } from '../../src/scenario/suggest.js';

const text = (extra = ''): string => `id: names-test
title: figure names on known runs
energy: { kind: whitened, target: [[2, 0], [0, 1]] }
model: { depth: 2, width: 2 }
init: { kind: aligned, s0: 0.01 }
horizon: { t1: 10 }
sweep: { model.depth: [2, 3, 4] }
figures:
  - { kind: trajectory, y: w11, logX: true }
  - { kind: trajectory, y: [sigma1, sigma2] }
  - { kind: trajectory, y: erank, logX: true }
  - { kind: histogram, y: erank }
checks:
  - { kind: series, name: "mode σ = 2", quantity: sigma1, expect: "2", atol: 10 }
  - { kind: series, name: "Mode σ = 2!", quantity: sigma1, expect: "2", atol: 10 }
${extra}`;

const loaded = parseScenario(text(), 'names-test.yaml');
const cells = cellsOf(loaded.scenario);

/** Depth 2 conserves its invariants exactly (drift 0); depth 3 drifts; depth 4 stops early at precision-limit. */
const run = (cell: number, status: string, drift: (t: number) => number, end = 10): RunResult => ({
  cell,
  run: 0,
  status,
  message: '',
  time: 'upstairs',
  depth: 2 + cell,
  rows: [0, 0.1, 1, end].map((t) => ({ t, loss: 1 / (1 + t), erank: 1 + 1 / (1 + t), w11: 0.01 + t, sigma1: 1, sigma2: 0.5, invariantDrift: drift(t) })),
  stats: { nfev: 0, njev: 0, naccepted: 0, nrejected: 0, wallMs: 0 },
  method: 'dopri5',
});
const runs = [run(0, 'success', () => 0), run(1, 't1-reached', (t) => 1e-12 * t), run(2, 'precision-limit', (t) => 1e-14 * t, 5)];
const checks = loaded.scenario.checks.map(
  (c): CheckResult =>
    ({
      name: c.name,
      kind: c.kind,
      outcome: 'pass',
      passed: true,
      detail: '',
      comparisons: runs.map((r) => ({ cell: r.cell, run: 0, t: 1, expected: 2, computed: 1, error: 1, allowed: 10 })),
    }) as unknown as CheckResult,
);
const figures = scenarioFigures(loaded.scenario, cells, runs, checks, new Map(), () => [{}]);
const spec = (name: string): Record<string, unknown> => {
  const f = figures.find((g) => g.name === name);
  assert.ok(f, `no figure ${name} among ${figures.map((g) => g.name).join(', ')}`);
  return f.spec as unknown as Record<string, unknown>;
};
type Layer = { mark: { type: string } | string; data?: { values: Record<string, unknown>[] }; encoding: Record<string, Record<string, unknown>> };
const layers = (s: Record<string, unknown>): Layer[] => (s.layer as Layer[] | undefined) ?? [s as unknown as Layer];
const markType = (l: Layer): string => (typeof l.mark === 'string' ? l.mark : l.mark.type);

test('figures are named after what they show, uniquely, with their report order in usermeta.figure', () => {
  assert.deepEqual(
    figures.map((f) => f.name),
    [
      'w11-vs-t',
      'sigma1-sigma2-vs-t',
      'erank-vs-t',
      'final-erank-histogram',
      'loss-vs-t',
      'erank-vs-t-2',
      'invariant-drift-vs-t',
      'mode-sigma-2',
      'mode-sigma-2-error',
      'mode-sigma-2-2',
      'mode-sigma-2-2-error',
    ],
  );
  assert.deepEqual(
    figures.map((f) => (f.spec as { usermeta?: { figure?: number } }).usermeta?.figure),
    figures.map((_, i) => i + 1),
  );
  assert.equal(slug('the mode σ = 2 (τ → ∞)'), 'the-mode-sigma-2-tau-inf');
  assert.equal(slug('gapToFlow'), 'gap-to-flow');
  assert.ok(slug('x'.repeat(200)).length <= 60);
});

test('one colour per cell: the same depth has the same colour in every figure, also alone in one', () => {
  const domain = cells.map((c) => `depth = ${String(c.values['model.depth'])}`);
  const colours = colorRange(domain);
  for (const name of ['w11-vs-t', 'loss-vs-t', 'erank-vs-t-2', 'invariant-drift-vs-t', 'mode-sigma-2', 'mode-sigma-2-error']) {
    const colour = layers(spec(name))[0]!.encoding.color!;
    assert.equal(colour.field, 'group', name);
    assert.deepEqual(colour.scale, { domain, range: colours }, name);
  }
  // a figure that shows only depth 4 draws it in depth 4's colour
  const alone = lineSpec([{ t: 1, loss: 1, series: 'depth = 4', group: 'depth = 4' }], {
    title: 'x',
    time: 'upstairs',
    x: 't',
    y: ['loss'],
    color: 'group',
    colorDomain: domain,
    source: 'trajectory.csv',
  }) as unknown as Layer;
  assert.deepEqual(alone.encoding.color, { value: colours[2] });
});

test('a run that stopped early ends in a marker labelled with its status; runs that ended as asked get none', () => {
  for (const name of ['w11-vs-t', 'loss-vs-t', 'erank-vs-t-2', 'sigma1-sigma2-vs-t']) {
    const ls = layers(spec(name));
    const points = ls.find((l) => markType(l) === 'point');
    const labels = ls.find((l) => markType(l) === 'text' && l.encoding.text?.field === 'status');
    assert.ok(points !== undefined && labels !== undefined, name);
    // one marker per quantity drawn, at depth 4's last point (t = 5)
    assert.ok(
      points.data!.values.length >= 1 && points.data!.values.every((r) => r.x === 5 && r.group === 'depth = 4' && r.status === 'precision-limit'),
      name,
    );
    assert.ok(
      labels.data!.values.every((r) => r.status === 'precision-limit'),
      name,
    );
  }
  assert.match(String(spec('loss-vs-t').description), /stopped early/);
});

test('exact zeros on a log axis are drawn at the axis floor with a note, not left out', () => {
  const s = spec('invariant-drift-vs-t');
  const ls = layers(s);
  const drawn = ls[0]!.data!.values;
  const floor = axisFloor(drawn.filter((r) => r.group !== 'depth = 2').map((r) => Number(r.value)));
  assert.equal(floor, 1e-16);
  // depth 2: every saved time after 0 is at the floor (t = 0 has no place on the log t axis)
  const depth2 = drawn.filter((r) => r.group === 'depth = 2');
  assert.deepEqual(
    depth2.map((r) => [r.x, r.value]),
    [
      [0.1, floor],
      [1, floor],
      [10, floor],
    ],
  );
  assert.ok(floor < Math.min(...drawn.filter((r) => r.group !== 'depth = 2').map((r) => Number(r.value))));
  const note = ls.find((l) => markType(l) === 'text' && l.encoding.text?.field === 'note')!;
  assert.deepEqual(
    note.data!.values.map((r) => r.note),
    ['exactly 0, drawn at the axis floor'],
  );
  assert.match(String(s.description), /3 values exactly 0 are drawn at the axis floor/);
  assert.equal(axisFloor([3e-21, 5e-9, 0, -1]), 1e-22);
});

test('a mistyped field names the nearest field of its object, as a mistyped flag does', () => {
  const problems = (extra: string, replace: [string, string]): string => {
    try {
      parseScenario(text(extra).replace(...replace), 'typo.yaml');
    } catch (e) {
      assert.ok(e instanceof ScenarioError);
      return e.message;
    }
    assert.fail('no error');
  };
  assert.match(problems('', ['horizon: { t1: 10 }', 'horizon: { tl: 10 }']), /typo\.yaml:\d+:\d+: horizon: unknown field "tl": did you mean "t1"\?/);
  assert.match(problems('', ['width: 2 }', 'widht: 2 }']), /model: unknown field "widht": did you mean "width"\?/);
  // inside a discriminated union: the fields of the check's own kind
  assert.match(
    problems('', ['atol: 10 }\n  - { kind: series, name: "Mode', 'atl: 10 }\n  - { kind: series, name: "Mode']),
    /checks\.0: unknown field "atl": did you mean "atol"\?/,
  );
  // nothing near: no suggestion
  assert.match(problems('', ['horizon: { t1: 10 }', 'horizon: { t1: 10, colour: red }']), /horizon: unknown field "colour"$/m);
  assert.equal(editDistance('t1', '1t'), 1);
  assert.equal(nearest('tl', ['t1', 'save', 'lossBelow']), 't1');
  assert.equal(nearest('zzz', ['t1', 'save']), undefined);
});

test('description is optional', () => {
  const l = parseScenario(text(), 'names-test.yaml');
  assert.equal(l.scenario.description, undefined);
});

test('the fraction figure of a sweep over two fields has one point per cell, each at its own x (the label of the cell)', () => {
  const two = parseScenario(
    `id: two-fields
title: t
energy: { kind: whitened, target: [[2, 0], [0, 1]] }
model: { depth: 2, width: 2 }
init: { kind: aligned, s0: 0.01 }
horizon: { t1: 10 }
ensemble: { runs: 2 }
sweep: { model.depth: [2, 3], init.s0: [0.01, 0.02] }
checks:
  - { kind: ensemble, name: "fits", each: "loss < 1", min: 0 }
`,
    'two-fields.yaml',
  );
  const twoCells = cellsOf(two.scenario);
  const twoRuns = twoCells.flatMap((c) => [0, 1].map((r) => ({ ...run(0, 'success', () => 0), cell: c.index, run: r })));
  // cell k: k of its 2 runs fit, so the fractions tell the cells apart
  const counts = twoCells.map((c) => ({ cell: c.index, yes: c.index % 3, n: 2 }));
  const check = { name: 'fits', kind: 'ensemble', outcome: 'pass', passed: true, detail: '', counts } as unknown as CheckResult;
  const fig = scenarioFigures(two.scenario, twoCells, twoRuns, [check], new Map(), () => [{}]).find((f) => f.name.startsWith('fraction-'));
  assert.ok(fig, 'a fraction figure');
  const values = (fig.spec as unknown as { data: { values: { x: string; fraction: number }[] } }).data.values;
  assert.deepEqual(
    values.map((v) => v.x),
    twoCells.map((c) =>
      Object.entries(c.values)
        .map(([p, v]) => `${p === 'model.depth' ? 'depth' : 's0'} = ${String(v)}`)
        .join(', '),
    ),
  );
  assert.equal(new Set(values.map((v) => v.x)).size, 4);
  assert.deepEqual(
    values.map((v) => v.fraction),
    [0, 0.5, 1, 0],
  );
});
