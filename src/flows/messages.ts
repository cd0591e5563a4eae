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
  spectralNotSquare: (rows: number, cols: number): string =>
    `spectral coordinates W = U diag(e^ℓ) Vᵀ need a square W, but the energy is on ${String(rows)}×${String(cols)} matrices: ` +
    'integrate a rectangular problem with downstairsFlow (end-to-end) or upstairsFlow (factors)',
  spectralStartShape: (n: number, got: number): string =>
    `the start W0 must be ${String(n)}×${String(n)} (${String(n * n)} entries, row-major), got ${String(got)} entries`,
  spectralStartNonFinite: (index: number): string => `the start W0 has a non-finite entry at index ${String(index)}`,
  spectralSingularStart: (n: number, sigmaMax: number): string =>
    `spectral coordinates store log σ, so they need a nonsingular start, but W0 has a zero singular value ` +
    `(σ_${String(n)} = 0 to rounding, σ_1 = ${sigmaMax.toPrecision(6)}): start from a nonsingular W0, or integrate ` +
    'this start with downstairsFlow (its rank option keeps a rank-deficient start on its rank)',
  spectralEqualSingularValues: (i: number, hi: number, lo: number, gap: number, minGap: number): string =>
    `the start's singular values σ_${String(i + 1)} = ${hi.toPrecision(17)} and σ_${String(i + 2)} = ${lo.toPrecision(17)} ` +
    `are (nearly) equal: relative gap ln(σ_${String(i + 1)}/σ_${String(i + 2)}) = ${gap.toExponential(3)} is below ${minGap.toExponential(0)}. ` +
    'Spectral coordinates are singular where two singular values meet (the rotation rates of U and V grow like 1/gap; ' +
    'the flow itself is regular there): run the first stretch in end-to-end coordinates (downstairsFlow) until the ' +
    'singular values separate (relative gap ≥ 1e-2, say), then start spectralFlow from that W',
};
