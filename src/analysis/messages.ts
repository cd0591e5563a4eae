/** Every text the analysis layer shows a user, as functions, so tests compare with these and not with copies. */

export const analysisMessages = {
  squareFactors: (): string => 'factorDeterminant needs square factors (every width equal)',
  marginShape: (n: number, len: number): string =>
    `deficiencyMargin needs square ${String(n)} × ${String(n)} matrices (${String(n * n)} entries), got ${String(len)} entries`,
  rateDepth: (N: number): string => `convergenceRate: depth must be an integer ≥ 1 or Infinity, got ${String(N)}`,
  rateInfiniteUpstairs: (): string => 'convergenceRate: depth ∞ has no upstairs time; use normalized time τ',
  seriesLengths: (a: number, b: number): string => `series of different lengths: ${String(a)} and ${String(b)}`,
  /** Why a landscape entropy is not finite (landscapeEntropy.ts). */
  orbitLimitRankDeficient: (): string =>
    'W is rank-deficient: at N = ∞ the orbit entropy minus ¼d(d−1) log N tends to −∞ (a logarithmic mean λ^∞ with σ = 0 is 0)',
  elementRankDeficient: (): string => 'W is rank-deficient: the volume element diverges as a singular value tends to 0',
  elementEqualSigma: (): string => 'W has equal singular values: the volume element vanishes there (its log is −∞)',
  entropyNotFinite: (value: number): string => `the entropy is ${String(value)}`,
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
