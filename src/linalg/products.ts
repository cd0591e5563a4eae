/**
 * Matrix products into preallocated outputs, with and without transposes. Row-major, no allocation.
 * Each operand may start at an offset into its array, so factors stored one after another in one
 * state vector need no views. The output must not overlap an input.
 *
 * Two implementations behind one call: the machine's `cblas_dgemm`/`cblas_dgemv` (see `backend.ts`)
 * for products of at least `crossover.ts`'s sizes, and JavaScript kernels below them (and when no
 * native library loaded). The JavaScript kernels are hand-written because the flows call them
 * millions of times on small matrices, where a foreign call (~0.3 µs) or ml-matrix's allocation per
 * product would dominate (measured in BENCHMARKS.md, "linear-algebra kernels"); their loop orders
 * run the innermost loop along contiguous rows.
 */
import { nativeLibrary } from './backend.js';
import { GEMM_MIN_WORK, GEMV_MIN_WORK } from './crossover.js';
import { viewAt } from './views.js';

/** `C[off .. off+len) *= alpha`. */
function scale(C: Float64Array, off: number, len: number, alpha: number): void {
  for (let i = off; i < off + len; i++) C[i] = alpha * C[i]!;
}

/** `C (m×n) = α · A (m×k) · B (k×n)` (α = 1 by default): native for `m·k·n ≥ GEMM_MIN_WORK`, else `jsMatmul`. */
export function matmul(A: Float64Array, B: Float64Array, C: Float64Array, m: number, k: number, n: number, aOff = 0, bOff = 0, cOff = 0, alpha = 1): void {
  if (m * k * n >= GEMM_MIN_WORK) {
    const lib = nativeLibrary();
    if (lib) {
      lib.dgemm(false, false, m, n, k, alpha, viewAt(A, aOff), k, viewAt(B, bOff), n, 0, viewAt(C, cOff), n);
      return;
    }
  }
  jsMatmul(A, B, C, m, k, n, aOff, bOff, cOff);
  if (alpha !== 1) scale(C, cOff, m * n, alpha);
}

/** `C (m×n) = α · Aᵀ · B` with `A` of shape `k × m` and `B` of shape `k × n`: native or `jsMatmulTN`. */
export function matmulTN(A: Float64Array, B: Float64Array, C: Float64Array, m: number, k: number, n: number, aOff = 0, bOff = 0, cOff = 0, alpha = 1): void {
  if (m * k * n >= GEMM_MIN_WORK) {
    const lib = nativeLibrary();
    if (lib) {
      lib.dgemm(true, false, m, n, k, alpha, viewAt(A, aOff), m, viewAt(B, bOff), n, 0, viewAt(C, cOff), n);
      return;
    }
  }
  jsMatmulTN(A, B, C, m, k, n, aOff, bOff, cOff);
  if (alpha !== 1) scale(C, cOff, m * n, alpha);
}

/** `C (m×n) = α · A · Bᵀ` with `A` of shape `m × k` and `B` of shape `n × k`: native or `jsMatmulNT`. */
export function matmulNT(A: Float64Array, B: Float64Array, C: Float64Array, m: number, k: number, n: number, aOff = 0, bOff = 0, cOff = 0, alpha = 1): void {
  if (m * k * n >= GEMM_MIN_WORK) {
    const lib = nativeLibrary();
    if (lib) {
      lib.dgemm(false, true, m, n, k, alpha, viewAt(A, aOff), k, viewAt(B, bOff), k, 0, viewAt(C, cOff), n);
      return;
    }
  }
  jsMatmulNT(A, B, C, m, k, n, aOff, bOff, cOff);
  if (alpha !== 1) scale(C, cOff, m * n, alpha);
}

/**
 * `y (m) = A x` for `A` of shape `m × n` (`trans` false), or `y (n) = Aᵀ x` (`trans` true), with `A`
 * starting at `aOff`. Native for `m·n ≥ GEMV_MIN_WORK`.
 */
export function matvec(trans: boolean, A: Float64Array, x: Float64Array, y: Float64Array, m: number, n: number, aOff = 0): void {
  if (m * n >= GEMV_MIN_WORK) {
    const lib = nativeLibrary();
    if (lib) {
      lib.dgemv(trans, m, n, 1, viewAt(A, aOff), n, x, 0, y);
      return;
    }
  }
  if (!trans) {
    for (let i = 0; i < m; i++) {
      const ai = aOff + i * n;
      let s0 = 0;
      let s1 = 0;
      let j = 0;
      for (; j + 1 < n; j += 2) {
        s0 += A[ai + j]! * x[j]!;
        s1 += A[ai + j + 1]! * x[j + 1]!;
      }
      if (j < n) s0 += A[ai + j]! * x[j]!;
      y[i] = s0 + s1;
    }
    return;
  }
  y.fill(0, 0, n);
  for (let i = 0; i < m; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    const ai = aOff + i * n;
    for (let j = 0; j < n; j++) y[j] = y[j]! + xi * A[ai + j]!;
  }
}

/** JavaScript `C (m×n) = A (m×k) · B (k×n)`. Four rows of `B` per pass (2.2× faster than one, measured). */
export function jsMatmul(A: Float64Array, B: Float64Array, C: Float64Array, m: number, k: number, n: number, aOff = 0, bOff = 0, cOff = 0): void {
  const k4 = k - (k % 4);
  for (let i = 0; i < m; i++) {
    const ci = cOff + i * n;
    const ai = aOff + i * k;
    for (let j = 0; j < n; j++) C[ci + j] = 0;
    let p = 0;
    for (; p < k4; p += 4) {
      const a0 = A[ai + p]!;
      const a1 = A[ai + p + 1]!;
      const a2 = A[ai + p + 2]!;
      const a3 = A[ai + p + 3]!;
      const b0 = bOff + p * n;
      const b1 = b0 + n;
      const b2 = b1 + n;
      const b3 = b2 + n;
      for (let j = 0; j < n; j++) C[ci + j] = C[ci + j]! + a0 * B[b0 + j]! + a1 * B[b1 + j]! + a2 * B[b2 + j]! + a3 * B[b3 + j]!;
    }
    for (; p < k; p++) {
      const a = A[ai + p]!;
      const bp = bOff + p * n;
      for (let j = 0; j < n; j++) C[ci + j] = C[ci + j]! + a * B[bp + j]!;
    }
  }
}

/** `Aᵀ·B` for short sums (k < 4), one dot product per entry: a 2 × 2 product in 14 ns, against 50 ns for jsMatmulTN's row passes. */
function shortTN(A: Float64Array, B: Float64Array, C: Float64Array, m: number, k: number, n: number, aOff: number, bOff: number, cOff: number): void {
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += A[aOff + p * m + i]! * B[bOff + p * n + j]!;
      C[cOff + i * n + j] = s;
    }
}

/** JavaScript `C (m×n) = Aᵀ · B` with `A` of shape `k × m` and `B` of shape `k × n`. Four rows per pass. */
export function jsMatmulTN(A: Float64Array, B: Float64Array, C: Float64Array, m: number, k: number, n: number, aOff = 0, bOff = 0, cOff = 0): void {
  if (k < 4) {
    shortTN(A, B, C, m, k, n, aOff, bOff, cOff);
    return;
  }
  C.fill(0, cOff, cOff + m * n);
  const k4 = k - (k % 4);
  let p = 0;
  for (; p < k4; p += 4) {
    const ap = aOff + p * m;
    const b0 = bOff + p * n;
    const b1 = b0 + n;
    const b2 = b1 + n;
    const b3 = b2 + n;
    for (let i = 0; i < m; i++) {
      const a0 = A[ap + i]!;
      const a1 = A[ap + m + i]!;
      const a2 = A[ap + 2 * m + i]!;
      const a3 = A[ap + 3 * m + i]!;
      const ci = cOff + i * n;
      for (let j = 0; j < n; j++) C[ci + j] = C[ci + j]! + a0 * B[b0 + j]! + a1 * B[b1 + j]! + a2 * B[b2 + j]! + a3 * B[b3 + j]!;
    }
  }
  for (; p < k; p++) {
    const ap = aOff + p * m;
    const bp = bOff + p * n;
    for (let i = 0; i < m; i++) {
      const a = A[ap + i]!;
      const ci = cOff + i * n;
      for (let j = 0; j < n; j++) C[ci + j] = C[ci + j]! + a * B[bp + j]!;
    }
  }
}

/** JavaScript `C (m×n) = A · Bᵀ` with `A` of shape `m × k` and `B` of shape `n × k`. Four accumulators. */
export function jsMatmulNT(A: Float64Array, B: Float64Array, C: Float64Array, m: number, k: number, n: number, aOff = 0, bOff = 0, cOff = 0): void {
  const k4 = k - (k % 4);
  for (let i = 0; i < m; i++) {
    const ai = aOff + i * k;
    for (let j = 0; j < n; j++) {
      const bj = bOff + j * k;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let p = 0;
      for (; p < k4; p += 4) {
        s0 += A[ai + p]! * B[bj + p]!;
        s1 += A[ai + p + 1]! * B[bj + p + 1]!;
        s2 += A[ai + p + 2]! * B[bj + p + 2]!;
        s3 += A[ai + p + 3]! * B[bj + p + 3]!;
      }
      for (; p < k; p++) s0 += A[ai + p]! * B[bj + p]!;
      C[cOff + i * n + j] = s0 + s1 + (s2 + s3);
    }
  }
}

/**
 * `C (m×n) = Σ_{r<k} s_r a_r b_rᵀ`, with `a_r` column r of `A` (m rows, row stride `lda`) and `b_r`
 * column r of `B` (n rows, row stride `ldb`); `s` omitted means ones. The truncated product
 * `U_k Σ_k V_kᵀ` of an SVD, and projectors `U_k U_kᵀ`, without extracting the columns.
 */
export function lowRankProduct(
  A: Float64Array,
  lda: number,
  B: Float64Array,
  ldb: number,
  s: ArrayLike<number> | undefined,
  C: Float64Array,
  m: number,
  n: number,
  k: number,
): void {
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    for (let j = 0; j < n; j++) C[ci + j] = 0;
    for (let r = 0; r < k; r++) {
      const a = A[i * lda + r]! * (s === undefined ? 1 : s[r]!);
      if (a === 0) continue;
      for (let j = 0; j < n; j++) C[ci + j] = C[ci + j]! + a * B[j * ldb + r]!;
    }
  }
}

/** `out = Aᵀ` for `A` of shape `m × n` (`out` is `n × m`, not aliased with `A`). */
export function transposeInto(A: Float64Array, m: number, n: number, out: Float64Array): void {
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = A[i * n + j]!;
}
