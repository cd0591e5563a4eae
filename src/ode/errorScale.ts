/**
 * The error scale of every adaptive method, defined once: `sc_i = atol_i + rtol_i·max(|a_i|, |b_i|)`,
 * with `a`, `b` the solution before and after the step (Hairer, Nørsett, Wanner, Solving ODEs I,
 * §II.4, eq. (4.11)). The step's error is measured in units of it.
 */

/** `atol + rtol·max(|a|, |b|)` for one component. */
export function errorScale(atol: number, rtol: number, a: number, b: number): number {
  return atol + rtol * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * The same as JavaScript source, for the stage kernels `linearCombination.ts` generates: the
 * component `i` of the arrays `atol` and `rtol`, with the source expressions `a` and `b`.
 */
export const errorScaleSource = (a: string, b: string): string => `atol[i] + rtol[i] * Math.max(Math.abs(${a}), Math.abs(${b}))`;
