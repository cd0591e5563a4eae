/**
 * Row-major front ends to LAPACK's `dgesdd`, `dsyevd`, `dgetrf` and `dgetrs` (see `nativeLibrary.ts`
 * for the library). LAPACK is column-major: a row-major `m × n` buffer is the column-major `n × m`
 * transpose, and each wrapper says how its results map back. Workspaces are sized once per shape
 * (LAPACK's own workspace query) and scalar arguments live in cells allocated once per module, so the
 * calls on a hot path allocate nothing.
 * @see E. Anderson et al., LAPACK Users' Guide, 3rd ed., SIAM 1999.
 */
import type { LapackCalls } from './nativeLibrary.js';

const CHAR_A = Uint8Array.of(65);
const CHAR_N = Uint8Array.of(78);
const CHAR_V = Uint8Array.of(86);
const CHAR_U = Uint8Array.of(85);
const CHAR_T = Uint8Array.of(84);
const i1 = new Int32Array(1);
const i2 = new Int32Array(1);
const i3 = new Int32Array(1);
const i4 = new Int32Array(1);
const i5 = new Int32Array(1);
const info = new Int32Array(1);
const lworkCell = new Int32Array(1);
const liworkCell = new Int32Array(1);

/**
 * The full SVD `A = U Σ Vᵀ` of a row-major `m × n` matrix by divide and conquer (`dgesdd`, job 'A').
 * Called on `Aᵀ` (what the row-major buffer is, column-major): `Aᵀ = U' Σ V'ᵀ` gives `U = V'`, which
 * LAPACK's `VT` buffer holds row-major as it stands, and `V = U'`, the transpose of its `U` buffer.
 * With `valuesOnly`, job 'N': the singular values alone, two to three times faster (measured with
 * SciPy's `gesdd` at 20×20 to 50×50), and `U`, `V` are left as they are.
 */
export class LapackSvd {
  private readonly a: Float64Array;
  private readonly uPrime: Float64Array;
  private readonly work: Float64Array;
  private readonly iwork: Int32Array;

  private readonly job: Uint8Array;

  constructor(
    private readonly calls: LapackCalls,
    readonly m: number,
    readonly n: number,
    valuesOnly = false,
  ) {
    this.job = valuesOnly ? CHAR_N : CHAR_A;
    this.a = new Float64Array(m * n);
    this.uPrime = new Float64Array(valuesOnly ? 1 : n * n);
    this.iwork = new Int32Array(8 * Math.min(m, n));
    const query = new Float64Array(1);
    this.setShape();
    lworkCell[0] = -1;
    calls.dgesdd(
      this.job,
      i1,
      i2,
      this.a,
      i3,
      new Float64Array(Math.min(m, n)),
      this.uPrime,
      i4,
      new Float64Array(valuesOnly ? 1 : m * m),
      i5,
      query,
      lworkCell,
      this.iwork,
      info,
    );
    this.work = new Float64Array(Math.max(1, Math.ceil(query[0]!)));
  }

  private setShape(): void {
    i1[0] = this.n; // rows of Aᵀ
    i2[0] = this.m; // columns of Aᵀ
    i3[0] = this.n; // lda
    i4[0] = this.n; // ldu (U' is n × n)
    i5[0] = this.m; // ldvt (V'ᵀ is m × m)
  }

  /** Writes `U` (`m × m`), `sigma` (`min(m, n)`, descending) and `V` (`n × n`), all row-major. Returns LAPACK's info (0: converged). */
  compute(A: Float64Array, U: Float64Array, sigma: Float64Array, V: Float64Array): number {
    const { m, n, a, uPrime } = this;
    if (A.length === m * n) a.set(A);
    else for (let i = 0; i < m * n; i++) a[i] = A[i]!; // (a subarray view would allocate)
    this.setShape();
    lworkCell[0] = this.work.length;
    this.calls.dgesdd(this.job, i1, i2, a, i3, sigma, uPrime, i4, U, i5, this.work, lworkCell, this.iwork, info);
    if (this.job === CHAR_A) for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) V[r * n + c] = uPrime[c * n + r]!;
    return info[0]!;
  }
}

/**
 * Eigenvalues (ascending, LAPACK's order) into `w` and eigenvectors as the rows of `Z` (`n × n`) of a
 * symmetric row-major `S`, by `dsyevd`. Returns LAPACK's info (0: converged; else `w` and `Z` are NaN).
 */
export function lapackSymEig(calls: LapackCalls, S: Float64Array, n: number, w: Float64Array, Z: Float64Array): number {
  // S is symmetric, so the column-major reading is S itself; the eigenvectors come back as columns
  // (column-major), which read row-major are the rows of Z.
  Z.set(S.subarray(0, n * n));
  i1[0] = n;
  i2[0] = n;
  const query = new Float64Array(1);
  const iquery = new Int32Array(1);
  lworkCell[0] = -1;
  liworkCell[0] = -1;
  calls.dsyevd(CHAR_V, CHAR_U, i1, Z, i2, w, query, lworkCell, iquery, liworkCell, info);
  const work = new Float64Array(Math.max(1, Math.ceil(query[0]!)));
  const iwork = new Int32Array(Math.max(1, iquery[0]!));
  lworkCell[0] = work.length;
  liworkCell[0] = iwork.length;
  calls.dsyevd(CHAR_V, CHAR_U, i1, Z, i2, w, work, lworkCell, iwork, liworkCell, info);
  if (info[0] !== 0) {
    w.fill(NaN);
    Z.fill(NaN);
  }
  return info[0]!;
}

/**
 * LU with partial pivoting of a row-major `n × n` matrix in place by `dgetrf`, which factors the
 * transpose: `Aᵀ = P L U`. The diagonal of `U` sits where the row-major diagonal is, so
 * `det A = det Aᵀ` reads as with the JavaScript kernel; `piv` is returned 0-based like it.
 * Returns false when `U` has a zero or non-finite pivot.
 */
export function lapackLuFactor(calls: LapackCalls, A: Float64Array, n: number, piv: Int32Array): boolean {
  i1[0] = n;
  i2[0] = n;
  i3[0] = n;
  calls.dgetrf(i1, i2, A, i3, piv, info);
  for (let i = 0; i < n; i++) piv[i] = piv[i]! - 1;
  if (info[0]! > 0) return false;
  for (let i = 0; i < n; i++) if (!Number.isFinite(A[i * n + i]!)) return false;
  return true;
}

/** Solves `A x = b` in place with the factors of `lapackLuFactor`: `dgetrs` with `Aᵀ`'s factors, transposed. */
export function lapackLuSolve(calls: LapackCalls, LU: Float64Array, n: number, piv: Int32Array, b: Float64Array): void {
  for (let i = 0; i < n; i++) piv[i] = piv[i]! + 1;
  i1[0] = n;
  i2[0] = 1;
  i3[0] = n;
  i4[0] = n;
  calls.dgetrs(CHAR_T, i1, i2, LU, i3, piv, b, i4, info);
  for (let i = 0; i < n; i++) piv[i] = piv[i]! - 1;
}
