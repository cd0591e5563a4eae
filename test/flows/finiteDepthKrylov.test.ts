/**
 * The matrix-free method on the end-to-end flow at finite depth, where `auto` runs it from 400 states
 * (simulate/methodChoice.ts): a 10×10 completion from a small start at depths 2 and 3, integrated by
 * bdf-krylov (exact products, the singular-basis preconditioner), by the dense bdf and by dop853 at
 * tight tolerance. At finite depth the modes that never escape are not frozen (their coefficients are
 * of order α^{2−2/N}), so the preconditioner's stiff set is larger than at depth ∞ (depthInfKrylov.test.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCase as run, worstDifference } from './krylovCase.js';

for (const depth of [2, 3]) {
  test(`10×10 completion at depth ${String(depth)} from α = 1e-3: bdf-krylov agrees with the dense bdf and with dop853 to the tolerances’ sum`, (t) => {
    const rtol = 1e-9;
    const atol = 1e-13;
    const krylov = run(depth, 'bdf-krylov', rtol, atol);
    const dense = run(depth, 'bdf', rtol, atol);
    // the reference: dop853 far tighter (its own error ≲ 1e-12 here)
    const ref = run(depth, 'dop853', 1e-12, 1e-16);
    const worstKrylov = worstDifference(krylov.W, ref.W);
    const worstDense = worstDifference(dense.W, ref.W);
    const worstPair = worstDifference(krylov.W, dense.W);
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
