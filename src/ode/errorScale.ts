/**
 * The error scale of every error-controlled method, in one place: a component's error is measured
 * in units of `sc_i = atol_i + rtol_i · max(|ya_i|, |yb_i|)`, `ya` the state at the start of the
 * step and `yb` at its end (one state: `ya = yb`, since `max(|y|, |y|) = |y|` exactly). Two forms of
 * the same formula: the function, for loops written by hand, and its source text, which the
 * generated Runge–Kutta kernels (linearCombination.ts) splice in so that V8 sees no call there.
 * The test for this module checks that the two evaluate to the same bits.
 * @see E. Hairer, S. P. Nørsett, G. Wanner, Solving ODEs I, 2nd ed., §II.4, eq. (4.10).
 * @see SciPy `integrate/_ivp/rk.py`: `scale = atol + np.maximum(np.abs(y), np.abs(y_new)) * rtol`.
 */

/** `atol + rtol · max(|ya|, |yb|)` for one component. */
export function errorScale(atol: number, rtol: number, ya: number, yb: number): number {
  return atol + rtol * Math.max(Math.abs(ya), Math.abs(yb));
}

/**
 * The same expression as JavaScript source, over the given operand expressions (identifiers or
 * element reads such as `atol[i]`), for generated code. The operation order is the function's, so
 * the results are the same bit for bit.
 */
export function errorScaleSource(atol: string, rtol: string, ya: string, yb: string): string {
  return `${atol} + ${rtol} * Math.max(Math.abs(${ya}), Math.abs(${yb}))`;
}
