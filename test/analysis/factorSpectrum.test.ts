/** det W and the small singular values of W = W_N ⋯ W_1 from the factors (docs/theory.md §5). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { factorDeterminant, factorSpectrum } from '../../src/analysis/factorSpectrum.js';
import { spectrum } from '../../src/analysis/spectrum.js';
import { endToEndOf, factorLayout, packFactors } from '../../src/flows/layout.js';
import { determinant } from '../../src/linalg/lu.js';
import { matmul, matmulNT } from '../../src/linalg/products.js';
import { singularValues } from '../../src/linalg/svd.js';
import { analysisMessages } from '../../src/analysis/messages.js';

const rotation = (a: number): Float64Array => Float64Array.from([Math.cos(a), -Math.sin(a), Math.sin(a), Math.cos(a)]);

/** W_j = Q_j diag(e, 1) Q_{j−1}ᵀ with rotations Q_j: W = Q_N diag(e^N, 1) Q_0ᵀ, so det W = e^N and σ = (1, e^N). */
function rotatedFactors(N: number, e: number): Float64Array[] {
  const Q = Array.from({ length: N + 1 }, (_, j) => rotation(0.3 + 0.7 * j));
  return Array.from({ length: N }, (_, j) => {
    const QD = new Float64Array(4);
    matmul(Q[j + 1]!, Float64Array.from([e, 0, 0, 1]), QD, 2, 2, 2);
    const W = new Float64Array(4);
    matmulNT(QD, Q[j]!, W, 2, 2, 2);
    return W;
  });
}

test('det and σ_min of diag(ε^{1/N}, 1)^N with ε = 1e-30: exact from the factors, where W-based σ_2 reads 0', () => {
  const eps = 1e-30;
  for (const N of [2, 3, 5]) {
    const L = factorLayout(Array.from({ length: N + 1 }, () => 2));
    const y = packFactors(
      L,
      Array.from({ length: N }, () => [eps ** (1 / N), 0, 0, 1]),
    );
    const W = endToEndOf(L, y);
    // the W-based route: Jacobi reports σ below 2ε‖W‖_F as rounding noise, i.e. 0
    assert.equal(singularValues(W, 2, 2)[1], 0);
    const s = spectrum(W, 2, 2, 1e-6, { layout: L, y });
    assert.ok(s.fromFactors);
    // products of N numbers each rounded once: relative error ≤ 2N ulps; 1e-14 is loose
    assert.ok(Math.abs(s.sigma[1]! / eps - 1) < 1e-14, `N = ${String(N)}: σ_2 = ${String(s.sigma[1])}`);
    assert.ok(Math.abs(s.det! / eps - 1) < 1e-14);
    // a sum of N logs of size ≤ 69: ~N ulps of 69 ≈ 1e-14·N; 1e-12 is loose
    assert.ok(Math.abs(s.logAbsDet! - Math.log(eps)) < 1e-12);
    assert.equal(s.sigma[0], 1);
  }
});

test('rotated factors: det W = ε and σ_2 = ε to ε_mach·κ(W_j) from the factors, while W-based det and σ_2 are noise', () => {
  // W_j has σ = (e, 1), κ(W_j) = 1/e; the stored factors are exact to ~ε_mach relative in their entries,
  // so σ_min(W_j) is known to ~ε_mach·κ(W_j) relative: for N = 3 (e = 1e-10) that is ~2e-6,
  // for N = 5 (e = 1e-6) ~2e-10. Tolerances: 10× those, for the N factors and the rotations' rounding.
  for (const [N, tol] of [
    [3, 2e-5],
    [5, 2e-9],
  ] as const) {
    const eps = 1e-30;
    const e = eps ** (1 / N);
    const L = factorLayout(Array.from({ length: N + 1 }, () => 2));
    const y = packFactors(L, rotatedFactors(N, e));
    const W = endToEndOf(L, y);
    const fromW = determinant(W, 2);
    // W's entries are O(1), rounded to 1e-16: its determinant is rounding noise, 13+ orders above ε
    assert.ok(Math.abs(fromW - eps) > 1e3 * eps, `W-based det ${String(fromW)}`);
    const fd = factorDeterminant(L, y);
    assert.equal(fd.sign, 1);
    assert.ok(Math.abs(fd.det / eps - 1) < tol, `N = ${String(N)}: det ${String(fd.det)}`);
    const s = factorSpectrum(L, y, 2, 2, { sigma: singularValues(W, 2, 2), det: fromW, logAbsDet: Math.log(Math.abs(fromW)) });
    assert.ok(s.fromFactors);
    assert.ok(Math.abs(s.sigma[1]! / eps - 1) < tol, `N = ${String(N)}: σ_2 = ${String(s.sigma[1])}`);
    // σ_1 = 1 stays W's (accurate to ~ε_mach)
    assert.ok(Math.abs(s.sigma[0]! - 1) < 1e-14);
  }
});

test('the sign of det W from the factors follows the factors (one reflected factor: det < 0)', () => {
  const L = factorLayout([3, 3, 3]);
  const W1 = [2, 1, 0, 0, 1, 0, 1, 0, 3];
  const W2 = [0, 1, 0, 1, 0, 0, 0, 0, 1]; // a swap: det −1
  const y = packFactors(L, [W1, W2]);
  const d = factorDeterminant(L, y);
  // det W1 = 2·(1·3 − 0·0) − 1·(0·3 − 0·1) + 0 = 6 by cofactors; det W2 = −1 (a row swap)
  assert.equal(d.sign, -1);
  assert.ok(Math.abs(d.det + 6) < 1e-14 * 6);
  assert.ok(Math.abs(d.det - determinant(endToEndOf(L, y), 3)) < 1e-13);
});

test("ill-conditioned factors of a well-conditioned product keep W's singular values (W_2 = W_1^{-1}, κ(W_j) = 1e8)", () => {
  // W_1 = diag(1e-4, 1e4) rotated, W_2 = its inverse: W = I up to rounding. W's SVD gives σ = 1 to ~1e-16·κ(W_j)
  // in the product's rounding; the inverse route would carry ε·Σκ(W_j) ≈ 4e-8, so W's values must be kept
  const R = rotation(0.4);
  const Rt = rotation(-0.4);
  const D = Float64Array.from([1e-4, 0, 0, 1e4]);
  const Dinv = Float64Array.from([1e4, 0, 0, 1e-4]);
  const tmp = new Float64Array(4);
  const W1 = new Float64Array(4);
  const W2 = new Float64Array(4);
  matmul(R, D, tmp, 2, 2, 2);
  matmul(tmp, Rt, W1, 2, 2, 2);
  matmul(R, Dinv, tmp, 2, 2, 2);
  matmul(tmp, Rt, W2, 2, 2, 2);
  const L = factorLayout([2, 2, 2]);
  const y = packFactors(L, [W1, W2]);
  const W = endToEndOf(L, y);
  const s = spectrum(W, 2, 2, 1e-6, { layout: L, y });
  const fromW = singularValues(W, 2, 2);
  assert.deepEqual(Array.from(s.sigma), Array.from(fromW));
  // and W is I to the rounding of the products of entries of size 1e4: ~1e4·1e-16·1e4·… ≪ 1e-6
  assert.ok(Math.abs(s.sigma[1]! - 1) < 1e-6);
});

test('non-square hidden widths and singular factors fall back to W', () => {
  const L = factorLayout([2, 3, 2]);
  const y = packFactors(L, [
    [1, 0, 0, 1, 0, 0],
    [1, 0, 0, 0, 1, 0],
  ]);
  const W = endToEndOf(L, y);
  const s = spectrum(W, 2, 2, 1e-6, { layout: L, y });
  assert.equal(s.fromFactors, false);
  assert.equal(s.det, 1);
  assert.throws(() => factorDeterminant(L, y), { message: analysisMessages.squareFactors() });
  const L2 = factorLayout([2, 2, 2]);
  const y2 = packFactors(L2, [
    [1, 0, 0, 0],
    [1, 0, 0, 1],
  ]);
  const s2 = spectrum(endToEndOf(L2, y2), 2, 2, 1e-6, { layout: L2, y: y2 });
  assert.equal(s2.fromFactors, false);
  assert.equal(s2.det, 0);
  assert.equal(s2.sigma[1], 0);
});
