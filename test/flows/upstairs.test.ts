/** docs/theory.md §2–§4: the factor gradients, the Jacobian, the downstairs field, invariants and Theorem 3. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { invariants } from '../../src/analysis/invariants.js';
import { odeLinearAlgebra } from '../../src/simulate/odeLinearAlgebra.js';
import type { Energy } from '../../src/energies/energy.js';
import { matrixCompletion } from '../../src/energies/matrixCompletion.js';
import { matrixSensing } from '../../src/energies/matrixSensing.js';
import { whitenedRegression } from '../../src/energies/whitenedRegression.js';
import { CoefficientMatrix, depthCoefficient, flowCoefficient, lambdaInf } from '../../src/flows/coefficients.js';
import { downstairsFlow } from '../../src/flows/downstairs.js';
import { factorJacobian } from '../../src/flows/factorJacobian.js';
import { endToEndOf, packFactors } from '../../src/flows/layout.js';
import { regularizerTerms, type Regularizer } from '../../src/flows/regularizer.js';
import { velocityScale } from '../../src/flows/time.js';
import { upstairsFlow } from '../../src/flows/upstairs.js';
import { balancedFactors, gaussianFactors } from '../../src/init/inits.js';
import { Rng } from '../../src/init/rng.js';
import { frobeniusNorm } from '../../src/linalg/norms.js';
import { matmul, matmulNT, matmulTN } from '../../src/linalg/products.js';
import { svd } from '../../src/linalg/svd.js';
import { psdPower } from '../../src/linalg/symEig.js';
import { solve } from '../../src/ode/solve.js';

const rng = new Rng(77);

test('the upstairs field is minus the gradient of L(W_1..W_N) = E(W_N⋯W_1) (central differences), several depths and widths', () => {
  for (const w of [
    [3, 2],
    [3, 4, 2],
    [2, 5, 3, 4],
    [4, 2, 3, 3, 2, 3],
  ]) {
    const d0 = w[0]!;
    const dN = w[w.length - 1]!;
    const E = whitenedRegression(dN, d0, rng.normals(dN * d0));
    const flow = upstairsFlow(E, w);
    const y = packFactors(flow.layout, gaussianFactors(w, 0.7, rng));
    const f = new Float64Array(flow.dim);
    flow.rhs(0, y, f);
    const L = (z: Float64Array): number => E.value(endToEndOf(flow.layout, z));
    for (let i = 0; i < flow.dim; i++) {
      const h = 1e-6;
      const yi = y[i]!;
      y[i] = yi + h;
      const up = L(y);
      y[i] = yi - h;
      const down = L(y);
      y[i] = yi;
      const fd = -(up - down) / (2 * h);
      // central differences on a polynomial of degree 2N with O(1) coefficients: error ≲ 1e-8
      assert.ok(Math.abs(fd - f[i]!) <= 1e-7 * (1 + Math.abs(f[i]!)), `widths ${JSON.stringify(w)} component ${String(i)}: ${String(f[i])} vs ${String(fd)}`);
    }
  }
});

test('the analytic Jacobian of the upstairs field equals central differences of the field', () => {
  const w = [2, 3, 2, 2];
  const E = matrixCompletion(2, 2, [
    { i: 0, j: 1, value: 1 },
    { i: 1, j: 0, value: 1 },
    { i: 1, j: 1, value: 0 },
  ]);
  const flow = upstairsFlow(E, w, 'normalized');
  const y = packFactors(flow.layout, gaussianFactors(w, 0.8, rng));
  const n = flow.dim;
  const J = new Float64Array(n * n);
  flow.jacobian!(0, y, J);
  const fp = new Float64Array(n);
  const fm = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    const h = 1e-6;
    const yc = y[c]!;
    y[c] = yc + h;
    flow.rhs(0, y, fp);
    y[c] = yc - h;
    flow.rhs(0, y, fm);
    y[c] = yc;
    for (let r = 0; r < n; r++) {
      const fd = (fp[r]! - fm[r]!) / (2 * h);
      // central differences of a polynomial field with O(1) entries: truncation h²·|f'''| ≈ 1e-12, rounding ε/h ≈ 1e-10
      assert.ok(Math.abs(fd - J[r * n + c]!) <= 1e-7 * (1 + Math.abs(fd)), `J[${String(r)},${String(c)}] = ${String(J[r * n + c])}, differences ${String(fd)}`);
    }
  }
});

test('the batched Jacobian (factorJacobian.ts) equals the Jacobian-vector products column by column, in one chunk and in several', () => {
  const completion = (rows: number, cols: number): Energy =>
    matrixCompletion(rows, cols, [
      { i: 0, j: 1, value: 1 },
      { i: rows - 1, j: 0, value: 0.5 },
      { i: rows - 1, j: cols - 1, value: -0.3 },
    ]);
  const sensing = (rows: number, cols: number): Energy => matrixSensing(rows, cols, rng.normals(5 * rows * cols), rng.normals(5));
  const cases: [number[], (r: number, c: number) => Energy, Regularizer | undefined][] = [
    [[2, 2], completion, undefined],
    [[2, 2, 2, 2], completion, undefined],
    [[3, 1, 4, 2], completion, undefined],
    [[2, 5, 3], sensing, undefined], // hessianRows: the Hessian products batched too
    [[3, 2, 2, 4, 2], completion, { weightDecay: 0.1, balance: 0.3 }],
    [[10, 3, 4, 2], sensing, undefined], // d_0 > 8: the columns through matrix products (M1, M2), not summed in place
  ];
  for (const [w, make, reg] of cases) {
    const N = w.length - 1;
    const E = make(w[N]!, w[0]!);
    const flow = upstairsFlow(E, w, 'normalized', reg);
    const { layout, dim } = flow;
    const y = packFactors(layout, gaussianFactors(w, 0.8, rng));
    // the passes at y, formed here independently of upstairs.ts: P_k = W_k ⋯ W_1, B_N = ∇E(W), B_{k−1} = W_kᵀ B_k
    const Ws = Array.from({ length: N }, (_, j) => y.subarray(layout.offsets[j], layout.offsets[j]! + w[j + 1]! * w[j]!));
    const P: Float64Array[] = [new Float64Array(0), Float64Array.from(Ws[0]!)];
    for (let k = 2; k <= N; k++) {
      P.push(new Float64Array(w[k]! * w[0]!));
      matmul(Ws[k - 1]!, P[k - 1]!, P[k]!, w[k]!, w[k - 1]!, w[0]!);
    }
    const B: Float64Array[] = Array.from({ length: N + 1 }, (_, k) => new Float64Array(k === 0 ? 0 : w[k]! * w[0]!));
    E.gradient(P[N]!, B[N]!);
    for (let k = N; k >= 2; k--) matmulTN(Ws[k - 1]!, B[k]!, B[k - 1]!, w[k - 1]!, w[k]!, w[0]!);
    const passes = { P, B, Wend: P[N]! };
    const reference = new Float64Array(dim * dim);
    const unit = new Float64Array(dim);
    const col = new Float64Array(dim);
    for (let c = 0; c < dim; c++) {
      unit.fill(0);
      unit[c] = 1;
      flow.jvp(0, y, unit, col);
      for (let r = 0; r < dim; r++) reference[r * dim + c] = col[r]!;
    }
    const big = Math.max(...reference.map(Math.abs));
    const scale = velocityScale(N, 'normalized');
    const terms = reg ? regularizerTerms(layout, reg) : undefined;
    // one chunk of every column, and workspaces of 1000, 300 and 100 doubles: chunks of 1–25, 1–7 and
    // 1–2 directions here (a direction needs 40–500 doubles at these widths), with a shorter last chunk
    for (const chunkDoubles of [1 << 22, 1000, 300, 100, 1]) {
      const J = new Float64Array(dim * dim);
      factorJacobian(E, layout, passes, scale, terms, chunkDoubles)(y, J);
      // the same products summed in another order: rounding of O(depth) terms of size ≤ max|J|
      const worst = Math.max(...J.map((v, i) => Math.abs(v - reference[i]!)));
      assert.ok(worst <= 1e-13 * big, `widths ${JSON.stringify(w)}, chunk ${String(chunkDoubles)}: ${String(worst)} of ${String(big)}`);
    }
    // and the flow's own jacobian is this one
    const Jf = new Float64Array(dim * dim);
    flow.jacobian!(0, y, Jf);
    assert.ok(Math.max(...Jf.map((v, i) => Math.abs(v - reference[i]!))) <= 1e-13 * big, `widths ${JSON.stringify(w)}: flow.jacobian`);
  }
});

test('C_il: the stable form equals the defining sum Σ_j σ_i^{2(N−j)/N} σ_l^{2(j−1)/N}, also for σ_i ≈ σ_l and zeros', () => {
  const direct = (a: number, b: number, N: number): number => {
    let s = 0;
    for (let j = 1; j <= N; j++) s += (a === 0 && N - j === 0 ? 1 : a ** ((N - j) / N)) * (b === 0 && j - 1 === 0 ? 1 : b ** ((j - 1) / N));
    return s;
  };
  for (const N of [1, 2, 3, 5, 10, 37]) {
    for (const [a, b] of [
      [1, 1],
      [2, 0.5],
      [1, 1 + 1e-12],
      [1e-8, 3],
      [0, 2],
      [2, 0],
      [0, 0],
      [1e3, 1e3 * (1 - 1e-9)],
    ] as const) {
      const ours = depthCoefficient(a, b, N);
      const ref = direct(a, b, N);
      // the direct sum of N positive terms is accurate to ~N ulp
      assert.ok(Math.abs(ours - ref) <= 1e-13 * ref, `N=${String(N)} a=${String(a)} b=${String(b)}: ${String(ours)} vs ${String(ref)}`);
    }
  }
});

test('CoefficientMatrix (powers once per value, Horner per entry) equals flowCoefficient entry by entry, depths 1–33 and ∞, zeros, ties and near-ties', () => {
  // squared singular values over 14 decades, with exact ties, a relative gap of 1e-12 and zeros
  const a = Float64Array.from([4, 1, 1, 1 + 1e-12, 2.5e-3, 1e-10, 0]);
  const b = Float64Array.from([1, 9, 1e-10 * (1 + 1e-12), 0, 3e-7]);
  const K = new Float64Array(a.length * b.length);
  for (const N of [1, 2, 3, 4, 5, 10, 32, 33, Infinity]) {
    const scale = Number.isFinite(N) ? 1 / N : 1;
    new CoefficientMatrix(a.length, b.length, N, scale).fill(a, b, K);
    for (let i = 0; i < a.length; i++)
      for (let l = 0; l < b.length; l++) {
        const ref = flowCoefficient(a[i]!, b[l]!, N, scale);
        const got = K[i * b.length + l]!;
        // both are within ~N ulp of the defining sum (the test above): the powers and ratio carry ≤ 3 ulp, which
        // the series' N − 1 Horner steps turn into ≤ 3(N − 1) ulp; 10·N ulp bounds the two errors together
        const bound = Number.isFinite(N) ? 10 * N * 2.2e-16 * ref : 0;
        assert.ok(Math.abs(got - ref) <= bound, `N=${String(N)} a=${String(a[i])} b=${String(b[l])}: ${String(got)} vs ${String(ref)}`);
      }
  }
});

test('the downstairs field equals −Σ_j (WWᵀ)^{(N−j)/N} G (WᵀW)^{(j−1)/N} (eigendecompositions, an independent route), square and rectangular', () => {
  for (const [m, n] of [
    [3, 3],
    [4, 2],
    [2, 5],
  ] as const) {
    const E = whitenedRegression(m, n, rng.normals(m * n));
    const W = rng.normals(m * n);
    const G = new Float64Array(m * n);
    E.gradient(W, G);
    const WWt = new Float64Array(m * m);
    const WtW = new Float64Array(n * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) for (let c = 0; c < n; c++) WWt[i * m + j] = WWt[i * m + j]! + W[i * n + c]! * W[j * n + c]!;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let c = 0; c < m; c++) WtW[i * n + j] = WtW[i * n + j]! + W[c * n + i]! * W[c * n + j]!;
    for (const N of [1, 2, 3, 4]) {
      const ref = new Float64Array(m * n);
      const T = new Float64Array(m * n);
      const T2 = new Float64Array(m * n);
      for (let j = 1; j <= N; j++) {
        matmul(psdPower(WWt, m, (N - j) / N), G, T, m, m, n);
        matmul(T, psdPower(WtW, n, (j - 1) / N), T2, m, n, n);
        for (let i = 0; i < m * n; i++) ref[i] = ref[i]! - T2[i]!;
      }
      const f = new Float64Array(m * n);
      downstairsFlow(E, N).rhs(0, W, f);
      let err = 0;
      for (let i = 0; i < m * n; i++) err = Math.max(err, Math.abs(f[i]! - ref[i]!));
      // two backward-stable eigen/SVD routes on O(1) matrices: agreement to ~1e-13
      assert.ok(err <= 1e-12 * frobeniusNorm(ref), `${String(m)}×${String(n)} N=${String(N)}: ${err.toExponential(2)}`);
    }
  }
});

test('the rank-k field (subspace iteration, O(mnk)) equals the full-SVD field at exactly rank-k W, N = 2, 3, ∞', () => {
  for (const [m, n, k] of [
    [4, 3, 2],
    [5, 6, 1],
    [6, 6, 3],
  ] as const) {
    const E = whitenedRegression(m, n, rng.normals(m * n));
    const W = new Float64Array(m * n);
    matmulNT(rng.normals(m * k), rng.normals(n * k), W, m, k, n);
    for (const N of [2, 3, Infinity]) {
      const time = 'normalized' as const;
      const full = new Float64Array(m * n);
      const low = new Float64Array(m * n);
      downstairsFlow(E, N, time).rhs(0, W, full); // rounding-level σ are reported as exactly 0
      downstairsFlow(E, N, time, { rank: k }).rhs(0, W, low);
      let err = 0;
      for (let i = 0; i < m * n; i++) err = Math.max(err, Math.abs(full[i]! - low[i]!));
      // two SVD routes to the same blocks: agreement to rounding of the O(1) entries
      assert.ok(err <= 1e-12 * frobeniusNorm(full), `${String(m)}×${String(n)} rank ${String(k)} N=${String(N)}: ${err.toExponential(2)}`);
    }
  }
});

test('λ^∞ (logarithmic mean) is stable near σ_i = σ_l and zero when either vanishes', () => {
  assert.equal(lambdaInf(2, 0), 0);
  assert.equal(lambdaInf(3, 3), 3);
  // (a − b)/(ln a − ln b) with a = b(1 + δ): = b·δ/ln(1 + δ) = b(1 + δ/2 − δ²/12 + δ³/24 − 19δ⁴/720 + …);
  // the naive formula loses ~|log δ| digits here, the stable one keeps all but the rounding of a
  const b = 1.7;
  for (const delta of [1e-4, 1e-8, 1e-12]) {
    const series = b * (1 + delta / 2 - delta ** 2 / 12 + delta ** 3 / 24 - (19 * delta ** 4) / 720);
    assert.ok(
      Math.abs(lambdaInf(b * (1 + delta), b) - series) <= 1e-15 * b,
      `δ = ${String(delta)}: ${String(lambdaInf(b * (1 + delta), b))} vs ${String(series)}`,
    );
  }
});

test('(d) invariants D_j drift ≤ 1e-9 relative over t = 1e4 from a random unbalanced start', () => {
  // Razin–Cohen completion, depth 3, i.i.d. Gaussian factors of scale 0.1 (docs/theory.md §5: the flow
  // reaches a finite zero-loss matrix, w11 ≈ −17, with factors of norm ~4)
  const E = matrixCompletion(2, 2, [
    { i: 0, j: 1, value: 1 },
    { i: 1, j: 0, value: 1 },
    { i: 1, j: 1, value: 0 },
  ]);
  const w = [2, 2, 2, 2];
  const flow = upstairsFlow(E, w);
  const y0 = packFactors(flow.layout, gaussianFactors(w, 0.1, new Rng(3)));
  const sol = solve(flow, 'auto', {
    t0: 0,
    t1: 1e4,
    y0,
    rtol: 1e-12,
    atol: 1e-14,
    saveAt: { kind: 'log', n: 40 },
    dense: false,
    maxSteps: 1e6,
    linearAlgebra: odeLinearAlgebra,
  });
  assert.equal(sol.status, 'success');
  const D0 = invariants(flow.layout, y0);
  let worst = 0;
  for (const y of sol.y) {
    const D = invariants(flow.layout, y);
    // the scale of D_j is that of W_jᵀW_j: ‖W_j‖²
    let scale = 0;
    for (let j = 0; j < 3; j++) scale = Math.max(scale, frobeniusNorm(y.subarray(4 * j, 4 * j + 4)) ** 2);
    D.forEach((Dj, i) => {
      let d = 0;
      for (let k = 0; k < Dj.length; k++) d = Math.max(d, Math.abs(Dj[k]! - D0[i]![k]!));
      worst = Math.max(worst, d / scale);
    });
  }
  const W = endToEndOf(flow.layout, sol.yFinal);
  // the unbalanced start reaches a zero-loss matrix well before t = 1e4 (docs/theory.md §5)
  assert.ok(E.value(W) < 1e-12, `loss ${String(E.value(W))}`);
  // the bound: at rtol 1e-12 the local errors are ~1e-12 relative, and the ~3e4 steps accumulate
  // them to ≲ 1e-10 (measured 2e-13); a non-conservative right-hand side would drift at O(1)
  assert.ok(worst <= 1e-9, `relative drift ${worst.toExponential(2)} (w11 = ${W[0]!.toFixed(3)})`);
});

test('(e) Theorem 3: dσ_r/dt of the flow = −N σ_r^{2−2/N} ⟨G, u_r v_rᵀ⟩ at random balanced states', () => {
  for (const [m, n, N] of [
    [3, 3, 2],
    [4, 3, 3],
    [3, 5, 4],
    [2, 2, 5],
  ] as const) {
    const E = whitenedRegression(m, n, rng.normals(m * n));
    const widths = [n, ...Array.from({ length: N - 1 }, () => 4), m];
    const W0 = rng.normals(m * n);
    const flow = upstairsFlow(E, widths);
    const y = packFactors(flow.layout, balancedFactors(widths, W0, { rng }));
    const f = new Float64Array(flow.dim);
    flow.rhs(0, y, f);
    // dW/dt = d/dε (W_N+εẆ_N)⋯(W_1+εẆ_1) at 0, by central differences of the product
    const h = 1e-6;
    const plus = endToEndOf(
      flow.layout,
      y.map((v, i) => v + h * f[i]!),
    );
    const minus = endToEndOf(
      flow.layout,
      y.map((v, i) => v - h * f[i]!),
    );
    const sp = svd(plus, m, n).sigma;
    const sm = svd(minus, m, n).sigma;
    const { U, sigma, V } = svd(W0, m, n);
    const G = new Float64Array(m * n);
    E.gradient(W0, G);
    for (let r = 0; r < Math.min(m, n); r++) {
      let uGv = 0;
      for (let i = 0; i < m; i++) for (let l = 0; l < n; l++) uGv += U[i * m + r]! * G[i * n + l]! * V[l * n + r]!;
      const theorem = -N * (sigma[r]! ** 2) ** (1 - 1 / N) * uGv;
      const measured = (sp[r]! - sm[r]!) / (2 * h);
      // central differences of a smooth σ_r (simple, O(1) gaps): truncation ~h² ≈ 1e-12, rounding ε/h ≈ 1e-10
      assert.ok(
        Math.abs(measured - theorem) <= 1e-7 * (1 + Math.abs(theorem)),
        `${String(m)}×${String(n)} N=${String(N)} r=${String(r)}: ${String(measured)} vs ${String(theorem)}`,
      );
    }
  }
});
