/**
 * Explicit Runge–Kutta tableaus as frozen data that check themselves when their module loads.
 * @see E. Hairer, S. P. Nørsett, G. Wanner, Solving ODEs I, 2nd ed., §II.1 (order conditions).
 */
import { messages } from './messages.js';

/** An embedded explicit pair with a first-same-as-last stage `K[s] = f(t + h, y_new)`. */
export interface ExplicitTableau {
  readonly name: string;
  /** Order of the propagated solution. */
  readonly order: number;
  /** Order of the embedded error estimate (the step's error behaves like `h^(errorOrder+1)`). */
  readonly errorOrder: number;
  /** Number of stages `s` before the FSAL stage. */
  readonly stages: number;
  /** Nodes `c_0..c_{s-1}`. */
  readonly c: readonly number[];
  /** Lower-triangular rows `a_i = [a_i0 .. a_i,i-1]`, `i = 0..s-1` (row 0 empty). */
  readonly a: readonly (readonly number[])[];
  /** Weights `b_0..b_{s-1}` of the propagated solution. */
  readonly b: readonly number[];
}

/** Checks row sums, weights and the first order conditions; throws on an inconsistent tableau. */
export function checkTableau(tab: ExplicitTableau, errorWeights: readonly (readonly number[])[]): void {
  const tol = 1e-13;
  const fail = (detail: string): never => {
    throw new Error(messages.badTableau(tab.name, detail));
  };
  if (tab.c.length !== tab.stages || tab.a.length !== tab.stages || tab.b.length !== tab.stages) fail('lengths differ');
  for (let i = 0; i < tab.stages; i++) {
    const row = tab.a[i]!;
    if (row.length > i) fail(`row ${String(i)} is not strictly lower-triangular`);
    const sum = row.reduce((p, q) => p + q, 0);
    if (Math.abs(sum - tab.c[i]!) > tol) fail(`row ${String(i)} sums to ${String(sum)}, c = ${String(tab.c[i])}`);
  }
  const sb = tab.b.reduce((p, q) => p + q, 0);
  if (Math.abs(sb - 1) > tol) fail(`Σb = ${String(sb)}`);
  // quadrature order conditions Σ b_i c_i^k = 1/(k+1), k < order
  for (let k = 1; k < tab.order; k++) {
    const q = tab.b.reduce((p, bi, i) => p + bi * tab.c[i]! ** k, 0);
    if (Math.abs(q - 1 / (k + 1)) > tol) fail(`Σ b c^${String(k)} = ${String(q)}, expected 1/${String(k + 1)}`);
  }
  for (const e of errorWeights) {
    const se = e.reduce((p, q) => p + q, 0);
    if (Math.abs(se) > tol) fail(`an error estimator's weights sum to ${String(se)}, not 0`);
  }
}
