/**
 * The invariants of the exact flow, guarded in every parametrization (docs/theory.md §5.2, §5.4): the
 * end-to-end precision guard on the sign of det W (depths 2, 3, ∞), and the invariant monitor
 * (`D_j`, `W₁Q_x` and its end-to-end forms) that turns a broken run's status to `invariant-broken`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nullInputBasis } from '../../src/analysis/errorDecomposition.js';
import { dataProblem } from '../../src/energies/dataProblem.js';
import type { Energy } from '../../src/energies/energy.js';
import { matrixCompletion } from '../../src/energies/matrixCompletion.js';
import { factorLayout } from '../../src/flows/layout.js';
import { Rng } from '../../src/init/rng.js';
import { invariantBreach } from '../../src/simulate/invariantGuards.js';
import { endToEndFloor } from '../../src/simulate/precisionFloor.js';
import { simulate, type Trajectory } from '../../src/simulate/simulate.js';

// scenarios/razin-cohen-2x2.yaml: observe w12 = w21 = 1, w22 = 0; W(0) = 1e-3·I, det W(0) > 0
const razinCohen = matrixCompletion(2, 2, [
  { i: 0, j: 1, value: 1 },
  { i: 1, j: 0, value: 1 },
  { i: 1, j: 1, value: 0 },
]);
const W0 = [1e-3, 0, 0, 1e-3];
const ATOL = 1e-10; // the default atol
const save = { kind: 'log', n: 60, tmin: 1e-2 } as const;

function endToEnd(depth: number, rtol: number, t1: number): Trajectory {
  return simulate({
    energy: razinCohen,
    model: { depth, parametrization: 'end-to-end' },
    start: { endToEnd: W0 },
    t1,
    saveAt: save,
    solver: { rtol, atol: ATOL },
  });
}

const frob = (A: ArrayLike<number>): number => Math.hypot(...Array.from(A));
const relDiff = (A: Float64Array, B: Float64Array): number => frob(A.map((a, i) => a - B[i]!)) / frob(B);

test('end-to-end Razin–Cohen at depths 2, 3, ∞ and rtol 1e-6, 1e-8, 1e-10: precision-limit with det W > 0 on every row, never success with det W < 0', (t) => {
  for (const depth of [2, 3, Infinity]) {
    // depth ∞ runs in normalised time (its only convention); its det decays slowly, so it needs τ = 1e10 to reach the floor at rtol 1e-10
    const t1 = Number.isFinite(depth) ? 1e4 : 1e10;
    const ref = depth === Infinity ? endToEnd(depth, 1e-10, t1) : undefined;
    for (const rtol of [1e-6, 1e-8, 1e-10]) {
      const tr = endToEnd(depth, rtol, t1);
      const tag = `depth ${String(depth)} rtol ${String(rtol)}`;
      assert.ok(tr.precisionGuard, tag);
      // before the guard this run ended `success` with det W = −1 (depth 2; first det ≤ 0 at t ≈ 6, 9.3, 14.6)
      assert.equal(tr.status, 'precision-limit', `${tag}: ${tr.status}: ${tr.message}`);
      assert.match(tr.message, /in end-to-end coordinates the solver resolves W only to about rtol·σ_max \+ atol/);
      assert.ok(
        tr.rows.every((r) => r.det! > 0),
        tag,
      );
      const last = tr.rows.at(-1)!;
      const ratio = last.sigma[1]! / last.sigma[0]!;
      const floor = endToEndFloor(rtol, ATOL, last.sigma[0]!);
      // the event is the root of ratio − floor located to 1e-12 relative in t: the ratio is the floor to far better than 1%
      assert.ok(Math.abs(ratio / floor - 1) < 1e-2, `${tag}: ratio ${String(ratio)}, floor ${String(floor)}`);
      let agreement: number;
      if (Number.isFinite(depth)) {
        // the factor run of the same problem (balanced factors of W0), saved at the end-to-end run's times
        const fac = simulate({
          energy: razinCohen,
          model: { depth, parametrization: 'factors' },
          start: { endToEnd: W0 },
          t1: tr.t.at(-1)!,
          saveAt: { kind: 'times', times: tr.t },
          solver: { rtol, atol: ATOL },
        });
        assert.equal(fac.t.length, tr.t.length, tag);
        agreement = Math.max(...tr.W.map((W, k) => relDiff(W, fac.W[k]!)));
        // each run's local error per step is ≤ rtol·|w| + atol: relative to the smallest ‖W‖ (the start's, 1.4e-3)
        // that is rtol + atol/‖W(0)‖_F; measured gaps are 8·, 50· and 7· that at rtol 1e-6, 1e-8, 1e-10 (the last
        // atol-dominated), so 100· it fails only if the two flows part
        const level = rtol + ATOL / frob(W0);
        assert.ok(agreement < 100 * level, `${tag}: upstairs vs downstairs ${String(agreement)} (level ${String(level)})`);
        // and the smallest singular value — the one the guard protects — agrees to ~κ⁻¹ = 10% at the stop (measured ≤ 1%)
        const smin = fac.rows.at(-1)!.sigma[1]!;
        assert.ok(Math.abs(last.sigma[1]! / smin - 1) < 0.1, `${tag}: σ_min ${String(last.sigma[1])} vs ${String(smin)}`);
      } else {
        // depth ∞ has no factors: hold it to the rtol 1e-10 run on the rows both reached (same log grid)
        const n = Math.min(tr.t.length, ref!.t.length) - 1; // the last row of each is its own stopping time
        agreement = Math.max(...tr.W.slice(0, n).map((W, k) => relDiff(W, ref!.W[k]!)));
        // same error level as above (rtol + atol/‖W(0)‖_F), the reference's own error being 100× smaller or less
        assert.ok(agreement < 100 * (rtol + ATOL / frob(W0)), `${tag}: against rtol 1e-10 ${String(agreement)}`);
      }
      t.diagnostic(
        `${tag}: stops at t = ${tr.t.at(-1)!.toPrecision(5)}, det W = ${last.det!.toExponential(3)}, σ_min/σ_max = ${ratio.toExponential(3)}, w11 = ${tr.W.at(-1)![0]!.toPrecision(4)}, max rel. gap to ${Number.isFinite(depth) ? 'factor run' : 'rtol 1e-10'} = ${agreement.toExponential(2)}`,
      );
    }
  }
});

test('precisionGuard: false runs on (the old spurious limit); the guard does not fire on a well-conditioned completion', () => {
  const off = simulate({
    energy: razinCohen,
    model: { depth: 2, parametrization: 'end-to-end' },
    start: { endToEnd: W0 },
    t1: 1e4,
    saveAt: save,
    precisionGuard: false,
  });
  assert.equal(off.precisionGuard, false);
  assert.equal(off.status, 'success');
  assert.ok(off.rows.at(-1)!.det! < 0); // what the guard is for
  // fully observed diag(2, 1): W → diag(2, 1), σ_min/σ_max → 0.5, far above any floor
  const full = matrixCompletion(2, 2, [
    { i: 0, j: 0, value: 2 },
    { i: 0, j: 1, value: 0 },
    { i: 1, j: 0, value: 0 },
    { i: 1, j: 1, value: 1 },
  ]);
  for (const depth of [2, 3, Infinity]) {
    for (const rtol of [1e-6, 1e-10]) {
      const tr = simulate({
        energy: full,
        model: { depth, parametrization: 'end-to-end' },
        start: { endToEnd: [0.1, 0.02, -0.01, 0.1] },
        t1: 1e4,
        lossBelow: 1e-12,
        solver: { rtol },
      });
      assert.ok(tr.precisionGuard);
      assert.equal(tr.status, 'loss-reached', `depth ${String(depth)} rtol ${String(rtol)}: ${tr.message}`);
      const noLoss = simulate({
        energy: full,
        model: { depth, parametrization: 'end-to-end' },
        start: { endToEnd: [0.1, 0.02, -0.01, 0.1] },
        t1: 50,
        solver: { rtol },
      });
      assert.equal(noLoss.status, 'success');
    }
  }
});

/** A `rows`×4 regression from data whose inputs span 2 of 4 directions: Q_x has 2 columns. */
function data(rows = 3): { energy: Energy; Sxx: Float64Array } {
  const teacher = Float64Array.from([1, 0.5, 0, -0.3, 0, 1, 0.2, 0, 0.4, 0, 1, 0.1, 0.2, -0.1, 0.3, 1].slice(0, rows * 4));
  const p = dataProblem(teacher, rows, 4, { n: 50, rank: 2 }, new Rng(7, 0));
  return { energy: p.energy, Sxx: p.covariances.Sxx };
}
const start4 = { endToEnd: [0.3, 0.1, -0.2, 0.05, 0.1, 0.25, 0.1, -0.1, -0.05, 0.2, 0.3, 0.15] };
const start44 = { endToEnd: [...start4.endToEnd, 0.1, -0.2, 0.05, 0.35] };

/** The same energy with a deliberately wrong gradient: `+ c·W Q_xQ_xᵀ`, a pull the data cannot exert. */
function wrongField(energy: Energy, Sxx: Float64Array, c: number): Energy {
  const { Q, q } = nullInputBasis(Sxx, 4);
  const P = new Float64Array(16);
  const rows = energy.rows;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) for (let r = 0; r < q; r++) P[i * 4 + j] = P[i * 4 + j]! + Q[i * q + r]! * Q[j * q + r]!;
  return {
    ...energy,
    value: (W) => energy.value(W),
    gradient: (W, G) => {
      energy.gradient(W, G);
      for (let i = 0; i < rows; i++) for (let j = 0; j < 4; j++) for (let k = 0; k < 4; k++) G[i * 4 + j] = G[i * 4 + j]! + c * W[i * 4 + k]! * P[k * 4 + j]!;
    },
    hessianVector: (W, V, out) => {
      energy.hessianVector(W, V, out);
    },
    describe: () => energy.describe(),
    inputCovariance: Sxx,
  };
}

test('data energies: W₁Q_x (and its end-to-end forms) is monitored; the right field stays success, a wrong one ends invariant-broken', (t) => {
  const { energy, Sxx } = data();
  const models = [
    { depth: 1, parametrization: 'end-to-end' as const },
    { depth: 2, parametrization: 'end-to-end' as const },
    { depth: 3, parametrization: 'end-to-end' as const },
    { depth: 2, parametrization: 'factors' as const, hidden: [4] },
    { depth: 3, parametrization: 'factors' as const, hidden: [4, 4] },
  ];
  for (const model of models) {
    const tag = `${model.parametrization} depth ${String(model.depth)}`;
    // hidden width 4 ≠ 3 rows: a non-square problem, so no det guard here; the monitor alone decides
    const good = simulate({ energy, model, start: start4, t1: 20 });
    assert.equal(good.status, 'success', `${tag}: ${good.message}`);
    const bad = simulate({ energy: wrongField(energy, Sxx, 0.5), model, start: start4, t1: 20 });
    assert.equal(bad.status, 'invariant-broken', `${tag}: ${bad.status}`);
    assert.match(bad.message, /drifted by .* beyond the .* the solver's tolerance can explain/);
    // the trajectory is kept: every saved row, to t1
    assert.equal(bad.t.at(-1), 20);
    assert.equal(bad.rows.length, good.rows.length);
    t.diagnostic(`${tag}: ${bad.message}`);
  }
  // depth ∞ monitors Q_xᵀ log(WᵀW) Q_x, finite only for W of full column rank: a square 4×4 problem
  const sq = data(4);
  const goodInf = simulate({ energy: sq.energy, model: { depth: Infinity, parametrization: 'end-to-end' }, start: start44, t1: 20 });
  assert.equal(goodInf.status, 'success', goodInf.message);
  const badInf = simulate({ energy: wrongField(sq.energy, sq.Sxx, 0.5), model: { depth: Infinity, parametrization: 'end-to-end' }, start: start44, t1: 20 });
  assert.equal(badInf.status, 'invariant-broken', badInf.message);
  t.diagnostic(`end-to-end depth ∞ (4×4): ${badInf.message}`);
  // weight decay λ: W₁Q_x decays like e^{−λt} (monitored against that), D_j like e^{−2λt}
  const wd = simulate({
    energy,
    model: { depth: 2, parametrization: 'factors', hidden: [4], regularizer: { weightDecay: 0.3, balance: 0 } },
    start: start4,
    t1: 20,
  });
  assert.equal(wd.status, 'success', wd.message);
});

test('D_j: a planted perturbation of a saved state is caught; the true trajectory is not', () => {
  const tr = simulate({ energy: razinCohen, model: { depth: 3, parametrization: 'factors' }, start: { endToEnd: [0.3, 0.1, -0.1, 0.2] }, t1: 10 });
  assert.equal(tr.status, 'success');
  const input = {
    t: tr.t,
    states: tr.states,
    y0: tr.states[0]!,
    rows: 2,
    cols: 2,
    depth: 3,
    scale: 1,
    layout: factorLayout([2, 2, 2, 2]),
    rtol: 1e-8,
    atol: 1e-10,
    steps: tr.stats.naccepted,
  };
  assert.equal(invariantBreach(input), undefined);
  const planted = tr.states.map((y) => Float64Array.from(y));
  planted[50]![5] = planted[50]![5]! + 1e-3; // W_2[0][1] += 1e-3: D_1 and D_2 move by ~1e-3·‖W‖, far beyond the bound
  const breach = invariantBreach({ ...input, states: planted });
  assert.ok(breach, 'planted perturbation not caught');
  assert.equal(breach.invariant, 'D_j');
  assert.equal(breach.t, tr.t[50]);
});
