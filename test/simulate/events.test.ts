/** The library's `events` option: non-terminal and terminal events of your own, in `simulate` and `runOptimizer`. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { whitenedRegression } from '../../src/energies/whitenedRegression.js';
import { modeTime } from '../../src/flows/modes.js';
import { runOptimizer } from '../../src/experiment/optimizer/runOptimizer.js';
import { simulate } from '../../src/simulate/simulate.js';

// N = 2 from W0 = 0.1·I on Φ = diag(2, 1): w11 and w22 follow the logistic mode law with σ = 2 and σ = 1
const E = whitenedRegression(2, 2, [2, 0, 0, 1]);
const base = {
  energy: E,
  model: { depth: 2, parametrization: 'end-to-end' as const },
  start: { endToEnd: [0.1, 0, 0, 0.1] },
  solver: { method: 'dop853' as const, rtol: 1e-12, atol: 1e-14 },
  // two saved points only: the events do not need the save grid
  saveAt: { kind: 'uniform' as const, n: 2 },
};

test('simulate: non-terminal events report every root, located on the dense output to ~1e-12 in t, whatever the save grid', () => {
  const tr = simulate({
    ...base,
    t1: 10,
    events: [
      { name: 'w11 = 1', fn: (_t, W) => W[0]! - 1 },
      { name: 'w22 = 0.5', fn: (_t, W) => W[3]! - 0.5 },
      { name: 'w22 = 0.5 downwards', fn: (_t, W) => W[3]! - 0.5, direction: -1 },
    ],
  });
  assert.equal(tr.status, 'success', tr.message);
  assert.equal(tr.tEvent, undefined);
  assert.deepEqual(
    tr.events.map((e) => [e.name, e.terminal]),
    // in time order: w11 reaches 1 at t = ln(19)/4 ≈ 0.736, w22 reaches 0.5 at ln(9)/2 ≈ 1.10
    [
      ['w11 = 1', false],
      ['w22 = 0.5', false],
    ],
  );
  const t11 = tr.events.find((e) => e.name === 'w11 = 1')!.t;
  const t22 = tr.events.find((e) => e.name === 'w22 = 0.5')!.t;
  // the closed forms (log formulas): the solver at rtol 1e-12 and Brent's 1e-12 in t leave ~1e-12 relative; 1e-10 bounds it with room
  assert.ok(Math.abs(t11 - modeTime(2, 2, 0.1, 1)) / modeTime(2, 2, 0.1, 1) < 1e-10, String(t11));
  assert.ok(Math.abs(t22 - modeTime(2, 1, 0.1, 0.5)) / modeTime(2, 1, 0.1, 0.5) < 1e-10, String(t22));
  // w22 only rises: the downward-only event never fires; and the run kept its save grid
  assert.deepEqual(tr.t, [0, 10]);
});

test('simulate: a terminal event of your own ends the run with status event at its root, saved as the last row', () => {
  const tr = simulate({ ...base, t1: 10, events: [{ name: 'w22 = 0.9', fn: (_t, W) => W[3]! - 0.9, terminal: true }] });
  assert.equal(tr.status, 'event');
  assert.match(tr.message, /The event "w22 = 0.9" ended the run at t = /);
  const exact = modeTime(2, 1, 0.1, 0.9);
  assert.ok(Math.abs(tr.tEvent! - exact) / exact < 1e-10, String(tr.tEvent)); // as above
  assert.equal(tr.t.at(-1), tr.tEvent);
  assert.deepEqual(tr.events, [{ name: 'w22 = 0.9', t: tr.tEvent, terminal: true }]);
  // the state at the root: w22 = 0.9 to the root finder's tolerance (|w22'| ≈ 0.09 there: 1e-12 in t is 1e-13 in w22)
  assert.ok(Math.abs(tr.W.at(-1)![3]! - 0.9) < 1e-11);
});

test('simulate: an event function receives the raw state (the packed factors of a factor model) beside W', () => {
  let seen = 0;
  const tr = simulate({
    energy: E,
    model: { depth: 2, parametrization: 'factors' },
    start: { endToEnd: [0.1, 0, 0, 0.1] },
    t1: 1,
    events: [
      {
        name: 'size',
        fn: (_t, W, y) => {
          seen = y.length;
          return W[0]! + 1;
        },
      },
    ],
  });
  assert.equal(seen, 8); // two 2×2 factors
  assert.deepEqual(tr.events, []); // w11 + 1 > 0 throughout: no root
});

test('runOptimizer: an event’s root is the first step at which its sign changed; a terminal one stops there with status event', () => {
  const o = { energy: E, model: { depth: 2, parametrization: 'factors' as const }, start: { endToEnd: [0.1, 0, 0, 0.1] }, t1: 5, flow: false as const };
  const all = runOptimizer({ ...o, optimizer: { kind: 'gd', lr: 0.01 }, saveAt: { kind: 'steps' } });
  const k = all.W.findIndex((W) => W[0]! >= 1);
  const free = runOptimizer({ ...o, optimizer: { kind: 'gd', lr: 0.01 }, events: [{ name: 'w11 = 1', fn: (_t, W) => W[0]! - 1 }] });
  assert.equal(free.status, 'success');
  assert.deepEqual(free.events, [{ name: 'w11 = 1', t: k * 0.01, terminal: false }]);
  const stop = runOptimizer({ ...o, optimizer: { kind: 'gd', lr: 0.01 }, events: [{ name: 'w11 = 1', fn: (_t, W) => W[0]! - 1, terminal: true }] });
  assert.equal(stop.status, 'event');
  assert.equal(stop.tEvent, k * 0.01);
  assert.equal(stop.steps.at(-1), k);
  // near the flow's crossing: GD at lr 0.01 is within a few steps of it
  assert.ok(Math.abs(k * 0.01 - modeTime(2, 2, 0.1, 1)) < 0.05, String(k * 0.01));
});
