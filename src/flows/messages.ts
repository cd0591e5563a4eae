/** Every text the flows layer shows a user, as functions, so tests compare with these and not with copies. */

export const flowsMessages = {
  depth: (N: number): string => `depth must be a positive integer or Infinity, got ${String(N)}`,
  modeLaw: (sigma: number, s0: number): string => `the mode law needs σ > 0 and s0 > 0, got σ = ${String(sigma)}, s0 = ${String(s0)}`,
  noUpstairsTime: (): string => 'depth ∞ has no upstairs time',
  noUpstairsTimeUseNormalized: (): string => 'depth ∞ has no upstairs time: use time "normalized" (τ = N t)',
  riseTime: (): string => 'the rise-time approximation is stated for 2 ≤ N < ∞',
  widthsVsEnergy: (d0: number, dN: number, rows: number, cols: number): string =>
    `widths run from d_0 = ${String(d0)} to d_N = ${String(dN)}, but the energy is on ${String(rows)}×${String(cols)} matrices`,
  rank: (k: number, rank: number): string => `rank must be an integer in 0..${String(k)}, got ${String(rank)}`,
  widthsCount: (got: number): string => `widths must list d_0 … d_N (at least 2 numbers), got ${String(got)}`,
  width: (i: number, d: number): string => `widths[${String(i)}] must be a positive integer, got ${String(d)}`,
  factorCount: (depth: number, got: number): string => `expected ${String(depth)} factors, got ${String(got)}`,
  factorShape: (j: number, rows: number, cols: number, got: number): string =>
    `factor W_${String(j)} must be ${String(rows)}×${String(cols)} (${String(rows * cols)} entries), got ${String(got)}`,
};
