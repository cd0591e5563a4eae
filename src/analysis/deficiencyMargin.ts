/**
 * The deficiency margin of an end-to-end matrix against a square target (docs/theory.md §8.1):
 * `c(W) = σ_min(Φ) − ‖W − Φ‖_F`. A balanced start with `c(W(0)) > 0` converges linearly under the
 * whitened loss `½‖W − Φ‖_F²` (`convergenceBound.ts`); by Weyl's inequality `σ_min(W) ≥ c(W)`.
 * @see S. Arora, N. Cohen, N. Golowich, W. Hu, A convergence analysis of gradient descent for deep linear neural networks, ICLR 2019.
 */
import { frobeniusDistance } from '../linalg/norms.js';
import { singularValues } from '../linalg/svd.js';
import { analysisMessages } from './messages.js';

/**
 * The margin function of a square `n × n` target `Φ` (row-major): `W ↦ σ_min(Φ) − ‖W − Φ‖_F`.
 * `σ_min(Φ)` is computed once here; the returned function allocates nothing.
 */
export function deficiencyMarginOf(Phi: ArrayLike<number>, n: number): (W: ArrayLike<number>) => number {
  if (!(Number.isInteger(n) && n >= 1) || Phi.length !== n * n) throw new RangeError(analysisMessages.marginShape(n, Phi.length));
  const target = Float64Array.from(Phi);
  const sigma = singularValues(Float64Array.from(target), n, n);
  const sMin = sigma[n - 1]!;
  return (W) => {
    if (W.length !== n * n) throw new RangeError(analysisMessages.marginShape(n, W.length));
    return sMin - frobeniusDistance(W, target);
  };
}

/** `σ_min(Φ) − ‖W − Φ‖_F` for square `n × n` row-major `W` and `Φ` (one call; see `deficiencyMarginOf` for many). */
export function deficiencyMargin(W: ArrayLike<number>, Phi: ArrayLike<number>, n: number): number {
  return deficiencyMarginOf(Phi, n)(W);
}
