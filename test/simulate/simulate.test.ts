import assert from 'node:assert/strict';
import { test } from 'node:test';
import { whitenedRegression } from '../../src/energies/whitenedRegression.js';
import { modeValue } from '../../src/flows/modes.js';
import { optionMessages, simulateMessages } from '../../src/simulate/messages.js';
import { simulate } from '../../src/simulate/simulate.js';

const E = whitenedRegression(2, 2, [2, 0, 0, 1]);

test('simulate: a terminal loss event is located to 1e-12 in t and reported as loss-reached', () => {
  // N = 2 from W0 = 0.1·I on Φ = diag(2, 1): both modes follow the logistic law, so the time at
  // which ½Σ(σ_k − s_k)² = 1e-3 solves a scalar equation we can check independently
  const tr = simulate({
    energy: E,
    model: { depth: 2, parametrization: 'end-to-end' },
    start: { endToEnd: [0.1, 0, 0, 0.1] },
    t1: 100,
    lossBelow: 1e-3,
    solver: { method: 'dop853', rtol: 1e-12, atol: 1e-14 },
  });
  assert.equal(tr.status, 'loss-reached');
  const tE = tr.t.at(-1)!;
  const loss = (t: number): number => 0.5 * ((2 - modeValue(2, 2, 0.1, t)) ** 2 + (1 - modeValue(2, 1, 0.1, t)) ** 2);
  // the event is located on the dense output to 1e-12 relative; the solution itself is good to ~1e-11
  assert.ok(Math.abs(loss(tE) - 1e-3) < 1e-11, `loss at the event ${String(loss(tE))}`);
  // the loss recorded at the event is the event function's root: 1e-3 to the root finder's 1e-12 in t
  assert.ok(Math.abs(tr.rows.at(-1)!.loss - 1e-3) < 1e-12);
  assert.match(tr.message, /The loss fell below 0.001 at t = /);
});

test('simulate: every output names its time convention; depth ∞ needs normalised time and the end-to-end model', () => {
  assert.equal(simulate({ energy: E, model: { depth: 3, parametrization: 'factors' }, start: { endToEnd: [0.1, 0, 0, 0.1] }, t1: 1 }).time, 'upstairs');
  assert.equal(
    simulate({ energy: E, model: { depth: Infinity, parametrization: 'end-to-end' }, start: { endToEnd: [0.1, 0, 0, 0.1] }, t1: 1 }).time,
    'normalized',
  );
  assert.throws(() => simulate({ energy: E, model: { depth: Infinity, parametrization: 'factors' }, start: { endToEnd: [1, 0, 0, 1] }, t1: 1 }), {
    message: simulateMessages.badOption({ path: 'model.parametrization', message: optionMessages.infFactors() }),
  });
  assert.throws(
    () => simulate({ energy: E, model: { depth: Infinity, parametrization: 'end-to-end', time: 'upstairs' }, start: { endToEnd: [1, 0, 0, 1] }, t1: 1 }),
    /depth ∞ has no upstairs time/,
  );
  assert.throws(
    () => simulate({ energy: E, model: { depth: 3, hidden: [2], parametrization: 'factors' }, start: { endToEnd: [1, 0, 0, 1] }, t1: 1 }),
    /model.hidden lists 1 widths; depth 3 has 2 hidden layers/,
  );
});

test('simulate: a numerical failure keeps the trajectory and reports the status', () => {
  const tr = simulate({
    energy: E,
    model: { depth: 2, parametrization: 'factors' },
    start: { endToEnd: [0.1, 0, 0, 0.1] },
    t1: 100,
    solver: { method: 'dopri5', maxSteps: 5 },
    saveAt: { kind: 'steps' },
  });
  assert.equal(tr.status, 'max-steps');
  assert.ok(tr.t.length >= 2 && tr.rows.length === tr.t.length);
  assert.ok(tr.t.at(-1)! > 0 && tr.t.at(-1)! < 100);
});
