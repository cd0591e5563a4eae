import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Energy } from '../../src/energies/energy.js';
import { covariances, dataRegression, lpRegression, matrixCompletion, matrixSensing, whitenedRegression } from '../../src/energies/index.js';
import { energiesMessages } from '../../src/energies/messages.js';
import { Rng } from '../../src/init/rng.js';

const rng = new Rng(2024);
const [m, n] = [3, 4];

function energies(): Energy[] {
  const X = rng.normals(n * 7);
  const Y = rng.normals(m * 7);
  return [
    matrixCompletion(m, n, [
      { i: 0, j: 1, value: 1 },
      { i: 2, j: 3, value: -0.5 },
      { i: 1, j: 0, value: 2 },
    ]),
    matrixSensing(m, n, rng.normals(5 * m * n), rng.normals(5)),
    whitenedRegression(m, n, rng.normals(m * n)),
    dataRegression(m, n, covariances(X, Y, n, m, 7)),
    lpRegression(m, n, rng.normals(m * n), 4),
    lpRegression(m, n, rng.normals(m * n), 3),
  ];
}

test('every energy gradient equals central finite differences of its value at random points', () => {
  for (const E of energies()) {
    for (let trial = 0; trial < 5; trial++) {
      const W = rng.normals(m * n);
      const G = new Float64Array(m * n);
      E.gradient(W, G);
      for (let i = 0; i < m * n; i++) {
        const h = 1e-5;
        const w = W[i]!;
        W[i] = w + h;
        const up = E.value(W);
        W[i] = w - h;
        const down = E.value(W);
        W[i] = w;
        const fd = (up - down) / (2 * h);
        // central differences: truncation h²·|E'''|/6 ≲ 1e-9 for these O(10) polynomials, rounding ε|E|/h ≲ 1e-10
        assert.ok(Math.abs(fd - G[i]!) <= 1e-7 * (1 + Math.abs(G[i]!)), `${E.name}: ∂E/∂w_${String(i)} = ${String(G[i])}, finite differences ${String(fd)}`);
      }
    }
  }
});

test('every Hessian-vector product equals central finite differences of the gradient', () => {
  for (const E of energies()) {
    const W = rng.normals(m * n);
    const V = rng.normals(m * n);
    const HV = new Float64Array(m * n);
    E.hessianVector(W, V, HV);
    const h = 1e-5;
    const Gp = new Float64Array(m * n);
    const Gm = new Float64Array(m * n);
    E.gradient(
      W.map((w, i) => w + h * V[i]!),
      Gp,
    );
    E.gradient(
      W.map((w, i) => w - h * V[i]!),
      Gm,
    );
    for (let i = 0; i < m * n; i++) {
      const fd = (Gp[i]! - Gm[i]!) / (2 * h);
      // the same central-difference budget as for the gradient: h² truncation ≲ 1e-9, rounding ≲ 1e-10
      assert.ok(Math.abs(fd - HV[i]!) <= 1e-7 * (1 + Math.abs(HV[i]!)), `${E.name}: (∇²E·V)_${String(i)} = ${String(HV[i])}, finite differences ${String(fd)}`);
    }
  }
});

test('batched Hessian products (hessianRows, where an energy has them) equal hessianVector row by row', () => {
  let batched = 0;
  for (const E of energies()) {
    if (!E.hessianRows) continue;
    batched++;
    const k = 7;
    const d = m * n;
    const W = rng.normals(d);
    const V = rng.normals(k * d);
    const rows = new Float64Array(k * d);
    E.hessianRows(W, V, k, rows);
    const one = new Float64Array(d);
    for (let r = 0; r < k; r++) {
      E.hessianVector(W, V.subarray(r * d, (r + 1) * d), one);
      for (let i = 0; i < d; i++) {
        // the same sums in another order: rounding ≲ (d + K)·u·Σ|terms| with d + K = 17 and Σ|terms| within a
        // factor ~10 of |result| for these random data, so 1e-13 relative (plus 1e-13 absolute) is ample
        assert.ok(Math.abs(rows[r * d + i]! - one[i]!) <= 1e-13 * (1 + Math.abs(one[i]!)), `${E.name}: row ${String(r)}, entry ${String(i)}`);
      }
    }
  }
  assert.ok(batched >= 1, 'sensing offers hessianRows');
});

test('regression from data equals (1/2n)‖WX − Y‖² computed from the data directly', () => {
  const N = 11;
  const X = rng.normals(n * N);
  const Y = rng.normals(m * N);
  const E = dataRegression(m, n, covariances(X, Y, n, m, N));
  const W = rng.normals(m * n);
  let s = 0;
  for (let i = 0; i < m; i++)
    for (let c = 0; c < N; c++) {
      let r = -Y[i * N + c]!;
      for (let p = 0; p < n; p++) r += W[i * n + p]! * X[p * N + c]!;
      s += r * r;
    }
  // the covariance form regroups O(10)-sized sums: agreement to ~1e-14 relative
  assert.ok(Math.abs(E.value(W) - s / (2 * N)) < 1e-12 * (s / (2 * N)));
});

test('bad energy input is rejected with the field named', () => {
  assert.throws(() => matrixCompletion(2, 2, [{ i: 2, j: 0, value: 1 }]), { message: energiesMessages.observedOutside(0, 2, 0, 2, 2) });
  assert.throws(() => whitenedRegression(2, 2, [1, 2, 3]), { message: energiesMessages.shape('whitenedRegression: target Φ', 2, 2, 3) });
  assert.throws(() => lpRegression(1, 1, [0], 1.5), { message: energiesMessages.lpExponent(1.5) });
});
