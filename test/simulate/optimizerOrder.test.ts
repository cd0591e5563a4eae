/**
 * Gradient descent against the flow (docs/theory.md, "Discrete optimisers against the flow"): GD is
 * explicit Euler on the flow, so its gap at a fixed flow time T shrinks like O(lr); and the loss
 * convention only moves the clock (lr on c·E is lr·c on E).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { whitenedRegression } from '../../src/energies/whitenedRegression.js';
import { balancedFactors } from '../../src/init/inits.js';
import { runOptimizer } from '../../src/experiment/optimizer/runOptimizer.js';

/** A smooth problem: whitened regression on 2×2, depth 2, from balanced factors of a generic W0 (not aligned with Φ). */
const energy = whitenedRegression(2, 2, [2, 0.5, 0.3, 1]);
const factors = balancedFactors([2, 2, 2], [0.3, 0.06, -0.03, 0.25]);
const T = 2;

function gapAt(lr: number, kind: 'gd' | 'momentum' | 'adam' = 'gd'): number {
  const r = runOptimizer({
    energy,
    model: { depth: 2, parametrization: 'factors' },
    start: { factors },
    optimizer: { kind, lr },
    t1: T,
    saveAt: { kind: 'times', times: [0, T] },
  });
  assert.equal(r.status, 'success', r.message);
  // T is a whole number of steps for these rates: the last saved time is T itself (to the rounding of dt·k)
  assert.ok(Math.abs(r.t.at(-1)! - T) < 1e-12, `last time ${String(r.t.at(-1))}`);
  return r.gapToFlow!.at(-1)!;
}

test('GD gap to the flow at T = 2 is O(lr): fitted log-log slope 1 ± 0.1 over lr = 0.04 … 0.0025', (t) => {
  const lrs = [0.04, 0.02, 0.01, 0.005, 0.0025];
  const gaps = lrs.map((lr) => gapAt(lr));
  const slope = logSlope(lrs, gaps);
  t.diagnostic(`gaps ${gaps.map((g) => g.toExponential(3)).join(', ')}; slope ${slope.toFixed(4)}`);
  // the acceptance of issue 16: order 1 ± 0.1
  assert.ok(Math.abs(slope - 1) < 0.1, `slope ${String(slope)}`);
  // and the gap is the discretisation's, not the reference flow's: at the smallest lr it is still ≫ the
  // flow's tolerance (rtol 1e-10), and halving lr halves it to within 10% at every step of the ladder
  assert.ok(gaps.at(-1)! > 1e-6);
  for (let i = 1; i < gaps.length; i++) assert.ok(Math.abs(gaps[i - 1]! / gaps[i]! - 2) < 0.2, `ratio ${String(gaps[i - 1]! / gaps[i]!)}`);
});

test('the loss convention moves the clock only: GD with lr on (2/3)·E takes the steps of lr·(2/3) on E, at the same flow times', () => {
  const common = {
    energy,
    model: { depth: 2, parametrization: 'factors' as const },
    start: { factors },
    saveAt: { kind: 'steps' as const },
    flow: false as const,
  };
  const mean = runOptimizer({ ...common, optimizer: { kind: 'gd', lr: 0.03, steps: 50, lossScale: 2 / 3 } });
  const sum = runOptimizer({ ...common, optimizer: { kind: 'gd', lr: 0.03 * (2 / 3), steps: 50 } });
  assert.equal(mean.t.length, 51);
  // dt = lr·c: the same step length to the last bit of the product, and the same times
  assert.equal(mean.dt, 0.03 * (2 / 3));
  assert.deepEqual(mean.t, sum.t);
  // lr·(c·g) against (lr·c)·g: one rounding per step and component, accumulated over 50 steps of size ≤ 1
  mean.W.forEach((W, k) => {
    for (let i = 0; i < W.length; i++) assert.ok(Math.abs(W[i]! - sum.W[k]![i]!) < 1e-13, `step ${String(k)}`);
  });
  assert.equal(mean.lossScale, 2 / 3);
});

/** The least-squares slope of log y against log x. */
function logSlope(xs: readonly number[], ys: readonly number[]): number {
  const x = xs.map(Math.log);
  const y = ys.map(Math.log);
  const mx = x.reduce((a, b) => a + b) / x.length;
  const my = y.reduce((a, b) => a + b) / y.length;
  return x.reduce((s, xi, i) => s + (xi - mx) * (y[i]! - my), 0) / x.reduce((s, xi) => s + (xi - mx) ** 2, 0);
}

test('the heavy ball on its clock t = k·lr/(1 − β): its gap to the flow at T = 2 is O(lr) too (slope 1 ± 0.1)', (t) => {
  // β = 0.9: dt = 10·lr; lr = 0.001 … 0.00025 are steps of 0.01 … 0.0025 of flow time (at lr 0.004 the
  // buffer's transient still dominates: 5.2e-2, measured)
  const lrs = [0.001, 0.0005, 0.00025];
  const gaps = lrs.map((lr) => gapAt(lr, 'momentum'));
  const slope = logSlope(lrs, gaps);
  t.diagnostic(`gaps ${gaps.map((g) => g.toExponential(3)).join(', ')}; slope ${slope.toFixed(4)}`);
  assert.ok(Math.abs(slope - 1) < 0.1, `slope ${String(slope)}`);
});

test('Adam on t = k·lr does not discretise the gradient flow: its gap at T = 2 does not shrink with lr', (t) => {
  const lrs = [0.002, 0.001, 0.0005];
  const gaps = lrs.map((lr) => gapAt(lr, 'adam'));
  t.diagnostic(`gaps ${gaps.map((g) => g.toExponential(4)).join(', ')}`);
  // measured 2.737e-2 at every rate: the distance between the gradient flow and the sign-descent flow Adam
  // follows as lr → 0 (docs/theory.md §8.6), not a discretisation error
  for (const g of gaps) assert.ok(g > 1e-2, String(g));
  assert.ok(Math.abs(gaps[0]! / gaps.at(-1)! - 1) < 0.01, `gaps ${gaps.join(', ')}`);
});
