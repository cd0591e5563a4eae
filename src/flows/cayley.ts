/**
 * The Cayley chart of the orthogonal group around a fixed frame, for flows that move an orthogonal
 * matrix `U(t) = U₀ · cay(A(t))` through a skew-symmetric `A` (docs/theory/5-completion-problems.md §5.5):
 *
 *     cay(A) = (I − A/2)⁻¹ (I + A/2),        U̇ = U Ω  ⇔  Ȧ = (I + A/2) Ω (I − A/2).
 *
 * With `P = I − A/2` and `Q = I + A/2` (they commute, and `Pᵀ = Q` when `A` is skew):
 * `d cay(A) = P⁻¹ (dA/2)(cay(A) + I) = P⁻¹ dA P⁻¹`, since `cay(A) + I = P⁻¹(Q + P) = 2P⁻¹`; equating
 * it with `cay(A) Ω = P⁻¹ Q Ω` gives `Ȧ = Q Ω P`, and `(QΩP)ᵀ = Pᵀ Ωᵀ Qᵀ = −QΩP` when `Ω` is skew.
 * So an ODE method integrates the strict upper triangle of `A` (any point of it is skew by
 * construction) and `cay(A)` is orthogonal to rounding whatever the step's error: `det cay(A) =
 * det Q / det P = det Pᵀ / det P = 1`. `P` is never singular (the eigenvalues of a real skew `A` are
 * imaginary); the chart covers every rotation without eigenvalue −1, and `‖A‖` grows without bound
 * as the rotation from `U₀` approaches a half turn in some plane.
 * @see E. Hairer, C. Lubich, G. Wanner, Geometric Numerical Integration, 2nd ed., §IV.8.3 (the Cayley transform).
 */
import { luFactor, luSolve } from '../linalg/lu.js';
import { matmul } from '../linalg/products.js';

/** `n(n−1)/2`: the number of entries of the strict upper triangle of an `n × n` matrix. */
export function skewDim(n: number): number {
  return (n * (n - 1)) / 2;
}

/** Cayley transforms and chart velocities of `n × n` skew matrices, in buffers allocated once. */
export class CayleyWorkspace {
  /** `P = I − A/2`, factorised in place by `transform`. */
  private readonly P: Float64Array;
  private readonly Q: Float64Array;
  private readonly T: Float64Array;
  private readonly column: Float64Array;
  private readonly piv: Int32Array;

  constructor(readonly n: number) {
    this.P = new Float64Array(n * n);
    this.Q = new Float64Array(n * n);
    this.T = new Float64Array(n * n);
    this.column = new Float64Array(n);
    this.piv = new Int32Array(n);
  }

  /** Writes `P = I − A/2` and `Q = I + A/2` for the skew `A` whose strict upper triangle (row by row) is `packed[off …]`. */
  private halves(packed: Float64Array, off: number): void {
    const { n, P, Q } = this;
    let k = off;
    for (let i = 0; i < n; i++) {
      P[i * n + i] = 1;
      Q[i * n + i] = 1;
      for (let l = i + 1; l < n; l++) {
        const a = 0.5 * packed[k++]!;
        P[i * n + l] = -a;
        P[l * n + i] = a;
        Q[i * n + l] = a;
        Q[l * n + i] = -a;
      }
    }
  }

  /** `C = cay(A) = (I − A/2)⁻¹(I + A/2)` (`n × n`, row-major), `A` from its packed upper triangle at `packed[off …]`. */
  transform(packed: Float64Array, off: number, C: Float64Array): void {
    const { n, P, Q, column, piv } = this;
    this.halves(packed, off);
    luFactor(P, n, piv); // never singular for finite skew A; non-finite entries give NaN, which the solver reports
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) column[i] = Q[i * n + j]!;
      luSolve(P, n, piv, column);
      for (let i = 0; i < n; i++) C[i * n + j] = column[i]!;
    }
  }

  /** Writes the strict upper triangle of `Ȧ = (I + A/2) Ω (I − A/2)` to `out[outOff …]`, for the skew `Ω` (`n × n`, full). */
  velocity(packed: Float64Array, off: number, Omega: Float64Array, out: Float64Array, outOff: number): void {
    const { n, P, Q, T } = this;
    this.halves(packed, off);
    matmul(Q, Omega, T, n, n, n);
    matmul(T, P, Q, n, n, n); // Q is free once T = QΩ is formed
    let k = outOff;
    for (let i = 0; i < n; i++) for (let l = i + 1; l < n; l++) out[k++] = Q[i * n + l]!;
  }
}
