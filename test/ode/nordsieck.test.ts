import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ADAMS, BDF } from '../../src/ode/nordsieckCoefficients.js';
import { solve } from './librarySolve.js';
import { harmonic, robertson } from './problems.js';

/** l(x) = Σ ℓ_i x^i at x. */
function lAt(el: Float64Array, x: number): number {
  let s = 0;
  for (let i = el.length - 1; i >= 0; i--) s = s * x + el[i]!;
  return s;
}

test('Nordsieck coefficients: ℓ_1 = 1, l(−1) = 0, and the textbook error constants', () => {
  // Error constants C_{q+1} of Adams–Moulton (Hairer–Nørsett–Wanner I, Table III.1.2) and of BDF
  // (ibid., Table III.1.3 / III.3.1, |C| = 1/((q+1)·H_q)); test[q][1] is 1/C_{q+1}.
  const adamsC = [1 / 2, 1 / 12, 1 / 24, 19 / 720, 3 / 160, 863 / 60480];
  const bdfC = [1 / 2, 2 / 9, 3 / 22, 12 / 125, 10 / 137];
  for (const [fam, C] of [
    [ADAMS, adamsC],
    [BDF, bdfC],
  ] as const) {
    for (let q = 1; q <= fam.maxOrder; q++) {
      const el = fam.el[q]!;
      assert.equal(el.length, q + 1);
      // exact rationals computed in double precision: a few ulps
      assert.ok(Math.abs(el[1]! - 1) < 1e-15, `ℓ_1 at order ${String(q)}`);
      assert.ok(Math.abs(lAt(el, -1)) < 1e-14, `l(−1) at order ${String(q)}: ${String(lAt(el, -1))}`);
      if (q <= C.length) assert.ok(Math.abs(fam.test[q]![1] * C[q - 1]! - 1) < 1e-13, `error constant at order ${String(q)}`);
    }
  }
  // BDF: ℓ_0 = 1/(1 + 1/2 + … + 1/q), the method's leading coefficient
  for (let q = 1; q <= 5; q++) {
    let H = 0;
    for (let k = 1; k <= q; k++) H += 1 / k;
    assert.ok(Math.abs(BDF.el[q]![0]! * H - 1) < 1e-15);
  }
});

test('auto stays with Adams on a non-stiff problem and reuses its Jacobian on a stiff one', () => {
  const calm = solve(harmonic(), 'auto', { t0: 0, t1: 100, y0: [1, 0], rtol: 1e-8, atol: 1e-8, dense: false });
  assert.equal(calm.status, 'success');
  assert.equal(calm.stiffness.switches.length, 0);
  assert.equal(calm.stats.njev, 0, 'functional iteration needs no Jacobian');
  const stiff = solve(robertson(), 'auto', { t0: 0, t1: 1e11, y0: [1, 0, 0], rtol: 1e-6, atol: 1e-10, dense: false });
  assert.equal(stiff.stiffness.switches[0]?.to, 'bdf');
  // modified Newton keeps J for up to 20 steps: far fewer Jacobians (and LU factorisations) than
  // steps (LSODA: 125 Jacobians for ~750 steps here); a stepper refactoring every step would fail
  assert.ok(stiff.stats.njev < stiff.stats.naccepted / 3, `njev ${String(stiff.stats.njev)} of ${String(stiff.stats.naccepted)} steps`);
  assert.ok(stiff.stats.nlu === stiff.stats.njev, 'one factorisation per Jacobian');
});
