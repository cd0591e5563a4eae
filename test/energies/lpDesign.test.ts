/** ℓp regression on a fixed design (docs/theory.md §8.3): value, gradient and Hessian-vector product. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lpDesignRegression, lpRegression } from '../../src/energies/index.js';
import { energiesMessages } from '../../src/energies/messages.js';
import { Rng } from '../../src/init/rng.js';

const rng = new Rng(415);
// 3 outputs, 4 inputs, 40 samples: 3·4·40 = 480 multiply-adds, above the native product crossover (384),
// so the products run on the machine's BLAS when one loaded and in JavaScript otherwise
const [m, d, n] = [3, 4, 40];

test('lpDesignRegression equals (1/(p n)) Σ_k Σ_o |((W − Φ) x_k)_o|^p summed sample by sample (p = 4, 3)', () => {
  for (const p of [4, 3]) {
    const Phi = rng.normals(m * d);
    const X = rng.normals(d * n);
    const W = rng.normals(m * d);
    let direct = 0;
    for (let k = 0; k < n; k++)
      for (let o = 0; o < m; o++) {
        let r = 0;
        for (let j = 0; j < d; j++) r += (W[o * d + j]! - Phi[o * d + j]!) * X[j * n + k]!;
        direct += Math.abs(r) ** p;
      }
    direct /= p * n;
    // the same sums in another order: a few ulps of O(10) values
    assert.ok(Math.abs(lpDesignRegression(m, d, Phi, X, n, p).value(W) / direct - 1) < 1e-13);
  }
});

test('with the identity as design it is lpRegression divided by n', () => {
  const Phi = rng.normals(m * d);
  const I = new Float64Array(d * d);
  for (let j = 0; j < d; j++) I[j * d + j] = 1;
  const E = lpDesignRegression(m, d, Phi, I, d, 4);
  const F = lpRegression(m, d, Phi, 4);
  const W = rng.normals(m * d);
  const G = new Float64Array(m * d);
  const H = new Float64Array(m * d);
  E.gradient(W, G);
  F.gradient(W, H);
  // the identity design gives the same sum of |r|^p, divided by n = d: equal up to summation-order rounding (~1e-15 relative)
  assert.ok(Math.abs(E.value(W) - F.value(W) / d) < 1e-14 * F.value(W));
  // products with 0s and 1s are exact: every entry agrees up to the one rounding of the division by n
  G.forEach((g, i) => {
    assert.ok(Math.abs(g - H[i]! / d) <= 1e-15 * Math.abs(H[i]!));
  });
});

test('its gradient and Hessian-vector product equal central finite differences', () => {
  const E = lpDesignRegression(m, d, rng.normals(m * d), rng.normals(d * n), n, 4);
  const W = rng.normals(m * d);
  const V = rng.normals(m * d);
  const G = new Float64Array(m * d);
  const HV = new Float64Array(m * d);
  E.gradient(W, G);
  E.hessianVector(W, V, HV);
  const h = 1e-5;
  const Gp = new Float64Array(m * d);
  const Gm = new Float64Array(m * d);
  E.gradient(
    W.map((w, i) => w + h * V[i]!),
    Gp,
  );
  E.gradient(
    W.map((w, i) => w - h * V[i]!),
    Gm,
  );
  for (let i = 0; i < m * d; i++) {
    const w = W[i]!;
    W[i] = w + h;
    const up = E.value(W);
    W[i] = w - h;
    const down = E.value(W);
    W[i] = w;
    // central differences of a quartic in O(1)·O(√d) residuals: truncation h²|E'''|/6 ≲ 1e-8, rounding ε|E|/h ≲ 1e-9
    assert.ok(Math.abs((up - down) / (2 * h) - G[i]!) <= 1e-6 * (1 + Math.abs(G[i]!)), `∂E/∂w_${String(i)}`);
    assert.ok(Math.abs((Gp[i]! - Gm[i]!) / (2 * h) - HV[i]!) <= 1e-6 * (1 + Math.abs(HV[i]!)), `(∇²E·V)_${String(i)}`);
  }
});

test('lpDesignRegression refuses a design of the wrong size and p < 2', () => {
  assert.throws(() => lpDesignRegression(1, 2, [1, 1], [1, 2, 3], 2, 4), { message: energiesMessages.shape('lpDesignRegression: design X', 2, 2, 3) });
  assert.throws(() => lpDesignRegression(1, 2, [1, 1], [1, 2, 3, 4], 2, 1.5), { message: energiesMessages.lpExponent(1.5) });
});
