import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messages } from '../../src/ode/messages.js';
import { METHOD_NAMES } from '../../src/ode/methods.js';
import { solve } from './librarySolve.js';
import type { OdeSystem } from '../../src/ode/types.js';
import { METHODS } from './helpers.js';

/** y' = y², y(0) = 1: blows up at t = 1. */
const blowup: OdeSystem = {
  dim: 1,
  autonomous: true,
  rhs(_t, y, dy) {
    dy[0] = y[0]! * y[0]!;
  },
};

test('status success: message names t1', () => {
  const s = solve(blowup, 'dopri5', { t0: 0, t1: 0.5, y0: [1] });
  assert.equal(s.status, 'success');
  assert.equal(s.message, messages.success(0.5));
  // y(0.5) = 1/(1 − 0.5) = 2; default rtol 1e-6 over a mildly growing solution: 1e-6 absolute
  assert.ok(Math.abs(s.yFinal[0]! - 2) < 1e-6);
});

test('status max-steps keeps the trajectory reached', () => {
  for (const m of METHODS) {
    const s = solve(blowup, m, { t0: 0, t1: 0.9, y0: [1], maxSteps: 5 });
    assert.equal(s.status, 'max-steps', m);
    assert.ok(s.tFinal > 0 && s.tFinal < 0.9);
    assert.equal(s.t[s.t.length - 1], s.tFinal);
    assert.ok(s.message.includes('maxSteps'));
  }
});

test('status step-size-underflow at a finite-time blow-up, with the trajectory up to it', () => {
  for (const m of ['dopri5', 'dop853', 'rodas4', 'radau5', 'bdf', 'auto', 'auto-rk'] as const) {
    const s = solve(blowup, m, { t0: 0, t1: 2, y0: [1], rtol: 1e-8, atol: 1e-8, maxSteps: 1e6 });
    assert.ok(s.status === 'step-size-underflow' || s.status === 'non-finite', `${m}: ${s.status}`);
    // it got close to the singularity at t = 1 and kept what it had; the numerical solution may
    // step an ulp-sized distance past the exact blow-up time (measured: 1 + 1e-9 for dopri5)
    assert.ok(s.tFinal > 0.999 && s.tFinal < 1.001, `${m}: ${String(s.tFinal)}`);
    assert.ok(s.t.length > 2);
  }
});

test('status non-finite when the right-hand side returns NaN, trajectory kept', () => {
  const nan: OdeSystem = {
    dim: 1,
    rhs(t, _y, dy) {
      dy[0] = t < 1 ? 1 : Number.NaN;
    },
  };
  for (const m of METHODS) {
    const s = solve(nan, m, { t0: 0, t1: 2, y0: [0], maxSteps: 10000 });
    assert.equal(s.status, 'non-finite', `${m}: ${s.status}`);
    // our methods reject NaN steps and shrink up to t = 1; odex does not reject a NaN step, so it
    // stops after its last finite step (measured t ≈ 0.42, its steps are long on this problem)
    const reached = m === 'odex' ? 0.1 : 0.5;
    assert.ok(s.tFinal <= 1 + 1e-9 && s.tFinal > reached, `${m}: ${String(s.tFinal)}`);
    for (const y of s.y) assert.ok(Number.isFinite(y[0]!));
  }
  const bad = solve(nan, 'dopri5', { t0: 2, t1: 3, y0: [0] });
  assert.equal(bad.status, 'non-finite');
  assert.equal(bad.message, messages.nonFinite(2));
});

test('status interrupted by an AbortSignal, trajectory kept', () => {
  const ac = new AbortController();
  let calls = 0;
  const sys: OdeSystem = {
    dim: 1,
    rhs(_t, y, dy) {
      if (++calls === 200) ac.abort();
      dy[0] = -y[0]!;
    },
  };
  const s = solve(sys, 'dopri5', { t0: 0, t1: 1000, y0: [1], rtol: 1e-12, atol: 1e-14, signal: ac.signal });
  assert.equal(s.status, 'interrupted');
  assert.ok(s.tFinal > 0 && s.tFinal < 1000);
  // the kept state is an accepted step of y' = −y at rtol 1e-12: e^{−t} to far better than 1e-10
  assert.ok(Math.abs(s.yFinal[0]! - Math.exp(-s.tFinal)) < 1e-10);
});

test('a caller bug throws a RangeError naming the field', () => {
  const sys = blowup;
  assert.throws(() => solve(sys, 'dopri5', { t0: 0, t1: 1, y0: [1, 2] }), { message: messages.badDimension('y0', 1, 2) });
  assert.throws(() => solve(sys, 'dopri5', { t0: 0, t1: 0, y0: [1] }), { message: messages.badSpan(0, 0) });
  assert.throws(() => solve(sys, 'dopri5', { t0: 0, t1: 1, y0: [1], rtol: -1 }), /rtol/);
  assert.throws(() => solve(sys, 'nope' as 'dopri5', { t0: 0, t1: 1, y0: [1] }), { message: messages.badMethod('nope', METHOD_NAMES) });
  assert.throws(() => solve(sys, 'dopri5', { t0: 0, t1: 1, y0: [1], saveAt: { kind: 'times', times: [2] } }), /saveAt/);
});

test('integration backwards in time (t1 < t0) works', () => {
  const s = solve(blowup, 'dop853', { t0: 0.5, t1: 0, y0: [2], rtol: 1e-10, atol: 1e-12 });
  assert.equal(s.status, 'success');
  // y(0) = 1 from y(0.5) = 2 backwards at rtol 1e-10: 10× the tolerance for global accumulation
  assert.ok(Math.abs(s.yFinal[0]! - 1) < 1e-9);
});
