/**
 * docs/theory/5-completion-problems.md §5.5: the end-to-end flow in spectral coordinates
 * `W = U₀cay(A) · diag(e^ℓ) · (V₀cay(B))ᵀ` (src/flows/spectral.ts). The field reconstructs the
 * downstairs field, the frames stay orthogonal to rounding, the runs agree with end-to-end runs, and
 * Razin–Cohen at depth 2 keeps det W > 0 out to t = 1e8 (docs/theory.md §5, "Depth 2: a limit of coordinates").
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Energy } from '../../src/energies/energy.js';
import { matrixCompletion } from '../../src/energies/matrixCompletion.js';
import { downstairsFlow } from '../../src/flows/downstairs.js';
import { flowsMessages } from '../../src/flows/messages.js';
import { SPECTRAL_MIN_GAP, spectralFlow, type SpectralFlow } from '../../src/flows/spectral.js';
import { Rng } from '../../src/init/rng.js';
import { determinant } from '../../src/linalg/lu.js';
import { matmulTN } from '../../src/linalg/products.js';
import { singularValueWorkspace } from '../../src/linalg/svd.js';
import type { MethodName } from '../../src/ode/methods.js';
import { solve } from '../ode/librarySolve.js';
import { problem } from './helpers.js';

const razinCohen = matrixCompletion(2, 2, [
  { i: 0, j: 1, value: 1 },
  { i: 1, j: 0, value: 1 },
  { i: 1, j: 1, value: 0 },
]);

function maxAbs(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s = Math.max(s, Math.abs(x[i]!));
  return s;
}

function frobenius(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s);
}

/** `‖XᵀX − I‖_F` of an `n × n` matrix. */
function orthogonalityDefect(X: Float64Array, n: number): number {
  const P = new Float64Array(n * n);
  matmulTN(X, X, P, n, n, n);
  for (let i = 0; i < n; i++) P[i * n + i] = P[i * n + i]! - 1;
  return frobenius(P);
}

/** `matrix(y + h f)` of a spectral flow. */
function along(flow: SpectralFlow, y: Float64Array, f: Float64Array, h: number): Float64Array {
  const W = new Float64Array(flow.n * flow.n);
  flow.matrix(
    y.map((v, k) => v + h * f[k]!),
    W,
  );
  return W;
}

test('the spectral field reconstructs the downstairs field: d/dh matrix(y + h f(y)) at h = 0 equals dW/dt, depths 1, 2, 3, 5, ∞, 2×2 / 3×3 / 5×5', (t) => {
  let worst = 0;
  const cases: [number, number, 'upstairs' | 'normalized'][] = [];
  for (const n of [2, 3, 5]) for (const N of [1, 2, 3, 5, Infinity]) cases.push([n, N, Number.isFinite(N) ? 'upstairs' : 'normalized']);
  cases.push([3, 3, 'normalized'], [5, 2, 'normalized']);
  for (const [n, N, time] of cases) {
    const { energy, W0 } = problem(n, n, n, 7 + n);
    const flow = spectralFlow(energy, N, time, W0);
    // the start's state reproduces W0 to rounding
    const W = new Float64Array(n * n);
    flow.matrix(flow.initial, W);
    for (let k = 0; k < n * n; k++) assert.ok(Math.abs(W[k]! - W0[k]!) < 1e-14 * maxAbs(W0), `n = ${String(n)}: W0 reproduced`);
    // a generic point: frames turned away from U₀, V₀ and the ℓ moved (still separated: minLogGap ≥ 0.2 here)
    const rng = new Rng(3 + n);
    const y = Float64Array.from(flow.initial);
    const kick = rng.normals(flow.dim, 0.3);
    for (let k = 0; k < flow.dim; k++) y[k] = y[k]! + kick[k]!;
    assert.ok(flow.minLogGap(y) > 0.1);
    flow.matrix(y, W);
    const expected = new Float64Array(n * n);
    downstairsFlow(energy, N, time).rhs(0, W, expected);
    const f = new Float64Array(flow.dim);
    flow.rhs(0, y, f);
    // central differences with Richardson's step: D(h) = (W(h) − W(−h))/2h errs by c₂h² + c₄h⁴, and
    // (4D(h/2) − D(h))/3 by O(h⁴) ≈ 1e-14·c₄ at h = 3e-4, plus rounding ~ε‖W‖/h ≈ 1e-12 relative:
    // 1e-9 of the field's size leaves room for c₄ up to ~1e5 (measured worst 1.7e-11, 5×5 at depth 1)
    const h = 3e-4;
    const Dh = along(flow, y, f, h).map((v, k) => (v - along(flow, y, f, -h)[k]!) / (2 * h));
    const D2 = along(flow, y, f, h / 2).map((v, k) => (v - along(flow, y, f, -h / 2)[k]!) / h);
    const scale = maxAbs(expected);
    let err = 0;
    for (let k = 0; k < n * n; k++) err = Math.max(err, Math.abs((4 * D2[k]! - Dh[k]!) / 3 - expected[k]!));
    assert.ok(err < 1e-9 * scale, `n = ${String(n)}, N = ${String(N)}, ${time}: ${err.toExponential(2)} against ${scale.toExponential(2)}`);
    worst = Math.max(worst, err / scale);
    // det W = detSign · e^{Σℓ}: the sign and log|det| of the reconstructed W at this point
    const det = determinant(W, n);
    assert.equal(Math.sign(det), flow.detSign);
    assert.ok(Math.abs(Math.log(Math.abs(det)) - flow.logAbsDet(y)) < 1e-12 * (1 + Math.abs(flow.logAbsDet(y))));
  }
  t.diagnostic(`largest relative difference over ${String(cases.length)} cases: ${worst.toExponential(2)}`);
});

test('U and V stay orthogonal to rounding (‖UᵀU − I‖ < 1e-14) at every step of a long run that turns the Cayley charts far (‖A‖ ≈ 19), and it ends where the end-to-end run does', (t) => {
  const n = 5;
  const { energy, W0 } = problem(n, n, n, 11);
  const flow = spectralFlow(energy, 3, 'upstairs', W0);
  const options = { t0: 0, t1: 1e3, rtol: 1e-10, atol: 1e-12 };
  const run = solve(flow, 'dop853', { ...options, y0: flow.initial, saveAt: { kind: 'steps' } });
  const ref = solve(downstairsFlow(energy, 3, 'upstairs'), 'dop853', { ...options, y0: W0, saveAt: { kind: 'steps' } });
  assert.equal(run.status, 'success', run.message);
  assert.equal(ref.status, 'success', ref.message);
  const U = new Float64Array(n * n);
  const V = new Float64Array(n * n);
  let defect = 0;
  let chart = 0;
  for (const y of run.y) {
    flow.singularVectors(y, U, V);
    defect = Math.max(defect, orthogonalityDefect(U, n), orthogonalityDefect(V, n));
    chart = Math.max(chart, flow.chartNorm(y));
  }
  // orthogonality is by construction (the Cayley transform of a skew matrix): what is left is the
  // rounding of the LU solve and the products, ~κ(I − A/2)·n·ε; measured 1.8e-15
  assert.ok(defect < 1e-14, `‖UᵀU − I‖ = ${defect.toExponential(2)}`);
  assert.ok(chart > 5, `the chart moved: ‖A‖ = ${chart.toFixed(2)}`);
  const W = new Float64Array(n * n);
  flow.matrix(run.yFinal, W);
  const diff = maxAbs(W.map((v, j) => v - ref.yFinal[j]!));
  // both runs hold their local errors to 1e-10·|y| + 1e-12 per step and the flow contracts towards its
  // limit (‖W‖ ≈ 2.3); the sum of the two tolerances in W is ~1e-9 (measured 1.3e-10). Compared at the
  // steps, not at interpolated times: in the stretch where dop853's step is held by stability (t ≳ 13,
  // h ≈ 0.38) its interpolant errs 20–70 times more than the steps do, in either coordinates (measured)
  assert.ok(diff < 1e-9, `spectral against end-to-end at t = 1e3: ${diff.toExponential(2)}`);
  t.diagnostic(
    `‖UᵀU − I‖, ‖VᵀV − I‖ ≤ ${defect.toExponential(2)} over ${String(run.stats.naccepted)} steps with ‖A‖ up to ${chart.toFixed(2)}; ` +
      `|W_spectral − W_end-to-end| at t = 1e3: ${diff.toExponential(2)}`,
  );
});

const HANDOFF_GAP = 1e-2;

/**
 * Razin–Cohen from W(0) = 1e-3·I, balanced: equal singular values, where spectral coordinates are
 * singular. The end-to-end flow runs until the relative gap (σ₁ − σ₂)/σ₁ reaches 1e-2 (a terminal event).
 */
function handoff(energy: Energy, depth: number): { th: number; Wh: Float64Array; gap: number } {
  const svd = singularValueWorkspace(2, 2);
  const gap = (W: Float64Array): number => {
    const s = svd.compute(W).sigma;
    return (s[0]! - s[1]!) / s[0]!;
  };
  const run = solve(downstairsFlow(energy, depth, 'upstairs'), 'dop853', {
    t0: 0,
    t1: 1,
    y0: [1e-3, 0, 0, 1e-3],
    rtol: 1e-12,
    atol: 1e-16,
    events: [{ g: (_t, W) => gap(W) - HANDOFF_GAP, direction: 1, terminal: true, name: 'gap' }],
  });
  assert.equal(run.status, 'event', run.message);
  const { t: th, y: Wh } = run.events[0]!;
  return { th, Wh, gap: gap(Wh) };
}

test('Razin–Cohen, depth 3, from 1e-3·I: end-to-end until the singular values separate, then spectral; W agrees with the end-to-end run up to t = 60', (t) => {
  const rtol = 1e-10;
  const atol = 1e-14;
  // the start is refused (equal singular values) …
  assert.throws(() => spectralFlow(razinCohen, 3, 'upstairs', [1e-3, 0, 0, 1e-3]), RangeError);
  const { th, Wh, gap } = handoff(razinCohen, 3);
  assert.ok(Math.abs(gap - HANDOFF_GAP) < 1e-9 && th > 0 && th < 0.1, `gap ${String(gap)} at t_h = ${String(th)}`);
  const times = [th, 0.5, 1, 2, 5, 10, 15, 20, 30, 40, 50, 60];
  const ref = solve(downstairsFlow(razinCohen, 3, 'upstairs'), 'dop853', {
    t0: 0,
    t1: 60,
    y0: [1e-3, 0, 0, 1e-3],
    rtol,
    atol,
    saveAt: { kind: 'times', times },
  });
  const flow = spectralFlow(razinCohen, 3, 'upstairs', Wh);
  const run = solve(flow, 'dop853', { t0: th, t1: 60, y0: flow.initial, rtol, atol, saveAt: { kind: 'times', times } });
  assert.equal(ref.status, 'success', ref.message);
  assert.equal(run.status, 'success', run.message);
  const W = new Float64Array(4);
  const ell = new Float64Array(2);
  let worst = 0;
  for (let k = 0; k < times.length; k++) {
    const y = run.y[k]!;
    flow.matrix(y, W);
    flow.logSingularValues(y, ell);
    const R = ref.y[k]!;
    const diff = frobenius(W.map((v, j) => v - R[j]!));
    // the tolerances' sum, in W: end-to-end holds rtol‖W‖ + atol per entry; spectral holds rtol|ℓ_i| + atol
    // in ℓ_i (a relative error of that size in σ_i) and rtol|a| + atol in the chart (a rotation of that
    // size), i.e. ‖W‖(rtol(max|ℓ| + ‖A‖) + atol). Global ≈ local tolerance on this contracting flow
    // (measured: at most 4e-11 relative, the bound is ~2e-9)
    const normW = frobenius(R);
    const tol = normW * (rtol + rtol * (maxAbs(ell) + flow.chartNorm(y)) + atol) + 2 * atol;
    assert.ok(diff < tol, `t = ${String(times[k])}: ${diff.toExponential(2)} ≥ ${tol.toExponential(2)}`);
    assert.ok(flow.detSign * Math.exp(flow.logAbsDet(y)) > 0);
    worst = Math.max(worst, diff / normW);
  }
  t.diagnostic(
    `handoff at t_h = ${th.toExponential(4)} (relative gap ${gap.toExponential(3)}); spectral ${String(run.stats.nsteps)} steps, ` +
      `end-to-end ${String(ref.stats.nsteps)}; largest ‖ΔW‖/‖W‖ = ${worst.toExponential(2)}; w11(60) = ${W[0]!.toFixed(6)}`,
  );
});

test('Razin–Cohen, depth 2, from 1e-3·I in spectral coordinates with stiff methods to t = 1e8: det W > 0 throughout and |w11|·√(2E) → 1', (t) => {
  const { th, Wh, gap } = handoff(razinCohen, 2);
  const flow = spectralFlow(razinCohen, 2, 'upstairs', Wh);
  // quarter decades from 1e-1 to 1e8: 1e4, 1e6 and 1e8 are among them exactly
  const times = Array.from({ length: 37 }, (_, k) => 10 ** ((k - 4) / 4));
  const at = (time: number): number => times.indexOf(time);
  const W = new Float64Array(4);
  const U = new Float64Array(4);
  const V = new Float64Array(4);
  const ell = new Float64Array(2);
  const finals = new Map<MethodName, number>();
  const lines: string[] = [];
  for (const method of ['bdf', 'radau5', 'rodas4'] as const) {
    const start = performance.now();
    const run = solve(flow, method, { t0: th, t1: 1e8, y0: flow.initial, rtol: 1e-10, atol: 1e-14, maxSteps: 1e6, saveAt: { kind: 'times', times } });
    const ms = performance.now() - start;
    assert.equal(run.status, 'success', `${method}: ${run.message}`);
    let chart = 0;
    for (let k = 0; k < run.t.length; k++) {
      const y = run.y[k]!;
      // det W = det U · det V · e^{Σℓ}: the frames' determinants (±1 by construction) and a finite Σℓ
      flow.singularVectors(y, U, V);
      const frames = determinant(U, 2) * determinant(V, 2);
      assert.ok(Math.abs(frames - flow.detSign) < 1e-13 && flow.detSign === 1, `${method}, t = ${String(run.t[k])}: det U det V = ${String(frames)}`);
      assert.ok(Number.isFinite(flow.logAbsDet(y)));
      chart = Math.max(chart, flow.chartNorm(y));
    }
    const ratio = (time: number): { w11: number; r: number } => {
      flow.matrix(run.y[at(time)]!, W);
      return { w11: W[0]!, r: Math.abs(W[0]!) * Math.sqrt(2 * razinCohen.value(W)) };
    };
    for (const time of [1e4, 1e6, 1e8]) {
      const { r } = ratio(time);
      assert.ok(Math.abs(r - 1) < 2e-3, `${method}, t = ${String(time)}: |w11|·√(2E) = ${String(r)}`);
    }
    // docs/theory.md §5 reports 0.9993 at t = 1e4 with w11 = 39.0 (from the symmetric 3-variable computation)
    const at1e4 = ratio(1e4);
    assert.ok(Math.abs(at1e4.w11 - 39.0) < 0.05 && Math.abs(at1e4.r - 0.9993) < 5e-5, `t = 1e4: w11 = ${String(at1e4.w11)}, ratio ${String(at1e4.r)}`);
    const last = ratio(1e8);
    finals.set(method, last.w11);
    flow.logSingularValues(run.yFinal, ell);
    const naive = determinant(W, 2);
    lines.push(
      `${method}: ${String(run.stats.nsteps)} steps (${String(run.stats.nrejected)} rejected), nfev ${String(run.stats.nfev)}, ${ms.toFixed(0)} ms; ` +
        `w11(1e4) = ${at1e4.w11.toFixed(4)} (ratio ${at1e4.r.toFixed(6)}), w11(1e8) = ${last.w11.toFixed(4)} (ratio ${last.r.toFixed(7)}); ` +
        `ℓ(1e8) = (${ell[0]!.toFixed(4)}, ${ell[1]!.toExponential(4)}), det W = e^${flow.logAbsDet(run.yFinal).toExponential(4)} > 0 ` +
        `(LU of the rounded W reads ${naive.toExponential(2)}); max ‖A‖ = ${chart.toFixed(3)}`,
    );
  }
  // the three methods' global errors over 1e8 time units at rtol 1e-10: measured 1.3e-6 relative in w11(1e8)
  const ws = [...finals.values()];
  assert.ok((Math.max(...ws) - Math.min(...ws)) / Math.max(...ws) < 1e-5, `w11(1e8): ${ws.join(', ')}`);
  t.diagnostic(`handoff at t_h = ${th.toExponential(4)} (relative gap ${gap.toExponential(3)}); ${lines.join(' | ')}`);
});

test('spectralFlow refuses non-square energies, singular starts and (nearly) equal singular values, saying what to do', () => {
  const rect = matrixCompletion(2, 3, [{ i: 0, j: 1, value: 1 }]);
  assert.throws(() => spectralFlow(rect, 2, 'upstairs', new Float64Array(6).fill(1)), { name: 'RangeError', message: flowsMessages.spectralNotSquare(2, 3) });
  assert.throws(() => spectralFlow(razinCohen, 2, 'upstairs', [1, 2, 3]), { name: 'RangeError', message: flowsMessages.spectralStartShape(2, 3) });
  assert.throws(() => spectralFlow(razinCohen, 2, 'upstairs', [1, NaN, 0, 1]), { name: 'RangeError', message: flowsMessages.spectralStartNonFinite(1) });
  // rank 1: [[1, 2], [2, 4]] has σ = (5, 0)
  assert.throws(() => spectralFlow(razinCohen, 2, 'upstairs', [1, 2, 2, 4]), { name: 'RangeError', message: flowsMessages.spectralSingularStart(2, 5) });
  assert.throws(() => spectralFlow(razinCohen, 2, 'upstairs', [1e-3, 0, 0, 1e-3]), {
    name: 'RangeError',
    message: flowsMessages.spectralEqualSingularValues(0, 1e-3, 1e-3, 0, SPECTRAL_MIN_GAP),
  });
  // nearly equal: relative gap 1e-8 < SPECTRAL_MIN_GAP; a gap of 1e-5 is accepted
  assert.throws(() => spectralFlow(razinCohen, 2, 'upstairs', [1 + 1e-8, 0, 0, 1]), /are \(nearly\) equal.*downstairsFlow/);
  assert.equal(spectralFlow(razinCohen, 2, 'upstairs', [1 + 1e-5, 0, 0, 1]).dim, 4);
  assert.throws(() => spectralFlow(razinCohen, 1.5, 'upstairs', [2, 0, 0, 1]), { name: 'RangeError', message: flowsMessages.depth(1.5) });
  assert.throws(() => spectralFlow(razinCohen, Infinity, 'upstairs', [2, 0, 0, 1]), {
    name: 'RangeError',
    message: flowsMessages.noUpstairsTimeUseNormalized(),
  });
  // a negative-determinant start is accepted, with its sign
  assert.equal(spectralFlow(razinCohen, 2, 'upstairs', [0, 2, 1, 0]).detSign, -1);
});
