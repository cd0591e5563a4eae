/**
 * docs/theory.md §7.2: at every depth the first layer's block on the input directions no sample reaches
 * is conserved, ∇_{W₁}L·Q_x = (W_N⋯W₂)ᵀ G Q_x = 0, and decays like e^{−λt} under weight decay λ. The
 * column `nullInputDrift` = ‖W₁Q_x(t) − e^{−λt}W₁Q_x(0)‖_F measures it; computed independently here from
 * the saved factor states. The end-to-end block AQ_x is not conserved at depth ≥ 2 (the upper layers move).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nullInputBasis, nullInputNorm } from '../../src/analysis/errorDecomposition.js';
import { covariances, dataRegression } from '../../src/energies/dataRegression.js';
import { Rng } from '../../src/init/rng.js';
import { matmul } from '../../src/linalg/products.js';
import { simulate } from '../../src/simulate/simulate.js';

const [d, m, n, rx] = [6, 4, 30, 3];

function problem(seed: number): { energy: ReturnType<typeof dataRegression>; Sxx: Float64Array; rng: Rng } {
  const rng = new Rng(seed);
  const X = new Float64Array(d * n);
  matmul(rng.normals(d * rx), rng.normals(rx * n), X, d, rx, n); // inputs spanning 3 of 6 directions
  const Y = new Float64Array(m * n);
  matmul(rng.normals(m * d), X, Y, m, d, n);
  const cov = covariances(X, Y, d, m, n);
  return { energy: dataRegression(m, d, cov), Sxx: cov.Sxx, rng };
}

for (const weightDecay of [0, 0.3]) {
  test(`W₁Q_x is conserved at depths 1–4 (weight decay ${String(weightDecay)}): nullInputDrift stays at the integration error, AQ_x moves at depth ≥ 2`, () => {
    const { energy, Sxx, rng } = problem(21);
    const { Q, q } = nullInputBasis(Sxx, d);
    assert.equal(q, d - rx);
    for (const N of [1, 2, 3, 4]) {
      const widths = [d, ...Array<number>(N - 1).fill(5), m];
      const factors = widths.slice(1).map((w, j) => rng.normals(w * widths[j]!, 0.4));
      const tr = simulate({
        energy,
        model: { depth: N, parametrization: 'factors', hidden: widths.slice(1, -1), ...(weightDecay > 0 ? { regularizer: { weightDecay, balance: 0 } } : {}) },
        start: { factors },
        t1: 20,
        saveAt: { kind: 'uniform', n: 11 },
        solver: { method: 'dop853', rtol: 1e-10, atol: 1e-12 },
      });
      assert.notEqual(tr.status, 'invariant-broken', tr.message);
      // independent: W₁Q_x from the saved states (W₁ leads the packed state) against e^{−λt}W₁(0)Q_x
      const d1 = widths[1]!;
      const W1Q0 = new Float64Array(d1 * q);
      const W1Q = new Float64Array(d1 * q);
      matmul(tr.states[0]!, Q, W1Q0, d1, d, q);
      const scale = Math.sqrt(W1Q0.reduce((a, x) => a + x * x, 0));
      tr.states.forEach((y, k) => {
        matmul(y, Q, W1Q, d1, d, q);
        const g = Math.exp(-weightDecay * tr.t[k]!);
        const mine = Math.sqrt(W1Q.reduce((a, x, i) => a + (x - g * W1Q0[i]!) ** 2, 0));
        const col = tr.rows[k]!.nullInputDrift!;
        // the column is the same quantity: equal to rounding
        assert.ok(Math.abs(col - mine) <= 1e-14 * scale, `N = ${String(N)}, t = ${String(tr.t[k])}: column ${String(col)} vs ${String(mine)}`);
        // conserved to the integration error: ~rtol·‖y‖ per unit time with rtol 1e-10 over t = 20 steps; 1e-7 relative leaves a wide margin while a
        // field that moved W₁Q_x (an O(1) change) would fail by orders
        assert.ok(col <= 1e-7 * scale, `N = ${String(N)}: drift ${col.toExponential(2)} of ‖W₁Q_x(0)‖ = ${scale.toFixed(3)}`);
      });
      if (N >= 2 && weightDecay === 0) {
        // the end-to-end block is not conserved at depth ≥ 2: the upper layers scale W₁Q_x
        const a0 = nullInputNorm(tr.W[0]!, m, d, Q, q);
        const a1 = nullInputNorm(tr.W.at(-1)!, m, d, Q, q);
        assert.ok(Math.abs(a1 - a0) > 1e-3 * a0, `N = ${String(N)}: AQ_x ${a0.toFixed(4)} → ${a1.toFixed(4)}`);
      }
    }
  });
}
