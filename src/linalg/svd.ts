/**
 * Full singular value decomposition `A = U Σ Vᵀ` of a rectangular row-major matrix by one-sided
 * (Hestenes) Jacobi rotations, into buffers allocated once per shape.
 *
 * Why hand-written: the downstairs flows need an SVD in every right-hand side, of matrices that
 * change little between calls. One-sided Jacobi (i) computes small singular values to high
 * *relative* accuracy (modes of size 1e-3 next to modes of size 5 keep their digits), (ii) can be
 * warm-started from the previous call's right singular vectors, after which it converges in one or
 * two sweeps, and (iii) returns the full square `U` and `V` that docs/theory.md §3 asks for.
 * Singular values below `max(m, n)·ε·‖A‖_F` are rounding noise and reported as exactly 0 (their
 * singular vectors complete the basis); above that level the relative accuracy is kept. ml-matrix's
 * SVD is thin (`U` is `m × min(m, n)`), allocates per call and has no warm start; it is the test
 * oracle and the benchmark peer.
 *
 * From `SVD_MIN_DIM` on, when a native LAPACK loaded, `SvdWorkspace` calls `dgesdd` instead (see
 * `lapack.ts`): at 50×50 it is ~10× faster than Jacobi. Its small singular values are accurate to
 * `ε·σ_1` (absolute), not relatively; the same negligible level as above sets them to exactly 0.
 * @see J. Demmel, K. Veselić, Jacobi's method is more accurate than QR, SIAM J. Matrix Anal. Appl. 13 (1992).
 * @see G. H. Golub, C. F. Van Loan, Matrix Computations, 4th ed., §8.6.3 (one-sided Jacobi).
 */

import { nativeLibrary } from './backend.js';
import { SVD_MIN_DIM } from './crossover.js';
import { LapackSvd } from './lapack.js';

const MAX_SWEEPS = 80;
/** A pair of columns counts as orthogonal when |⟨a_p, a_q⟩| ≤ ORTH_TOL ‖a_p‖ ‖a_q‖. */
const ORTH_TOL = 4 * Number.EPSILON;
/** Warm starts re-orthonormalise the kept right factor this often, bounding the rounding drift. */
const REORTHO_EVERY = 64;

/** The result buffers of an `m × n` SVD: `U` (`m × m`), `sigma` (`min(m, n)`, descending), `V` (`n × n`). */
export interface SvdResult {
  readonly m: number;
  readonly n: number;
  readonly U: Float64Array;
  readonly sigma: Float64Array;
  readonly V: Float64Array;
  /** Jacobi sweeps taken by the last call (a cost measure). */
  sweeps: number;
}

/**
 * Orthonormalises the rows `from..rows−1` of the row-major `rows × len` matrix `Q` against all rows
 * before them (and each other) by modified Gram–Schmidt run twice; a row that vanishes is replaced
 * by the standard basis vector `e_k` farthest from the rows before it. Rows before `from` must be
 * orthonormal. `scratch` (length ≥ `len`) holds `c_k = Σ_s Q[s][k]²` over the rows `s` done so far:
 * the squared residual of `e_k` is `1 − c_k` and `Σ_k (1 − c_k) = len − r`, so the `k` of smallest
 * `c_k` keeps at least `(len − r)/len` of its length. Choosing it costs `O(len)` per row; the whole
 * completion of an `M × M` basis is `O(M³)` (a search that tried the `e_k` in turn, each against
 * every row, was `O(M⁴)`: minutes for the 500 × 500 basis of a width-500 factor).
 */
export function completeOrthonormalRows(Q: Float64Array, rows: number, len: number, from: number, scratch: Float64Array): void {
  if (from >= rows) return;
  const c = scratch;
  c.fill(0, 0, len);
  for (let s = 0; s < from; s++) for (let k = 0; k < len; k++) c[k] = c[k]! + Q[s * len + k]! * Q[s * len + k]!;
  for (let r = from; r < rows; r++) {
    const off = r * len;
    if (!orthonormaliseRow(Q, r, len, Q, off)) {
      // the row is (numerically) in the span of the others: the farthest standard basis vector
      let best = 0;
      for (let k = 1; k < len; k++) if (c[k]! < c[best]!) best = k;
      Q.fill(0, off, off + len);
      Q[off + best] = 1;
      orthonormaliseRow(Q, r, len, Q, off);
    }
    for (let k = 0; k < len; k++) c[k] = c[k]! + Q[off + k]! * Q[off + k]!;
  }
}

/** Orthogonalises `v[vo .. vo+len)` against rows `0..r−1` of `Q` twice; returns the residual norm. */
function residualNorm(Q: Float64Array, r: number, len: number, v: Float64Array, vo: number): number {
  for (let pass = 0; pass < 2; pass++) {
    for (let s = 0; s < r; s++) {
      let d = 0;
      for (let k = 0; k < len; k++) d += Q[s * len + k]! * v[vo + k]!;
      for (let k = 0; k < len; k++) v[vo + k] = v[vo + k]! - d * Q[s * len + k]!;
    }
  }
  let nrm = 0;
  for (let k = 0; k < len; k++) nrm += v[vo + k]! * v[vo + k]!;
  return Math.sqrt(nrm);
}

/** Orthogonalises the vector at `v[vo..]` against rows `0..r−1` of `Q` and normalises it; false if it (nearly) vanished. */
function orthonormaliseRow(Q: Float64Array, r: number, len: number, v: Float64Array, vo: number): boolean {
  let before = 0;
  for (let k = 0; k < len; k++) before += v[vo + k]! * v[vo + k]!;
  if (!(before > 0) || !Number.isFinite(before)) return false;
  const after = residualNorm(Q, r, len, v, vo);
  if (!(after > 1e-8 * Math.sqrt(before))) return false;
  for (let k = 0; k < len; k++) v[vo + k] = v[vo + k]! / after;
  return true;
}

/**
 * An SVD of fixed shape `m × n` with its buffers. `compute(A)` overwrites `U`, `sigma`, `V`.
 * With `warmStart`, each call starts from the previous call's right singular vectors: for a
 * slowly changing matrix (an ODE right-hand side) the sweeps fall from ~8 to 1–2.
 */
export class SvdWorkspace implements SvdResult {
  readonly U: Float64Array;
  readonly sigma: Float64Array;
  readonly V: Float64Array;
  sweeps = 0;
  /** Rows × cols of the problem actually rotated: `A` itself if m ≥ n, else `Aᵀ`. */
  private readonly M: number;
  private readonly K: number;
  private readonly transposed: boolean;
  /** `K × M`: row j is column j of the (warm-started) working matrix. */
  private readonly B: Float64Array;
  /** `K × K`: row j is column j of the accumulated right factor. */
  private readonly Vt: Float64Array;
  private readonly Vprev: Float64Array;
  private readonly order: Int32Array;
  private readonly scratch: Float64Array;
  private calls = 0;
  /** [0]: the squared column norm below which a column is rounding noise (a typed slot: no boxed double per call). */
  private readonly negligibleSlot = new Float64Array(1);
  /** LAPACK's `dgesdd` when a native library loaded and the matrix is large enough. */
  private readonly lapack: LapackSvd | undefined;

  constructor(
    readonly m: number,
    readonly n: number,
    private readonly warmStart = false,
    /** Thin: only the first `min(m, n)` columns of the larger factor are formed (no completion). */
    private readonly thin = false,
    /** `auto`: LAPACK from `SVD_MIN_DIM` on when loaded; `jacobi`: always one-sided Jacobi (relative accuracy of tiny σ). */
    method: 'auto' | 'jacobi' = 'auto',
    /** Only `sigma` is wanted: LAPACK computes no vectors (`U` and `V` are then not written); Jacobi forms them anyway. */
    valuesOnly = false,
  ) {
    this.transposed = m < n;
    this.M = Math.max(m, n);
    this.K = Math.min(m, n);
    this.U = new Float64Array(m * m);
    this.sigma = new Float64Array(this.K);
    this.V = new Float64Array(n * n);
    this.B = new Float64Array(this.K * this.M);
    this.Vt = new Float64Array(this.K * this.K);
    this.Vprev = new Float64Array(this.K * this.K);
    this.order = new Int32Array(this.K);
    this.scratch = new Float64Array(this.M);
    for (let i = 0; i < this.K; i++) this.Vprev[i * this.K + i] = 1;
    const calls = method === 'auto' && this.K >= SVD_MIN_DIM ? nativeLibrary()?.lapackCalls : undefined;
    this.lapack = calls ? new LapackSvd(calls, m, n, valuesOnly) : undefined;
  }

  /** True when `compute` calls LAPACK's `dgesdd` (else one-sided Jacobi). */
  get native(): boolean {
    return this.lapack !== undefined;
  }

  /** Decomposes the row-major `m × n` matrix `A` (not modified). Returns `this`. */
  compute(A: Float64Array): this {
    if (this.lapack) return this.computeLapack(A);
    const { M, K, B, Vt, Vprev } = this;
    const warm = this.warmStart && this.calls > 0;
    this.calls++;
    if (warm && this.calls % REORTHO_EVERY === 0) completeOrthonormalRows(Vprev, K, K, 0, this.scratch);
    // B (K×M) = (Â V0)ᵀ with Â = A (M×K) or Aᵀ; Vt = V0ᵀ
    if (warm) {
      Vt.set(Vprev);
      for (let j = 0; j < K; j++) {
        const bj = j * M;
        for (let i = 0; i < M; i++) {
          let s = 0;
          if (this.transposed) {
            // Â = Aᵀ: Â[i][p] = A[p][i], A is K × M
            for (let p = 0; p < K; p++) s += A[p * M + i]! * Vprev[j * K + p]!;
          } else {
            for (let p = 0; p < K; p++) s += A[i * K + p]! * Vprev[j * K + p]!;
          }
          B[bj + i] = s;
        }
      }
    } else {
      Vt.fill(0);
      for (let j = 0; j < K; j++) Vt[j * K + j] = 1;
      if (this.transposed) for (let i = 0; i < K * M; i++) B[i] = A[i]!;
      else for (let i = 0; i < M; i++) for (let j = 0; j < K; j++) B[j * M + i] = A[i * K + j]!;
    }
    this.rotate();
    if (this.warmStart) Vprev.set(Vt);
    this.assemble();
    return this;
  }

  private computeLapack(A: Float64Array): this {
    const info = this.lapack!.compute(A, this.U, this.sigma, this.V);
    if (info !== 0) {
      // a non-finite input (LAPACK refuses it) or no convergence: NaN, which the solvers report as a
      // non-finite state with the trajectory kept, as the Jacobi path's NaN would be
      this.sigma.fill(NaN);
      this.U.fill(NaN);
      this.V.fill(NaN);
      return this;
    }
    // the Jacobi path's convention: singular values at rounding level are exactly 0
    let fro2 = 0;
    for (let r = 0; r < this.K; r++) fro2 += this.sigma[r]! * this.sigma[r]!;
    const negligible = (this.M * Number.EPSILON) ** 2 * fro2;
    for (let r = 0; r < this.K; r++) if (this.sigma[r]! * this.sigma[r]! <= negligible) this.sigma[r] = 0;
    this.sweeps = 0;
    return this;
  }

  private rotate(): void {
    const { M, K, B, Vt } = this;
    // Columns with ‖b‖ ≤ M·ε·‖A‖_F are zero to working accuracy (rounding noise of a rank-deficient
    // matrix): rotating them changes nothing above that level but keeps noise columns chasing each
    // other for many sweeps, so they are left alone and reported as σ = 0 (see `assemble`).
    let fro2 = 0;
    for (let i = 0; i < K * M; i++) fro2 += B[i]! * B[i]!;
    const negligible = (M * Number.EPSILON) ** 2 * fro2;
    this.negligibleSlot[0] = negligible;
    let sweep = 0;
    for (; sweep < MAX_SWEEPS; sweep++) {
      let rotated = false;
      for (let p = 0; p < K - 1; p++) {
        const bp = p * M;
        for (let q = p + 1; q < K; q++) {
          const bq = q * M;
          let alpha = 0;
          let beta = 0;
          let gamma = 0;
          for (let i = 0; i < M; i++) {
            const x = B[bp + i]!;
            const y = B[bq + i]!;
            alpha += x * x;
            beta += y * y;
            gamma += x * y;
          }
          if (alpha <= negligible || beta <= negligible) continue;
          if (!(Math.abs(gamma) > ORTH_TOL * Math.sqrt(alpha * beta)) || gamma === 0) continue;
          rotated = true;
          const zeta = (beta - alpha) / (2 * gamma);
          const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
          const c = 1 / Math.sqrt(1 + t * t);
          const s = c * t;
          rotateRows(B, bp, bq, M, c, s);
          rotateRows(Vt, p * K, q * K, K, c, s);
        }
      }
      if (!rotated) break;
    }
    this.sweeps = sweep + 1;
  }

  /** Sorts, normalises and completes: writes `sigma`, `U` (`m × m`) and `V` (`n × n`). */
  private assemble(): void {
    const { M, K, B, Vt, order, sigma } = this;
    const norms = this.scratch;
    for (let j = 0; j < K; j++) {
      let s = 0;
      for (let i = 0; i < M; i++) s += B[j * M + i]! * B[j * M + i]!;
      norms[j] = Math.sqrt(s);
      order[j] = j;
    }
    // insertion sort by descending norm (K is small)
    for (let a = 1; a < K; a++) {
      const o = order[a]!;
      let b = a - 1;
      while (b >= 0 && norms[order[b]!]! < norms[o]!) {
        order[b + 1] = order[b]!;
        b--;
      }
      order[b + 1] = o;
    }
    for (let r = 0; r < K; r++) {
      const s = norms[order[r]!]!;
      sigma[r] = s * s <= this.negligibleSlot[0]! ? 0 : s;
    }
    // Left factor of the rotated problem: Ũ (M × M) stored by rows as columns → fill Ũᵀ rows.
    // Right factor of the rotated problem: Ṽ (K × K), columns = Vt rows in `order`.
    const Ubig = this.transposed ? this.V : this.U; // M × M, row-major
    const Vsmall = this.transposed ? this.U : this.V; // K × K, row-major
    // Work on Ũᵀ (rows = left singular vectors) in Ubig, then transpose in place.
    let good = 0;
    for (let r = 0; r < K; r++) {
      const src = order[r]!;
      const sr = sigma[r]!;
      if (sr > 0 && Number.isFinite(sr)) {
        for (let i = 0; i < M; i++) Ubig[r * M + i] = B[src * M + i]! / sr;
        if (r === good) good++;
      } else {
        Ubig.fill(0, r * M, (r + 1) * M);
      }
      for (let i = 0; i < K; i++) Vsmall[i * K + r] = Vt[src * K + i]!;
    }
    for (let r = K; r < M; r++) Ubig.fill(0, r * M, (r + 1) * M);
    // rows `good..M−1` (zero singular values and the complement) are completed to an orthonormal basis
    completeOrthonormalRows(Ubig, this.thin ? K : M, M, good, this.scratch);
    transposeSquareInPlace(Ubig, M);
  }
}

/** The plane rotation of two rows `[x; y] ← [c x − s y; s x + c y]` of length `len` starting at `p` and `q`. */
function rotateRows(X: Float64Array, p: number, q: number, len: number, c: number, s: number): void {
  for (let i = 0; i < len; i++) {
    const x = X[p + i]!;
    const y = X[q + i]!;
    X[p + i] = c * x - s * y;
    X[q + i] = s * x + c * y;
  }
}

function transposeSquareInPlace(A: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const t = A[i * n + j]!;
      A[i * n + j] = A[j * n + i]!;
      A[j * n + i] = t;
    }
  }
}

/** Full SVD of the row-major `m × n` matrix `A` into new arrays. */
export function svd(A: Float64Array, m: number, n: number): SvdResult {
  return new SvdWorkspace(m, n).compute(A);
}

/** Singular values only (descending): LAPACK without vectors, or a thin Jacobi decomposition (no basis of the larger side completed). */
export function singularValues(A: Float64Array, m: number, n: number): Float64Array {
  return new SvdWorkspace(m, n, false, true, 'auto', true).compute(A).sigma;
}

/** A workspace for the singular values alone of `m × n` matrices (see `singularValues`). */
export function singularValueWorkspace(m: number, n: number): SvdWorkspace {
  return new SvdWorkspace(m, n, false, true, 'auto', true);
}
