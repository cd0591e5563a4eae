import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describe } from '../../src/checks/stats.js';

test('per-cell statistics: mean, sample std, 95% CI and type-7 quantiles (NumPy’s default) on known data', () => {
  const d = describe([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NaN])!;
  assert.equal(d.n, 10); // non-finite values are left out
  assert.equal(d.mean, 5.5);
  assert.ok(Math.abs(d.std - Math.sqrt(55 / 6)) < 1e-15); // Σ(x − 5.5)²/9 = 82.5/9
  // Student t with 9 degrees of freedom: t(0.975, 9) = 2.2621571628 (scipy.stats.t.ppf(0.975, 9))
  assert.ok(Math.abs(d.ci95[0] - (5.5 - (2.2621571628 * d.std) / Math.sqrt(10))) < 1e-9);
  // numpy.quantile([1..10], [.05, .25, .5, .75, .95]) = 1.45, 3.25, 5.5, 7.75, 9.55
  for (const [got, want] of [
    [d.q05, 1.45],
    [d.q25, 3.25],
    [d.median, 5.5],
    [d.q75, 7.75],
    [d.q95, 9.55],
  ] as const)
    assert.ok(Math.abs(got - want) < 1e-14, `${String(got)} vs ${String(want)}`);
  assert.equal(describe([]), undefined);
});
