/**
 * Depth ∞ from a small start (docs/theory.md §8.2): after the escape, a few singular values of order 1
 * sit beside many of order α and the field is stiff. LSODA (`auto`, which turns to BDF there) and
 * DOPRI5 must agree on the trajectory, plateau, escape and all; the curated depth-∞ studies use `auto`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maxRelativeDifference } from '../../src/analysis/compare.js';
import { sensingProblem } from '../../src/energies/sensingProblem.js';
import { Rng } from '../../src/init/rng.js';
import { matmulNT } from '../../src/linalg/products.js';
import { simulate } from '../../src/simulate/simulate.js';

test('depth ∞ sensing from α = 1e-3: LSODA (auto) and DOPRI5 agree through plateau, escape and fit', () => {
  const n = 8;
  const rng = new Rng(7);
  // a rank-2 truth with singular values ≈ 2 and 1, 30 measurements (below n² = 64: the fit is not unique)
  const u = rng.normals(n * 2, 1 / Math.sqrt(n));
  const v = rng.normals(n * 2, 1 / Math.sqrt(n));
  for (let i = 0; i < n; i++) u[2 * i] = 2 * u[2 * i]!;
  const T = new Float64Array(n * n);
  matmulNT(u, v, T, n, 2, n);
  const { energy } = sensingProblem(T, n, n, 30, rng);
  const W0 = rng.normals(n * n, 1e-3);
  const run = (method: 'auto' | 'dopri5') =>
    simulate({
      energy,
      model: { depth: Infinity, parametrization: 'end-to-end', time: 'normalized' },
      start: { endToEnd: W0 },
      t1: 2e4,
      saveAt: { kind: 'log', n: 25, tmin: 1e-2 },
      solver: { method, rtol: 1e-9, atol: 1e-14 },
    });
  const lsoda = run('auto');
  const dopri = run('dopri5');
  assert.equal(lsoda.status, 'success');
  assert.equal(dopri.status, 'success');
  // the run really leaves the plateau: the loss falls by more than five orders from E(W0) ≈ ‖T‖²/2
  const loss = lsoda.rows.map((r) => r.loss);
  assert.ok(loss.at(-1)! < 1e-5 * loss[0]!, `final loss ${String(loss.at(-1))} from ${String(loss[0])}`);
  // both integrate to rtol 1e-9; the escape amplifies earlier errors by the growth of the escaping
  // singular values relative to their start (measured: 2.3e-8, an amplification of ~20), so 1e-6 allows
  // an amplification up to 1e3 while a wrong coefficient or a solver that lost the escape gives O(1).
  // (LSODA: 10 627 evaluations with its finite-difference Jacobians; DOPRI5: 80 372.)
  const diff = maxRelativeDifference(lsoda.W, dopri.W);
  assert.ok(diff <= 1e-6, `max relative difference over the saved times ${diff.toExponential(2)}`);
  assert.ok(diff > 0);
});
