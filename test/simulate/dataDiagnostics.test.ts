/** The data columns of a regression run: nullX, and the error split on the teacher's subspaces. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dataProblem } from '../../src/energies/dataProblem.js';
import { Rng } from '../../src/init/rng.js';
import { frobeniusNorm } from '../../src/linalg/norms.js';
import { matmulNT } from '../../src/linalg/products.js';
import { dataColumns, nullXChange } from '../../src/simulate/dataDiagnostics.js';

// a rank-1 teacher on 2 × 4 (d_0 = 4) and inputs of rank 2: the data leave 2 input directions unexcited
const teacher = Float64Array.from([2, 0, 0, 0, 0, 0, 0, 0]);
const p = dataProblem(teacher, 2, 4, { n: 20, rank: 2 }, new Rng(11, 2));
const columns = dataColumns(teacher, 2, 4, p.covariances.Sxx);
const rng = new Rng(12);

test('dataColumns: the teacher itself has no error in any block', () => {
  const c = columns(teacher);
  assert.equal(c.errSupport, 0);
  assert.equal(c.errNull, 0);
  assert.equal(c.errMixed, 0);
});

test('dataColumns: support² + null² + mixed² = ‖W − A*‖² (each block computed on its own)', () => {
  for (let trial = 0; trial < 5; trial++) {
    const W = rng.normals(8);
    const c = columns(W);
    const D = W.map((w, i) => w - teacher[i]!);
    const total = frobeniusNorm(D) ** 2;
    // four 2×4 projections: rounding a few ulps of ‖Δ‖²
    assert.ok(Math.abs(c.errSupport ** 2 + c.errNull ** 2 + c.errMixed ** 2 - total) < 1e-13 * total, `trial ${String(trial)}`);
    assert.ok(c.errSupport > 0 && c.errNull > 0 && c.errMixed > 0);
  }
});

test('dataColumns: nullX ignores whatever lies in the row space of the data (W + K Xᵀ has the same nullX), and sees the rest', () => {
  const W = rng.normals(8);
  const K = rng.normals(2 * 20);
  const KX = new Float64Array(8);
  matmulNT(K, p.X, KX, 2, 20, 4); // K Xᵀ: rows in span of the inputs
  const moved = W.map((w, i) => w + KX[i]!);
  const a = columns(W).nullX;
  const b = columns(moved).nullX;
  // Q_x is orthogonal to range(X) to the eigen-solver's ~1e-15·‖Σxx‖; ‖K Xᵀ‖ is O(10): 1e-12 of it is ample
  assert.ok(Math.abs(a - b) < 1e-12 * frobeniusNorm(KX), `${String(a)} vs ${String(b)}`);
  assert.ok(a > 0.1, 'a random W has a component on the two unexcited directions');
  // a W whose rows lie in the data's span has none
  assert.ok(columns(KX).nullX < 1e-12 * frobeniusNorm(KX));
});

test('nullXChange: |nullX − nullX(0)| / nullX(0), and a zero start divides by the smallest double', () => {
  assert.equal(nullXChange(3, 2), 0.5);
  assert.equal(nullXChange(1, 2), 0.5);
  assert.equal(nullXChange(Number.MIN_VALUE, 0), 1);
});
