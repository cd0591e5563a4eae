import assert from 'node:assert/strict';
import { test } from 'node:test';
import { solve } from './librarySolve.js';
import { linear3 } from './problems.js';
import { errorInTolUnits, METHODS } from './helpers.js';

test('sol(t) at intermediate points matches the exact solution for every method', () => {
  const { system, exact } = linear3();
  const y0 = [1, 0.5, -2];
  for (const m of METHODS) {
    const tol = 1e-8;
    const s = solve(system, m, { t0: 0, t1: 10, y0, rtol: tol, atol: tol });
    assert.ok(s.sol);
    let worst = 0;
    for (let k = 0; k <= 997; k++) {
      const t = (10 * k) / 997;
      worst = Math.max(worst, errorInTolUnits(s.sol(t), exact(t, y0), tol, tol));
    }
    // Interpolants are one order below the method (dopri5: 4, dop853: 7, rodas4: 3), so between
    // nodes the error may exceed the step error; 50 tolerance units bounds all measured (≤ 10).
    // bdf's interpolant is its Nordsieck polynomial, as accurate as its nodes, which are already
    // 40–160 units off on this rotation (see accuracy.test.ts): measured 66, bounded at 250.
    assert.ok(worst < (m === 'bdf' || m === 'bdf-krylov' ? 250 : 50), `${m}: ${worst.toFixed(2)}`);
  }
});

test('sol(t) reproduces the saved nodes to 1e-15 (relative)', () => {
  const { system } = linear3();
  for (const m of METHODS) {
    const s = solve(system, m, { t0: 0, t1: 5, y0: [1, 0.5, -2], rtol: 1e-6, atol: 1e-9 });
    s.t.forEach((t, k) => {
      const v = s.sol!(t);
      for (let i = 0; i < 3; i++) {
        const yk = s.y[k]![i]!;
        // odex's snapshot is a barycentric interpolant through Chebyshev samples: rounding of ~1e-14
        const tolerance = (m === 'odex' ? 1e-13 : 1e-15) * Math.max(1, Math.abs(yk));
        assert.ok(Math.abs(v[i]! - yk) <= tolerance, `${m} t=${String(t)}: ${String(v[i])} vs ${String(yk)}`);
      }
    });
  }
});

test('saveAt uniform and log grids return exactly the requested times', () => {
  const { system, exact } = linear3();
  const y0 = [1, 0.5, -2];
  const u = solve(system, 'dop853', { t0: 0, t1: 10, y0, rtol: 1e-10, atol: 1e-12, saveAt: { kind: 'uniform', n: 21 } });
  assert.equal(u.t.length, 21);
  u.t.forEach((t, k) => {
    assert.equal(t, k === 20 ? 10 : (10 * k) / 20);
    assert.ok(errorInTolUnits(u.y[k]!, exact(t, y0), 1e-10, 1e-12) < 20);
  });
  const l = solve(system, 'dopri5', { t0: 0, t1: 10, y0, saveAt: { kind: 'log', n: 7, tmin: 1e-3 } });
  // t0, then 7 points geometric from 1e-3 to 10: 10^(−3 + 4k/6)
  const want = [0, ...Array.from({ length: 7 }, (_, k) => 10 ** (-3 + (4 * k) / 6))];
  assert.equal(l.t.length, want.length);
  l.t.forEach((t, k) => {
    assert.ok(Math.abs(t - want[k]!) <= 1e-12 * want[k]!, `${String(t)} vs ${String(want[k])}`);
  });
});
