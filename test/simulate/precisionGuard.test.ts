/** The precision guard, on by default for factor models (docs/theory.md §5), and the t1-reached status. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matrixCompletion } from '../../src/energies/matrixCompletion.js';
import { whitenedRegression } from '../../src/energies/whitenedRegression.js';
import { balancedFactors, fixDeterminantSign } from '../../src/init/inits.js';
import { determinant } from '../../src/linalg/lu.js';
import { singularValues } from '../../src/linalg/svd.js';
import { PRECISION_FLOOR, simulate, type SimulateOptions } from '../../src/simulate/simulate.js';

// scenarios/razin-cohen-2x2.yaml at depth 2: observe w12 = w21 = 1, w22 = 0; balanced factors of 1e-3·I, det W(0) > 0
const energy = matrixCompletion(2, 2, [
  { i: 0, j: 1, value: 1 },
  { i: 1, j: 0, value: 1 },
  { i: 1, j: 1, value: 0 },
]);
const widths = [2, 2, 2];
const razinCohen = (method: 'auto' | 'auto-rk', rtol: number, extra: Partial<SimulateOptions> = {}): ReturnType<typeof simulate> =>
  simulate({
    energy,
    model: { depth: 2, parametrization: 'factors' },
    start: { factors: fixDeterminantSign(widths, balancedFactors(widths, [1e-3, 0, 0, 1e-3]), 1) },
    t1: 1e10,
    lossBelow: 1e-6,
    saveAt: { kind: 'log', n: 50, tmin: 1e-2 },
    solver: { method, rtol, atol: 1e-12, maxSteps: 1e6 },
    ...extra,
  });

test('Razin–Cohen depth 2 with no option stops at precision-limit at a time independent of rtol (1e-6, 1e-8, 1e-10; auto and auto-rk)', (t) => {
  const times: number[] = [];
  for (const method of ['auto', 'auto-rk'] as const) {
    for (const rtol of [1e-6, 1e-8, 1e-10]) {
      const tr = razinCohen(method, rtol);
      assert.ok(tr.precisionGuard);
      assert.equal(tr.status, 'precision-limit', `${method} rtol ${String(rtol)}: ${tr.status}: ${tr.message}`);
      assert.match(tr.message, /smallest singular value fell below/);
      const tEnd = tr.t.at(-1)!;
      times.push(tEnd);
      const y = tr.states.at(-1)!;
      const W1 = y.slice(0, 4);
      const W2 = y.slice(4, 8);
      // the event is the root of min_j σ_min/σ_max − floor, located to 1e-12 in t: the ratio is the floor
      // to the root finder's accuracy times the ratio's rate (≈ 0.15 per unit t), 1% is loose
      const ratio = Math.min(
        ...[W1, W2].map((F) => {
          const s = singularValues(F, 2, 2);
          return s[1]! / s[0]!;
        }),
      );
      assert.ok(Math.abs(ratio / PRECISION_FLOOR - 1) < 1e-2, `ratio ${String(ratio)}`);
      // the state is still trustworthy there: det W_1 = det W_2 > 0 for the exact balanced flow (equal singular
      // values); measured agreement ≤ 5e-5 at rtol 1e-6 (the loosest), so 1e-3 fails only if the guard is late
      const d1 = determinant(W1, 2);
      const d2 = determinant(W2, 2);
      assert.ok(d1 > 0 && d2 > 0 && Math.abs(d1 / d2 - 1) < 1e-3, `${method} rtol ${String(rtol)}: det W_1 = ${String(d1)}, det W_2 = ${String(d2)}`);
      // and the det column, from the factors, is positive at every saved time (from W it read ≤ 0 past t ≈ 60)
      assert.ok(tr.rows.every((r) => r.det! > 0));
      t.diagnostic(
        `${method} rtol ${String(rtol)}: stops at t = ${tEnd.toFixed(2)}, det W = ${tr.rows.at(-1)!.det!.toExponential(3)}, det W_1/det W_2 − 1 = ${(d1 / d2 - 1).toExponential(1)}`,
      );
    }
  }
  // the floor is set by double precision, not by the tolerance: the stops agree to within 2 units of t
  // (measured spread < 1; the old tolerance-based guard moved by ~36 units from rtol 1e-6 to 1e-10)
  const spread = Math.max(...times) - Math.min(...times);
  assert.ok(spread < 2, `stop times ${times.map((x) => x.toFixed(2)).join(', ')}`);
  // where: between the measured crossings of 1e-9 (t ≈ 55.5) and 1e-10 (t ≈ 70.5) relative (measured 65.0–65.2)
  assert.ok(
    times.every((x) => x > 55 && x < 71),
    `stop times ${times.join(', ')}`,
  );
});

test('precisionGuard: false runs on; a run that ends at t1 without reaching lossBelow is t1-reached, without lossBelow success', () => {
  const tr = razinCohen('auto', 1e-8, { precisionGuard: false, t1: 80 });
  assert.equal(tr.precisionGuard, false);
  assert.equal(tr.status, 't1-reached');
  assert.equal(tr.t.at(-1), 80);
  assert.match(tr.message, /t1 = 80 was reached before the loss fell below 0.000001/);
  const tr2 = simulate({ energy, model: { depth: 2, parametrization: 'factors' }, start: { endToEnd: [1e-3, 0, 0, 1e-3] }, t1: 5 });
  assert.equal(tr2.status, 'success');
});

test('the default guard arms only where it applies; precisionGuard: true where it cannot apply is an error', () => {
  const E = whitenedRegression(2, 2, [2, 0, 0, 1]);
  // end-to-end model of a square problem from a nonsingular start: armed by default at depth ≥ 2 (its own floor,
  // test/simulate/invariantGuards.test.ts); not at depth 1 unless asked for; an error on a rank-1 start when asked for
  assert.equal(simulate({ energy: E, model: { depth: 2, parametrization: 'end-to-end' }, start: { endToEnd: [0.1, 0, 0, 0.1] }, t1: 1 }).precisionGuard, true);
  assert.equal(simulate({ energy: E, model: { depth: 1, parametrization: 'end-to-end' }, start: { endToEnd: [0.1, 0, 0, 0.1] }, t1: 1 }).precisionGuard, false);
  assert.throws(
    () => simulate({ energy: E, model: { depth: 2, parametrization: 'end-to-end' }, start: { endToEnd: [0.1, 0, 0, 0] }, t1: 1, precisionGuard: true }),
    /precisionGuard: the start has σ_min\/σ_max = 0\.00, already below the end-to-end floor/,
  );
  // non-square factors (hidden width 3)
  assert.equal(
    simulate({ energy: E, model: { depth: 2, hidden: [3], parametrization: 'factors' }, start: { endToEnd: [0.1, 0, 0, 0.1] }, t1: 1 }).precisionGuard,
    false,
  );
  assert.throws(
    () =>
      simulate({ energy: E, model: { depth: 2, hidden: [3], parametrization: 'factors' }, start: { endToEnd: [0.1, 0, 0, 0.1] }, t1: 1, precisionGuard: true }),
    /square factors/,
  );
  // a rank-1 start: its factors are singular from t = 0, so there is no sign to protect
  const rank1 = simulate({ energy: E, model: { depth: 2, parametrization: 'factors' }, start: { endToEnd: [0.1, 0, 0, 0] }, t1: 1 });
  assert.equal(rank1.precisionGuard, false);
  assert.equal(rank1.status, 'success');
  assert.throws(
    () => simulate({ energy: E, model: { depth: 2, parametrization: 'factors' }, start: { endToEnd: [0.1, 0, 0, 0] }, t1: 1, precisionGuard: true }),
    /W_1 has σ_min\/σ_max = 0\.00, already below the floor/,
  );
  // a balanced nonsingular square start at depth ≥ 2: armed
  assert.equal(simulate({ energy: E, model: { depth: 3, parametrization: 'factors' }, start: { endToEnd: [0.1, 0, 0, 0.1] }, t1: 1 }).precisionGuard, true);
  // depth 1 is plain gradient flow on W, whose determinant may cross 0: no default guard
  assert.equal(simulate({ energy: E, model: { depth: 1, parametrization: 'factors' }, start: { endToEnd: [0.1, 0, 0, 0.1] }, t1: 1 }).precisionGuard, false);
  // an unbalanced start (D_1 = diag(0.04 − 0.01, …) ≠ 0): the exact flow need not keep the sign, no default guard; true arms it
  const unbalanced = {
    factors: [
      [0.1, 0, 0, 0.1],
      [0.2, 0, 0, 0.2],
    ],
  };
  assert.equal(simulate({ energy: E, model: { depth: 2, parametrization: 'factors' }, start: unbalanced, t1: 1 }).precisionGuard, false);
  assert.equal(simulate({ energy: E, model: { depth: 2, parametrization: 'factors' }, start: unbalanced, t1: 1, precisionGuard: true }).precisionGuard, true);
});
