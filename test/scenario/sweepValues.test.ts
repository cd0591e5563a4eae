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
