/** Every text the analysis layer shows a user, as functions, so tests compare with these and not with copies. */

export const analysisMessages = {
  squareFactors: (): string => 'factorDeterminant needs square factors (every width equal)',
  seriesLengths: (a: number, b: number): string => `series of different lengths: ${String(a)} and ${String(b)}`,
  /** A sensing matrix whose length is not a multiple of rows·cols. */
  measurementShape: (len: number, rows: number, cols: number): string =>
    `measurement matrices: ${String(len)} entries are not a positive whole number of ${String(rows)}×${String(cols)} matrices`,
  /** An observed entry outside the matrix. */
  entryOutside: (k: number, p: number, rows: number, cols: number): string =>
    `observed entry ${String(k)}: flat index ${String(p)} lies outside ${String(rows)}×${String(cols)}`,
  /** The same entry observed twice: the nuclear-norm baseline needs distinct entries. */
  repeatedEntry: (k: number, i: number, j: number): string =>
    `observed entry ${String(k)} repeats entry (${String(i + 1)}, ${String(j + 1)}): the convex baselines need distinct observed entries`,
  /** Readings of the wrong length. */
  readingsLength: (got: number, K: number): string => `readings y: expected ${String(K)} values (one per measurement), got ${String(got)}`,
};
