/** Matrix norms and related scalars. Spectral and nuclear norms take singular values (see `svd.ts`). */

/** `‖A‖_F`, scaled to avoid overflow and underflow. */
export function frobeniusNorm(A: ArrayLike<number>, len = A.length): number {
  let scale = 0;
  for (let i = 0; i < len; i++) scale = Math.max(scale, Math.abs(A[i]!));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let s = 0;
  for (let i = 0; i < len; i++) {
    const v = A[i]! / scale;
    s += v * v;
  }
  return scale * Math.sqrt(s);
}

/** `‖A − B‖_F`. */
export function frobeniusDistance(A: ArrayLike<number>, B: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < A.length; i++) scale = Math.max(scale, Math.abs(A[i]! - B[i]!));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let s = 0;
  for (let i = 0; i < A.length; i++) {
    const v = (A[i]! - B[i]!) / scale;
    s += v * v;
  }
  return scale * Math.sqrt(s);
}

/** Nuclear norm `Σ σ_i`. */
export function nuclearNorm(sigma: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < sigma.length; i++) s += sigma[i]!;
  return s;
}

/** Spectral norm `σ_max` (singular values sorted descending). */
export function spectralNorm(sigma: ArrayLike<number>): number {
  return sigma.length > 0 ? sigma[0]! : 0;
}

/** Number of singular values above `threshold · σ_max` (relative) — the numerical rank. */
export function numericalRank(sigma: ArrayLike<number>, threshold: number): number {
  const smax = spectralNorm(sigma);
  let r = 0;
  for (let i = 0; i < sigma.length; i++) if (sigma[i]! > threshold * smax) r++;
  return r;
}
