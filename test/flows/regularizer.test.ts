/**
 * docs/theory.md §7, the log's interventions: weight decay and the balancing penalty on the factors.
 * Their gradients against central differences of their values, the regularised upstairs field against
 * central differences of E + R, its Jacobian against differences of the field, and the balancing
 * penalty shrinking the Gram mismatch of an unbalanced start.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { invariants } from '../../src/analysis/invariants.js';
import { whitenedRegression } from '../../src/energies/whitenedRegression.js';
import { endToEndOf, factorLayout, packFactors } from '../../src/flows/layout.js';
import { regularizerTerms } from '../../src/flows/regularizer.js';
import { upstairsFlow } from '../../src/flows/upstairs.js';
import { gaussianFactors } from '../../src/init/inits.js';
import { Rng } from '../../src/init/rng.js';
import { frobeniusNorm } from '../../src/linalg/norms.js';
import { simulate } from '../../src/simulate/simulate.js';

const rng = new Rng(2024);
const WIDTHS = [
  [3, 2],
  [3, 4, 2],
  [2, 5, 3, 4],
  [4, 2, 3, 3, 2, 3],
];

/** Central difference of `f` at `y` along coordinate `i` (step h). */
function central(f: (z: Float64Array) => number, y: Float64Array, i: number, h: number): number {
  const yi = y[i]!;
  y[i] = yi + h;
  const up = f(y);
  y[i] = yi - h;
  const down = f(y);
  y[i] = yi;
  return (up - down) / (2 * h);
}

test('weight-decay and balancing-penalty gradients equal central differences of their values, alone and together', () => {
  for (const w of WIDTHS)
    for (const r of [
      { weightDecay: 0.3, balance: 0 },
      { weightDecay: 0, balance: 0.7 },
      { weightDecay: 0.3, balance: 0.7 },
    ]) {
      const layout = factorLayout(w);
      const terms = regularizerTerms(layout, r);
      const y = packFactors(layout, gaussianFactors(w, 0.8, rng));
      const g = new Float64Array(layout.dim);
      terms.addGradient(y, g, 1);
      for (let i = 0; i < layout.dim; i++) {
        const fd = central((z) => terms.value(z), y, i, 1e-5);
        // R is a polynomial of degree 4 with O(1) coefficients: the central-difference error is h²·R'''/6 ≲ 1e-9,
        // plus rounding ε·R/h ≲ 1e-10
        assert.ok(
          Math.abs(fd - g[i]!) <= 1e-7 * (1 + Math.abs(g[i]!)),
          `widths ${JSON.stringify(w)} ${JSON.stringify(r)} component ${String(i)}: ${String(g[i])} vs ${String(fd)}`,
        );
      }
    }
});

test('the regularised upstairs field is minus the gradient of E + R (central differences), and its Jacobian matches differences of the field', () => {
  const r = { weightDecay: 0.2, balance: 0.5 };
  for (const w of WIDTHS) {
    const d0 = w[0]!;
    const dN = w.at(-1)!;
    const E = whitenedRegression(dN, d0, rng.normals(dN * d0));
    const flow = upstairsFlow(E, w, 'upstairs', r);
    const y = packFactors(flow.layout, gaussianFactors(w, 0.7, rng));
    const f = new Float64Array(flow.dim);
    flow.rhs(0, y, f);
    const total = (z: Float64Array): number => E.value(endToEndOf(flow.layout, z)) + flow.penalty(z);
    for (let i = 0; i < flow.dim; i++) {
      const fd = -central(total, y, i, 1e-6);
      // a polynomial of degree max(2N, 4): error ≲ 1e-8 with O(1) coefficients
      assert.ok(Math.abs(fd - f[i]!) <= 1e-6 * (1 + Math.abs(f[i]!)), `widths ${JSON.stringify(w)} component ${String(i)}: ${String(f[i])} vs ${String(fd)}`);
    }
    // the Jacobian (used by the stiff solvers) includes the regulariser's second derivative
    const n = flow.dim;
    const J = new Float64Array(n * n);
    flow.jacobian!(0, y, J);
    const fp = new Float64Array(n);
    const fm = new Float64Array(n);
    const h = 1e-6;
    for (let c = 0; c < n; c++) {
      const yc = y[c]!;
      y[c] = yc + h;
      flow.rhs(0, y, fp);
      y[c] = yc - h;
      flow.rhs(0, y, fm);
      y[c] = yc;
      for (let i = 0; i < n; i++) {
        const fd = (fp[i]! - fm[i]!) / (2 * h);
        // central differences of a polynomial field with O(1) coefficients, h = 1e-6: truncation h²·f'''/6 ≲ 1e-11, rounding ε·|f|/h ≲ 1e-10
        assert.ok(
          Math.abs(fd - J[i * n + c]!) <= 1e-6 * (1 + Math.abs(fd)),
          `widths ${JSON.stringify(w)} J[${String(i)}, ${String(c)}]: ${String(J[i * n + c])} vs ${String(fd)}`,
        );
      }
    }
  }
});

test('with μ > 0 the Gram mismatch of an unbalanced start decays (and without it stays, as the invariant it is)', () => {
  const w = [4, 6, 5, 3];
  const E = whitenedRegression(3, 4, new Rng(5).normals(12));
  const factors = gaussianFactors(w, 0.6, new Rng(6));
  const mismatch = (y: Float64Array): number => Math.hypot(...invariants(factorLayout(w), y).map((D) => frobeniusNorm(D)));
  const run = (balance: number): { first: number; last: number; monotone: boolean } => {
    const tr = simulate({
      energy: E,
      model: { depth: 3, hidden: [6, 5], parametrization: 'factors', regularizer: { weightDecay: 0, balance } },
      start: { factors },
      solver: { method: 'dopri5', rtol: 1e-10, atol: 1e-12 },
      t1: 20,
      saveAt: { kind: 'uniform', n: 21 },
    });
    const m = tr.rows.map((row) => Math.hypot(...row.gramMismatch!));
    let monotone = true;
    for (let k = 1; k < m.length; k++) if (m[k]! > m[k - 1]! * (1 + 1e-9)) monotone = false;
    // the recorded column agrees with D_j computed from the start
    assert.ok(Math.abs(m[0]! - mismatch(packFactors(factorLayout(w), factors))) <= 1e-12 * m[0]!);
    return { first: m[0]!, last: m.at(-1)!, monotone };
  };
  const free = run(0);
  // without the penalty D_j is conserved by the flow: the drift is the integration error, ≲ 1e3·rtol relative
  assert.ok(Math.abs(free.last - free.first) <= 1e-7 * free.first, `unpenalised mismatch moved: ${String(free.first)} → ${String(free.last)}`);
  const pen = run(1);
  // measured: 10.6 → 0.040 by t = 20 (a factor 260); the bound leaves room for solver and machine differences
  assert.ok(pen.last < 1e-2 * pen.first, `penalised mismatch ${String(pen.first)} → ${String(pen.last)}`);
  // the data term leaves every D_j unchanged, so dR/dt = −⟨∇R, ∇E⟩ − ‖∇R‖² = −‖∇R‖² ≤ 0 (R a function of the D_j
  // alone): Σ‖D_j‖² never rises
  assert.ok(pen.monotone, 'the penalised mismatch rose at some saved time');
});
