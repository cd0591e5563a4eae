/**
 * A linear measurement operator `𝒜 : R^{rows × cols} → R^K` with its adjoint and the pseudo-inverse
 * of its Gram matrix `𝒜𝒜*` (docs/theory.md, "The convex baselines"): Gaussian sensing (`K` dense
 * measurement matrices) or observed entries (completion). The baselines project onto the affine set
 * `{X : 𝒜(X) = y}` with `X ↦ X − 𝒜*(𝒜𝒜*)⁺(𝒜(X) − y)`, which needs only these three maps.
 */
import { matmulNT, matvec } from '../linalg/products.js';
import { symEig } from '../linalg/symEig.js';
import { analysisMessages } from './messages.js';

/** `𝒜`, `𝒜*` and `(𝒜𝒜*)⁺` on row-major `rows × cols` matrices; every method writes into `out` and allocates nothing. */
export interface MeasurementOperator {
  readonly rows: number;
  readonly cols: number;
  /** Number of measurements `K`. */
  readonly count: number;
  /** `out (K) = 𝒜(X)`. */
  apply(X: Float64Array, out: Float64Array): void;
  /** `out (rows·cols) = 𝒜*(λ)`. */
  adjoint(lambda: Float64Array, out: Float64Array): void;
  /** `out (K) = (𝒜𝒜*)⁺ b`: `b`'s component in the null space of `𝒜*` is dropped. */
  gramPinv(b: Float64Array, out: Float64Array): void;
}

/**
 * Gaussian sensing: row `k` of the `K × (rows·cols)` matrix `A` is `vec A_k`. `(𝒜𝒜*)⁺` comes from
 * an eigendecomposition of `A Aᵀ` computed once, eigenvalues below `K·ε·λ_max` counted as zero, so
 * `K > rows·cols` and dependent measurements are handled too.
 */
export function sensingOperator(rows: number, cols: number, A: Float64Array): MeasurementOperator {
  const len = rows * cols;
  const K = A.length / len;
  if (!Number.isInteger(K) || K < 1) throw new RangeError(analysisMessages.measurementShape(A.length, rows, cols));
  const G = new Float64Array(K * K);
  matmulNT(A, A, G, K, len, K);
  const { values, Q } = symEig(G, K);
  const cut = K * Number.EPSILON * Math.max(values[0]!, 0);
  const inv = values.map((v) => (v > cut ? 1 / v : 0));
  const t = new Float64Array(K);
  return {
    rows,
    cols,
    count: K,
    apply: (X, out) => {
      matvec(false, A, X, out, K, len);
    },
    adjoint: (lambda, out) => {
      matvec(true, A, lambda, out, K, len);
    },
    gramPinv(b, out) {
      matvec(true, Q, b, t, K, K); // t = Qᵀ b
      for (let i = 0; i < K; i++) t[i] = t[i]! * inv[i]!;
      matvec(false, Q, t, out, K, K);
    },
  };
}

/**
 * Completion: measurement `k` reads entry `index[k]` (row-major, `i·cols + j`). The entries must be
 * distinct (then `𝒜𝒜* = I`); a repeated entry throws a `RangeError`.
 */
export function entryOperator(rows: number, cols: number, index: Int32Array): MeasurementOperator {
  const seen = new Uint8Array(rows * cols);
  index.forEach((p, k) => {
    if (!(p >= 0 && p < rows * cols)) throw new RangeError(analysisMessages.entryOutside(k, p, rows, cols));
    if (seen[p]) throw new RangeError(analysisMessages.repeatedEntry(k, Math.floor(p / cols), p % cols));
    seen[p] = 1;
  });
  const K = index.length;
  return {
    rows,
    cols,
    count: K,
    apply(X, out) {
      for (let k = 0; k < K; k++) out[k] = X[index[k]!]!;
    },
    adjoint(lambda, out) {
      out.fill(0, 0, rows * cols);
      for (let k = 0; k < K; k++) out[index[k]!] = lambda[k]!;
    },
    gramPinv(b, out) {
      out.set(b.subarray(0, K));
    },
  };
}
