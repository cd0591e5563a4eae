/**
 * Issue 27's test of the matrix-free method on the end-to-end flow: a 10×10 completion (rank 2, half the
 * entries observed) from a random start of scale 1e-3, in normalised time to τ = 1e3, integrated by
 * bdf-krylov (exact products, the singular-basis preconditioner, flows/downstairsPreconditioner.ts), by
 * the dense bdf and by dop853 at tight tolerance, at depth ∞ (what it was built for) and at depths 2 and
 * 3, where `auto` also runs it from 400 states (simulate/methodChoice.ts): there the modes that never
 * escape are not frozen (coefficients of order α^{2−2/N}), so the preconditioner's stiff set is larger.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { completionProblem } from '../../src/energies/completionProblem.js';
import { lowRankTarget } from '../../src/energies/lowRankTarget.js';
import { downstairsFlow } from '../../src/flows/downstairs.js';
import { Rng } from '../../src/init/rng.js';
import type { MethodName } from '../../src/ode/methods.js';
import { solve } from '../ode/librarySolve.js';

const N = 10;
const TIMES = [10, 30, 100, 300, 1e3];
const truth = lowRankTarget(N, N, [2, 1], new Rng(3, 0));
const problem = completionProblem(truth, N, N, 0.5, new Rng(3, 1));
const W0 = new Rng(3, 2).normals(N * N, 1e-3);

function run(
  depth: number,
  method: MethodName,
  rtol: number,
  atol: number,
  jacobianAge?: number,
): { W: Float64Array[]; stats: Record<string, number | undefined> } {
  const flow = downstairsFlow(problem.energy, depth, 'normalized');
  const age = jacobianAge === undefined ? {} : { jacobianAge };
  const sol = solve(flow, method, { t0: 0, t1: 1e3, y0: W0, rtol, atol, saveAt: { kind: 'times', times: TIMES }, maxSteps: 1e6, ...age });
  assert.equal(sol.status, 'success', `depth ${String(depth)}, ${method}: ${sol.message}`);
  return { W: sol.y, stats: { ...sol.stats } };
}

/** The largest `|a − b|` over the saved times and entries. */
function worstDifference(a: readonly Float64Array[], b: readonly Float64Array[]): number {
  let worst = 0;
  for (let k = 0; k < a.length; k++) for (let i = 0; i < a[k]!.length; i++) worst = Math.max(worst, Math.abs(a[k]![i]! - b[k]![i]!));
  return worst;
}

const depthName = (depth: number): string => (depth === Infinity ? '∞' : String(depth));

for (const depth of [Infinity, 2, 3]) {
  test(`10×10 completion at depth ${depthName(depth)} from α = 1e-3: bdf-krylov agrees with the dense bdf and with dop853 to the tolerances’ sum`, (t) => {
    const rtol = 1e-9;
    const atol = 1e-13;
    const krylov = run(depth, 'bdf-krylov', rtol, atol);
    const dense = run(depth, 'bdf', rtol, atol);
    // the reference: dop853 far tighter (its own error ≲ 1e-12 here)
    const ref = run(depth, 'dop853', 1e-12, 1e-16);
    const worstKrylov = worstDifference(krylov.W, ref.W);
    const worstDense = worstDifference(dense.W, ref.W);
    const worstPair = worstDifference(krylov.W, dense.W);
    // A tolerance unit here is atol + rtol·|W| with |W| ≤ 3. The two BDF runs take the same steps, orders and
    // error tests and differ only in their Newton solves (GMRES to 0.05 of the corrector's tolerance), so they
    // should agree to the tolerances' sum, 2 units, bounded here at 10× that for the global error's growth;
    // against dop853 (tighter by 1e3) each carries its global error, a few tens of units on stiff problems,
    // bounded at 50. Measured between the BDF runs 1.0, 0.06, 0.64 units and bdf-krylov against dop853 9.5,
    // 0.27, 3.6 units at depths ∞, 2, 3.
    const unit = atol + rtol * 3;
    assert.ok(worstPair < 10 * 2 * unit, `bdf-krylov vs bdf: ${worstPair.toExponential(2)}`);
    assert.ok(worstKrylov < 50 * unit, `bdf-krylov vs dop853: ${worstKrylov.toExponential(2)}`);
    assert.ok(worstDense < 50 * unit, `bdf vs dop853: ${worstDense.toExponential(2)}`);
    // the preconditioner works: a few products per step, not the ~100 of an unpreconditioned Krylov space
    const perStep = (krylov.stats.jvps ?? 0) / (krylov.stats.naccepted ?? 1);
    assert.ok(perStep < 5, `${perStep.toFixed(2)} products per step`);
    t.diagnostic(
      `max |W − W_dop853| at τ = 10…1e3: bdf-krylov ${worstKrylov.toExponential(2)}, bdf ${worstDense.toExponential(2)}, between them ${worstPair.toExponential(2)} ` +
        `(unit ${unit.toExponential(1)}); bdf-krylov ${String(krylov.stats.naccepted)} steps, ${perStep.toFixed(2)} products per step, ${String(krylov.stats.njev)} setups; ` +
        `bdf ${String(dense.stats.naccepted)} steps, ${String(dense.stats.njev)} Jacobians`,
    );
  });
}

test('bdf-krylov and auto-krylov with jacobianAge keep the preconditioner’s setup point: fewer setups, the same accuracy against dop853', (t) => {
  const rtol = 1e-9;
  const atol = 1e-13;
  const ref = run(Infinity, 'dop853', 1e-12, 1e-16);
  const unit = atol + rtol * 3;
  for (const method of ['bdf-krylov', 'auto-krylov'] as const) {
    const fresh = run(Infinity, method, rtol, atol);
    const kept = run(Infinity, method, rtol, atol, 20);
    const worst = worstDifference(kept.W, ref.W);
    // keeping a setup point for up to 20 steps changes only the Newton iteration's matrix (modified Newton
    // with an older linearisation, GMRES still to 0.05 of the corrector's tolerance), not the error test:
    // the same bound as the fresh setups' (50 units; measured 9.8 for bdf-krylov, 1.9 for auto-krylov)
    assert.ok(worst < 50 * unit, `${method} with jacobianAge 20 vs dop853: ${worst.toExponential(2)}`);
    // the point of the rule: setups (preconditioner columns, products' SVD, ‖J‖ estimates) are kept
    // between re-formings for a new h ℓ₀ (measured 39 against 57 for bdf-krylov, 5 against 7 for
    // auto-krylov, which spends most of this run in Adams)
    assert.ok(
      (kept.stats.njev ?? 0) < (fresh.stats.njev ?? 0),
      `${method}: ${String(kept.stats.njev)} setups with jacobianAge 20, ${String(fresh.stats.njev)} without`,
    );
    t.diagnostic(
      `${method}: ${worst.toExponential(2)} from dop853; setups ${String(kept.stats.njev)} (kept) vs ${String(fresh.stats.njev)}; steps ${String(kept.stats.naccepted)} vs ${String(fresh.stats.naccepted)}; products ${String(kept.stats.jvps)} vs ${String(fresh.stats.jvps)}`,
    );
  }
});
