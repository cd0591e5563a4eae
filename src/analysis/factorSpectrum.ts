/**
 * `det W` and the small singular values of `W = W_N ⋯ W_1` computed from the factors, not from the
 * rounded product (docs/theory.md §5). `W` is stored to absolute accuracy `ε‖W‖`, so its determinant and
 * its singular values below `~ε‖W‖` are noise when computed from `W` (Razin–Cohen at depth 2: `det W`
 * read −1.8e-16 and `σ_2` 0 while every factor still had a clean positive determinant). The factors
 * each carry their own, much larger, smallest singular value to relative accuracy `ε·κ(W_j)`:
 *
 * - `det W = Π_j det W_j`, each by LU with partial pivoting: relative error `≲ Σ_j c·ε·κ(W_j)`
 *   (not `ε·κ(W)`), kept as a sign and `log|det W| = Σ_j Σ_i log|u_ii|` so it neither under- nor
 *   overflows.
 * - `σ_k(W) = 1/σ_{d+1−k}(W^{-1})` with `W^{-1} = W_1^{-1} ⋯ W_N^{-1}` formed by LU solves with the
 *   factors: the small singular values of `W` are the large ones of the inverse, which the Jacobi SVD
 *   gets to relative accuracy. Relative error `≲ Σ_j c·ε·κ(W_j) · Π_j‖W_j^{-1}‖ / ‖W^{-1}‖`; the last
 *   ratio is 1 when the factors' small directions line up, as they do for balanced factors.
 *   Each `σ_k` is taken from the inverse when that route's error bound is the smaller: when it lies
 *   below `√(σ_1 σ_d)` (the inverse's absolute error is `~ε σ_k²/σ_d`, `W`'s `~ε σ_1`) and
 *   `σ_1/σ_k > Σ_j κ(W_j)` (`W`'s relative error `ε σ_1/σ_k` exceeds the factors' `ε Σ_j κ(W_j)`).
 *   So ill-conditioned factors of a well-conditioned product (e.g. `W_2 = W_1^{-1}`) keep `W`'s values.
 *
 * Only square factors (every width equal) have determinants; with other hidden widths, or a factor
 * that is exactly singular, everything falls back to `W` (`fromFactors: false`).
 * @see N. J. Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., §9 (LU), §14.1 (inverses).
 */
import type { FactorLayout } from '../flows/layout.js';
import { luFactor, luSolve } from '../linalg/lu.js';
import { singularValues } from '../linalg/svd.js';
import { analysisMessages } from './messages.js';

/** `det W` of a product of square factors, as a sign and a logarithm. */
export interface FactorDeterminant {
  /** `Π_j det W_j` (under- or overflows only where `exp(logAbsDet)` would). */
  readonly det: number;
  /** `log|det W|`, −∞ when a factor is singular. */
  readonly logAbsDet: number;
  readonly sign: -1 | 0 | 1;
}

/** True when every width is the same, so that every factor is square. */
export function squareFactors(layout: FactorLayout): boolean {
  return layout.widths.every((w) => w === layout.widths[0]);
}

/** LU factors of the square factors of a state, and their determinant. */
interface FactorLus {
  readonly lus: Float64Array[];
  readonly pivs: Int32Array[];
  readonly determinant: FactorDeterminant;
}

function factorLus(layout: FactorLayout, y: Float64Array): FactorLus {
  const d = layout.widths[0]!;
  const lus: Float64Array[] = [];
  const pivs: Int32Array[] = [];
  let sign = 1;
  let singular = false;
  let logAbsDet = 0;
  let product = 1;
  for (let j = 0; j < layout.depth; j++) {
    const o = layout.offsets[j]!;
    const lu = y.slice(o, o + d * d);
    const piv = new Int32Array(d);
    if (!luFactor(lu, d, piv)) singular = true;
    for (let i = 0; i < d; i++) {
      const u = lu[i * d + i]!;
      if (u < 0) sign = -sign;
      if (piv[i] !== i) sign = -sign;
      logAbsDet += Math.log(Math.abs(u));
      product *= Math.abs(u);
    }
    lus.push(lu);
    pivs.push(piv);
  }
  if (singular || !Number.isFinite(logAbsDet)) return { lus, pivs, determinant: { det: 0, logAbsDet: -Infinity, sign: 0 } };
  // the direct product keeps ~2Nd ulps; exp(log) would lose |log|·ulp, so it is only the under/overflow fallback
  const abs = product > 0 && Number.isFinite(product) ? product : Math.exp(logAbsDet);
  return { lus, pivs, determinant: { det: sign * abs, logAbsDet, sign: sign > 0 ? 1 : -1 } };
}

/** `det W = Π_j det W_j` of a state with square factors (throws otherwise). */
export function factorDeterminant(layout: FactorLayout, y: Float64Array): FactorDeterminant {
  if (!squareFactors(layout)) throw new RangeError(analysisMessages.squareFactors());
  return factorLus(layout, y).determinant;
}

/**
 * The singular values of `W` (descending), with those below `√(σ_1 σ_d)` computed from the
 * inverse through the factors' LUs. `sigmaW` are `W`'s own singular values (the large ones are kept).
 */
function refineSmall(lu: FactorLus, factors: readonly Float64Array[], d: number, N: number, sigmaW: Float64Array): Float64Array {
  // M = W^{-1} = W_1^{-1}(W_2^{-1}(⋯ W_N^{-1})): apply the solves from W_N down to W_1, column by column
  const M = new Float64Array(d * d);
  const col = new Float64Array(d);
  for (let c = 0; c < d; c++) {
    col.fill(0);
    col[c] = 1;
    for (let j = N - 1; j >= 0; j--) luSolve(lu.lus[j]!, d, lu.pivs[j]!, col);
    for (let r = 0; r < d; r++) M[r * d + c] = col[r]!;
  }
  const mu = singularValues(M, d, d);
  const out = Float64Array.from(sigmaW);
  const inv = (k: number): number => 1 / mu[d - 1 - k]!;
  const smallest = inv(d - 1);
  if (!(smallest > 0) || !Number.isFinite(smallest)) return out;
  const crossover = Math.sqrt(sigmaW[0]! * smallest);
  // Σ_j κ(W_j): the factors' relative error bound, in units of ε
  let kappa = 0;
  for (let j = 0; j < N; j++) {
    const sj = singularValues(factors[j]!, d, d);
    kappa += sj[d - 1]! > 0 ? sj[0]! / sj[d - 1]! : Infinity;
  }
  for (let k = 0; k < d; k++) {
    const s = inv(k);
    if (Number.isFinite(s) && s > 0 && s < crossover && !(sigmaW[0]! <= kappa * sigmaW[k]!)) out[k] = s;
  }
  return out;
}

/** Singular values and determinant of `W = W_N ⋯ W_1` with the accuracy the factors carry. */
export interface FactorSpectrum {
  /** Singular values of `W`, descending. */
  readonly sigma: Float64Array;
  /** `det W` (square end-to-end matrices only). */
  readonly det: number | undefined;
  /** `log|det W|` (square end-to-end matrices only). */
  readonly logAbsDet: number | undefined;
  /** True when `det` and the small singular values came from the factors, false when from `W`. */
  readonly fromFactors: boolean;
}

/**
 * The spectrum of the `m × n` product `W` of the factors in `y`, given what `W`'s own SVD and LU
 * gave (`fromW`): refined from the factors when they are square and nonsingular, else `fromW` as is.
 */
export function factorSpectrum(
  layout: FactorLayout,
  y: Float64Array,
  m: number,
  n: number,
  fromW: { sigma: Float64Array; det: number | undefined; logAbsDet: number | undefined },
): FactorSpectrum {
  if (m !== n || !squareFactors(layout)) return { ...fromW, fromFactors: false };
  const lu = factorLus(layout, y);
  if (lu.determinant.sign === 0) return { ...fromW, fromFactors: false };
  const factors = Array.from({ length: layout.depth }, (_, j) => y.slice(layout.offsets[j], layout.offsets[j]! + n * n));
  return { sigma: refineSmall(lu, factors, n, layout.depth, fromW.sigma), det: lu.determinant.det, logAbsDet: lu.determinant.logAbsDet, fromFactors: true };
}
