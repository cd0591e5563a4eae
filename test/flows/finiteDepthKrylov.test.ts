/**
 * The matrix-free method on the end-to-end flow at finite depth, where `auto` runs it from 400 states
 * (simulate/methodChoice.ts): a 10×10 completion from a small start at depths 2 and 3, integrated by
 * bdf-krylov (exact products, the singular-basis preconditioner), by the dense bdf and by dop853 at
 * tight tolerance. At finite depth the modes that never escape are not frozen (their coefficients are
 * of order α^{2−2/N}), so the preconditioner's stiff set is larger than at depth ∞ (depthInfKrylov.test.ts).
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
const truth = lowRankTarget(N, N, [2, 1], new Rng(3, 0));
const problem = completionProblem(truth, N, N, 0.5, new Rng(3, 1));
const W0 = new Rng(3, 2).normals(N * N, 1e-3);
const T1 = 1e3;
const TIMES = [10, 30, 100, 300, 1e3];

function run(depth: number, method: MethodName, rtol: number, atol: number): { W: Float64Array[]; stats: Record<string, number | undefined> } {
  const flow = downstairsFlow(problem.energy, depth, 'normalized');
  const sol = solve(flow, method, { t0: 0, t1: T1, y0: W0, rtol, atol, saveAt: { kind: 'times', times: TIMES }, maxSteps: 1e6 });
  assert.equal(sol.status, 'success', `depth ${String(depth)}, ${method}: ${sol.message}`);
  return { W: sol.y, stats: { ...sol.stats } };
}

for (const depth of [2, 3]) {
  test(`10×10 completion at depth ${String(depth)} from α = 1e-3: bdf-krylov agrees with the dense bdf and with dop853 to the tolerances’ sum`, (t) => {
    const rtol = 1e-9;
    const atol = 1e-13;
    const krylov = run(depth, 'bdf-krylov', rtol, atol);
    const dense = run(depth, 'bdf', rtol, atol);
    // the reference: dop853 far tighter (its own error ≲ 1e-12 here)
    const ref = run(depth, 'dop853', 1e-12, 1e-16);
    let worstKrylov = 0;
    let worstDense = 0;
    let worstPair = 0;
    for (let k = 0; k < TIMES.length; k++)
      for (let i = 0; i < N * N; i++) {
        const r = ref.W[k]![i]!;
        worstKrylov = Math.max(worstKrylov, Math.abs(krylov.W[k]![i]! - r));
        worstDense = Math.max(worstDense, Math.abs(dense.W[k]![i]! - r));
        worstPair = Math.max(worstPair, Math.abs(krylov.W[k]![i]! - dense.W[k]![i]!));
      }
    // The bounds of depthInfKrylov.test.ts, for the same reasons: a tolerance unit is atol + rtol·|W| with
    // |W| ≤ 3; the two BDF runs differ only in their Newton solves (GMRES to 0.05 of the corrector's
    // tolerance), so they agree to the tolerances' sum (2 units), bounded at 10× that for the global error's
    // growth; against dop853 (tighter by 1e3) each carries its own global error, bounded at 50 units.
    const unit = atol + rtol * 3;
    assert.ok(worstPair < 10 * 2 * unit, `bdf-krylov vs bdf: ${worstPair.toExponential(2)}`);
    assert.ok(worstKrylov < 50 * unit, `bdf-krylov vs dop853: ${worstKrylov.toExponential(2)}`);
    assert.ok(worstDense < 50 * unit, `bdf vs dop853: ${worstDense.toExponential(2)}`);
    // the preconditioner works at finite depth too: a few products per step, not the ~100 of an
    // unpreconditioned Krylov space of 100 states
    const perStep = (krylov.stats.jvps ?? 0) / (krylov.stats.naccepted ?? 1);
    assert.ok(perStep < 5, `${perStep.toFixed(2)} products per step`);
    t.diagnostic(
      `max |W − W_dop853| at τ = 10…1e3: bdf-krylov ${worstKrylov.toExponential(2)}, bdf ${worstDense.toExponential(2)}, between them ${worstPair.toExponential(2)} ` +
        `(unit ${unit.toExponential(1)}); bdf-krylov ${String(krylov.stats.naccepted)} steps, ${((krylov.stats.jvps ?? 0) / (krylov.stats.naccepted ?? 1)).toFixed(2)} products per step, ${String(krylov.stats.njev)} setups; ` +
        `bdf ${String(dense.stats.naccepted)} steps, ${String(dense.stats.njev)} Jacobians`,
    );
  });
}
