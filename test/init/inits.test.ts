import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gramMismatch } from '../../src/analysis/invariants.js';
import { factorLayout, packFactors } from '../../src/flows/layout.js';
import {
  alignedEndToEnd,
  balancedFactors,
  balancedRandomFactors,
  checkBalancedRandomWidths,
  fixDeterminantSign,
  gaussianFactors,
  orthogonalFactors,
  productOf,
} from '../../src/init/inits.js';
import { Rng } from '../../src/init/rng.js';
import { determinant } from '../../src/linalg/lu.js';
import { frobeniusNorm } from '../../src/linalg/norms.js';
import { matmulNT } from '../../src/linalg/products.js';
import { svd } from '../../src/linalg/svd.js';
import { initMessages } from '../../src/init/messages.js';

test('balanced factors of W0 (docs/theory.md §2): W_N⋯W_1 = W0 and every D_j = 0, to 1e-14 relative', () => {
  const rng = new Rng(1);
  for (const widths of [
    [3, 3, 3],
    [3, 5, 4, 2],
    [4, 4, 4, 4, 4, 4],
    [2, 3, 2],
  ]) {
    const m = widths.at(-1)!;
    const n = widths[0]!;
    for (const rank of [1, Math.min(m, n)]) {
      const W0 = new Float64Array(m * n);
      matmulNT(rng.normals(m * rank), rng.normals(n * rank), W0, m, rank, n);
      for (const q of [rng, 'fixed' as const]) {
        const F = balancedFactors(widths, W0, { rng: q });
        const P = productOf(widths, F);
        let err = 0;
        for (let i = 0; i < m * n; i++) err = Math.max(err, Math.abs(P[i]! - W0[i]!));
        // N products of O(‖W0‖^{1/N}) factors: a few ulp of ‖W0‖
        assert.ok(err <= 1e-14 * frobeniusNorm(W0), `widths ${JSON.stringify(widths)} rank ${String(rank)}: ${String(err)}`);
        const L = factorLayout(widths);
        // D_j = W_{j+1}ᵀW_{j+1} − W_jW_jᵀ cancels terms of size ‖W0‖^{2/N}: a few ulp of that, times 10 for the sums
        for (const g of gramMismatch(L, packFactors(L, F))) assert.ok(g <= 1e-14 * frobeniusNorm(W0) ** (2 / (widths.length - 1)) * 10);
      }
    }
  }
  assert.throws(
    () =>
      balancedFactors(
        [3, 1, 3],
        new Float64Array(9).fill(1).map((_, i) => (i % 4 === 0 ? 1 : 0)),
      ),
    { message: initMessages.rankAboveWidth(3, 1) },
  );
});

test('random starts: seeded and reproducible, Gaussian moments, orthonormal factors, det sign fixed without unbalancing', () => {
  const a = new Rng(5, 2).normals(20000);
  const b = new Rng(5, 2).normals(20000);
  assert.deepEqual(a, b);
  assert.notDeepEqual(new Rng(5, 3).normals(5), new Rng(5, 2).normals(5));
  const mean = a.reduce((s, x) => s + x, 0) / a.length;
  const variance = a.reduce((s, x) => s + (x - mean) ** 2, 0) / a.length;
  // sampling error of the mean and variance with 2e4 draws: σ/√n ≈ 0.007, √(2/n) ≈ 0.01; 5 standard errors
  assert.ok(Math.abs(mean) < 0.035 && Math.abs(variance - 1) < 0.05, `mean ${String(mean)}, variance ${String(variance)}`);
  const g = gaussianFactors([3, 4, 2], 0.1, new Rng(1));
  assert.equal(g[0]!.length, 12);
  assert.equal(g[1]!.length, 8);
  for (const [rows, cols] of [
    [4, 3],
    [2, 4],
    [3, 3],
  ] as const) {
    const Q = orthogonalFactors([cols, rows], 2, new Rng(rows))[0]!;
    const s = svd(Q, rows, cols).sigma;
    // Gram–Schmidt twice gives orthonormality to a few ulp: singular values 2(1 ± ~1e-15)
    for (const v of s) assert.ok(Math.abs(v - 2) < 1e-14, `singular values of 2·Q: ${String(v)}`);
  }
  for (const sign of [1, -1] as const) {
    const widths = [3, 3, 3, 3];
    const F = fixDeterminantSign(widths, balancedRandomFactors(widths, 0.5, new Rng(9)), sign);
    assert.equal(Math.sign(determinant(productOf(widths, F), 3)), sign);
    const L = factorLayout(widths);
    // negating a row of W_N leaves W_NᵀW_N unchanged, so balance is kept to the rounding of the start (entries ~0.5^{2/3})
    for (const gm of gramMismatch(L, packFactors(L, F))) assert.ok(gm < 1e-14);
  }
});

test('aligned start: Σ s0 u_k v_kᵀ on the target singular vectors', () => {
  const Phi = new Float64Array([3, 0, 0, 0, 2, 0]); // 2×3, σ = 3, 2
  const W = alignedEndToEnd(Phi, 2, 3, [0.1, 0.01]);
  const s = svd(W, 2, 3).sigma;
  // a diagonal target has exact singular vectors (±e_i), so the start is exact up to one rounding of s0
  assert.ok(Math.abs(s[0]! - 0.1) < 1e-16 && Math.abs(s[1]! - 0.01) < 1e-16);
  assert.ok(Math.abs(Math.abs(W[0]!) - 0.1) < 1e-16 && Math.abs(Math.abs(W[4]!) - 0.01) < 1e-16);
});

test('checkBalancedRandomWidths refuses, without drawing, exactly what balancedRandomFactors refuses: min(d_0, d_N) above a hidden width', () => {
  const rng = new Rng(3);
  for (const w of [
    [30, 10, 30],
    [5, 8, 4, 5],
    [6, 6, 2],
    [3, 1],
  ]) {
    let drawn: string | undefined;
    try {
      balancedRandomFactors(w, 0.1, rng);
    } catch (e) {
      drawn = (e as Error).message;
    }
    let checked: string | undefined;
    try {
      checkBalancedRandomWidths(w);
    } catch (e) {
      checked = (e as Error).message;
    }
    assert.equal(checked, drawn, JSON.stringify(w));
  }
});
