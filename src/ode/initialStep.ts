/**
 * Hairer's initial step size selection (HINIT of DOPRI5/DOP853).
 * @see E. Hairer, S. P. Nørsett, G. Wanner, Solving ODEs I, 2nd ed., §II.4, "Starting step size".
 */
import { errorScale } from './errorScale.js';
import type { Tolerances } from './norm.js';

/**
 * Returns a starting step `|h|` for a method whose error estimate has order `order`
 * (the step's local error behaves like `h^(order+1)`), costing one evaluation of `f`.
 * @param f evaluates the right-hand side into its third argument (counted by the caller)
 * @param f0 `f(t0, y0)`, already evaluated
 * @param work two scratch vectors of length `dim`
 */
export function initialStep(
  f: (t: number, y: Float64Array, out: Float64Array) => void,
  t0: number,
  y0: Float64Array,
  f0: Float64Array,
  direction: number,
  order: number,
  hmax: number,
  tol: Tolerances,
  work: [Float64Array, Float64Array],
): number {
  const n = y0.length;
  const { rtol, atol } = tol;
  let dnf = 0;
  let dny = 0;
  for (let i = 0; i < n; i++) {
    const sk = errorScale(atol[i]!, rtol[i]!, y0[i]!, y0[i]!);
    dnf += (f0[i]! / sk) ** 2;
    dny += (y0[i]! / sk) ** 2;
  }
  let h = dnf <= 1e-10 || dny <= 1e-10 ? 1e-6 : Math.sqrt(dny / dnf) * 0.01;
  h = Math.min(h, hmax);
  const [y1, f1] = work;
  for (let i = 0; i < n; i++) y1[i] = y0[i]! + direction * h * f0[i]!;
  f(t0 + direction * h, y1, f1);
  let der2 = 0;
  for (let i = 0; i < n; i++) {
    const sk = errorScale(atol[i]!, rtol[i]!, y0[i]!, y0[i]!);
    der2 += ((f1[i]! - f0[i]!) / sk) ** 2;
  }
  der2 = Math.sqrt(der2) / h;
  const der12 = Math.max(Math.abs(der2), Math.sqrt(dnf));
  const h1 = der12 <= 1e-15 ? Math.max(1e-6, h * 1e-3) : (0.01 / der12) ** (1 / order);
  h = Math.min(100 * h, h1, hmax);
  return Number.isFinite(h) && h > 0 ? h : 1e-6;
}
