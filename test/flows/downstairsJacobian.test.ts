/**
 * The exact Jacobian of the end-to-end flow (src/flows/downstairsJacobian.ts) against central
 * differences of the field, at depths 2, 3, 5 and ∞, in both time conventions, for sensing and
 * completion energies; at well separated, nearly equal and exactly repeated singular values.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matrixCompletion } from '../../src/energies/matrixCompletion.js';
import { matrixSensing } from '../../src/energies/matrixSensing.js';
import type { Energy } from '../../src/energies/energy.js';
import { downstairsFlow } from '../../src/flows/downstairs.js';
import { coefficientSlope, DownstairsJacobian } from '../../src/flows/downstairsJacobian.js';
import { flowCoefficient } from '../../src/flows/coefficients.js';
import { Rng } from '../../src/init/rng.js';

const randn = (n: number, rand: Rng): Float64Array => rand.normals(n);

/** `Q₁ diag(s) Q₂ᵀ` with random orthogonal `Q` (QR by Gram–Schmidt of a Gaussian matrix). */
function withSingularValues(s: readonly number[], rand: Rng): Float64Array {
  const n = s.length;
  const orth = (): Float64Array => {
    const Q = randn(n * n, rand);
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < j; k++) {
        let d = 0;
        for (let i = 0; i < n; i++) d += Q[i * n + j]! * Q[i * n + k]!;
        for (let i = 0; i < n; i++) Q[i * n + j] = Q[i * n + j]! - d * Q[i * n + k]!;
      }
      let nn = 0;
      for (let i = 0; i < n; i++) nn += Q[i * n + j]! ** 2;
      for (let i = 0; i < n; i++) Q[i * n + j] = Q[i * n + j]! / Math.sqrt(nn);
    }
    return Q;
  };
  const A = orth();
  const B = orth();
  const W = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) W[i * n + j] = W[i * n + j]! + A[i * n + k]! * s[k]! * B[j * n + k]!;
  return W;
}

function sensing(n: number, K: number, rand: Rng): Energy {
  return matrixSensing(n, n, randn(K * n * n, rand), randn(K, rand));
}

/**
 * max |J_exact − J_cd| / max |J_cd| for central differences with step h: the truncation error is
 * h²/6·|f'''| and rounding 2ε|f|/h; with the fields' entries and derivatives O(1)–O(10) here and
 * h = 1e-5·max(1, |W_j|), both are ≲ 1e-9 of max |J|.
 */
function mismatch(energy: Energy, depth: number, time: 'upstairs' | 'normalized', W: Float64Array): number {
  const flow = downstairsFlow(energy, depth, time);
  const n2 = W.length;
  const J = new Float64Array(n2 * n2);
  const jacobian = flow.jacobian?.bind(flow);
  assert.ok(jacobian, 'the flow offers its exact Jacobian');
  assert.notEqual(jacobian(0, W, J), false);
  const fp = new Float64Array(n2);
  const fm = new Float64Array(n2);
  let worst = 0;
  let scale = 0;
  for (let j = 0; j < n2; j++) {
    const w = W[j]!;
    const h = 1e-5 * Math.max(1, Math.abs(w));
    W[j] = w + h;
    flow.rhs(0, W, fp);
    W[j] = w - h;
    flow.rhs(0, W, fm);
    W[j] = w;
    for (let i = 0; i < n2; i++) {
      const cd = (fp[i]! - fm[i]!) / (2 * h);
      worst = Math.max(worst, Math.abs(J[i * n2 + j]! - cd));
      scale = Math.max(scale, Math.abs(cd));
    }
  }
  return worst / scale;
}

// 1e-7: the differences' own error (≲ 1e-9 of max|J|, above) with a hundredfold margin
const TOL = 1e-7;

test('the exact Jacobian equals central differences at depths 2, 3, 5, ∞, both conventions, separated singular values', () => {
  const rand = new Rng(7);
  for (const n of [3, 5]) {
    const energy = sensing(n, 2 * n, rand);
    const W = withSingularValues(
      Array.from({ length: n }, (_, i) => 1.5 / (i + 1)),
      rand,
    );
    for (const depth of [2, 3, 5, Infinity])
      for (const time of depth === Infinity ? (['normalized'] as const) : (['upstairs', 'normalized'] as const)) {
        const e = mismatch(energy, depth, time, W);
        assert.ok(e < TOL, `n ${String(n)}, depth ${String(depth)}, ${time}: ${e.toExponential(2)}`);
      }
  }
});

test('… at nearly equal (relative gap 1e-7) and exactly repeated singular values, and for completion', () => {
  const rand = new Rng(11);
  const obs = [
    { i: 0, j: 0, value: 1 },
    { i: 0, j: 2, value: -0.5 },
    { i: 1, j: 1, value: 2 },
    { i: 2, j: 0, value: 0.3 },
    { i: 2, j: 3, value: 1.1 },
    { i: 3, j: 3, value: -0.7 },
  ];
  for (const s of [
    [2, 1, 1 + 1e-7, 0.5],
    [2, 1, 1, 0.5],
  ]) {
    const W = withSingularValues(s, rand);
    for (const energy of [sensing(4, 6, rand), matrixCompletion(4, 4, obs)])
      for (const depth of [2, 4, Infinity]) {
        const e = mismatch(energy, depth, 'normalized', W);
        assert.ok(e < TOL, `σ ${s.join(', ')}, ${energy.name}, depth ${String(depth)}: ${e.toExponential(2)}`);
      }
  }
});

test('∂k/∂x of the coefficients equals the derivative of flowCoefficient, through the series switch at u = 1e-3', () => {
  for (const depth of [2, 3, 7, Infinity])
    for (const [x, z] of [
      [2, 0.5],
      [1e-6, 3],
      [1, 1 + 5e-4],
      [1, 1 + 2e-3],
      [4, 4],
    ] as const) {
      const h = 1e-6 * x;
      const cd = (flowCoefficient(x + h, z, depth, 1) - flowCoefficient(x - h, z, depth, 1)) / (2 * h);
      const exact = coefficientSlope(x, z, depth, 1);
      // central differences of a smooth function with relative step 1e-6: ~1e-10 relative error; 1e-7 with margin
      assert.ok(Math.abs(exact - cd) <= 1e-7 * Math.abs(cd), `depth ${String(depth)}, (${String(x)}, ${String(z)}): ${String(exact)} vs ${String(cd)}`);
    }
});

test('no exact Jacobian where the coefficients are not differentiable: a zero singular value falls back to differences; rectangular and depth 1 take theirs from the products (downstairsJvp.test.ts)', () => {
  const rand = new Rng(3);
  const energy = sensing(3, 5, rand);
  const W = withSingularValues([1, 0.5, 0], rand);
  const flow = downstairsFlow(energy, Infinity, 'normalized');
  const J = new Float64Array(81).fill(7);
  assert.equal(flow.jacobian?.bind(flow)(0, W, J), false);
  assert.ok(
    J.every((v) => v === 7),
    'nothing written',
  );
  assert.equal(DownstairsJacobian.applies(energy, 1), false);
  assert.equal(DownstairsJacobian.applies(matrixSensing(2, 3, randn(12, rand), randn(2, rand)), 3), false);
  const rect = downstairsFlow(matrixSensing(2, 3, randn(12, rand), randn(2, rand)), 3);
  assert.equal(rect.jacobian?.bind(rect)(0, new Float64Array([1, 0, 0, 0, 0.5, 0]), new Float64Array(36)), true);
});
