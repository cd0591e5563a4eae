import assert from 'node:assert/strict';
import { test } from 'node:test';
import { solve } from './librarySolve.js';
import { ARENSTORF_T, ARENSTORF_Y0, arenstorf, harmonic, linear3 } from './problems.js';
import { errorInTolUnits, METHODS, maxAbsDiff } from './helpers.js';

test("solve(linear y' = Ay) matches the matrix exponential for every method", () => {
  const { system, exact } = linear3();
  const y0 = [1, 0.5, -2];
  for (const m of METHODS) {
    for (const tol of [1e-6, 1e-9]) {
      const s = solve(system, m, { t0: 0, t1: 10, y0, rtol: tol, atol: tol * 1e-3, saveAt: { kind: 'uniform', n: 11 } });
      assert.equal(s.status, 'success');
      let worst = 0;
      s.t.forEach((t, k) => {
        worst = Math.max(worst, errorInTolUnits(s.y[k]!, exact(t, y0), tol, tol * 1e-3));
      });
      // Global error of a contractive linear system stays within a small multiple of the local
      // tolerance (SciPy's tests use 5); 20 leaves room for the rotation's phase error over 3 periods.
      // Multistep codes control the local error per unit step less tightly: SciPy 1.10.1 measures
      // LSODA 10–12 and BDF 44–171 tolerance units on this very problem (same tolerances); ours
      // auto 18–22 (RMS norm) and bdf 43–160. BDF's orders ≤ 5 damp and dephase the rotation.
      const bound = m === 'bdf' || m === 'bdf-krylov' ? 250 : m === 'auto' || m === 'auto-krylov' ? 40 : 20;
      assert.ok(worst < bound, `${m} tol=${String(tol)}: error ${worst.toFixed(2)} tolerance units`);
    }
  }
});

test('solve(harmonic oscillator) over 100 periods stays on (cos t, −sin t)', () => {
  const T = 200 * Math.PI;
  for (const m of METHODS) {
    const tol = 1e-10;
    const s = solve(harmonic(), m, { t0: 0, t1: T, y0: [1, 0], rtol: tol, atol: tol, dense: false, saveAt: { kind: 'times', times: [T] } });
    const err = maxAbsDiff(s.yFinal, [Math.cos(T), -Math.sin(T)]);
    // Error grows linearly with time for this neutral problem: ≈ (#steps) × local error. Over 100
    // periods this is ≤ 1e4 × tol for every one-step method and auto (measured: dopri5 ≈ 4e-8,
    // rodas4 ≈ 2e-8, auto 2.6e-7). BDF (orders ≤ 5) dissipates energy on a neutral oscillator,
    // so its error also grows with its ~15,000 steps: measured 1.9e-6, bounded at 1e5 × tol.
    assert.ok(err < (m === 'bdf' || m === 'bdf-krylov' ? 1e5 : 1e4) * tol, `${m}: error ${err.toExponential(2)}`);
  }
});

test('solve(Arenstorf) returns to its start after one period', () => {
  for (const m of ['dopri5', 'dop853', 'odex'] as const) {
    const s = solve(arenstorf(), m, { t0: 0, t1: ARENSTORF_T, y0: ARENSTORF_Y0, rtol: 1e-12, atol: 1e-12, dense: false });
    const err = maxAbsDiff(s.yFinal, ARENSTORF_Y0);
    // The orbit passes close to the moon, amplifying local errors by ~1e5 (Hairer I, §II.0);
    // at rtol 1e-12 the return error is ≤ 1e-6 for all three methods (measured 1e-8..1e-7).
    assert.ok(err < 1e-6, `${m}: ${err.toExponential(2)}`);
  }
});

test('the error decreases as the tolerance tightens from 1e-4 to 1e-10, for every method', () => {
  const { system, exact } = linear3();
  const y0 = [1, 0.5, -2];
  for (const m of METHODS) {
    const errs = [1e-4, 1e-6, 1e-8, 1e-10].map((tol) => {
      const s = solve(system, m, { t0: 0, t1: 10, y0, rtol: tol, atol: tol, dense: false });
      return maxAbsDiff(s.yFinal, exact(10, y0));
    });
    for (let i = 1; i < errs.length; i++) {
      // each 100× tighter tolerance must buy at least 10× accuracy (tolerance proportionality may be
      // imperfect, but a method whose error does not follow its tolerance is broken)
      assert.ok(errs[i]! < errs[i - 1]! / 10 || errs[i]! < 1e-12, `${m}: ${errs.map((e) => e.toExponential(1)).join(' ')}`);
    }
  }
});

test('rodas4 converges with order 4 at fixed step (fitted slope within 0.2 of 4)', () => {
  // Fixed steps: huge tolerances so every step is accepted, hmax = h0 = span/n.
  const { system, exact } = linear3();
  const y0 = [1, 0.5, -2];
  const errs: number[] = [];
  const ns = [20, 40, 80, 160];
  for (const n of ns) {
    const h = 2 / n;
    const s = solve(system, 'rodas4', { t0: 0, t1: 2, y0, rtol: 1e6, atol: 1e6, h0: h, hmax: h, dense: false });
    // n steps, plus possibly a last step of rounding size where Σh falls short of t1 by an ulp
    assert.ok(s.stats.naccepted === n || s.stats.naccepted === n + 1, String(s.stats.naccepted));
    errs.push(maxAbsDiff(s.yFinal, exact(2, y0)));
  }
  const slope = Math.log(errs[0]! / errs[3]!) / Math.log(8);
  assert.ok(Math.abs(slope - 4) < 0.2, `observed order ${slope.toFixed(3)}`);
});

test('dopri5 and dop853 converge with orders 5 and 8 at fixed step', () => {
  const { system, exact } = linear3();
  const y0 = [1, 0.5, -2];
  for (const [m, order, ns] of [
    ['dopri5', 5, [20, 40, 80]],
    ['dop853', 8, [10, 20, 40]],
  ] as const) {
    const errs = ns.map((n) => {
      const h = 2 / n;
      const s = solve(system, m, { t0: 0, t1: 2, y0, rtol: 1e6, atol: 1e6, h0: h, hmax: h, dense: false });
      return maxAbsDiff(s.yFinal, exact(2, y0));
    });
    const slope = Math.log(errs[0]! / errs[2]!) / Math.log(4);
    assert.ok(Math.abs(slope - order) < 0.3, `${m}: observed order ${slope.toFixed(3)}`);
  }
});
