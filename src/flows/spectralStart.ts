/**
 * What spectral coordinates (`spectral.ts`) need of a problem and its start, and the start's SVD:
 * a square energy, a finite nonsingular `W0`, and singular values pairwise separated.
 */
import type { Energy } from '../energies/energy.js';
import { SvdWorkspace } from '../linalg/svd.js';
import { flowsMessages } from './messages.js';

/**
 * The smallest relative gap `(σ_i − σ_l)/σ_i ≈ |ℓ_i − ℓ_l|` between singular values of a start that
 * `spectralFlow` accepts. `q_il` is of order `1/gap` (relative to `K`): below 1e-6 the frames turn at
 * rates a million times the field's own (the first steps shrink accordingly), and the rounding of the
 * stored `ℓ` (`ε|ℓ|`) perturbs `q` by `ε|ℓ|/gap`, more than 1e-9 relative for `|ℓ| ≳ 5`. Equal
 * singular values are the chart's singularity, not the flow's: run that stretch end to end.
 */
export const SPECTRAL_MIN_GAP = 1e-6;

/** Checks the energy, depth and start, and returns the start's SVD (Jacobi: small σ to relative accuracy). */
export function spectralStart(energy: Energy, depth: number, W0: ArrayLike<number>): SvdWorkspace {
  if (!(depth === Infinity || (Number.isInteger(depth) && depth >= 1))) throw new RangeError(flowsMessages.depth(depth));
  const n = energy.rows;
  if (energy.cols !== n) throw new RangeError(flowsMessages.spectralNotSquare(energy.rows, energy.cols));
  if (W0.length !== n * n) throw new RangeError(flowsMessages.spectralStartShape(n, W0.length));
  for (let i = 0; i < n * n; i++) if (!Number.isFinite(W0[i]!)) throw new RangeError(flowsMessages.spectralStartNonFinite(i));
  const svd = new SvdWorkspace(n, n, false, false, 'jacobi').compute(Float64Array.from(W0));
  const sigma = svd.sigma;
  if (!(sigma[n - 1]! > 0)) throw new RangeError(flowsMessages.spectralSingularStart(n, sigma[0]!));
  for (let i = 0; i + 1 < n; i++) {
    const gap = Math.log(sigma[i]! / sigma[i + 1]!);
    if (!(gap >= SPECTRAL_MIN_GAP)) throw new RangeError(flowsMessages.spectralEqualSingularValues(i, sigma[i]!, sigma[i + 1]!, gap, SPECTRAL_MIN_GAP));
  }
  return svd;
}
