/**
 * Symmetric eigendecomposition and fractional powers of symmetric positive semidefinite matrices.
 * Not on a hot path: ml-matrix's Householder tridiagonalisation + QL (EISPACK tred2/tql2) does it.
 * From `SYMEIG_MIN_DIM` on, LAPACK's `dsyevd` (divide and conquer) when a native library loaded.
 * @see ml-matrix `EigenvalueDecomposition` (assumeSymmetric); LAPACK `dsyevd`.
 */
import { EigenvalueDecomposition, Matrix as MlMatrix } from 'ml-matrix';
import { nativeLibrary } from './backend.js';
import { SYMEIG_MIN_DIM } from './crossover.js';
import { lapackSymEig } from './lapack.js';

/** Eigenvalues (descending) and orthonormal eigenvectors (columns of `Q`, row-major `n × n`). */
export interface SymEig {
  readonly values: Float64Array;
  readonly Q: Float64Array;
}

/** Eigendecomposition of the symmetric row-major `n × n` matrix `S` (only its symmetric part is used). */
export function symEig(S: Float64Array, n: number): SymEig {
  const calls = n >= SYMEIG_MIN_DIM ? nativeLibrary()?.lapackCalls : undefined;
  if (calls) {
    const sym = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sym[i * n + j] = 0.5 * (S[i * n + j]! + S[j * n + i]!);
    const w = new Float64Array(n);
    const Z = new Float64Array(n * n);
    lapackSymEig(calls, sym, n, w, Z);
    // ascending → descending; eigenvector r is row r of Z, column c of Q
    const values = new Float64Array(n);
    const Q = new Float64Array(n * n);
    for (let c = 0; c < n; c++) {
      const src = n - 1 - c;
      values[c] = w[src]!;
      for (let i = 0; i < n; i++) Q[i * n + c] = Z[src * n + i]!;
    }
    return { values, Q };
  }
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const r: number[] = [];
    for (let j = 0; j < n; j++) r.push(0.5 * (S[i * n + j]! + S[j * n + i]!));
    rows.push(r);
  }
  const e = new EigenvalueDecomposition(new MlMatrix(rows), { assumeSymmetric: true });
  const lambda = e.realEigenvalues;
  const vec = e.eigenvectorMatrix;
  const idx = lambda.map((_, i) => i).sort((a, b) => lambda[b]! - lambda[a]!);
  const values = new Float64Array(n);
  const Q = new Float64Array(n * n);
  idx.forEach((src, c) => {
    values[c] = lambda[src]!;
    for (let i = 0; i < n; i++) Q[i * n + c] = vec.get(i, src);
  });
  return { values, Q };
}

/**
 * `S^p` for a symmetric PSD matrix, with `S^0 = I` (also on the null space, docs/theory.md §3).
 * Eigenvalues below `n·ε·λ_max` are treated as zero (rounding can make them slightly negative).
 */
export function psdPower(S: Float64Array, n: number, p: number): Float64Array {
  const { values, Q } = symEig(S, n);
  const lmax = Math.max(0, values[0] ?? 0);
  const floor = n * Number.EPSILON * lmax;
  const out = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    const l = values[c]!;
    const w = p === 0 ? 1 : l > floor ? l ** p : 0;
    if (w === 0) continue;
    for (let i = 0; i < n; i++) {
      const qi = Q[i * n + c]! * w;
      for (let j = 0; j < n; j++) out[i * n + j] = out[i * n + j]! + qi * Q[j * n + c]!;
    }
  }
  return out;
}
