import assert from 'node:assert/strict';
import { test } from 'node:test';
import { solve } from '../../src/ode/solve.js';
import { ROBER_REF, VDPOL_REF, robertson, vanDerPolEps, vanDerPolMu } from '../../src/ode/problems.js';
import { errorInTolUnits } from './helpers.js';

test('rodas4 on Van der Pol (ε = 1e-6) on [0, 2] matches the Hairer–Wanner reference', () => {
  for (const jac of [true, false]) {
    const rtol = 1e-8;
    const s = solve(vanDerPolEps(1e-6, jac), 'rodas4', { t0: 0, t1: 2, y0: [2, 0], rtol, atol: rtol, dense: false });
    assert.equal(s.status, 'success');
    const e = errorInTolUnits(s.yFinal, VDPOL_REF, rtol, rtol);
    // Global error over the relaxation oscillation's fast jump; measured ≈ 0.1–1 tolerance units.
    assert.ok(e < 10, `jacobian=${String(jac)}: ${e.toFixed(2)} tolerance units, nfev ${String(s.stats.nfev)}`);
  }
});

test('auto on Van der Pol (ε = 1e-6) switches to the stiff method and matches the reference', () => {
  const rtol = 1e-8;
  const s = solve(vanDerPolEps(1e-6), 'auto', { t0: 0, t1: 2, y0: [2, 0], rtol, atol: rtol, dense: false });
  assert.equal(s.status, 'success');
  assert.ok(s.stiffness.switches.some((w) => w.to === 'rodas4'));
  // same bound as rodas4 alone: the stiff phase is integrated by rodas4 at the same tolerance
  assert.ok(errorInTolUnits(s.yFinal, VDPOL_REF, rtol, rtol) < 10);
});

test('rodas4 takes Robertson to t = 1e11 in under 2000 steps, conserving mass to 1e-10', () => {
  const rtol = 1e-8;
  const atol = [1e-12, 1e-16, 1e-12];
  const s = solve(robertson(), 'rodas4', { t0: 0, t1: 1e11, y0: [1, 0, 0], rtol, atol, saveAt: { kind: 'log', n: 50 } });
  assert.equal(s.status, 'success');
  assert.ok(s.stats.naccepted + s.stats.nrejected < 2000, `steps ${String(s.stats.nsteps)}`);
  // y1 + y2 + y3 = 1 is a linear invariant, which Rosenbrock methods conserve up to rounding
  for (const y of s.y) assert.ok(Math.abs(y[0]! + y[1]! + y[2]! - 1) < 1e-10);
  // against the test set: components relative to their own size (y2 ~ 8e-14 needs its atol 1e-16)
  for (let i = 0; i < 3; i++) {
    const tolI = atol[i]! + rtol * Math.abs(ROBER_REF[i]!);
    assert.ok(Math.abs(s.yFinal[i]! - ROBER_REF[i]!) < 100 * tolI, `y${String(i + 1)}: ${String(s.yFinal[i])}`);
  }
});

test('auto takes no more than 2× the evaluations of SciPy LSODA on Van der Pol μ=1e3 and Robertson', () => {
  // SciPy 1.10.1 LSODA with the analytic Jacobian, rtol 1e-6, from /usr/bin/python3 bench/scipy_peer.py counts:
  // Van der Pol μ = 1e3, t ∈ [0, 3000], atol 1e-6: nfev 2273; Robertson to 1e11, atol 1e-10: nfev 1186.
  const v = solve(vanDerPolMu(1e3), 'auto', { t0: 0, t1: 3000, y0: [2, 0], rtol: 1e-6, atol: 1e-6, dense: false });
  const r = solve(robertson(), 'auto', { t0: 0, t1: 1e11, y0: [1, 0, 0], rtol: 1e-6, atol: 1e-10, dense: false });
  assert.equal(v.status, 'success');
  assert.equal(r.status, 'success');
  assert.ok(v.stats.nfev <= 2 * 2273, `vdp nfev ${String(v.stats.nfev)}`);
  assert.ok(r.stats.nfev <= 2 * 1186, `robertson nfev ${String(r.stats.nfev)}`);
  // the answers agree with the references to the tolerance asked (LSODA's own end values differ by ~1e-4)
  assert.ok(Math.abs(r.yFinal[0]! - ROBER_REF[0]!) < 1e-10 + 1e-4 * ROBER_REF[0]!);
});

test('dopri5 reports Hairer stiffness detection on a stiff problem and not on a non-stiff one', () => {
  const stiff = solve(vanDerPolMu(1e3), 'dopri5', { t0: 0, t1: 50, y0: [2, 0], rtol: 1e-6, atol: 1e-6, dense: false });
  assert.equal(stiff.stiffness.detected, true);
  const calm = solve(vanDerPolMu(1), 'dopri5', { t0: 0, t1: 50, y0: [2, 0], rtol: 1e-6, atol: 1e-6, dense: false });
  assert.equal(calm.stiffness.detected, false);
});
