import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lowRankTarget } from '../../src/energies/lowRankTarget.js';
import { alignedEndToEnd } from '../../src/init/inits.js';
import { lowRankSvd } from '../../src/init/lowRankSvd.js';
import { Rng } from '../../src/init/rng.js';
import { lowRankProduct } from '../../src/linalg/products.js';
import { svd } from '../../src/linalg/svd.js';

const sigma = [5, 4, 3, 2, 1];

test("lowRankSvd of a 300×200 rank-5 matrix: its singular values and the aligned start equal the full SVD's", () => {
  const [m, n] = [300, 200];
  const Phi = lowRankTarget(m, n, sigma, new Rng(3));
  const thin = lowRankSvd(Phi, m, n);
  assert.ok(thin, 'a rank-5 matrix has a 16-column range basis');
  // backward-stable steps on a matrix of norm ~7: singular values to a few hundred ε·‖Φ‖
  for (let k = 0; k < 5; k++) assert.ok(Math.abs(thin.sigma[k]! - sigma[k]!) < 1e-12, `σ_${String(k + 1)} = ${String(thin.sigma[k])}`);
  assert.equal(thin.sigma[5], 0, 'σ_6 is rounding, reported as 0');
  // the aligned start s0·Σ_k u_k v_kᵀ does not depend on the singular vectors' signs: compare with the full SVD's
  const full = svd(Float64Array.from(Phi), m, n);
  const ref = new Float64Array(m * n);
  lowRankProduct(
    full.U,
    m,
    full.V,
    n,
    sigma.map(() => 1e-3),
    ref,
    m,
    n,
    5,
  );
  const W = alignedEndToEnd(Phi, m, n, 1e-3); // min(m, n) = 200 > 128: takes the range-finder route
  let worst = 0;
  for (let i = 0; i < m * n; i++) worst = Math.max(worst, Math.abs(W[i]! - ref[i]!));
  // singular vectors of gaps ≥ 1 agree to ~1e-14; times s0 = 1e-3 and summed over 5 modes
  assert.ok(worst < 1e-15, `max |ΔW| = ${String(worst)}`);
});

test('lowRankSvd declines a matrix whose rank is not low (the caller then takes the full SVD)', () => {
  const [m, n] = [200, 150];
  const A = new Rng(4).normals(m * n);
  assert.equal(lowRankSvd(A, m, n), undefined);
  assert.equal(lowRankSvd(new Float64Array(m * n), m, n), undefined);
});

test('balancedFactors of a 300×200 rank-5 matrix through hidden width 8 (range-finder route): the product is W0 and the factors are balanced', async () => {
  const { balancedFactors } = await import('../../src/init/inits.js');
  const { matmul } = await import('../../src/linalg/products.js');
  const [m, n] = [300, 200];
  const W0 = lowRankTarget(m, n, sigma, new Rng(5));
  const [W1, W2] = balancedFactors([n, 8, m], W0); // throws if rounding modes were counted as rank (k > 8)
  const P = new Float64Array(m * n);
  matmul(W2!, W1!, P, m, 8, n);
  let worst = 0;
  for (let i = 0; i < m * n; i++) worst = Math.max(worst, Math.abs(P[i]! - W0[i]!));
  // ‖W0‖ ≈ 7.4: a few hundred ulps of the largest entries
  assert.ok(worst < 1e-13, `max |W2 W1 − W0| = ${String(worst)}`);
  // balanced: W2ᵀW2 = W1W1ᵀ (8×8)
  const G2 = new Float64Array(64);
  const G1 = new Float64Array(64);
  for (let a = 0; a < 8; a++)
    for (let b = 0; b < 8; b++) {
      let s2 = 0;
      let s1 = 0;
      for (let i = 0; i < m; i++) s2 += W2![i * 8 + a]! * W2![i * 8 + b]!;
      for (let j = 0; j < n; j++) s1 += W1![a * n + j]! * W1![b * n + j]!;
      G2[a * 8 + b] = s2;
      G1[a * 8 + b] = s1;
    }
  for (let i = 0; i < 64; i++) assert.ok(Math.abs(G2[i]! - G1[i]!) < 1e-13, `D(0) entry ${String(i)}: ${String(G2[i]! - G1[i]!)}`);
});
