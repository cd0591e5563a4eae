import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EVENT_RTOL } from '../../src/ode/recorder.js';
import { solve } from './librarySolve.js';
import type { OdeSystem } from '../../src/ode/types.js';
import { METHODS } from './helpers.js';

/** A ball falling from height 10 with g = 9.81: lands at t* = sqrt(2·10/9.81). */
const ball: OdeSystem = {
  dim: 2,
  autonomous: true,
  rhs(_t, y, dy) {
    dy[0] = y[1]!;
    dy[1] = -9.81;
  },
};
const tLand = Math.sqrt((2 * 10) / 9.81);

test('a terminal event stops the falling ball at its landing time to 1e-12 relative, for every method', () => {
  for (const m of METHODS) {
    const s = solve(ball, m, {
      t0: 0,
      t1: 10,
      y0: [10, 0],
      rtol: 1e-10,
      atol: 1e-10,
      events: [{ name: 'ground', g: (_t, y) => y[0]!, direction: -1, terminal: true }],
    });
    assert.equal(s.status, 'event', `${m}: ${s.message}`);
    assert.equal(s.events.length, 1);
    // The solution is a quadratic, reproduced exactly by every interpolant of degree ≥ 2, so the
    // root is limited by the root finder's tolerance (EVENT_RTOL) plus rounding.
    assert.ok(Math.abs(s.tFinal - tLand) <= 2 * EVENT_RTOL * tLand, `${m}: ${String(s.tFinal)} vs ${String(tLand)}`);
    assert.equal(s.t[s.t.length - 1], s.tFinal);
    assert.ok(Math.abs(s.yFinal[0]!) < 1e-9);
  }
});

test('a non-terminal event records every crossing of a threshold in the chosen direction', () => {
  // y = sin t crosses 0.5 upward at t = π/6 + 2πk and downward at 5π/6 + 2πk
  const osc: OdeSystem = {
    dim: 2,
    autonomous: true,
    rhs(_t, y, dy) {
      dy[0] = y[1]!;
      dy[1] = -y[0]!;
    },
  };
  const s = solve(osc, 'dop853', {
    t0: 0,
    t1: 20,
    y0: [0, 1],
    rtol: 1e-11,
    atol: 1e-11,
    events: [
      { name: 'up', g: (_t, y) => y[0]! - 0.5, direction: 1 },
      { name: 'down', g: (_t, y) => y[0]! - 0.5, direction: -1 },
    ],
  });
  assert.equal(s.status, 'success');
  const ups = s.events.filter((e) => e.name === 'up').map((e) => e.t);
  const downs = s.events.filter((e) => e.name === 'down').map((e) => e.t);
  const wantUp = [0, 1, 2, 3].map((k) => Math.PI / 6 + 2 * Math.PI * k).filter((t) => t < 20);
  const wantDown = [0, 1, 2].map((k) => (5 * Math.PI) / 6 + 2 * Math.PI * k).filter((t) => t < 20);
  assert.equal(ups.length, wantUp.length);
  assert.equal(downs.length, wantDown.length);
  // located on a 7th-order interpolant at rtol 1e-11: the root error is the solution error
  // (~1e-10 over 3 periods) divided by the slope (cos 30° ≈ 0.87)
  ups.forEach((t, k) => {
    assert.ok(Math.abs(t - wantUp[k]!) < 1e-9);
  });
  downs.forEach((t, k) => {
    assert.ok(Math.abs(t - wantDown[k]!) < 1e-9);
  });
});
