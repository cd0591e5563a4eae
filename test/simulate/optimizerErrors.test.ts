/**
 * What an optimiser run cannot do is an error naming the field (library and scenario); what goes
 * wrong numerically is a status with the trajectory so far.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { whitenedRegression } from '../../src/energies/whitenedRegression.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/experiment/resolve.js';
import { runOne } from '../../src/experiment/runOne.js';
import { cellsOf } from '../../src/experiment/resolveCells.js';
import { optimizerMessages } from '../../src/experiment/optimizer/messages.js';
import { optimizerScenarioMessages } from '../../src/experiment/messages.js';
import { runOptimizer } from '../../src/experiment/optimizer/runOptimizer.js';

const energy = whitenedRegression(2, 2, [2, 0, 0, 1]);

test('depth ∞ and deep end-to-end models have no parameters to step: RangeError naming model.depth / model.parametrization', () => {
  assert.throws(
    () =>
      runOptimizer({
        energy,
        model: { depth: Infinity, parametrization: 'end-to-end', time: 'normalized' },
        start: { endToEnd: [1, 0, 0, 1] },
        optimizer: { kind: 'gd', lr: 0.1, steps: 3 },
      }),
    { name: 'RangeError', message: `model.depth ${optimizerMessages.depthInf()}` },
  );
  assert.throws(
    () =>
      runOptimizer({
        energy,
        model: { depth: 3, parametrization: 'end-to-end' },
        start: { endToEnd: [1, 0, 0, 1] },
        optimizer: { kind: 'adam', lr: 0.1, steps: 3 },
      }),
    { name: 'RangeError', message: `model.parametrization ${optimizerMessages.endToEndDeep(3)}` },
  );
  assert.throws(
    () => runOptimizer({ energy, model: { depth: 1, parametrization: 'factors' }, start: { endToEnd: [1, 0, 0, 1] }, optimizer: { kind: 'gd', lr: 0.1 } }),
    { name: 'RangeError', message: `optimizer.steps ${optimizerMessages.noSteps()}` },
  );
});

const scenario = (model: string, optimizer: string, energyText = 'energy: { kind: whitened, target: [[2, 0], [0, 1]] }'): string =>
  `id: o\ntitle: t\ndescription: d\n${energyText}\nmodel: ${model}\ninit: { kind: balanced, W0: identity, scale: 0.1 }\nhorizon: { t1: 1 }\noptimizer: ${optimizer}\n`;

test('a scenario with an optimizer on depth inf fails to load with exit-2 error naming the file and model.depth', () => {
  assert.throws(
    () => parseScenario(scenario('{ depth: inf, parametrization: end-to-end }', '{ kind: gd, lr: 0.01 }'), 'o.yaml'),
    (e: unknown) =>
      e instanceof ScenarioError && e.problems[0]!.path === 'model.depth' && e.message.includes(optimizerMessages.depthInf()) && e.message.startsWith('o.yaml'),
  );
});

test('loss: mean on an expression energy is refused at optimizer.loss; an unknown optimizer field at its path', () => {
  assert.throws(
    () =>
      parseScenario(scenario('{ depth: 2 }', '{ kind: gd, lr: 0.01, loss: mean }', 'energy: { kind: expression, shape: [2, 2], E: "(w11 - 1)^2" }'), 'o.yaml'),
    (e: unknown) =>
      e instanceof ScenarioError &&
      e.problems[0]!.path === 'optimizer.loss' &&
      e.problems[0]!.message === optimizerScenarioMessages.meanUndefined('expression'),
  );
  assert.throws(
    () => parseScenario(scenario('{ depth: 2 }', '{ kind: gd, lr: 0.01, beta: 0.5 }'), 'o.yaml'),
    (e: unknown) => e instanceof ScenarioError && e.problems[0]!.path === 'optimizer' && e.message.includes('"beta"'),
  );
});

test('a diverging GD run ends with status non-finite and keeps its finite trajectory up to there', () => {
  // E = ½‖W − Φ‖² has Hessian I at depth 1: GD is stable only for lr < 2; at lr 3 each step multiplies the residual by −2
  const r = runOptimizer({
    energy,
    model: { depth: 1, parametrization: 'end-to-end' },
    start: { endToEnd: [0, 0, 0, 0] },
    optimizer: { kind: 'gd', lr: 3, steps: 5000 },
    saveAt: { kind: 'steps' },
  });
  assert.equal(r.status, 'non-finite');
  // ‖residual‖ = √5·2^k overflows E (a square) near 2^512: the last finite step is ≈ 511
  assert.ok(r.t.length > 500 && r.t.length < 520, String(r.t.length));
  assert.ok(r.rows.every((x) => Number.isFinite(x.loss)));
  // the residual doubles exactly (×(−2)) each step: E_k = (5/2)·4^k while it is finite
  assert.equal(r.rows[10]!.loss, 2.5 * 4 ** 10);
  assert.match(r.message, /non-finite at step \d+/);
  // the flow beside it is defined at every saved time: GD's gap grows without bound
  assert.ok(r.gapToFlow!.at(-1)! > 1e100);
});

test('scenario run: GD rows carry the flow quantities plus step, gapToFlow, lossScale and optimizerLoss = c·E', () => {
  const loaded = parseScenario(
    scenario('{ depth: 2 }', '{ kind: gd, lr: 0.01, loss: mean }').replace('horizon: { t1: 1 }', 'horizon: { t1: 1, save: { kind: uniform, n: 5 } }'),
    'o.yaml',
  );
  for (const q of ['loss', 'w11', 'sigma1', 'erank', 'invariantDrift', 'step', 'gapToFlow', 'lossScale', 'optimizerLoss'])
    assert.ok(loaded.quantities.includes(q), q);
  const r = runOne(cellsOf(loaded.scenario)[0]!, 0);
  assert.equal(r.method, 'gd');
  // mean over the 4 entries of a 2×2 whitened target: c = 2/4, so dt = 0.01·0.5 and t1 = 1 is 200 steps
  assert.equal(r.rows.at(-1)!.step, 200);
  assert.equal(r.rows.at(-1)!.t, 200 * 0.005);
  assert.equal(r.rows[0]!.lossScale, 0.5);
  for (const row of r.rows) assert.equal(row.optimizerLoss, 0.5 * row.loss!);
  // GD on a smooth problem with step 0.005 stays within 1% of the flow at t ≤ 1 (the O(lr) law above)
  for (const row of r.rows) assert.ok(row.gapToFlow! < 1e-2, String(row.gapToFlow));
  assert.equal(r.rows[0]!.gapToFlow, 0);
});

test('maxSteps caps the steps: a run that needs more ends with status max-steps after them, its rows kept', () => {
  const r = runOptimizer({
    energy,
    model: { depth: 2, parametrization: 'factors' },
    start: { endToEnd: [0.1, 0, 0, 0.1] },
    optimizer: { kind: 'gd', lr: 0.01 },
    t1: 1,
    maxSteps: 40,
    saveAt: { kind: 'uniform', n: 11 },
    flow: false,
  });
  assert.equal(r.status, 'max-steps');
  assert.equal(r.stepsTaken, 40);
  // the save grid is the horizon's (t = 0, 0.1, …, 1); the saves up to the cap, then the last state
  assert.deepEqual(r.steps, [0, 10, 20, 30, 40]);
  assert.equal(r.t.at(-1), 40 * 0.01);
  assert.ok(r.message.startsWith(optimizerMessages.maxSteps(40, 100)), r.message);
});

test('a save grid that does not fit the run is refused when the scenario loads, at horizon.save', () => {
  // steps: 5 of dt 0.01 end at t = 0.05, before the log grid's tmin = 0.5
  assert.throws(
    () =>
      parseScenario(
        scenario('{ depth: 2 }', '{ kind: gd, lr: 0.01, steps: 5 }').replace('horizon: { t1: 1 }', 'horizon: { t1: 1, save: { kind: log, n: 5, tmin: 0.5 } }'),
        'o.yaml',
      ),
    (e: unknown) => e instanceof ScenarioError && e.problems[0]!.path === 'horizon.save' && /tmin/.test(e.message),
  );
});
