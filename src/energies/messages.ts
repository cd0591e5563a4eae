/** Every text the energies and their problem builders show a user, as functions, so tests compare with these and not with copies. */

export const energiesMessages = {
  shape: (what: string, rows: number, cols: number, got: number): string =>
    `${what}: expected ${String(rows)}×${String(cols)} = ${String(rows * cols)} entries, got ${String(got)}`,
  expressionShape: (rows: number, cols: number): string => `expression energies name entries w<i><j>: shapes up to 9×9, got ${String(rows)}×${String(cols)}`,
  observedOutside: (k: number, i: number, j: number, rows: number, cols: number): string =>
    `matrixCompletion: observed entry ${String(k)} at (${String(i)}, ${String(j)}) lies outside ${String(rows)}×${String(cols)}`,
  lpExponent: (p: number): string => `lpRegression: p must be a finite number ≥ 2, got ${String(p)}`,
  /** A low-rank target with more singular values than its shape holds. */
  tooManySigma: (k: number, rows: number, cols: number): string => `${String(k)} singular values do not fit a ${String(rows)}×${String(cols)} matrix`,
  /** Data inputs of a rank above their dimension. */
  inputRank: (rank: number, d0: number): string => `${String(rank)} exceeds the input dimension d_0 = ${String(d0)}`,
  /** An observed fraction outside (0, 1]. */
  fraction: (f: number): string => `completionProblem: the observed fraction must lie in (0, 1], got ${String(f)}`,
};
