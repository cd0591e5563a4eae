/**
 * Starting points of the flows (docs/theory.md §2): i.i.d. Gaussian factors, scaled random orthogonal
 * factors, explicit factors, balanced factors of a given end-to-end matrix, balanced factors of a
 * random end-to-end matrix of a given scale, and starts aligned with a target's singular vectors.
 * Every function returns the factors `W_1 … W_N` (row-major, `W_j` is `d_j × d_{j−1}`).
 */
import { determinant } from '../linalg/lu.js';
import { lowRankProduct } from '../linalg/products.js';
import { singularValues, svd } from '../linalg/svd.js';
import { endToEndOf, factorLayout, packFactors, type FactorLayout } from '../flows/layout.js';
import { randomOrthonormal, standardColumns } from './orthonormal.js';
import type { Rng } from './rng.js';
import { initMessages } from './messages.js';
import { lowRankSvd } from './lowRankSvd.js';

/** Matrices with more than this many rows and columns try the low-rank SVD first. */
const LOW_RANK_FROM = 128;

/**
 * The SVD's leading singular triplets, as many as the numerical rank at least: the thin SVD of a
 * range finder when a large matrix has low rank (`lowRankSvd`), else the full SVD. Column `c` of `U`
 * is `U[i·ldu + c]`, of `V` is `V[j·ldv + c]`.
 */
function leadingSvd(A: Float64Array, m: number, n: number): { U: Float64Array; sigma: Float64Array; V: Float64Array; ldu: number; ldv: number } {
  const thin = Math.min(m, n) > LOW_RANK_FROM ? lowRankSvd(A, m, n) : undefined;
  if (thin) return { U: thin.U, sigma: thin.sigma, V: thin.V, ldu: thin.l, ldv: thin.l };
  return { ...svd(A, m, n), ldu: m, ldv: n };
}

/** Factors with i.i.d. `N(0, scale²)` entries; a list gives each factor `W_j` its own `scale[j − 1]`. */
export function gaussianFactors(widths: readonly number[], scale: number | readonly number[], rng: Rng): Float64Array[] {
  const L = factorLayout(widths);
  if (typeof scale !== 'number' && scale.length !== L.depth) throw new RangeError(initMessages.scaleCount(scale.length, L.depth));
  const out: Float64Array[] = [];
  for (let j = 1; j <= L.depth; j++) out.push(rng.normals(L.widths[j]! * L.widths[j - 1]!, typeof scale === 'number' ? scale : scale[j - 1]!));
  return out;
}

/**
 * The per-layer scale `σ` that gives i.i.d. `N(0, σ²)` factors the end-to-end size of a shallow
 * `N(0, s²)` start: `E‖W_N ⋯ W_1‖_F² = d_N d_0 ∏_{j=1}^{N−1} d_j · σ^{2N}` equals `d_N d_0 s²` when
 * `σ = (s² / ∏_{j=1}^{N−1} d_j)^{1/(2N)}` (docs/theory.md §7).
 */
export function endToEndGaussianScale(widths: readonly number[], s: number): number {
  const N = widths.length - 1;
  let logHidden = 0;
  for (let j = 1; j < N; j++) logHidden += Math.log(widths[j]!);
  return Math.exp((2 * Math.log(s) - logHidden) / (2 * N));
}

/** Factors `scale · Q_j` with `Q_j` Haar-random with orthonormal rows or columns. */
export function orthogonalFactors(widths: readonly number[], scale: number, rng: Rng): Float64Array[] {
  const L = factorLayout(widths);
  const out: Float64Array[] = [];
  for (let j = 1; j <= L.depth; j++) {
    const Q = randomOrthonormal(L.widths[j]!, L.widths[j - 1]!, rng);
    for (let i = 0; i < Q.length; i++) Q[i] = scale * Q[i]!;
    out.push(Q);
  }
  return out;
}

/** Explicit factors, shape-checked. */
export function explicitFactors(widths: readonly number[], factors: readonly ArrayLike<number>[]): Float64Array[] {
  const L = factorLayout(widths);
  packFactors(L, factors); // throws on a bad shape
  return factors.map((F) => Float64Array.from(F));
}

/** Options of `balancedFactors`. */
export interface BalancedOptions {
  /** Random `Q_j` (default) or the first `k` standard basis vectors (`fixed`). */
  readonly rng?: Rng | 'fixed';
  /** Singular values below `rankTol · σ_max` count as zero (default `max(d_N, d_0) · ε`). */
  readonly rankTol?: number;
}

/**
 * Balanced factors of the end-to-end matrix `W0` (`d_N × d_0`, docs/theory.md §2):
 * `W_1 = Q_1 Σ^{1/N} Vᵀ`, `W_j = Q_j Σ^{1/N} Q_{j−1}ᵀ`, `W_N = U Σ^{1/N} Q_{N−1}ᵀ` with the thin SVD
 * `W0 = U Σ Vᵀ` of rank `k` and `Q_j ∈ R^{d_j × k}` with orthonormal columns. Then `W_N ⋯ W_1 = W0`
 * and every `D_j = 0`. Throws when `k` exceeds a hidden width.
 */
export function balancedFactors(widths: readonly number[], W0: ArrayLike<number>, options: BalancedOptions = {}): Float64Array[] {
  const L = factorLayout(widths);
  const N = L.depth;
  const d = L.widths;
  const m = d[N]!;
  const n = d[0]!;
  if (W0.length !== m * n) throw new RangeError(initMessages.endToEndShape(m, n, W0.length));
  const A = Float64Array.from(W0);
  if (N === 1) return [A];
  const { U, sigma, V, ldu, ldv } = leadingSvd(A, m, n);
  const tol = (options.rankTol ?? Math.max(m, n) * Number.EPSILON) * (sigma[0] ?? 0);
  let k = 0;
  while (k < sigma.length && sigma[k]! > tol) k++;
  const minHidden = Math.min(...d.slice(1, N));
  if (k > minHidden) throw new RangeError(initMessages.rankAboveWidth(k, minHidden));
  // Σ^{1/N} restricted to rank k
  const root = Array.from(sigma.subarray(0, k), (s) => s ** (1 / N));
  // Q_0 = V_k and Q_N = U_k are the first k columns of V and U (row strides n and m)
  const Q: { data: Float64Array; stride: number }[] = [{ data: V, stride: ldv }];
  for (let j = 1; j < N; j++) {
    const rng = options.rng ?? 'fixed';
    Q.push({ data: rng === 'fixed' ? standardColumns(d[j]!, k) : randomOrthonormal(d[j]!, k, rng), stride: k });
  }
  Q.push({ data: U, stride: ldu });
  const out: Float64Array[] = [];
  for (let j = 1; j <= N; j++) {
    // W_j = Q_j diag(root) Q_{j−1}ᵀ  (d_j × d_{j−1})
    const W = new Float64Array(d[j]! * d[j - 1]!);
    lowRankProduct(Q[j]!.data, Q[j]!.stride, Q[j - 1]!.data, Q[j - 1]!.stride, root, W, d[j]!, d[j - 1]!, k);
    out.push(W);
  }
  return out;
}

/** Balanced factors of a random end-to-end matrix with i.i.d. `N(0, scale²)` entries. */
export function balancedRandomFactors(widths: readonly number[], scale: number, rng: Rng): Float64Array[] {
  const L = checkBalancedRandomWidths(widths);
  const W0 = rng.normals(L.widths[L.depth]! * L.widths[0]!, scale);
  return balancedFactors(widths, W0, { rng });
}

/**
 * What `balancedRandomFactors` can refuse, checked without drawing: a Gaussian W(0) has rank
 * min(d_0, d_N) with probability 1, which no hidden layer may be narrower than. Returns the layout.
 */
/**
 * What `balancedFactors(widths, W0)` refuses, without building the factors: a `W0` of the wrong shape,
 * or of rank (at the same tolerance) above the narrowest hidden width. The loader's checks call it
 * instead of `balancedFactors`, whose SVD and fractional powers cost O(N) products per cell.
 */
export function checkBalancedShapes(widths: readonly number[], W0: ArrayLike<number>, options: Pick<BalancedOptions, 'rankTol'> = {}): FactorLayout {
  const L = factorLayout(widths);
  const N = L.depth;
  const m = L.widths[N]!;
  const n = L.widths[0]!;
  if (W0.length !== m * n) throw new RangeError(initMessages.endToEndShape(m, n, W0.length));
  if (N === 1) return L;
  const sigma = singularValues(Float64Array.from(W0), m, n);
  const tol = (options.rankTol ?? Math.max(m, n) * Number.EPSILON) * (sigma[0] ?? 0);
  let k = 0;
  while (k < sigma.length && sigma[k]! > tol) k++;
  const minHidden = Math.min(...L.widths.slice(1, N));
  if (k > minHidden) throw new RangeError(initMessages.rankAboveWidth(k, minHidden));
  return L;
}

export function checkBalancedRandomWidths(widths: readonly number[]): FactorLayout {
  const L = factorLayout(widths);
  const k = Math.min(L.widths[0]!, L.widths[L.depth]!);
  const minHidden = Math.min(Infinity, ...L.widths.slice(1, -1));
  if (k > minHidden) throw new RangeError(initMessages.rankAboveWidth(k, minHidden));
  return L;
}

/**
 * The end-to-end matrix `Σ_k s0_k u_k v_kᵀ` aligned with the top `r` singular pairs of `Phi`
 * (`rows × cols`); `s0` is one value for every mode or one per mode; `r` defaults to `s0.length`
 * when a list is given, else to the numerical rank of `Phi`.
 */
export function alignedEndToEnd(Phi: ArrayLike<number>, rows: number, cols: number, s0: number | readonly number[], r?: number): Float64Array {
  const A = Float64Array.from(Phi);
  // every mode of a large low-rank target: the thin SVD from a range finder holds them all (a full
  // Jacobi SVD takes ~1 min at 1000 × 1000); a given number of modes may need the null space's vectors
  const everyMode = r === undefined && typeof s0 === 'number';
  const { U, sigma, V, ldu, ldv } = everyMode ? leadingSvd(A, rows, cols) : { ...svd(A, rows, cols), ldu: rows, ldv: cols };
  const rank = Array.from(sigma).filter((s) => s > Math.max(rows, cols) * Number.EPSILON * (sigma[0] ?? 0)).length;
  const modes = r ?? (typeof s0 === 'number' ? rank : s0.length);
  const W = new Float64Array(rows * cols);
  const sizes = Array.from({ length: modes }, (_, c) => (typeof s0 === 'number' ? s0 : s0[c]!));
  lowRankProduct(U, ldu, V, ldv, sizes, W, rows, cols, modes);
  return W;
}

/**
 * For square problems: makes `sign(det(W_N ⋯ W_1)) = sign` by negating the first row of `W_N` when
 * needed (this keeps `W_Nᵀ W_N`, hence balancedness). Returns the factors (modified in place).
 */
export function fixDeterminantSign(widths: readonly number[], factors: Float64Array[], sign: 1 | -1): Float64Array[] {
  const L: FactorLayout = factorLayout(widths);
  const n = L.widths[0]!;
  if (L.widths[L.depth] !== n) throw new RangeError(initMessages.detSignSquare());
  const det = determinant(endToEndOf(L, packFactors(L, factors)), n);
  if (det === 0) throw new RangeError(initMessages.detSignSingular());
  if (Math.sign(det) !== sign) {
    const WN = factors[L.depth - 1]!;
    const cols = L.widths[L.depth - 1]!;
    for (let c = 0; c < cols; c++) WN[c] = -WN[c]!;
  }
  return factors;
}

/** The end-to-end matrix of a list of factors. */
export function productOf(widths: readonly number[], factors: readonly ArrayLike<number>[]): Float64Array {
  const L = factorLayout(widths);
  return endToEndOf(L, packFactors(L, factors));
}
