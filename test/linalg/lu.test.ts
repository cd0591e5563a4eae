import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { luFactor, luSolve } from '../../src/linalg/lu.js';

test('luSolve(luFactor(A), b) solves A x = b for random well-conditioned A', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 1e6 }), (n, seed) => {
      let s = seed + 1;
      const rnd = (): number => {
        s = (s * 16807) % 2147483647;
        return s / 2147483647 - 0.5;
      };
      const A = new Float64Array(n * n).map(rnd);
      for (let i = 0; i < n; i++) A[i * n + i] = A[i * n + i]! + n; // diagonally dominant: cond ≤ ~3
      const x = new Float64Array(n).map(rnd);
      const b = new Float64Array(n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) b[i] = b[i]! + A[i * n + j]! * x[j]!;
      const LU = A.slice();
      const piv = new Int32Array(n);
      assert.ok(luFactor(LU, n, piv));
      luSolve(LU, n, piv, b);
      // backward stable with cond ≤ ~3: error ≤ a few hundred ulps
      for (let i = 0; i < n; i++) assert.ok(Math.abs(b[i]! - x[i]!) < 1e-13);
    }),
  );
});

test('luFactor reports a singular matrix', () => {
  const A = new Float64Array([1, 2, 2, 4]);
  assert.equal(luFactor(A, 2, new Int32Array(2)), false);
});
