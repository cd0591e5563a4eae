/** radau5 (src/ode/radau5.ts): Hairer–Wanner's RADAU5 against published references, its order and its dense output. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkRadau5Constants, radau5, radau5Tolerances } from '../../src/ode/radau5.js';
import type { OdeSystem, Solution } from '../../src/ode/types.js';
import { matrixCompletion } from '../../src/energies/matrixCompletion.js';
import { upstairsFlow } from '../../src/flows/upstairs.js';
import { balancedFactors, fixDeterminantSign } from '../../src/init/inits.js';
import { errorInTolUnits } from './helpers.js';
import { solve } from './librarySolve.js';
import { HIRES_REF, HIRES_T1, HIRES_Y0, ROBER_REF, hires, robertson, vanDerPolMu } from './problems.js';

test('radau5 constants reproduce the Radau IIA matrix, the error estimate and the dense output to rounding', () => {
  // T, TI are printed to 20 digits in radau5.f; the residuals are rounding of O(10) flops on O(10) entries
  assert.ok(checkRadau5Constants() < 1e-13);
  assert.equal(radau5.order, 5);
  assert.equal(radau5.stiffness, 'stiff');
  assert.ok(radau5.needsLinearAlgebra);
});

test('radau5Tolerances is radau5.f’s transformation rtol′ = 0.1·rtol^(2/3), atol′ = rtol′·atol/rtol', () => {
  const t = radau5Tolerances({ rtol: Float64Array.of(1e-6, 0), atol: Float64Array.of(1e-10, 1e-6) });
  // 0.1·(1e-6)^(2/3) = 1e-5, and atol keeps its ratio 1e-4 to rtol; rtol = 0 transforms atol alone
  assert.ok(Math.abs(t.rtol[0]! / 1e-5 - 1) < 1e-12);
  assert.ok(Math.abs(t.atol[0]! / 1e-9 - 1) < 1e-12);
  assert.equal(t.rtol[1], 0);
  assert.ok(Math.abs(t.atol[1]! / 1e-5 - 1) < 1e-12);
});

test('solve(Robertson, radau5) to t = 1e11 matches the test-set reference, with and without the Jacobian', () => {
  for (const tol of [1e-6, 1e-8]) {
    for (const jac of [true, false]) {
      const atol = 1e-4 * tol;
      const s = solve(robertson(jac), 'radau5', { t0: 0, t1: 1e11, y0: [1, 0, 0], rtol: tol, atol, dense: false });
      assert.equal(s.status, 'success');
      // RADAU5 scales its tolerances so that the global error is of the order of the tolerance;
      // measured 0.002–0.014 tolerance units (with the Jacobian). 5 units fails on a wrong estimate or
      // a broken Newton iteration, which leave errors of order rtol′ = 0.1·rtol^(2/3) ≫ rtol.
      const e = errorInTolUnits(s.yFinal, ROBER_REF, tol, atol);
      assert.ok(e < 5, `tol ${String(tol)} jacobian=${String(jac)}: ${e.toFixed(3)} tolerance units`);
      // Radau IIA conserves the linear invariant y1 + y2 + y3 = 1 up to the Newton iteration's error
      assert.ok(Math.abs(s.yFinal[0]! + s.yFinal[1]! + s.yFinal[2]! - 1) < tol);
      // the step count of a one-step fifth-order method (measured 207 and 419 accepted steps)
      assert.ok(s.stats.naccepted < 1000, `steps ${String(s.stats.naccepted)}`);
    }
  }
});

test('solve(HIRES, radau5) to t = 321.8122 matches the Bari test-set reference, with and without the Jacobian', () => {
  for (const tol of [1e-6, 1e-8]) {
    for (const jac of [true, false]) {
      const atol = 1e-4 * tol;
      const s = solve(hires(jac), 'radau5', { t0: 0, t1: HIRES_T1, y0: HIRES_Y0, rtol: tol, atol, dense: false });
      assert.equal(s.status, 'success');
      // measured 1.1 units at rtol 1e-6 and 4.7 at 1e-8 (the test set's ATOL = 1e-4·RTOL);
      // "a small multiple of the tolerance": 10 units
      const e = errorInTolUnits(s.yFinal, HIRES_REF, tol, atol);
      assert.ok(e < 10, `tol ${String(tol)} jacobian=${String(jac)}: ${e.toFixed(3)} tolerance units`);
    }
  }
});

test('solve(Van der Pol μ = 1e3, radau5) on [0, 3000] matches auto-rk at rtol 1e-12', () => {
  const opts = { t0: 0, t1: 3000, y0: [2, 0], dense: false };
  // the reference: an independent method (DOPRI5 ↔ RODAS4) at a tolerance 1e4 times tighter than
  // the tightest run below; radau5 itself at 1e-12 agrees with it to 4e-10 (measured)
  const ref = solve(vanDerPolMu(1e3), 'auto-rk', { ...opts, rtol: 1e-12, atol: 1e-12 });
  assert.equal(ref.status, 'success');
  for (const tol of [1e-4, 1e-6, 1e-8]) {
    for (const jac of [true, false]) {
      const s = solve(vanDerPolMu(1e3, jac), 'radau5', { ...opts, rtol: tol, atol: tol });
      assert.equal(s.status, 'success');
      // after ~1.6 relaxation periods with fast jumps the error is mostly phase; measured 0.2–6.5
      // tolerance units (SciPy 1.10.1's Radau at the same tolerances: 0.1–0.6, with 1.2–2.6× the steps)
      const e = errorInTolUnits(s.yFinal, ref.yFinal, tol, tol);
      assert.ok(e < 10, `tol ${String(tol)} jacobian=${String(jac)}: ${e.toFixed(3)} tolerance units`);
    }
  }
});

/** The logistic law y' = y(1 − y), y(0) = 0.1: y(t) = 1/(1 + 9e^{−t}). */
const logistic: OdeSystem = {
  dim: 1,
  rhs(_t, y, dy) {
    dy[0] = y[0]! * (1 - y[0]!);
  },
};
const logisticExact = (t: number): number => 1 / (1 + 9 * Math.exp(-t));

test('radau5 is of order 5: the global error on the logistic law falls like (number of steps)^−5', () => {
  // At a tolerance the controller takes N roughly equal steps; a method of order p then leaves a
  // global error ∝ N^−p whatever the controller does, so the slope of log error against log N
  // between two tolerances estimates p. Measured: 5.03 (rtol 1e-6 → 1e-10, 22 → 90 steps).
  const run = (tol: number): { err: number; steps: number } => {
    const s = solve(logistic, 'radau5', { t0: 0, t1: 10, y0: [0.1], rtol: tol, atol: tol, dense: false });
    assert.equal(s.status, 'success');
    return { err: Math.abs(s.yFinal[0]! - logisticExact(10)), steps: s.stats.naccepted };
  };
  const a = run(1e-6);
  const b = run(1e-10);
  const p = Math.log(a.err / b.err) / Math.log(b.steps / a.steps);
  // loose: order 4 (RODAS4) would give 4, order 3 (the embedded estimate) 3
  assert.ok(p > 4.5 && p < 6, `fitted order ${p.toFixed(2)} from ${JSON.stringify([a, b])}`);
  // and the end-point errors themselves are within the tolerance (measured 0.06 and 0.47 units)
  assert.ok(errorInTolUnits([logisticExact(10) + a.err], [logisticExact(10)], 1e-6, 1e-6) < 1);
  assert.ok(errorInTolUnits([logisticExact(10) + b.err], [logisticExact(10)], 1e-10, 1e-10) < 1);
});

test('radau5 dense output (the collocation polynomial) matches the logistic law between the steps', () => {
  for (const [tol, bound] of [
    [1e-4, 1],
    [1e-6, 5],
  ] as const) {
    const s = solve(logistic, 'radau5', { t0: 0, t1: 10, y0: [0.1], rtol: tol, atol: tol });
    assert.ok(s.sol);
    let worst = 0;
    for (let k = 0; k <= 997; k++) {
      const t = (10 * k) / 997;
      worst = Math.max(worst, errorInTolUnits(s.sol(t), [logisticExact(t)], tol, tol));
    }
    // The collocation polynomial is of order 3 (the stage order) against the method's 5, so between
    // the nodes its error is a larger multiple of the tolerance at tighter tolerances: measured 0.24
    // units at rtol 1e-4 and 1.9 at 1e-6 (6.8 at 1e-8, 49 at 1e-10: not asserted).
    assert.ok(worst < bound, `tol ${String(tol)}: ${worst.toFixed(3)} tolerance units`);
    // at the nodes it reproduces the steps exactly
    s.t.forEach((t, k) => {
      assert.equal(s.sol!(t)[0], s.y[k]![0]);
    });
  }
});

test('radau5 reports non-finite and step-size underflow as statuses, keeping the trajectory', () => {
  // y' = y², y(0) = 1 blows up at t = 1
  const blowup: OdeSystem = {
    dim: 1,
    autonomous: true,
    rhs(_t, y, dy) {
      dy[0] = y[0]! * y[0]!;
    },
  };
  const u = solve(blowup, 'radau5', { t0: 0, t1: 2, y0: [1], rtol: 1e-8, atol: 1e-8, maxSteps: 1e6 });
  assert.ok(u.status === 'step-size-underflow' || u.status === 'non-finite', u.status);
  assert.ok(u.tFinal > 0.999 && u.tFinal < 1.001, String(u.tFinal));
  for (const y of u.y) assert.ok(Number.isFinite(y[0]!));
  const nan: OdeSystem = {
    dim: 1,
    rhs(t, _y, dy) {
      dy[0] = t < 1 ? 1 : Number.NaN;
    },
  };
  const s = solve(nan, 'radau5', { t0: 0, t1: 2, y0: [0] });
  assert.equal(s.status, 'non-finite');
  // the stages at t > 1 are NaN, so every step across t = 1 fails and the step shrinks onto it
  assert.ok(s.tFinal <= 1 && s.tFinal > 1 - 1e-6, String(s.tFinal));
  for (const y of s.y) assert.ok(Number.isFinite(y[0]!));
  const m = solve(blowup, 'radau5', { t0: 0, t1: 0.9, y0: [1], maxSteps: 3 });
  assert.equal(m.status, 'max-steps');
});

/**
 * The 1-D heat equation u_t = u_xx on (0, 1), u = 0 at both ends, by central differences on `n`
 * interior points: y' = Ly. Its exact solution is known mode by mode: sin(kπx_j) is an eigenvector
 * of L with eigenvalue −(4/Δx²)·sin²(kπΔx/2).
 */
function heat1d(n: number): { system: OdeSystem; exact: (t: number) => number[]; y0: number[] } {
  const dx = 1 / (n + 1);
  const c = 1 / (dx * dx);
  const modes = [1, 3, 8];
  const lambda = (k: number): number => -4 * c * Math.sin((k * Math.PI * dx) / 2) ** 2;
  const exact = (t: number): number[] =>
    Array.from({ length: n }, (_, j) => modes.reduce((s, k) => s + Math.exp(lambda(k) * t) * Math.sin(k * Math.PI * (j + 1) * dx), 0));
  const system: OdeSystem = {
    dim: n,
    autonomous: true,
    rhs(_t, y, dy) {
      for (let j = 0; j < n; j++) dy[j] = c * ((j > 0 ? y[j - 1]! : 0) - 2 * y[j]! + (j < n - 1 ? y[j + 1]! : 0));
    },
    jacobian(_t, _y, J) {
      J.fill(0);
      for (let j = 0; j < n; j++) {
        J[j * n + j] = -2 * c;
        if (j > 0) J[j * n + j - 1] = c;
        if (j < n - 1) J[j * n + j + 1] = c;
      }
    },
  };
  return { system, exact, y0: exact(0) };
}

test('radau5 on the heat equation at 20 and 100 states (its complex Newton matrix factored in complex form and, from 32 states with a native LAPACK, in real 2n form) matches the exact solution', () => {
  for (const n of [20, 100]) {
    const { system, exact, y0 } = heat1d(n);
    const tol = 1e-8;
    const s = solve(system, 'radau5', { t0: 0, t1: 0.05, y0, rtol: tol, atol: 1e-10, dense: false });
    assert.equal(s.status, 'success');
    // stiffness ratio ≈ 4(n+1)²/π² (180 and 4,100): the steps are set by accuracy. Measured 0.099 and 0.098
    // tolerance units (the two paths at 100 states agree to 2e-8 units); 5 units fails on a wrong Newton matrix
    const e = errorInTolUnits(s.yFinal, exact(0.05), tol, 1e-10);
    assert.ok(e < 5, `n = ${String(n)}: ${e.toFixed(3)} tolerance units`);
  }
});

test('radau5 on Razin–Cohen at depth 3 to t = 1e8, where Newton limits the step, ends within 1e-8 of the reference at rtol 1e-6 and 1e-7 and rejects few steps', () => {
  // the upstairs factor flow of bench/razinCohenLong.ts: the 2×2 completion (w12 = w21 = 1, w22 = 0
  // observed), widths [2, 2, 2, 2], every factor 0.1·I
  const observed = [
    { i: 0, j: 1, value: 1 },
    { i: 1, j: 0, value: 1 },
    { i: 1, j: 1, value: 0 },
  ];
  const widths = [2, 2, 2, 2];
  const flow = upstairsFlow(matrixCompletion(2, 2, observed), widths);
  const y0 = new Float64Array(flow.dim);
  fixDeterminantSign(widths, balancedFactors(widths, [1e-3, 0, 0, 1e-3]), 1).forEach((F, j) => {
    y0.set(F, flow.layout.offsets[j]);
  });
  const ref = [2181.0108413419362, 0.99999978977522597, 0.99999978977522574, 0.00045850280090342578];
  const W = new Float64Array(4);
  const run = (rtol: number): { s: Solution; err: number } => {
    const s = solve(flow, 'radau5', { t0: 0, t1: 1e8, y0, rtol, atol: 1e-4 * rtol, dense: false });
    assert.equal(s.status, 'success');
    flow.endToEnd(s.yFinal, W);
    return { s, err: Math.max(...ref.map((r, i) => Math.abs(W[i]! - r))) / Math.max(...ref.map(Math.abs)) };
  };
  // W(1e8) from gradflow auto-rk at rtol 1e-13, which SciPy's Radau at the same tolerance matches to
  // 8.8e-14 (docs/benchmarks.md); the error is the benchmark's (bench/wholeRuns.ts), max_i |W_i − ref_i| / max_i |ref_i|.
  // The global error here is mostly the Newton iterations', left by each of some 600–800 steps along
  // the flow's neutral directions. Measured 4.4e-9 at rtol 1e-6 (the benchmark's tolerance) and
  // 3.1e-10 at 1e-7. With the Jacobian at the step's start (no JACOBIAN_AT) they are 5.0e-7 and
  // 2.6e-9; with radau5.f's rule of stopping after one iteration when the last step's contraction
  // allows (no NEWTON_MIN), 3.4e-6 and 1.0e-6: the bound at 1e-6 guards both
  const loose = run(1e-6);
  assert.ok(loose.err < 1e-8, `rtol 1e-6: error ${loose.err.toExponential(2)}`);
  const { s, err } = run(1e-7);
  assert.ok(err < 1e-8, `rtol 1e-7: error ${err.toExponential(2)}`);
  // Measured regression guard: the error estimate allows steps up to 8 times larger than the
  // simplified Newton iteration converges at, and radau5.f's rule grows every step back into that
  // failure (3,121 rejected beside 1,733 accepted at rtol 1e-7); the Newton step bound leaves 59 of 759
  assert.ok(s.stats.nrejected < 0.4 * s.stats.naccepted, `${String(s.stats.nrejected)} rejected of ${String(s.stats.naccepted)}`);
});
