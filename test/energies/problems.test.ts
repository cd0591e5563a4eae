/** The seeded problem builders of the scenarios: low-rank targets, Gaussian sensing, rank-deficient data. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dataProblem } from '../../src/energies/dataProblem.js';
import { lowRankTarget } from '../../src/energies/lowRankTarget.js';
import { energiesMessages } from '../../src/energies/messages.js';
import { sensingProblem } from '../../src/energies/sensingProblem.js';
import { randomOrthonormal } from '../../src/init/orthonormal.js';
import { Rng } from '../../src/init/rng.js';
import { numericalRank } from '../../src/linalg/norms.js';
import { matmulNT } from '../../src/linalg/products.js';
import { singularValues } from '../../src/linalg/svd.js';

test('lowRankTarget: the singular values are sigma, and the matrix is U diag(σ) Vᵀ of init’s Haar draws from the same stream', () => {
  const sigma = [3, 1.5, 0.25];
  const T = lowRankTarget(5, 4, sigma, new Rng(7));
  const s = singularValues(T, 5, 4);
  // orthonormal to ~1e-15 after Gram–Schmidt twice; the SVD is backward stable: 1e-13 of σ_max is ample
  sigma.forEach((v, i) => {
    assert.ok(Math.abs(s[i]! - v) < 1e-13 * 3, `σ_${String(i + 1)} = ${String(s[i])}, expected ${String(v)}`);
  });
  assert.ok(s[3]! < 1e-13 * 3, `σ_4 = ${String(s[3])} should vanish`);
  // an independent construction with init/orthonormal.ts (what build.ts used before): the same draws, the same arithmetic, bit for bit
  const rng = new Rng(7);
  const U = randomOrthonormal(5, 3, rng);
  const V = randomOrthonormal(4, 3, rng);
  for (let i = 0; i < 5; i++) for (let c = 0; c < 3; c++) U[i * 3 + c] = U[i * 3 + c]! * sigma[c]!;
  const ref = new Float64Array(20);
  matmulNT(U, V, ref, 5, 3, 4);
  assert.deepEqual(T, ref);
});

test('lowRankTarget: more singular values than the shape holds is a RangeError saying so', () => {
  assert.throws(() => lowRankTarget(2, 3, [1, 1, 1], new Rng(0)), { name: 'RangeError', message: energiesMessages.tooManySigma(3, 2, 3) });
});

test('sensingProblem: y_k = ⟨A_k, T⟩, the energy vanishes at T and is positive elsewhere, A_k entries have variance 1/m', () => {
  const T = Float64Array.from([1, -2, 0.5, 3, 0, 1]);
  const m = 400;
  const p = sensingProblem(T, 2, 3, m, new Rng(3, 1));
  for (let k = 0; k < m; k++) {
    let inner = 0;
    for (let i = 0; i < 6; i++) inner += p.A[k * 6 + i]! * T[i]!;
    // a six-term dot product: a few ulps of Σ|A_k,i T_i| ≤ 10
    assert.ok(Math.abs(p.y[k]! - inner) < 1e-14, `y_${String(k)}`);
  }
  // the residuals are ⟨A_k, T⟩ − y_k computed by the same product: zero up to rounding of y (≲ 1e-15 each)
  assert.ok(p.energy.value(T) < 1e-26, `E(T) = ${String(p.energy.value(T))}`);
  assert.ok(p.energy.value(new Float64Array(6)) > 1);
  // 2400 draws of N(0, 1/m): the sample variance has relative standard error √(2/2400) ≈ 0.03; allow 5 of them
  let ss = 0;
  for (const a of p.A) ss += a * a;
  assert.ok(Math.abs((ss / p.A.length) * m - 1) < 0.15, `m·var = ${String((ss / p.A.length) * m)}`);
});

test('dataProblem: X has the asked rank, Y = A* X, and the teacher has zero loss', () => {
  const teacher = Float64Array.from([1, 0, 2, 0, 0, -1, 0, 1]); // 2 × 4
  const p = dataProblem(teacher, 2, 4, { n: 30, rank: 2 }, new Rng(5, 2));
  assert.equal(numericalRank(singularValues(p.X, 4, 30), 1e-10), 2);
  for (let i = 0; i < 2; i++)
    for (let c = 0; c < 30; c++) {
      let v = 0;
      for (let k = 0; k < 4; k++) v += teacher[i * 4 + k]! * p.X[k * 30 + c]!;
      assert.ok(Math.abs(p.Y[i * 30 + c]! - v) < 1e-12 * (1 + Math.abs(v)), `Y[${String(i)}, ${String(c)}]`);
    }
  // E(A*) = ½tr(A*Σxx A*ᵀ) − ⟨A*, Σyx⟩ + ½tr Σyy cancels to rounding of tr Σyy
  assert.ok(p.energy.value(teacher) < 1e-12 * p.covariances.traceSyy, `E(A*) = ${String(p.energy.value(teacher))}`);
  assert.equal(p.covariances.n, 30);
});

test('dataProblem: an input rank above d_0 is a RangeError saying so', () => {
  assert.throws(() => dataProblem(new Float64Array(6), 2, 3, { n: 10, rank: 4 }, new Rng(0)), {
    name: 'RangeError',
    message: energiesMessages.inputRank(4, 3),
  });
});

test('sensing and data builders refuse a target of the wrong size', () => {
  assert.throws(() => sensingProblem(new Float64Array(5), 2, 3, 4, new Rng(0)), { message: energiesMessages.shape('sensingProblem: target', 2, 3, 5) });
  assert.throws(() => dataProblem(new Float64Array(5), 2, 3, { n: 4, rank: 1 }, new Rng(0)), {
    message: energiesMessages.shape('dataProblem: teacher', 2, 3, 5),
  });
});
