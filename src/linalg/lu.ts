/**
 * Dense LU factorisation with partial pivoting, in place on a row-major `Float64Array`.
 * Hand-written because the stiff solver refactorises every step and ml-matrix's `LuDecomposition`
 * allocates a new matrix per call; this one works in caller-owned buffers.
 * From `LU_MIN_DIM` on, LAPACK's `dgetrf`/`dgetrs` do it when a native library loaded (see `lapack.ts`;
 * the factors are of `Aᵀ` there, but the diagonal of `U` and the pivots' parity read the same, so
 * `determinant` and `luSolve` work with either). A factorisation and its solves must use the same
 * size, so they take the same path.
 * @see G. H. Golub, C. F. Van Loan, Matrix Computations, 4th ed., Algorithm 3.4.1.
 */
import { nativeLibrary } from './backend.js';
import { LU_MIN_DIM } from './crossover.js';
import { lapackLuFactor, lapackLuSolve } from './lapack.js';

/** Factorises the `n × n` matrix `A` in place; returns false if singular (native from `LU_MIN_DIM`). */
export function luFactor(A: Float64Array, n: number, piv: Int32Array): boolean {
  const calls = n >= LU_MIN_DIM ? nativeLibrary()?.lapackCalls : undefined;
  return calls ? lapackLuFactor(calls, A, n, piv) : jsLuFactor(A, n, piv);
}

/** Solves `A x = b` in place in `b` with the factors from `luFactor`. */
export function luSolve(LU: Float64Array, n: number, piv: Int32Array, b: Float64Array): void {
  const calls = n >= LU_MIN_DIM ? nativeLibrary()?.lapackCalls : undefined;
  if (calls) lapackLuSolve(calls, LU, n, piv, b);
  else jsLuSolve(LU, n, piv, b);
}

/** JavaScript: factorises the `n × n` matrix `A` in place (`L` unit lower, `U` upper); returns false if singular. */
export function jsLuFactor(A: Float64Array, n: number, piv: Int32Array): boolean {
  let ok = true;
  for (let k = 0; k < n; k++) {
    let p = k;
    let max = Math.abs(A[k * n + k]!);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(A[i * n + k]!);
      if (v > max) {
        max = v;
        p = i;
      }
    }
    piv[k] = p;
    if (!(max > 0) || !Number.isFinite(max)) {
      ok = false;
      continue;
    }
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const tmp = A[k * n + j]!;
        A[k * n + j] = A[p * n + j]!;
        A[p * n + j] = tmp;
      }
    }
    const inv = 1 / A[k * n + k]!;
    for (let i = k + 1; i < n; i++) {
      const l = A[i * n + k]! * inv;
      A[i * n + k] = l;
      if (l !== 0) {
        for (let j = k + 1; j < n; j++) A[i * n + j] = A[i * n + j]! - l * A[k * n + j]!;
      }
    }
  }
  return ok;
}

/** JavaScript: solves `A x = b` in place in `b` with the factors from `jsLuFactor`. */
export function jsLuSolve(LU: Float64Array, n: number, piv: Int32Array, b: Float64Array): void {
  for (let k = 0; k < n; k++) {
    const p = piv[k]!;
    if (p !== k) {
      const tmp = b[k]!;
      b[k] = b[p]!;
      b[p] = tmp;
    }
  }
  for (let i = 1; i < n; i++) {
    let s = b[i]!;
    for (let j = 0; j < i; j++) s -= LU[i * n + j]! * b[j]!;
    b[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let j = i + 1; j < n; j++) s -= LU[i * n + j]! * b[j]!;
    b[i] = s / LU[i * n + i]!;
  }
}

/** `det W` of a square row-major matrix by LU (0 when singular); pass `work` (n²) and `piv` (n) to avoid allocating. */
export function determinant(W: ArrayLike<number>, n: number, work = new Float64Array(n * n), piv = new Int32Array(n)): number {
  for (let i = 0; i < n * n; i++) work[i] = W[i]!;
  if (!luFactor(work, n, piv)) return 0;
  let det = 1;
  for (let i = 0; i < n; i++) {
    det *= work[i * n + i]!;
    if (piv[i] !== i) det = -det;
  }
  return det;
}
