/** docs/theory.md §3 (λ^N → λ^∞) and §6 (volume element, entropy). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entropy, logPowerGap, logVandermonde, logVandermondePowers, logVolumeElement, logVolumeElementProduct } from '../../src/analysis/volume.js';
import { lambdaInf, lambdaN } from '../../src/flows/coefficients.js';
import { Rng } from '../../src/init/rng.js';

test('(h) λ^N → λ^∞ at rate 1/N: N·|λ^N − λ^∞| settles to a constant (measured)', (t) => {
  const pairs: [number, number][] = [
    [1, 4],
    [0.3, 2.5],
    [0.01, 1],
    [2, 2.0001],
  ];
  for (const [a, b] of pairs) {
    const gap = (N: number): number => Math.abs(lambdaN(a, b, N) - lambdaInf(a, b));
    const c1 = 1000 * gap(1000);
    const c2 = 2000 * gap(2000);
    // O(1/N) with a next term O(1/N²): N·gap changes by ~c/N between N = 1000 and 2000
    assert.ok(c1 > 0 && Math.abs(c2 / c1 - 1) < 5e-3, `(${String(a)}, ${String(b)}): N·gap = ${String(c1)}, ${String(c2)}`);
    // λ^N = a^{−1/N}·(1/N)Σ_{j} f((j−1)/N) with f(x) = a^{1−x} b^x and ∫₀¹ f = λ^∞: the left Riemann
    // sum errs by (f(0) − f(1))/(2N) = (a − b)/(2N) and a^{−1/N} = 1 − ln(a)/N + …, so
    // N·(λ^N − λ^∞) → κ = (a − b)/2 − λ^∞ ln a (symmetric in a, b, as it must be)
    const kappa = Math.abs((a - b) / 2 - lambdaInf(a, b) * Math.log(a));
    assert.ok(Math.abs(c2 - kappa) < 2e-3 * Math.max(kappa, Math.abs(a - b)), `constant ${String(c2)} vs κ = ${String(kappa)}`);
    t.diagnostic(
      `(σ_i², σ_l²) = (${String(a)}, ${String(b)}): N·|λ^N − λ^∞| = ${c1.toPrecision(6)} at N = 1000, ${c2.toPrecision(6)} at N = 2000; predicted κ = ${kappa.toPrecision(6)}`,
    );
  }
});

test('(h) volume element: the closed form (CMV Thm 1.1) equals √det g^N · van(Σ²) on random Σ to 1e-10 relative', () => {
  const rng = new Rng(12);
  for (let trial = 0; trial < 50; trial++) {
    const d = 2 + (trial % 5);
    const N = 1 + (trial % 7);
    const sigma = Array.from({ length: d }, () => Math.exp(rng.normal()));
    const closed = logVolumeElement(sigma, N);
    const product = logVolumeElementProduct(sigma, N);
    // logs of products of d² terms: rounding ~d²·ε·max|log| ≪ 1e-10
    assert.ok(Math.abs(Math.exp(closed - product) - 1) <= 1e-10, `d=${String(d)} N=${String(N)}: ${String(closed)} vs ${String(product)}`);
  }
});

test('entropy (orbit volume, square-root form): ½ log(σ1 + σ2) for d = 2, N = 2, finite as a singular value → 0', () => {
  // docs/theory.md §6: for d = 2, N = 2 the orbit tangent has squared length σ1 + σ2 = van(Σ²)/van(Σ)
  for (const [s1, s2] of [
    [2, 0.5],
    [1, 1e-6],
    [3, 1e-12],
  ] as const) {
    // van(Σ²)/van(Σ) = σ1 + σ2 exactly; the two logs are O(1) and agree to rounding (≲ 1e-15), 1e-12 is slack
    assert.ok(Math.abs(entropy([s1, s2], 2) - 0.5 * Math.log(s1 + s2)) < 1e-12);
  }
  assert.ok(Number.isFinite(entropy([1, 1e-300], 3)));
});

/**
 * Independent reference for `log|x^a − y^a|`, x > y > 0 near each other: with δ = (x − y)/y (x − y is
 * exact by Sterbenz, the division rounds once), x^a − y^a = y^a · Σ_{k≥1} C(a, k) δ^k, summed until the
 * terms fall below 1e-20 of the sum (|δ| ≤ 2e-3 for the close pairs here: ≤ 8 terms). No expm1/log1p:
 * a different route. Pairs farther apart than δ = 0.5 have no cancellation to speak of (hi^a − lo^a keeps
 * all but ~2 bits) and are computed directly.
 */
function logGapSeries(x: number, y: number, a: number): number {
  const hi = Math.max(x, y);
  const lo = Math.min(x, y);
  const delta = (hi - lo) / lo;
  if (delta > 0.5) return Math.log(hi ** a - lo ** a);
  let term = 1;
  let sum = 0;
  for (let k = 1; k < 40; k++) {
    term *= ((a - k + 1) / k) * delta;
    sum += term;
    if (Math.abs(term) < 1e-20 * Math.abs(sum)) break;
  }
  return a * Math.log(lo) + Math.log(Math.abs(sum));
}

/** The closed form of the volume element with the series reference for its Vandermonde factor. */
function logVolumeReference(sigma: readonly number[], N: number): number {
  const d = sigma.length;
  let v = ((d * (d - 1)) / 2) * Math.log(N);
  for (const s of sigma) v += ((1 - N) / N) * Math.log(s);
  for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) v += logGapSeries(sigma[i]!, sigma[j]!, 2 / N);
  return v;
}

test('near-equal singular values (relative gaps 1e-3 … 1e-12): log|σ_i^a − σ_j^a|, the volume element and van(Σ²) against a series reference', (t) => {
  for (const gap of [1e-3, 1e-6, 1e-9, 1e-12]) {
    // two clusters of near-equal values: every pair inside a cluster has a relative gap ~gap
    const sigma = [0.7, 0.7 * (1 + gap), 1.3, 1.3 * (1 + 2 * gap)];
    for (const a of [2, 1, 2 / 3, 0.4]) {
      const ref = logGapSeries(sigma[0]!, sigma[1]!, a);
      // each log is computed from correctly rounded inputs through ~4 operations: a few ulps of |ref| ≤ 30
      assert.ok(Math.abs(logPowerGap(sigma[0]!, sigma[1]!, a) - ref) < 1e-14 * Math.max(1, Math.abs(ref)), `gap ${String(gap)}, a = ${String(a)}`);
    }
    for (const N of [2, 3, 5]) {
      const closed = logVolumeElement(sigma, N);
      const product = logVolumeElementProduct(sigma, N);
      const ref = logVolumeReference(sigma, N);
      // sums of ≤ 16 logs of magnitude ≤ 30, each to a few ulps (~1e-14 each): 1e-12 absolute has margin
      assert.ok(Math.abs(closed - ref) < 1e-12, `gap ${String(gap)}, N = ${String(N)}: closed ${String(closed)} vs reference ${String(ref)}`);
      assert.ok(Math.abs(product - closed) < 1e-12, `gap ${String(gap)}, N = ${String(N)}: product ${String(product)} vs closed ${String(closed)}`);
    }
    // the naive form (powers first, then subtract) loses log10(1/gap) digits: the test resolves the difference
    const naive = logVandermonde(sigma.map((s) => s ** (2 / 3)));
    const stable = logVandermondePowers(sigma, 2 / 3);
    t.diagnostic(`gap ${String(gap)}: |naive − stable| log van(Σ^{2/3}) = ${Math.abs(naive - stable).toExponential(2)}`);
    if (gap <= 1e-9) assert.ok(Math.abs(naive - stable) > 1e-9, 'the naive form should visibly lose digits at this gap');
  }
});

test('logPowerGap far apart (ratio 1e200) and equal arguments', () => {
  // hi^a − lo^a = hi^a (1 − (lo/hi)^a): for lo/hi = 1e-200 the correction is below rounding
  assert.ok(Math.abs(logPowerGap(1e100, 1e-100, 2) - 200 * Math.log(10)) < 1e-12);
  assert.equal(logPowerGap(3, 3, 2), -Infinity);
  // moderate ratio: exact value log(3² − 1) = log 8
  assert.ok(Math.abs(logPowerGap(3, 1, 2) - Math.log(8)) < 1e-15);
});

test('entropy at equal singular values is its limit ½ Σ_{i<j} [log N + (2 − 2/N) log σ], continuous with nearby values', () => {
  // d = 2, N = 3, σ = (1, 1): ½ log 3; σ = (2, 2): ½ (log 3 + (4/3) log 2)
  assert.ok(Math.abs(entropy([1, 1], 3) - 0.5 * Math.log(3)) < 1e-15);
  assert.ok(Math.abs(entropy([2, 2], 3) - 0.5 * (Math.log(3) + (4 / 3) * Math.log(2))) < 1e-15);
  // at a relative gap g the pair term moves by O(g): a gap of 1e-9 changes it by ~1e-9 (measured 3.3e-10 at N = 3)
  assert.ok(Math.abs(entropy([1, 1 + 1e-9], 3) - entropy([1, 1], 3)) < 2e-9);
  // three equal values: three pairs
  assert.ok(Math.abs(entropy([1, 1, 1], 4) - 1.5 * Math.log(4)) < 1e-15);
});
