/**
 * Hairer's error norm: RMS of `err_i / (atol_i + rtol_i·max(|y0_i|, |y1_i|))`.
 * @see E. Hairer, S. P. Nørsett, G. Wanner, Solving ODEs I, 2nd ed., §II.4, eq. (4.11).
 */

import { errorScale } from './errorScale.js';

/** Per-component tolerances, expanded once per solve. */
export interface Tolerances {
  readonly rtol: Float64Array;
  readonly atol: Float64Array;
}

/** An error norm: the size of the error estimate `err` of a step from `ya` to `yb`, 1 at the tolerance. */
export type ErrorNorm = (err: Float64Array, ya: Float64Array, yb: Float64Array, tol: Tolerances) => number;

/** RMS of `err_i / sc_i` with `sc_i = atol_i + rtol_i · max(|ya_i|, |yb_i|)` (errorScale.ts). */
export function errorNorm(err: Float64Array, ya: Float64Array, yb: Float64Array, tol: Tolerances): number {
  const n = err.length;
  const { rtol, atol } = tol;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const r = err[i]! / errorScale(atol[i]!, rtol[i]!, ya[i]!, yb[i]!);
    s += r * r;
  }
  return Math.sqrt(s / n);
}

/** Expands a scalar or per-component tolerance to a vector, checking it. */
export function expandTolerance(value: number | ArrayLike<number>, n: number, what: string, fail: (message: string) => never): Float64Array {
  const out = new Float64Array(n);
  if (typeof value === 'number') {
    out.fill(value);
  } else {
    if (value.length !== n) fail(`${what} has length ${String(value.length)}, expected ${String(n)}`);
    for (let i = 0; i < n; i++) out[i] = value[i]!;
  }
  for (let i = 0; i < n; i++) {
    const v = out[i]!;
    if (!(v >= 0) || !Number.isFinite(v)) fail(`${what} must be non-negative and finite`);
  }
  return out;
}
