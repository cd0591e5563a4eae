/**
 * The exact Jacobian-vector products of the end-to-end flow (src/flows/downstairsJvp.ts) against
 * central differences of the field along the same direction, at depths 1, 2, 3, 5 and ∞, both time
 * conventions, square and rectangular (both orientations), quadratic and non-quadratic energies,
 * separated, nearly equal and repeated singular values; and the dense Jacobian built from them
 * against the independent `DownstairsJacobian`. The factor flow's products (with and without its
 * regularisers) against central differences at several depths and widths.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Energy } from '../../src/energies/energy.js';
import { lpRegression } from '../../src/energies/lpRegression.js';
import { matrixCompletion } from '../../src/energies/matrixCompletion.js';
import { matrixSensing } from '../../src/energies/matrixSensing.js';
import { downstairsFlow } from '../../src/flows/downstairs.js';
import { DownstairsJacobian } from '../../src/flows/downstairsJacobian.js';
import { packFactors } from '../../src/flows/layout.js';
import { upstairsFlow } from '../../src/flows/upstairs.js';
import { gaussianFactors } from '../../src/init/inits.js';
import { Rng } from '../../src/init/rng.js';

/** An orthonormal `n × n` matrix: Gram–Schmidt of a Gaussian one. */
function orthogonal(n: number, rand: Rng): Float64Array {
  const Q = rand.normals(n * n);
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
}

/** `A diag(s) Bᵀ` of shape `m × n` with random orthogonal `A`, `B` (`s` has `min(m, n)` entries). */
function withSingularValues(m: number, n: number, s: readonly number[], rand: Rng): Float64Array {
  const A = orthogonal(m, rand);
  const B = orthogonal(n, rand);
  const W = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) for (let k = 0; k < s.length; k++) W[i * n + j] = W[i * n + j]! + A[i * m + k]! * s[k]! * B[j * n + k]!;
  return W;
}

/**
 * max |Jv − cd| / max |cd| with `cd = (f(W + hv) − f(W − hv))/2h`, `h = 1e-5`, `‖v‖_max ≤ 1`
 * after scaling: the truncation error is h²/6·|f'''| (≲ 1e-9 with the O(1)–O(10) derivatives here)
 * and rounding 2ε|f|/h ≈ 4e-11·|f|, both below 1e-9 of max |cd|.
 */
function mismatch(energy: Energy, depth: number, time: 'upstairs' | 'normalized', W: Float64Array, v: Float64Array): number {
  const flow = downstairsFlow(energy, depth, time);
  const jvp = flow.jvp?.bind(flow);
  assert.ok(jvp, 'the flow offers exact products');
  const d = W.length;
  const out = new Float64Array(d);
  jvp(0, W, v, out);
  const h = 1e-5;
  const Wp = new Float64Array(d);
  const Wm = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    Wp[i] = W[i]! + h * v[i]!;
    Wm[i] = W[i]! - h * v[i]!;
  }
  const fp = new Float64Array(d);
  const fm = new Float64Array(d);
  flow.rhs(0, Wp, fp);
  flow.rhs(0, Wm, fm);
  let worst = 0;
  let size = 0;
  for (let i = 0; i < d; i++) {
    const cd = (fp[i]! - fm[i]!) / (2 * h);
    worst = Math.max(worst, Math.abs(out[i]! - cd));
    size = Math.max(size, Math.abs(cd));
  }
  return worst / size;
}

// 1e-7: the differences' own error (≲ 1e-9 of max |cd|, above) with a hundredfold margin
const TOL = 1e-7;

function sensing(m: number, n: number, K: number, rand: Rng): Energy {
  return matrixSensing(m, n, rand.normals(K * m * n), rand.normals(K));
}

test('Jacobian-vector products equal central differences: depths 1, 2, 3, 5, ∞, both conventions, square and rectangular', () => {
  const rand = new Rng(21);
  for (const [m, n] of [
    [3, 3],
    [5, 5],
    [2, 4],
    [4, 2],
    [5, 3],
  ] as const) {
    const r = Math.min(m, n);
    const W = withSingularValues(
      m,
      n,
      Array.from({ length: r }, (_, i) => 1.5 / (i + 1)),
      rand,
    );
    const energy = sensing(m, n, 2 * m * n, rand);
    for (const depth of [1, 2, 3, 5, Infinity])
      for (const time of depth === Infinity ? (['normalized'] as const) : (['upstairs', 'normalized'] as const)) {
        const v = rand.normals(m * n);
        const e = mismatch(energy, depth, time, W, v);
        assert.ok(e < TOL, `${String(m)}×${String(n)}, depth ${String(depth)}, ${time}: ${e.toExponential(2)}`);
      }
  }
});

test('… at nearly equal (relative gap 1e-7) and repeated singular values, for completion and a non-quadratic energy (ℓ₄ regression)', () => {
  const rand = new Rng(5);
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
    const W = withSingularValues(4, 4, s, rand);
    for (const energy of [matrixCompletion(4, 4, obs), lpRegression(4, 4, rand.normals(16), 4)])
      for (const depth of [1, 2, 4, Infinity]) {
        const e = mismatch(energy, depth, 'normalized', W, rand.normals(16));
        assert.ok(e < TOL, `σ ${s.join(', ')}, ${energy.name}, depth ${String(depth)}: ${e.toExponential(2)}`);
      }
  }
});

test('the dense Jacobian built from products equals the independent DownstairsJacobian (square), to rounding', () => {
  const rand = new Rng(9);
  const n = 4;
  const energy = sensing(n, n, 10, rand);
  const W = withSingularValues(n, n, [2, 1.2, 0.7, 0.3], rand);
  for (const depth of [2, 3, Infinity]) {
    const flow = downstairsFlow(energy, depth, 'normalized');
    const jvp = flow.jvp?.bind(flow);
    assert.ok(jvp);
    const d = n * n;
    const exact = new Float64Array(d * d);
    assert.equal(new DownstairsJacobian(energy, depth, depth === Infinity ? 1 : 1 / depth).evaluate(W, exact), true);
    const unit = new Float64Array(d);
    const col = new Float64Array(d);
    let worst = 0;
    let size = 0;
    for (let c = 0; c < d; c++) {
      unit[c] = 1;
      jvp(0, W, unit, col);
      unit[c] = 0;
      for (let r = 0; r < d; r++) {
        worst = Math.max(worst, Math.abs(col[r]! - exact[r * d + c]!));
        size = Math.max(size, Math.abs(exact[r * d + c]!));
      }
    }
    // the same formula evaluated in two orders (products per column vs rotations of the whole matrix):
    // rounding of O(n) sums of O(n) terms, ≲ 1e-13 relative; 1e-11 with margin
    assert.ok(worst <= 1e-11 * size, `depth ${String(depth)}: ${worst.toExponential(2)} of ${size.toExponential(2)}`);
  }
});

test('a rank-deficient (low-rank field) flow offers no products: the matrix-free methods difference it', () => {
  const rand = new Rng(3);
  const flow = downstairsFlow(sensing(3, 3, 5, rand), 3, 'upstairs', { rank: 1 });
  assert.equal('jvp' in flow, false);
});

test("the factor flow's products (with weight decay and the balancing penalty) equal central differences, depths 1–4, several widths", () => {
  const rand = new Rng(31);
  for (const widths of [
    [3, 2],
    [2, 3, 2],
    [3, 4, 2, 3],
    [2, 2, 2, 2, 2],
  ]) {
    const d0 = widths[0]!;
    const dN = widths[widths.length - 1]!;
    const energy = sensing(dN, d0, 2 * d0 * dN, rand);
    for (const reg of [undefined, { weightDecay: 0.3, balance: 0.7 }]) {
      const flow = upstairsFlow(energy, widths, 'upstairs', reg);
      const y = packFactors(flow.layout, gaussianFactors(widths, 0.8, rand));
      const v = rand.normals(flow.dim);
      const out = new Float64Array(flow.dim);
      flow.jvp(0, y, v, out);
      const h = 1e-5;
      const yp = y.map((x, i) => x + h * v[i]!);
      const ym = y.map((x, i) => x - h * v[i]!);
      const fp = new Float64Array(flow.dim);
      const fm = new Float64Array(flow.dim);
      flow.rhs(0, yp, fp);
      flow.rhs(0, ym, fm);
      let worst = 0;
      let size = 0;
      for (let i = 0; i < flow.dim; i++) {
        const cd = (fp[i]! - fm[i]!) / (2 * h);
        worst = Math.max(worst, Math.abs(out[i]! - cd));
        size = Math.max(size, Math.abs(cd));
      }
      // a polynomial field with O(1)–O(10) coefficients: truncation h²/6·|f'''| ≲ 1e-9, rounding ε|f|/h ≈ 1e-11; 1e-7 as above
      assert.ok(worst < TOL * size, `widths ${widths.join('-')}, ${reg ? 'regularised' : 'plain'}: ${(worst / size).toExponential(2)}`);
    }
  }
});

/** `(I − γ J) z` with the dense exact Jacobian `J` (`d × d`). */
function newtonTimes(J: Float64Array, gamma: number, z: Float64Array, out: Float64Array): void {
  const d = z.length;
  for (let r = 0; r < d; r++) {
    let s = z[r]!;
    for (let c = 0; c < d; c++) s -= gamma * J[r * d + c]! * z[c]!;
    out[r] = s;
  }
}

test('the preconditioner is the exact inverse of I − γJ when every coefficient is stiff (σ within a factor 4), and reduces the residual at a stiff small-start point', () => {
  const rand = new Rng(13);
  const n = 5;
  const d = n * n;
  const obs = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (rand.uniform() < 0.5) obs.push({ i, j, value: rand.normal() });
  const energy = matrixCompletion(n, n, obs);
  for (const [s, gamma, bound] of [
    // all K within 1e-6 of the largest: S is everything, the block solve is exact up to LU rounding (measured 2.8e-14)
    [[2, 1.5, 1, 0.8, 0.5], 30, 1e-10],
    // two escaped modes beside three at 1e-4: only J̃ between the three small modes is neglected
    // (entries ≤ 3.6e-4, so γ·3.6e-4 = 0.36 bounds the relative residual); measured 3.9e-2, against 1.5e5 without
    [[3, 2, 1e-4, 2e-4, 3e-4], 1e3, 0.1],
  ] as const) {
    const W = withSingularValues(n, n, s, rand);
    const flow = downstairsFlow(energy, Infinity, 'normalized');
    const J = new Float64Array(d * d);
    assert.equal(flow.jacobian?.bind(flow)(0, W, J), true);
    const pre = flow.preconditioner;
    assert.ok(pre);
    assert.notEqual(pre.setup(0, W, gamma), false);
    const r = rand.normals(d);
    const z = new Float64Array(d);
    pre.apply(r, z);
    const back = new Float64Array(d);
    newtonTimes(J, gamma, z, back);
    let res = 0;
    let size = 0;
    let unpre = 0;
    newtonTimes(J, gamma, r, z);
    for (let i = 0; i < d; i++) {
      res = Math.max(res, Math.abs(back[i]! - r[i]!));
      size = Math.max(size, Math.abs(r[i]!));
      unpre = Math.max(unpre, Math.abs(z[i]! - r[i]!));
    }
    assert.ok(
      res <= bound * size,
      `σ ${s.join(', ')}, γ ${String(gamma)}: ‖(I − γJ)P⁻¹r − r‖ = ${(res / size).toExponential(2)} (without: ${(unpre / size).toExponential(2)})`,
    );
  }
});

test('on a sensing energy the preconditioner built from batched Hessian products (hessianRows) equals the one built product by product, and is exact where every mode is stiff', (t) => {
  const rand = new Rng(17);
  const n = 5;
  const d = n * n;
  const energy = sensing(n, n, 15, rand);
  assert.equal(typeof energy.hessianRows, 'function');
  // the same energy without the batched products: the preconditioner falls back to hessianVector per member of S
  const single: Energy = {
    name: energy.name,
    rows: n,
    cols: n,
    minimum: energy.minimum,
    hessianConstant: true,
    value: (W) => energy.value(W),
    gradient: (W, G) => {
      energy.gradient(W, G);
    },
    hessianVector: (W, V, out) => {
      energy.hessianVector(W, V, out);
    },
    describe: () => energy.describe(),
  };
  for (const [s, gamma, bound] of [
    // every K within a factor 16 of the largest: S is everything and the block solve exact up to LU rounding
    [[2, 1.5, 1, 0.8, 0.5], 30, 1e-10],
    // two escaped modes beside three at 1e-4: the preconditioner neglects J̃ between the small modes (entries of
    // order K·‖∇²E‖ with K ≈ 1e-8 at depth ∞, times γ = 1e3), as on completion (the test above); bounded at 0.1
    [[3, 2, 1e-4, 2e-4, 3e-4], 1e3, 0.1],
  ] as const) {
    const W = withSingularValues(n, n, s, rand);
    const r = rand.normals(d);
    const z = [new Float64Array(d), new Float64Array(d)];
    [energy, single].forEach((e, k) => {
      const pre = downstairsFlow(e, Infinity, 'normalized').preconditioner;
      assert.ok(pre);
      assert.notEqual(pre.setup(0, W, gamma), false);
      pre.apply(r, z[k]!);
    });
    const flow = downstairsFlow(energy, Infinity, 'normalized');
    const J = new Float64Array(d * d);
    assert.equal(flow.jacobian?.bind(flow)(0, W, J), true);
    const back = new Float64Array(d);
    newtonTimes(J, gamma, z[0]!, back);
    let res = 0;
    let gap = 0;
    let size = 0;
    for (let i = 0; i < d; i++) {
      res = Math.max(res, Math.abs(back[i]! - r[i]!));
      gap = Math.max(gap, Math.abs(z[0]![i]! - z[1]![i]!));
      size = Math.max(size, Math.abs(r[i]!), Math.abs(z[0]![i]!));
    }
    // the two builds form the same columns and rows by sums in another order; their Schur matrices differ by
    // rounding, amplified by its condition (≲ 1e3 at γ = 1e3): 1e-10 relative (measured 1.4e-17 and 9.7e-12;
    // residuals 1.0e-14 and 4.6e-2)
    assert.ok(gap <= 1e-10 * size, `σ ${s.join(', ')}: batched vs one by one ${(gap / size).toExponential(2)}`);
    assert.ok(res <= bound * size, `σ ${s.join(', ')}, γ ${String(gamma)}: ‖(I − γJ)P⁻¹r − r‖ = ${(res / size).toExponential(2)}`);
    t.diagnostic(`σ ${s.join(', ')}, γ ${String(gamma)}: batched vs one by one ${(gap / size).toExponential(2)}, residual ${(res / size).toExponential(2)}`);
  }
});
