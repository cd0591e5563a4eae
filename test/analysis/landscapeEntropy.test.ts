/** docs/theory.md §6.4: the landscape entropies, their closed forms and their N → ∞ limits. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { landscapeEntropy, logVolumeElementLimit, orbitEntropyLimit, orbitEntropyShift, undefinedEntropyReason } from '../../src/analysis/landscapeEntropy.js';
import { analysisMessages } from '../../src/analysis/messages.js';
import { entropy, logVolumeElement } from '../../src/analysis/volume.js';
import { lambdaInf, lambdaN } from '../../src/flows/coefficients.js';
import { Rng } from '../../src/init/rng.js';

const randomSigma = (rng: Rng, d: number): number[] => Array.from({ length: d }, () => Math.exp(rng.normal())).sort((a, b) => b - a);

test('orbit entropy on the rank-1 hyperbola [[1, a], [1/a, 1]]: S = ((N−1)/N) log σ1 exactly (σ1² = 2 + a² + 1/a²)', () => {
  for (const a of [1e-3, 0.1, 0.7, 1, 3, 250]) {
    const sigma1 = Math.sqrt(2 + a * a + 1 / (a * a));
    for (const N of [1, 2, 3, 7, 40]) {
      const S = landscapeEntropy([sigma1, 0], N, 'orbit');
      // one log of a power and a log1p of 0: a few ulps of |log σ1| ≤ 6
      assert.ok(Math.abs(S - ((N - 1) / N) * Math.log(sigma1)) < 1e-14, `a = ${String(a)}, N = ${String(N)}: ${String(S)}`);
    }
  }
});

test('orbit entropy at d = 2 against the geometric sum ½ log Σ_k x1^k x2^{N−1−k}, x = σ^{2/N} (full rank)', () => {
  const rng = new Rng(3);
  for (let trial = 0; trial < 40; trial++) {
    const [s1, s2] = randomSigma(rng, 2) as [number, number];
    const N = 2 + (trial % 6);
    const x1 = s1 ** (2 / N);
    const x2 = s2 ** (2 / N);
    let sum = 0;
    for (let k = 0; k < N; k++) sum += x1 ** k * x2 ** (N - 1 - k);
    // a sum of N positive terms and a log: relative rounding ~N·ε on values of order 1
    assert.ok(Math.abs(landscapeEntropy([s1, s2], N, 'orbit') - 0.5 * Math.log(sum)) < 1e-13);
  }
});

test('S_N − ¼d(d−1) log N = ½ Σ_{i<j} log λ^N_ij (an independent computation through lambdaN), to 1e-12', () => {
  const rng = new Rng(5);
  for (let trial = 0; trial < 30; trial++) {
    const d = 2 + (trial % 4);
    const N = 2 + (trial % 9);
    const sigma = randomSigma(rng, d);
    let viaLambda = 0;
    for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) viaLambda += 0.5 * Math.log(lambdaN(sigma[i]! ** 2, sigma[j]! ** 2, N));
    // sums of d(d−1)/2 logs of order 1: rounding well below 1e-12
    assert.ok(Math.abs(entropy(sigma, N) - orbitEntropyShift(d, N) - viaLambda) < 1e-12);
  }
});

test('N → ∞: N·(S_N − ¼d(d−1) log N − S_∞) → ½ Σ κ_ij / λ^∞_ij with κ = (a − b)/2 − λ^∞ ln a (measured at N = 2000)', () => {
  const rng = new Rng(8);
  for (let trial = 0; trial < 10; trial++) {
    const d = 2 + (trial % 3);
    const sigma = randomSigma(rng, d);
    const N = 2000;
    const gap = N * (entropy(sigma, N) - orbitEntropyShift(d, N) - orbitEntropyLimit(sigma));
    let predicted = 0;
    for (let i = 0; i < d; i++)
      for (let j = i + 1; j < d; j++) {
        const a = sigma[i]! ** 2;
        const b = sigma[j]! ** 2;
        const li = lambdaInf(a, b);
        predicted += (0.5 * ((a - b) / 2 - li * Math.log(a))) / li;
      }
    // the next term is O(1/N) relative to the first: 2000⁻¹·(a few) ≈ 2e-3 of the constant, plus the
    // cancellation in S_N − shift (≈ N·1e-13 = 2e-10 absolute)
    assert.ok(Math.abs(gap - predicted) < 5e-3 * Math.max(1, Math.abs(predicted)), `d = ${String(d)}: ${String(gap)} vs ${String(predicted)}`);
  }
});

test('the volume element converges to its N = ∞ limit at rate 1/N (N·gap equal at N = 1000 and 2000 to 0.5%)', () => {
  const rng = new Rng(9);
  for (let trial = 0; trial < 10; trial++) {
    const sigma = randomSigma(rng, 2 + (trial % 3));
    const gap = (N: number): number => N * (logVolumeElement(sigma, N) - logVolumeElementLimit(sigma));
    const g1 = gap(1000);
    const g2 = gap(2000);
    // O(1/N) convergence: N·gap changes by O(1/N) relative, ≈ 1e-3 between the two depths
    assert.ok(Math.abs(g2 - g1) < 5e-3 * Math.max(1e-3, Math.abs(g2)), `${String(g1)} vs ${String(g2)}`);
  }
});

test('orbit+element is the orbit entropy plus the log volume element, at finite N and at N = ∞', () => {
  const sigma = [2.5, 0.4, 0.1];
  for (const N of [2, 5, Infinity]) {
    const element = Number.isFinite(N) ? logVolumeElement(sigma, N) : logVolumeElementLimit(sigma);
    const orbit = landscapeEntropy(sigma, N, 'orbit');
    assert.equal(landscapeEntropy(sigma, N, 'orbit+element'), orbit + element);
  }
  // at d = 2, N = ∞: ½ log λ^∞ − log σ1σ2 + log|ln σ1² − ln σ2²| = ½ log[(σ1² − σ2²)·|ln σ1² − ln σ2²|] − log σ1σ2
  const [s1, s2] = [3, 0.5];
  const closed = 0.5 * Math.log((s1 * s1 - s2 * s2) * Math.log((s1 * s1) / (s2 * s2))) - Math.log(s1 * s2);
  // a handful of logs of order 1
  assert.ok(Math.abs(landscapeEntropy([s1, s2], Infinity, 'orbit+element') - closed) < 1e-14);
});

test('undefined entropies say why: rank-deficient W at N = ∞ (orbit), equal σ (orbit+element); finite ones have no reason', () => {
  assert.equal(landscapeEntropy([2, 0], Infinity, 'orbit'), -Infinity);
  assert.equal(undefinedEntropyReason([2, 0], Infinity, 'orbit'), analysisMessages.orbitLimitRankDeficient());
  assert.equal(undefinedEntropyReason([2, 0], 3, 'orbit'), undefined);
  assert.equal(landscapeEntropy([2, 0], 3, 'orbit+element'), Infinity);
  assert.equal(undefinedEntropyReason([2, 0], 3, 'orbit+element'), analysisMessages.elementRankDeficient());
  assert.equal(undefinedEntropyReason([1.5, 1.5], 3, 'orbit+element'), analysisMessages.elementEqualSigma());
  assert.equal(undefinedEntropyReason([1.5, 1.5], Infinity, 'orbit'), undefined);
});
