/**
 * Sizes from which a native call beats the JavaScript kernels, measured on this project's machines
 * by `bench/crossover.ts` (`npm run bench` prints the table in BENCHMARKS.md). A foreign call costs
 * ~0.3–0.6 µs through koffi; the JavaScript kernels run at ~1 G multiply-adds/s on small operands.
 */

/** `m·k·n` multiply-adds from which `dgemm` is called. */
export const GEMM_MIN_WORK = 384;
/** `m·n` multiply-adds from which `dgemv` is called. */
export const GEMV_MIN_WORK = 1024;
/** `min(m, n)` from which the SVD is LAPACK's `dgesdd` (below: one-sided Jacobi, warm-started). */
export const SVD_MIN_DIM = 12;
/** `n` from which the symmetric eigendecomposition is LAPACK's `dsyevd`. */
export const SYMEIG_MIN_DIM = 8;
/** `n` from which LU factorisation and solves are LAPACK's `dgetrf`/`dgetrs`. */
export const LU_MIN_DIM = 24;
