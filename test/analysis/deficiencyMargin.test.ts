/** docs/theory.md §8.1: the deficiency margin and the convergence rate of the linear-convergence theorem. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { convergenceBound, convergenceRate } from '../../src/analysis/convergenceBound.js';
import { deficiencyMargin, deficiencyMarginOf } from '../../src/analysis/deficiencyMargin.js';
import { analysisMessages } from '../../src/analysis/messages.js';

// Hand-computed cases are exact in binary up to a few roundings of the SVD and the norm: 1e-14
// absolute on O(1) numbers leaves ~50 ulps.
const TOL = 1e-14;

test('deficiencyMargin: diag(3, 2) against W = Φ + [[0, 0.6], [0.8, 0]] is σ_min − ‖Δ‖_F = 2 − 1 = 1', () => {
  const Phi = [3, 0, 0, 2];
  const W = [3, 0.6, 0.8, 2];
  assert.ok(Math.abs(deficiencyMargin(W, Phi, 2) - 1) < TOL);
});

test('deficiencyMargin: [[2, 1], [1, 2]] (eigenvalues 3, 1) with Δ = diag(0.3, 0.4) is 1 − 0.5 = 0.5; at W = Φ it is σ_min(Φ)', () => {
  const Phi = [2, 1, 1, 2];
  const margin = deficiencyMarginOf(Phi, 2);
  assert.ok(Math.abs(margin([2.3, 1, 1, 2.4]) - 0.5) < TOL);
  assert.ok(Math.abs(margin(Phi) - 1) < TOL);
});

test('deficiencyMargin: a rotation by 90° scaled by 2 (σ = 2, 2) reflected to det < 0 has margin 2 − 4 = −2', () => {
  // Φ = [[0, −2], [2, 0]]; W = [[0, 2], [2, 0]] (det W = −4): W − Φ = [[0, 4], [0, 0]], ‖·‖_F = 4
  assert.ok(Math.abs(deficiencyMargin([0, 2, 2, 0], [0, -2, 2, 0], 2) - (2 - 4)) < TOL);
  // a 3×3 case: Φ = diag(5, 4, 1), W = Φ + 0.25·(all ones): ‖Δ‖_F = 0.25·3 = 0.75, margin 0.25
  const Phi3 = [5, 0, 0, 0, 4, 0, 0, 0, 1];
  assert.ok(
    Math.abs(
      deficiencyMargin(
        Phi3.map((v) => v + 0.25),
        Phi3,
        3,
      ) - 0.25,
    ) < TOL,
  );
});

test('deficiencyMargin refuses non-square shapes with the message naming the sizes', () => {
  assert.throws(() => deficiencyMargin([1, 2, 3], [1, 0, 0, 1], 2), { message: analysisMessages.marginShape(2, 3) });
  assert.throws(() => deficiencyMarginOf([1, 0, 0], 2), { message: analysisMessages.marginShape(2, 3) });
});

test('convergenceRate: 2N c^{2(N−1)/N} upstairs, 1/N of it in normalised time, → 2c² as N → ∞', () => {
  const c = 0.3;
  assert.equal(convergenceRate(c, 1, 'upstairs'), 2); // c^0 = 1
  assert.ok(Math.abs(convergenceRate(c, 2, 'upstairs') - 4 * 0.3) < TOL); // 2·2·c^1
  assert.ok(Math.abs(convergenceRate(c, 4, 'upstairs') - 8 * 0.3 ** 1.5) < TOL);
  for (const N of [1, 2, 3, 5, 10]) assert.ok(Math.abs(convergenceRate(c, N, 'normalized') - convergenceRate(c, N, 'upstairs') / N) < TOL);
  assert.ok(Math.abs(convergenceRate(c, Infinity, 'normalized') - 2 * c * c) < TOL);
  // the normalised rate 2c^{2−2/N} = 2c²·c^{−2/N} approaches 2c² like 2c²·(−2 ln c)/N: at N = 1e6 within 1e-5 relative
  const N = 1e6;
  const rel = convergenceRate(c, N, 'normalized') / convergenceRate(c, Infinity, 'normalized') - 1;
  assert.ok(Math.abs(rel - (-2 * Math.log(c)) / N) < 1e-11, `relative gap ${String(rel)}`);
});

test('convergenceRate: no margin (c ≤ 0) guarantees nothing: rate 0, bound L(0); NaN stays NaN; bad depths refused', () => {
  assert.equal(convergenceRate(0, 3, 'upstairs'), 0);
  assert.equal(convergenceRate(-1, Infinity, 'normalized'), 0);
  assert.equal(convergenceBound(2.5, -0.1, 2, 'upstairs', 100), 2.5);
  assert.ok(Number.isNaN(convergenceRate(NaN, 2, 'upstairs')));
  assert.throws(() => convergenceRate(0.5, Infinity, 'upstairs'), { message: analysisMessages.rateInfiniteUpstairs() });
  assert.throws(() => convergenceRate(0.5, 2.5, 'upstairs'), { message: analysisMessages.rateDepth(2.5) });
  assert.throws(() => convergenceRate(0.5, 0, 'upstairs'), { message: analysisMessages.rateDepth(0) });
});

test('convergenceBound: L(0)·exp(−r t), e.g. N = 3, c = 0.5, t = 2: 1.5·exp(−6·0.5^{4/3}·2)', () => {
  const expected = 1.5 * Math.exp(-6 * 0.5 ** (4 / 3) * 2);
  assert.ok(Math.abs(convergenceBound(1.5, 0.5, 3, 'upstairs', 2) / expected - 1) < TOL);
  assert.equal(convergenceBound(1.5, 0.5, 3, 'upstairs', 0), 1.5);
});
