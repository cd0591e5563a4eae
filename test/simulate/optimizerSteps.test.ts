/**
 * The update rules of `runOptimizer` against their closed forms: the first two steps of gradient
 * descent, the heavy ball and Adam worked by hand on E = ½(w − 1)², and both reducing a convex loss.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { whitenedRegression } from '../../src/energies/whitenedRegression.js';
import { stepperOf } from '../../src/experiment/optimizer/steps.js';
import { runOptimizer } from '../../src/experiment/optimizer/runOptimizer.js';
import { leastYoungBytesPerCall } from '../youngAllocation.js';

/** E(w) = ½(w − 1)² on 1×1 matrices, from w = 0: ∇E = w − 1. */
const scalar = whitenedRegression(1, 1, [1]);
const twoSteps = (optimizer: Parameters<typeof runOptimizer>[0]['optimizer']): number[] =>
  runOptimizer({
    energy: scalar,
    model: { depth: 1, parametrization: 'end-to-end' },
    start: { endToEnd: [0] },
    optimizer: { ...optimizer, steps: 2 },
    saveAt: { kind: 'steps' },
    flow: false,
  }).W.map((W) => W[0]!);

test('heavy ball (torch.optim.SGD, momentum 0.9), lr 0.1: w1 = 0.1, w2 = 0.28 by hand', () => {
  // g0 = −1: b1 = g0 = −1, w1 = 0 − 0.1·(−1) = 0.1; g1 = −0.9: b2 = 0.9·(−1) − 0.9 = −1.8, w2 = 0.1 + 0.18 = 0.28
  const w = twoSteps({ kind: 'momentum', lr: 0.1, beta: 0.9 });
  assert.deepEqual(w.length, 3);
  assert.equal(w[0], 0);
  // a few roundings of numbers of size 1: 4 ulp
  assert.ok(Math.abs(w[1]! - 0.1) < 4 * Number.EPSILON, String(w[1]));
  assert.ok(Math.abs(w[2]! - 0.28) < 4 * Number.EPSILON, String(w[2]));
});

test('Adam (torch.optim.Adam defaults), lr 0.1: the first two steps as worked by hand', () => {
  const [b1, b2, eps, lr] = [0.9, 0.999, 1e-8, 0.1];
  // step 1, g = −1: m = −0.1, v = 0.001, m̂ = −1, v̂ = 1, so w1 = 0.1/(1 + ε): a sign step of length lr
  const w1 = lr / (1 + eps);
  // step 2, g = w1 − 1: m = 0.9·(−0.1) + 0.1 g, v = 0.999·0.001 + 0.001 g², bias corrections 1 − 0.9², 1 − 0.999²
  const g = w1 - 1;
  const m = b1 * -0.1 + (1 - b1) * g;
  const v = b2 * 0.001 + (1 - b2) * g * g;
  const w2 = w1 - (lr * (m / (1 - b1 ** 2))) / (Math.sqrt(v / (1 - b2 ** 2)) + eps);
  const w = twoSteps({ kind: 'adam', lr });
  // the same operations in another order: a few ulp of numbers of size ≤ 1
  assert.ok(Math.abs(w[1]! - w1) < 4 * Number.EPSILON, `${String(w[1])} vs ${String(w1)}`);
  assert.ok(Math.abs(w[2]! - w2) < 8 * Number.EPSILON, `${String(w[2])} vs ${String(w2)}`);
  // and against numbers not computed by this file's formula: the same recursion in 50-digit decimal
  // arithmetic (Python's decimal module, step by step as in the AdamSpec doc comment) gives
  // w1 = 0.09999999900000001000, w2 = 0.19958777028766260889 — the second step still ≈ lr long
  // (m̂/√v̂ ≈ 1 for a steady gradient); doubles of size ≤ 1 after ~20 roundings: 1e-15
  assert.ok(Math.abs(w[1]! - 0.09999999900000001) < 1e-15, String(w[1]));
  assert.ok(Math.abs(w[2]! - 0.1995877702876626) < 1e-15, String(w[2]));
});

test('gradient descent, lr 0.1: w1 = 0.1, w2 = 0.19 by hand (w_{k+1} = w_k − 0.1(w_k − 1))', () => {
  // g0 = −1: w1 = 0.1; g1 = −0.9: w2 = 0.1 + 0.09 = 0.19 (closed form 1 − 0.9^k)
  const w = twoSteps({ kind: 'gd', lr: 0.1 });
  assert.equal(w.length, 3);
  assert.equal(w[0], 0);
  assert.ok(Math.abs(w[1]! - 0.1) < 4 * Number.EPSILON, String(w[1]));
  assert.ok(Math.abs(w[2]! - 0.19) < 4 * Number.EPSILON, String(w[2]));
});

/** A convex problem: E = ½‖W − Φ‖² on 3×2 matrices, W itself the parameter (depth 1). */
const Phi = [1, -2, 0.5, 3, -1, 0.25];
const convex = whitenedRegression(3, 2, Phi);

test('heavy ball on a convex quadratic: the loss falls like β^k (spectral radius √β per step)', () => {
  const r = runOptimizer({
    energy: convex,
    model: { depth: 1, parametrization: 'end-to-end' },
    start: { endToEnd: new Float64Array(6) },
    optimizer: { kind: 'momentum', lr: 0.1, beta: 0.9, steps: 300 },
    saveAt: { kind: 'uniform', n: 4 },
    flow: false,
  });
  assert.equal(r.status, 'success', r.message);
  const E0 = r.rows[0]!.loss;
  // ∇²E = I: the iteration w ← w − lr·b, b ← βb + (w − φ) has characteristic z² − (1 + β − lr)z + β with
  // complex roots of modulus √β = 0.9487, so E_k ≤ C·k²·0.9^k; at k = 300, 0.9^300 = 1.9e-14: below 1e-9 with room for C·k² (measured 6e-14 from E0 = 7.66)
  assert.ok(r.rows.at(-1)!.loss < 1e-9 * E0, `E = ${String(r.rows.at(-1)!.loss)}`);
  assert.ok(r.rows.at(-1)!.loss > 0.9 ** 300 * 1e-3 * E0, 'faster than the spectral radius allows');
});

test('Adam on a convex quadratic: the loss falls at every saved step, from 7.66 to below 1e-20 in 2000 steps', () => {
  const r = runOptimizer({
    energy: convex,
    model: { depth: 1, parametrization: 'end-to-end' },
    start: { endToEnd: new Float64Array(6) },
    optimizer: { kind: 'adam', lr: 0.01, steps: 2000 },
    saveAt: { kind: 'uniform', n: 11 },
    flow: false,
  });
  const losses = r.rows.map((x) => x.loss);
  // E(0) = ½‖Φ‖² exactly
  assert.equal(losses[0], 0.5 * Phi.reduce((s, p) => s + p * p, 0));
  // a steady gradient makes Adam's step ≈ lr per coordinate (m̂/√v̂ ≈ ±1, not ∝ g as for GD): the residual 3
  // of φ_4 cannot fall below 1 in 200 steps of ≈ 0.01, so E(200) ≥ ½ (measured 0.99)
  assert.ok(losses[1]! > 0.5, `E(200) = ${String(losses[1])}`);
  for (let k = 1; k < losses.length; k++) assert.ok(losses[k]! < losses[k - 1]!, `loss rose at save ${String(k)}`);
  // near the minimum v shrinks with g², so the step shrinks with the residual and Adam converges here
  // (measured 3e-26 at step 2000); 1e-20 leaves six orders for other platforms' roundings
  assert.ok(losses.at(-1)! < 1e-20, `E = ${String(losses.at(-1))}`);
});

test('a step of each rule allocates nothing (young-generation bytes per step < 8 over 100 000 steps)', () => {
  const dim = 12;
  const theta = new Float64Array(dim);
  const g = new Float64Array(dim).fill(1e-3);
  for (const rule of [
    { kind: 'gd', lr: 1e-3 },
    { kind: 'momentum', lr: 1e-3 },
    { kind: 'adam', lr: 1e-3 },
  ] as const) {
    const s = stepperOf(rule, dim);
    for (let i = 0; i < 200_000; i++) s.step(theta, g); // warm: the step optimised (concurrent compilation may lag on a loaded machine)
    // one heap number costs 16 bytes, so an allocation in the step is ≥ 16 bytes in every attempt; the least of
    // up to five attempts leaves out boxed numbers while the optimised code is still compiling on a loaded
    // machine. Only the young generation is counted (test/youngAllocation.ts): installing compiled code grows
    // old space (once read as 28 bytes per step over 20 000 steps of the whole heap)
    const step = (): void => {
      s.step(theta, g);
    };
    const perStep = leastYoungBytesPerCall(step, 100_000, 5, 8);
    assert.ok(perStep < 8, `${rule.kind}: ${perStep.toFixed(1)} young-generation bytes per step`);
  }
});
