/**
 * Adaptive SRA1 with rejection sampling with memory: rejections leave the law of the solution intact
 * (Ornstein–Uhlenbeck against its exact Gaussian law), and the step count follows the tolerance as
 * the estimate's local order 1.5 says.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { solveSdeAdaptive } from '../../src/ode/sdeAdaptive.js';
import type { AdditiveSde } from '../../src/ode/sdeTypes.js';
import { Rng } from '../../src/init/rng.js';

const THETA = 3;
const SIGMA = 1;
const ou: AdditiveSde = {
  dim: 1,
  drift: (_t, y, dy) => {
    dy[0] = -THETA * y[0]!;
  },
  diffusion: (_t, g) => {
    g[0] = SIGMA;
  },
};

test('with many rejections the solution keeps the exact law of Ornstein–Uhlenbeck at t = 1 and 2 (mean and variance)', () => {
  const paths = 4000;
  const x0 = 1;
  const sums = [0, 0];
  const squares = [0, 0];
  let steps = 0;
  let rejections = 0;
  for (let p = 0; p < paths; p++) {
    const s = solveSdeAdaptive(ou, {
      t0: 0,
      t1: 2,
      y0: [x0],
      dt: 0.5,
      rtol: 0,
      atol: 0.02,
      source: new Rng(77, p),
      saveAt: { kind: 'times', times: [0, 1, 2] },
    });
    assert.equal(s.status, 'success');
    [1, 2].forEach((k, i) => {
      sums[i] = sums[i]! + s.y[k]![0]!;
      squares[i] = squares[i]! + s.y[k]![0]! ** 2;
    });
    steps += s.stats.naccepted;
    rejections += s.stats.nrejected;
  }
  // the tolerance is loose enough that rejections are frequent: a scheme that redrew the noise on
  // rejection would keep the small increments and shrink the variance
  assert.ok(rejections > 0.1 * steps, `${String(rejections)} rejections in ${String(steps)} steps`);
  [1, 2].forEach((t, i) => {
    const mean = x0 * Math.exp(-THETA * t);
    const variance = (SIGMA ** 2 * -Math.expm1(-2 * THETA * t)) / (2 * THETA);
    const m = sums[i]! / paths;
    const v = squares[i]! / paths - m * m;
    // standard errors: of the mean √(v/n); of the variance v·√(2/n) (Gaussian); 4 SE
    assert.ok(Math.abs(m - mean) < 4 * Math.sqrt(variance / paths), `t = ${String(t)}: mean ${String(m)} vs ${String(mean)}`);
    // the integrator's own weak error at this tolerance is part of what is bounded here: SRA1's
    // stationary variance differs from the exact one by O(θh) ≈ a few percent at h ≈ 0.05
    assert.ok(Math.abs(v - variance) < 4 * variance * Math.sqrt(2 / paths) + 0.05 * variance, `t = ${String(t)}: variance ${String(v)} vs ${String(variance)}`);
  });
});

test('the steps follow the tolerance: 10× tighter takes about 10^(2/3) ≈ 4.6× the steps', () => {
  const count = (atol: number): number => {
    let steps = 0;
    for (let p = 0; p < 200; p++) steps += solveSdeAdaptive(ou, { t0: 0, t1: 1, y0: [1], dt: 0.5, rtol: 0, atol, source: new Rng(3, p) }).stats.naccepted;
    return steps;
  };
  const ratio = count(1e-4) / count(1e-3);
  // the estimate is of local order 1.5 in h (h^{3/2}·θσ·χ/√h): steps ∝ atol^(−2/3); the range allows
  // the randomness of the estimate and the start-up from dt = 0.5
  assert.ok(ratio > 3.5 && ratio < 6, `ratio ${ratio.toFixed(2)}`);
});

test('save times are step ends; the path is a function of the source and the save grid', () => {
  const run = (): Float64Array[] =>
    solveSdeAdaptive(ou, { t0: 0, t1: 1, y0: [1], dt: 0.1, rtol: 1e-3, atol: 1e-3, source: new Rng(9), saveAt: { kind: 'uniform', n: 11 } }).y;
  const a = run();
  assert.deepEqual(a, run());
  const s = solveSdeAdaptive(ou, { t0: 0, t1: 1, y0: [1], dt: 0.1, rtol: 1e-3, atol: 1e-3, source: new Rng(9), saveAt: { kind: 'uniform', n: 11 } });
  assert.deepEqual(
    Array.from(s.t),
    Array.from({ length: 11 }, (_, k) => (k === 10 ? 1 : k / 10)),
  );
});

test('save: steps records every accepted step, from t0 to t1', () => {
  const s = solveSdeAdaptive(ou, { t0: 0, t1: 1, y0: [1], dt: 0.1, rtol: 1e-3, atol: 1e-3, source: new Rng(9), saveAt: { kind: 'steps' } });
  assert.equal(s.t.length, s.stats.naccepted + 1);
  assert.equal(s.t[0], 0);
  assert.equal(s.t.at(-1), 1);
});
