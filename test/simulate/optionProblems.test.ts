/**
 * One validator for the model/start/horizon rules: the same bad input gives the same message through
 * `simulate` (a RangeError naming the SimulateOptions path) and through the scenario builder (a
 * FieldError at the scenario path).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { whitenedRegression } from '../../src/energies/whitenedRegression.js';
import { buildRun, checkRun } from '../../src/experiment/runPlan.js';
import { cellsOf } from '../../src/experiment/resolveCells.js';
import { buildEnergy } from '../../src/experiment/scenarioEnergy.js';
import { FieldError } from '../../src/scenario/errors.js';
import { scenarioSchema } from '../../src/scenario/schema.js';
import { optionMessages, simulateMessages } from '../../src/simulate/messages.js';
import { optionProblems } from '../../src/simulate/optionProblems.js';
import { simulate, type SimulateOptions } from '../../src/simulate/simulate.js';

/** A scenario on the 2×2 (or given) whitened target, overridden where a case says. */
function scenario(over: Record<string, unknown>): unknown {
  return {
    id: 'same-rules',
    title: 'one validator',
    description: 'for the tests',
    energy: {
      kind: 'whitened',
      target: [
        [2, 0],
        [0, 1],
      ],
    },
    model: { depth: 2 },
    init: { kind: 'balanced', W0: 'identity', scale: 0.1 },
    horizon: { t1: 10 },
    ...over,
  };
}

/** The FieldError the scenario route throws (energy, widths and the run built and checked as the resolver does). */
function fieldError(doc: unknown): FieldError {
  const s = scenarioSchema.parse(doc);
  const cell = cellsOf(s)[0]!;
  try {
    checkRun(cell, buildRun(cell, 0, buildEnergy(cell.scenario)));
  } catch (err) {
    assert.ok(err instanceof FieldError, String(err));
    return err;
  }
  assert.fail('the scenario route accepted the input');
}

const square = whitenedRegression(2, 2, [2, 0, 0, 1]);
const rect = whitenedRegression(2, 3, [1, 0, 0, 0, 1, 0]);
const start2 = { endToEnd: [0.1, 0, 0, 0.1] };

/** [case, scenario document, the same input as SimulateOptions, SimulateOptions path, scenario path, message] */
const CASES: [string, unknown, SimulateOptions, string, string, string][] = [
  [
    'depth inf on factors',
    scenario({ model: { depth: 'inf' } }),
    { energy: square, model: { depth: Infinity, parametrization: 'factors' }, start: start2, t1: 10 },
    'model.parametrization',
    'model.parametrization',
    optionMessages.infFactors(),
  ],
  [
    'depth inf in upstairs time',
    scenario({ model: { depth: 'inf', parametrization: 'end-to-end', time: 'upstairs' } }),
    { energy: square, model: { depth: Infinity, parametrization: 'end-to-end', time: 'upstairs' }, start: start2, t1: 10 },
    'model.time',
    'model.time',
    optionMessages.infUpstairs(),
  ],
  [
    'hidden widths miscounted',
    scenario({ model: { depth: 3, hidden: [2] } }),
    { energy: square, model: { depth: 3, hidden: [2], parametrization: 'factors' }, start: start2, t1: 10 },
    'model.hidden',
    'model.hidden',
    optionMessages.hiddenCount(1, 3),
  ],
  [
    'detFloor on a rectangular problem',
    scenario({
      energy: {
        kind: 'whitened',
        target: [
          [1, 0, 0],
          [0, 1, 0],
        ],
      },
      horizon: { t1: 10, detFloor: 1e-13 },
    }),
    { energy: rect, model: { depth: 2, parametrization: 'factors' }, start: { endToEnd: [0.1, 0, 0, 0, 0.1, 0] }, t1: 10, detFloor: 1e-13 },
    'detFloor',
    'horizon.detFloor',
    optionMessages.detFloorSquare(),
  ],
  [
    'precision guard on an end-to-end model of a rectangular problem',
    scenario({
      energy: {
        kind: 'whitened',
        target: [
          [1, 0, 0],
          [0, 1, 0],
        ],
      },
      model: { depth: 2, parametrization: 'end-to-end' },
      horizon: { t1: 10, precisionGuard: true },
    }),
    { energy: rect, model: { depth: 2, parametrization: 'end-to-end' }, start: { endToEnd: [0.1, 0, 0, 0, 0.1, 0] }, t1: 10, precisionGuard: true },
    'precisionGuard',
    'horizon.precisionGuard',
    optionMessages.guardNeedsSquareProblem(),
  ],
  [
    'precision guard on non-square factors',
    scenario({ model: { depth: 2, hidden: [3] }, horizon: { t1: 10, precisionGuard: true } }),
    { energy: square, model: { depth: 2, hidden: [3], parametrization: 'factors' }, start: start2, t1: 10, precisionGuard: true },
    'precisionGuard',
    'horizon.precisionGuard',
    optionMessages.guardNeedsSquare(),
  ],
  [
    'save time beyond t1',
    scenario({ horizon: { t1: 10, save: { kind: 'times', times: [1, 20] } } }),
    { energy: square, model: { depth: 2, parametrization: 'factors' }, start: start2, t1: 10, saveAt: { kind: 'times', times: [1, 20] } },
    'saveAt.times.1',
    'horizon.save.times.1',
    optionMessages.saveBeyond(20, 10),
  ],
  [
    'explicit start with too few factors',
    scenario({
      init: {
        kind: 'explicit',
        factors: [
          [
            [1, 0],
            [0, 1],
          ],
        ],
      },
    }),
    { energy: square, model: { depth: 2, parametrization: 'factors' }, start: { factors: [[1, 0, 0, 1]] }, t1: 10 },
    'start.factors',
    'init.factors',
    optionMessages.factorCount(1, 2),
  ],
];

for (const [name, doc, options, simPath, scenarioPath, message] of CASES) {
  test(`one rule, one message: ${name}`, () => {
    // the validator itself finds exactly this problem, at the SimulateOptions path
    assert.deepEqual(optionProblems(options), [{ path: simPath, message }]);
    // simulate refuses it with the path and the message
    assert.throws(
      () => simulate(options),
      (err: unknown) => err instanceof RangeError && err.message === simulateMessages.badOption({ path: simPath, message }),
    );
    // the scenario route refuses the same input with the same message at the scenario path
    const e = fieldError(doc);
    assert.equal(e.path, scenarioPath);
    assert.equal(e.message, message);
  });
}

test('optionProblems: consistent options have none; every broken rule is listed, not just the first', () => {
  assert.deepEqual(
    optionProblems({
      energy: square,
      model: { depth: 3, parametrization: 'factors' },
      start: start2,
      t1: 10,
      detFloor: 1e-13,
      precisionGuard: true,
      saveAt: { kind: 'times', times: [0, 10] },
    }),
    [],
  );
  const problems = optionProblems({
    energy: rect,
    model: { depth: 2, hidden: [2, 2], parametrization: 'factors' },
    start: { endToEnd: [1, 2] },
    t1: 1,
    detFloor: 1e-13,
    saveAt: { kind: 'times', times: [2] },
  });
  assert.deepEqual(
    problems.map((p) => p.path),
    ['model.hidden', 'start.endToEnd', 'saveAt.times.0', 'detFloor'],
  );
  assert.equal(problems[1]!.message, optionMessages.entries(2, 2, 3));
});
