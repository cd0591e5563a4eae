/**
 * The error decomposition of the regression experiments (docs/theory.md §7). With the teacher
 * `A* = U_k S_k V_kᵀ`, `P_L = U_k U_kᵀ`, `P_R = V_k V_kᵀ` and `Δ = A − A*`:
 * support `‖P_L Δ P_R‖`, null `‖P_L^⊥ Δ P_R^⊥‖`, mixed `(‖P_L Δ P_R^⊥‖² + ‖P_L^⊥ Δ P_R‖²)^{1/2}`
 * (computed from its own two blocks, so `support² + null² + mixed² = ‖Δ‖²` is a check, not a
 * definition), their fractions of `‖Δ‖_F`, and `‖A Q_x‖_F` over the input directions the data
 * never excite.
 */
import { frobeniusNorm } from '../linalg/norms.js';
import { lowRankProduct, matmul } from '../linalg/products.js';
import { svd } from '../linalg/svd.js';
import { symEig } from '../linalg/symEig.js';

export interface ErrorDecomposition {
  readonly total: number;
  readonly support: number;
  readonly null: number;
  readonly mixed: number;
  readonly supportFrac: number;
  readonly nullFrac: number;
}

/** Projectors `P_L` (`m × m`) and `P_R` (`n × n`) onto the top-`k` singular subspaces of `Astar`. */
export function teacherProjectors(Astar: Float64Array, m: number, n: number, k: number): { PL: Float64Array; PR: Float64Array } {
  const { U, V } = svd(Astar, m, n);
  const PL = new Float64Array(m * m);
  const PR = new Float64Array(n * n);
  lowRankProduct(U, m, U, m, undefined, PL, m, m, k);
  lowRankProduct(V, n, V, n, undefined, PR, n, n, k);
  return { PL, PR };
}

/** Decomposes `Δ = A − A*` (`m × n`) given the teacher's projectors. */
export function errorDecomposition(A: Float64Array, Astar: Float64Array, m: number, n: number, PL: Float64Array, PR: Float64Array): ErrorDecomposition {
  const D = new Float64Array(m * n);
  for (let i = 0; i < m * n; i++) D[i] = A[i]! - Astar[i]!;
  const LD = new Float64Array(m * n); // P_L Δ
  matmul(PL, D, LD, m, m, n);
  const LpD = new Float64Array(m * n); // P_L^⊥ Δ
  for (let i = 0; i < m * n; i++) LpD[i] = D[i]! - LD[i]!;
  const block = (X: Float64Array, right: boolean): number => {
    const XR = new Float64Array(m * n);
    matmul(X, PR, XR, m, n, n);
    if (!right) for (let i = 0; i < m * n; i++) XR[i] = X[i]! - XR[i]!;
    return frobeniusNorm(XR);
  };
  const support = block(LD, true);
  const nul = block(LpD, false);
  const mixed = Math.hypot(block(LD, false), block(LpD, true));
  const total = frobeniusNorm(D);
  return { total, support, null: nul, mixed, supportFrac: total > 0 ? support / total : 0, nullFrac: total > 0 ? nul / total : 0 };
}

/**
 * An orthonormal basis `Q_x` (`d × q`, row-major) of the input directions the data never excite:
 * eigenvectors of `Σ_xx` with eigenvalue below `tol · λ_max`.
 */
export function nullInputBasis(Sxx: Float64Array, d: number, tol = 1e-10): { Q: Float64Array; q: number } {
  const { values, Q: E } = symEig(Sxx, d);
  const lmax = Math.max(0, values[0] ?? 0);
  const cols: number[] = [];
  for (let c = 0; c < d; c++) if (values[c]! <= tol * lmax) cols.push(c);
  const Q = new Float64Array(d * cols.length);
  cols.forEach((c, r) => {
    for (let i = 0; i < d; i++) Q[i * cols.length + r] = E[i * d + c]!;
  });
  return { Q, q: cols.length };
}

/** `‖A Q_x‖_F` for `A` of shape `m × d`. */
export function nullInputNorm(A: Float64Array, m: number, d: number, Q: Float64Array, q: number): number {
  if (q === 0) return 0;
  const AQ = new Float64Array(m * q);
  matmul(A, Q, AQ, m, d, q);
  return frobeniusNorm(AQ);
}
