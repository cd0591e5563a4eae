/** complexLu (src/ode/complexLu.ts): complex LU against the real 2n × 2n form solved by the real LU, and its singular flag. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { complexLuFactor, complexLuSolve } from '../../src/ode/complexLu.js';
import { jsLuFactor, jsLuSolve } from '../../src/linalg/lu.js';

/** A deterministic pseudo-random stream in [−1, 1). */
function stream(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  };
}

test('complexLuSolve solves (A + iB) x = b as the real form [[A, −B], [B, A]] does, to rounding', () => {
  for (const n of [1, 2, 3, 7, 12, 30]) {
    const rnd = stream(n);
    const re = Float64Array.from({ length: n * n }, rnd);
    const im = Float64Array.from({ length: n * n }, rnd);
    // RADAU5's matrices: a shifted −J; the shift keeps them well conditioned, as there
    for (let i = 0; i < n; i++) re[i * n + i] = re[i * n + i]! + 3;
    const b = Float64Array.from({ length: 2 * n }, rnd);
    // the independent reference: the real 2n × 2n form through the real LU
    const R = new Float64Array(4 * n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        R[i * 2 * n + j] = re[i * n + j]!;
        R[i * 2 * n + n + j] = -im[i * n + j]!;
        R[(n + i) * 2 * n + j] = im[i * n + j]!;
        R[(n + i) * 2 * n + n + j] = re[i * n + j]!;
      }
    const xr = Float64Array.from(b);
    const pr = new Int32Array(2 * n);
    assert.ok(jsLuFactor(R, 2 * n, pr));
    jsLuSolve(R, 2 * n, pr, xr);
    const xc = Float64Array.from(b);
    const A = Float64Array.from(re);
    const B = Float64Array.from(im);
    const pc = new Int32Array(n);
    assert.ok(complexLuFactor(A, B, n, pc));
    complexLuSolve(A, B, n, pc, xc);
    // residual of the complex solution in the original matrix: a backward-stable LU leaves about
    // n·u·‖A‖∞·‖x‖∞ with ‖A‖∞ ≤ 2n + 3 here (≈ 4e-13·‖x‖ at n = 30); the bound 4e-13·n·‖x‖∞ is 30× that
    // at n = 30. Measured 3.0e-15·‖x‖∞ at n = 30
    let res = 0;
    let scale = 0;
    for (let i = 0; i < n; i++) {
      let sr = -b[i]!;
      let si = -b[n + i]!;
      for (let j = 0; j < n; j++) {
        sr += re[i * n + j]! * xc[j]! - im[i * n + j]! * xc[n + j]!;
        si += re[i * n + j]! * xc[n + j]! + im[i * n + j]! * xc[j]!;
      }
      res = Math.max(res, Math.abs(sr), Math.abs(si));
    }
    for (const v of xc) scale = Math.max(scale, Math.abs(v));
    assert.ok(res < 1e-13 * n * 4 * scale, `n = ${String(n)}: residual ${res.toExponential(2)}`);
    // the two solutions agree to the conditioning times their backward errors (both backward stable;
    // cond ≤ 112 here, measured, so about 112·n·u ≈ 7e-13 at n = 30); measured 2.7e-15·‖x‖∞ at n = 30
    for (let i = 0; i < 2 * n; i++) assert.ok(Math.abs(xc[i]! - xr[i]!) < 1e-12 * scale, `n = ${String(n)}, entry ${String(i)}`);
  }
});

test('complexLuFactor pivots on |Re| + |Im| and reports a singular matrix', () => {
  // [[0, 1], [i, 0]]: the first column's pivot is the imaginary entry, so a row swap is needed
  const re = Float64Array.of(0, 1, 0, 0);
  const im = Float64Array.of(0, 0, 1, 0);
  const piv = new Int32Array(2);
  assert.ok(complexLuFactor(re, im, 2, piv));
  assert.deepEqual(Array.from(piv), [1, 1]);
  // x = (1 + 2i, 3): [[0, 1], [i, 0]] x = (3, −2 + i)
  const b = Float64Array.of(3, -2, 0, 1);
  complexLuSolve(re, im, 2, piv, b);
  [1, 3, 2, 0].forEach((want, i) => {
    assert.ok(Math.abs(b[i]! - want) < 1e-15, `entry ${String(i)}: ${String(b[i])}`);
  });
  // rank one: (1 + i)·[[1, 2], [1, 2]]
  const sre = Float64Array.of(1, 2, 1, 2);
  const sim = Float64Array.of(1, 2, 1, 2);
  assert.equal(complexLuFactor(sre, sim, 2, new Int32Array(2)), false);
});
