/**
 * The minimum Frobenius norm solution of `𝒜(X) = y`: `X_F = 𝒜*(𝒜𝒜*)⁺ y`, the pseudo-inverse of
 * the measurement operator applied to `y` (docs/theory.md, "The convex baselines"). Depth-1
 * gradient flow from `W(0) = 0` ends there: it moves only inside the range of `𝒜*`.
 * @see G. H. Golub, C. F. Van Loan, Matrix Computations, 4th ed., §5.5 (minimum-norm least squares).
 */
import type { MeasurementOperator } from './measurementOperator.js';

/** `X_F` (row-major `rows × cols`) for the readings `y` (length `K`). */
export function minFrobenius(op: MeasurementOperator, y: Float64Array): Float64Array {
  const lambda = new Float64Array(op.count);
  op.gramPinv(y, lambda);
  const X = new Float64Array(op.rows * op.cols);
  op.adjoint(lambda, X);
  return X;
}
