import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Matrix as MlMatrix, SingularValueDecomposition } from 'ml-matrix';
import { matmul, matmulNT, matmulTN } from '../../src/linalg/products.js';
import { SvdWorkspace, completeOrthonormalRows, singularValues, svd } from '../../src/linalg/svd.js';
import { psdPower, symEig } from '../../src/linalg/symEig.js';
import { Rng } from '../../src/init/rng.js';

/** max |U Σ Vᵀ − A|, max |UᵀU − I|, max |VᵀV − I| for the full SVD of an m × n matrix. */
function svdResiduals(A: Float64Array, m: number, n: number, r = svd(A, m, n)): { recon: number; orthU: number; orthV: number } {
  const US = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < Math.min(m, n); j++) US[i * n + j] = r.U[i * m + j]! * r.sigma[j]!;
  const R = new Float64Array(m * n);
  matmulNT(US, r.V, R, m, n, n);
  let recon = 0;
  for (let i = 0; i < m * n; i++) recon = Math.max(recon, Math.abs(R[i]! - A[i]!));
  const gram = (Q: Float64Array, k: number): number => {
    const G = new Float64Array(k * k);
    matmulTN(Q, Q, G, k, k, k);
    let e = 0;
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) e = Math.max(e, Math.abs(G[i * k + j]! - (i === j ? 1 : 0)));
    return e;
  };
  return { recon, orthU: gram(r.U, m), orthV: gram(r.V, n) };
}

const shape = fc.record({
  m: fc.integer({ min: 1, max: 9 }),
  n: fc.integer({ min: 1, max: 9 }),
  seed: fc.integer({ min: 0, max: 1e6 }),
  rank: fc.integer({ min: 0, max: 9 }),
});

test('full SVD: U Σ Vᵀ = A and U, V orthogonal to 1e-12, for random shapes and ranks (including 0)', () => {
  fc.assert(
    fc.property(shape, ({ m, n, seed, rank }) => {
      const rng = new Rng(seed);
      const k = Math.min(rank, m, n);
      // A = X Yᵀ of rank k with entries O(1)
      const X = rng.normals(m * k);
      const Y = rng.normals(n * k);
      const A = new Float64Array(m * n);
      if (k > 0) matmulNT(X, Y, A, m, k, n);
      const res = svdResiduals(A, m, n);
      // Jacobi SVD is backward stable: residuals are a small multiple of ε‖A‖ (‖A‖ ≲ 30 here)
      assert.ok(res.recon < 1e-12, `recon ${String(res.recon)}`);
      assert.ok(res.orthU < 1e-12, `UᵀU ${String(res.orthU)}`);
      assert.ok(res.orthV < 1e-12, `VᵀV ${String(res.orthV)}`);
    }),
    { numRuns: 200 },
  );
});

test('a tall 500×50 factor (a width-500 layer): the full U is completed to an orthogonal 500×500, and the thin singular values are the same', () => {
  const rng = new Rng(11);
  const m = 500;
  const n = 50;
  const A = rng.normals(m * n);
  // one-sided Jacobi forced, the path without a native library: 450 of U's 500 columns are the completion
  const full = new SvdWorkspace(m, n, false, false, 'jacobi').compute(A);
  const res = svdResiduals(A, m, n, full);
  // backward stable: residuals a small multiple of ε‖A‖ (entries O(1), ‖A‖₂ ≈ √500 + √50 ≈ 30)
  assert.ok(res.recon < 1e-12, `recon ${String(res.recon)}`);
  assert.ok(res.orthU < 1e-12, `UᵀU ${String(res.orthU)}`);
  assert.ok(res.orthV < 1e-12, `VᵀV ${String(res.orthV)}`);
  // singularValues (thin; LAPACK when a native library loaded, else the same Jacobi rotations):
  // both backward stable, so they agree to a small multiple of ε·σ₁
  const thin = singularValues(A, m, n);
  for (let i = 0; i < n; i++)
    assert.ok(Math.abs(thin[i]! - full.sigma[i]!) <= 1e-13 * full.sigma[0]!, `σ_${String(i)}: ${String(thin[i])} vs ${String(full.sigma[i])}`);
});

test('completeOrthonormalRows: rows that vanish or repeat earlier ones are replaced, and the rows end orthonormal to 1e-14', () => {
  const rng = new Rng(12);
  const len = 60;
  const rows = 60;
  const Q = new Float64Array(rows * len);
  // rows 0–9 orthonormal (the precondition), 10–19 random, 20–29 copies of rows 0–9, 30–59 zero
  Q.set(rng.normals(20 * len));
  completeOrthonormalRows(Q, 10, len, 0, new Float64Array(len));
  Q.copyWithin(20 * len, 0, 10 * len);
  const keep = Q.slice(0, 10 * len);
  completeOrthonormalRows(Q, rows, len, 10, new Float64Array(len));
  assert.deepEqual(Array.from(Q.slice(0, 10 * len)), Array.from(keep), 'the rows before `from` are kept');
  const G = new Float64Array(rows * rows);
  matmulNT(Q, Q, G, rows, len, rows);
  let e = 0;
  for (let i = 0; i < rows; i++) for (let j = 0; j < rows; j++) e = Math.max(e, Math.abs(G[i * rows + j]! - (i === j ? 1 : 0)));
  // Gram–Schmidt run twice: orthogonal to a few ε·√len
  assert.ok(e < 1e-14, `max |Q Qᵀ − I| = ${String(e)}`);
});

test('singular values agree with ml-matrix (an independent Golub–Kahan implementation) to 1e-12 relative', () => {
  const rng = new Rng(7);
  for (const [m, n] of [
    [2, 2],
    [3, 3],
    [4, 3],
    [3, 4],
    [50, 50],
    [20, 7],
  ] as const) {
    const A = rng.normals(m * n);
    const ours = svd(A, m, n).sigma;
    // the values alone (LAPACK's job 'N' when a native library loaded: another algorithm, dqds)
    const alone = singularValues(A, m, n);
    const rows = Array.from({ length: m }, (_, i) => Array.from(A.subarray(i * n, (i + 1) * n)));
    const theirs = new SingularValueDecomposition(new MlMatrix(rows)).diagonal;
    // all are backward stable: each σ_i is within ~n·ε·σ_max of the exact one (Weyl), ≈ 1e-14·σ_max for n ≤ 50
    for (let i = 0; i < Math.min(m, n); i++) {
      assert.ok(Math.abs(ours[i]! - theirs[i]!) <= 1e-12 * theirs[0]!, `${String(m)}×${String(n)} σ_${String(i)}`);
      assert.ok(Math.abs(alone[i]! - theirs[i]!) <= 1e-12 * theirs[0]!, `${String(m)}×${String(n)} σ_${String(i)} alone`);
    }
  }
});

test('tiny singular values keep their relative accuracy (graded matrix, σ from 1 to 1e-12)', () => {
  // A = Q1 diag(s) Q2ᵀ with exact s: one-sided Jacobi resolves each σ to ~1e-13 relative (Demmel–Veselić)
  const rng = new Rng(3);
  const n = 6;
  const s = [1, 1e-2, 1e-4, 1e-6, 1e-9, 1e-12];
  const Q1 = svd(rng.normals(n * n), n, n).U;
  const Q2 = svd(rng.normals(n * n), n, n).V;
  const QS = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) QS[i * n + j] = Q1[i * n + j]! * s[j]!;
  const A = new Float64Array(n * n);
  matmulNT(QS, Q2, A, n, n, n);
  const sigma = svd(A, n, n).sigma;
  // forming A in floating point perturbs it by ~ε‖A‖ = 2e-16 absolutely, which bounds what any SVD can recover
  for (let i = 0; i < n; i++) assert.ok(Math.abs(sigma[i]! - s[i]!) <= 1e-13 * s[i]! + 1e-15, `σ_${String(i)} = ${String(sigma[i])}`);
});

test('a warm-started workspace gives the same decomposition as a cold one, in fewer sweeps', () => {
  const rng = new Rng(11);
  const m = 12;
  const n = 9;
  const ws = new SvdWorkspace(m, n, true, false, 'jacobi'); // the Jacobi path: LAPACK has no warm start
  const A = rng.normals(m * n);
  ws.compute(A);
  const cold = ws.sweeps;
  for (let k = 0; k < 200; k++) {
    const dA = rng.normals(m * n, 1e-4);
    for (let i = 0; i < m * n; i++) A[i] = A[i]! + dA[i]!;
    ws.compute(A);
    const res = svdResiduals(A, m, n, ws);
    // as cold: backward stable, and the periodic re-orthonormalisation keeps V's drift at rounding level
    assert.ok(res.recon < 1e-12 && res.orthU < 1e-12 && res.orthV < 1e-12, `step ${String(k)}: ${JSON.stringify(res)}`);
  }
  assert.ok(ws.sweeps < cold, `warm ${String(ws.sweeps)} sweeps vs cold ${String(cold)}`);
});

test('products with transposes agree with ml-matrix', () => {
  const rng = new Rng(5);
  const [m, k, n] = [4, 7, 3];
  const A = rng.normals(m * k);
  const B = rng.normals(k * n);
  const ml = (x: Float64Array, r: number, c: number): MlMatrix => new MlMatrix(Array.from({ length: r }, (_, i) => Array.from(x.subarray(i * c, (i + 1) * c))));
  const ref = ml(A, m, k).mmul(ml(B, k, n));
  const C = new Float64Array(m * n);
  matmul(A, B, C, m, k, n);
  const At = ml(A, m, k).transpose().to1DArray();
  const C2 = new Float64Array(m * n);
  matmulTN(Float64Array.from(At), B, C2, m, k, n);
  const Bt = Float64Array.from(ml(B, k, n).transpose().to1DArray());
  const C3 = new Float64Array(m * n);
  matmulNT(A, Bt, C3, m, k, n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      // same sums in a different order: agreement to a few ulps of the O(10) entries
      for (const X of [C, C2, C3]) assert.ok(Math.abs(X[i * n + j]! - ref.get(i, j)) < 1e-13);
    }
});

test('symmetric eigendecomposition and PSD powers: Q Λ Qᵀ = S, (S^{1/2})² = S, S^0 = I', () => {
  const rng = new Rng(9);
  const n = 6;
  const X = rng.normals(n * 3); // rank-3 PSD S = X Xᵀ
  const S = new Float64Array(n * n);
  matmulNT(X, X, S, n, 3, n);
  const { values, Q } = symEig(S, n);
  for (let i = 1; i < n; i++) assert.ok(values[i - 1]! >= values[i]!);
  const half = psdPower(S, n, 0.5);
  const sq = new Float64Array(n * n);
  matmul(half, half, sq, n, n, n);
  // tred2/tql2 are backward stable: errors of a few n·ε·λ_max in the reconstructions, ≈ 1e-15·λ_max for n = 6
  for (let i = 0; i < n * n; i++) assert.ok(Math.abs(sq[i]! - S[i]!) < 1e-12 * values[0]!);
  const zero = psdPower(S, n, 0);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) assert.equal(Math.abs(zero[i * n + j]! - (i === j ? 1 : 0)) < 1e-12, true);
  const QL = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) QL[i * n + j] = Q[i * n + j]! * values[j]!;
  const R = new Float64Array(n * n);
  matmulNT(QL, Q, R, n, n, n);
  for (let i = 0; i < n * n; i++) assert.ok(Math.abs(R[i]! - S[i]!) < 1e-12 * values[0]!);
});
