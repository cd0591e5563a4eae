/** docs/theory.md §3 (λ^N → λ^∞) and §6 (volume element, entropy). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entropy, logVolumeElement, logVolumeElementProduct } from '../../src/analysis/volume.js';
import { lambdaInf, lambdaN } from '../../src/flows/coefficients.js';
import { Rng } from '../../src/init/rng.js';

test('(h) λ^N → λ^∞ at rate 1/N: N·|λ^N − λ^∞| settles to a constant (measured)', (t) => {
  const pairs: [number, number][] = [[1, 4], [0.3, 2.5], [0.01, 1], [2, 2.0001]];
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
    t.diagnostic(`(σ_i², σ_l²) = (${String(a)}, ${String(b)}): N·|λ^N − λ^∞| = ${c1.toPrecision(6)} at N = 1000, ${c2.toPrecision(6)} at N = 2000; predicted κ = ${kappa.toPrecision(6)}`);
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
  for (const [s1, s2] of [[2, 0.5], [1, 1e-6], [3, 1e-12]] as const) {
    // van(Σ²)/van(Σ) = σ1 + σ2 exactly; the two logs are O(1) and agree to rounding (≲ 1e-15), 1e-12 is slack
    assert.ok(Math.abs(entropy([s1, s2], 2) - 0.5 * Math.log(s1 + s2)) < 1e-12);
  }
  assert.ok(Number.isFinite(entropy([1, 1e-300], 3)));
});
