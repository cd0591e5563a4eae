import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ScenarioError } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/experiment/resolve.js';
import { buildMessages } from '../../src/experiment/messages.js';

const base = `id: r
title: t
description: d
energy: { kind: completion, shape: [2, 2], observed: [[1, 2, 1], [2, 1, 1]] }
model: { depth: 2, width: 2 }
init: { kind: gaussian, scale: 0.1 }
horizon: { t1: 1, save: { kind: uniform, n: 3 } }
`;

test('a swept value the schema refuses in its field is bad input at sweep.<path>.<i> (runs threw on t1 = inf and atol = -1)', () => {
  const cases: [string, string, string, string][] = [
    ['sweep: { horizon.t1: [1, "inf"] }', 'sweep.horizon.t1.1', 'inf', 'horizon.t1'],
    ['sweep: { solver.atol: [-1] }', 'sweep.solver.atol.0', '-1', 'solver.atol'],
    ['sweep: { model.width: [2, 0.5] }', 'sweep.model.width.1', '0.5', 'model.width'],
  ];
  for (const [sweep, path, value, field] of cases) {
    assert.throws(
      () => parseScenario(base + sweep + '\n', 's.yaml'),
      (e: unknown) =>
        e instanceof ScenarioError &&
        e.problems.length === 1 &&
        e.problems[0]!.path === path &&
        e.problems[0]!.message.startsWith(buildMessages.badSweepValue(value, field, '')),
      sweep,
    );
  }
  // depth inf stays a valid sweep value where the model allows it
  assert.doesNotThrow(() =>
    parseScenario(
      base.replace('model: { depth: 2, width: 2 }', 'model: { depth: 2, parametrization: end-to-end }') + 'sweep: { model.depth: [2, "inf"] }\n',
      's.yaml',
    ),
  );
});

test('options swept by name (model.coordinates, model.parametrization, solver.method): cells carry the names, where: selects them, and a name a field refuses is bad input there', () => {
  const rc = base
    .replace('model: { depth: 2, width: 2 }', 'model: { depth: 2, width: 2, parametrization: end-to-end }')
    .replace('init: { kind: gaussian, scale: 0.1 }', 'init: { kind: gaussian, scale: 0.1 }');
  const e = parseScenario(
    rc +
      'sweep: [{ model.depth: [2, 3] }, { model.coordinates: [spectral], solver.method: [bdf, radau5] }]\nchecks:\n  - { kind: status, name: s, expect: [success], where: { model.coordinates: [spectral] }, basis: measured, measured: { runs: 2, commit: "0000000" } }\n',
    's.yaml',
  );
  assert.deepEqual(
    e.cells.map((c) => c.values),
    [
      { 'model.depth': 2 },
      { 'model.depth': 3 },
      { 'model.coordinates': 'spectral', 'solver.method': 'bdf' },
      { 'model.coordinates': 'spectral', 'solver.method': 'radau5' },
    ],
  );
  assert.equal(e.cells[2]!.scenario.model.coordinates, 'spectral');
  assert.equal(e.cells[3]!.scenario.solver.method, 'radau5');
  // the depth cells keep the scenario's own coordinates there (none: NaN), so where: picks the two named cells
  assert.ok(Number.isNaN(e.cells[0]!.swept['model.coordinates']));
  assert.deepEqual(e.where.get(0), { 'model.coordinates': ['spectral'] });
  for (const [sweep, path, value, field] of [
    ['sweep: { model.coordinates: [polar] }', 'sweep.model.coordinates.0', 'polar', 'model.coordinates'],
    ['sweep: { solver.method: [radau] }', 'sweep.solver.method.0', 'radau', 'solver.method'],
    ['sweep: { model.depth: [two] }', 'sweep.model.depth.0', 'two', 'model.depth'],
  ] as const)
    assert.throws(
      () => parseScenario(rc + sweep + '\n', 's.yaml'),
      (err: unknown) =>
        err instanceof ScenarioError && err.problems[0]!.path === path && err.problems[0]!.message.startsWith(buildMessages.badSweepValue(value, field, '')),
      sweep,
    );
});
