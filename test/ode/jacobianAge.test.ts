/**
 * `jacobianAge` (bdf and auto): a Jacobian kept for up to that many steps, the Newton matrix re-formed
 * from it when only h ℓ_0 changed (CVODE's rule), against LSODA's rule of a new Jacobian with every
 * Newton matrix (the default, which reproduces LSODA's counts: stiff.test.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { solve } from './librarySolve.js';
import { parseScenario } from '../../src/experiment/resolve.js';
import { ROBER_REF, robertson, vanDerPolMu } from './problems.js';

const RTOL = 1e-6;
const ATOL = 1e-10;

/** The largest error at t = 1e11 against the reference, in units of the tolerance atol + rtol·|ref|. */
function roberError(y: Float64Array): number {
  return Math.max(...ROBER_REF.map((r, i) => Math.abs(y[i]! - r) / (ATOL + RTOL * Math.abs(r))));
}

test('Robertson by auto with finite-difference Jacobians: jacobianAge 50 evaluates a fifth of the Jacobians, at the same accuracy', () => {
  const opts = { t0: 0, t1: 1e11, y0: [1, 0, 0], rtol: RTOL, atol: ATOL, dense: false } as const;
  const lsoda = solve(robertson(false), 'auto', opts);
  const kept = solve(robertson(false), 'auto', { ...opts, jacobianAge: 50 });
  assert.equal(kept.status, 'success');
  // measured 21 Jacobians against 119 (LSODA's rule): one per convergence failure, switch or 50 steps
  assert.ok(kept.stats.njev <= 0.3 * lsoda.stats.njev, `njev ${String(kept.stats.njev)} against ${String(lsoda.stats.njev)}`);
  // the Newton matrix is still re-formed (and factored) as LSODA would: more LU factorisations than Jacobians
  assert.ok(kept.stats.nlu > 3 * kept.stats.njev, `nlu ${String(kept.stats.nlu)}, njev ${String(kept.stats.njev)}`);
  // the error test is unchanged, so the end point keeps the tolerance: measured 0.51 tolerance units
  // (LSODA's rule 0.45); 10 units leaves room for the different step sequence and fails on a broken corrector
  assert.ok(roberError(kept.y.at(-1)!) < 10, `error ${String(roberError(kept.y.at(-1)!))} tolerance units`);
  assert.ok(roberError(lsoda.y.at(-1)!) < 10);
});

test('Van der Pol μ = 1e3 by bdf: with jacobianAge the end point is as accurate as with LSODA’s rule', () => {
  const opts = { t0: 0, t1: 3000, y0: [2, 0], rtol: RTOL, atol: RTOL, dense: false } as const;
  // the reference: auto-rk at 1e-11, with the analytic Jacobian (an independent method)
  const ref = solve(vanDerPolMu(1e3), 'auto-rk', { ...opts, rtol: 1e-11, atol: 1e-11 }).y.at(-1)![0]!;
  const lsoda = solve(vanDerPolMu(1e3, false), 'bdf', opts);
  const kept = solve(vanDerPolMu(1e3, false), 'bdf', { ...opts, jacobianAge: 50 });
  assert.equal(kept.status, 'success');
  // measured 39 Jacobians against 189
  assert.ok(kept.stats.njev < lsoda.stats.njev / 2, `njev ${String(kept.stats.njev)} against ${String(lsoda.stats.njev)}`);
  // the global error at t = 3000 is amplified across the oscillation's jumps to ~200 × rtol for either
  // rule (measured 1.7e-4 kept, 2.5e-4 LSODA's rule, relative): the kept Jacobian may not make it worse
  // than twice LSODA's error
  const err = (y: Float64Array): number => Math.abs(y[0]! - ref) / Math.abs(ref);
  assert.ok(err(kept.y.at(-1)!) < 2 * err(lsoda.y.at(-1)!), `error ${String(err(kept.y.at(-1)!))} against ${String(err(lsoda.y.at(-1)!))}`);
});

test('a scenario refuses solver.jacobianAge for a method that keeps no Jacobian, naming the field', () => {
  const text = (method: string) => `id: ja
title: t
energy: { kind: whitened, target: [[2, 0], [0, 1]] }
model: { depth: 2, width: 2 }
init: { kind: aligned, s0: 0.01 }
solver: { method: ${method}, jacobianAge: 50 }
horizon: { t1: 8 }
`;
  assert.throws(
    () => parseScenario(text('dopri5'), 'ja.yaml'),
    /solver\.jacobianAge: only bdf, auto, bdf-krylov and auto-krylov keep a Jacobian between steps; method dopri5 has none to keep/,
  );
  for (const m of ['auto', 'bdf-krylov']) assert.equal(parseScenario(text(m), 'ja.yaml').scenario.solver.jacobianAge, 50);
});
