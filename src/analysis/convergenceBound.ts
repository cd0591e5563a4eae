/**
 * The linear-convergence bound of docs/theory.md §8.1 (Arora, Cohen, Golowich, Hu 2019): for the
 * whitened loss `E = ½‖W − Φ‖_F²`, a balanced start with deficiency margin `c > 0` gives
 * `E(t) ≤ E(0)·exp(−r t)` with the rate `r` below, in the run's own time convention.
 * @see S. Arora, N. Cohen, N. Golowich, W. Hu, A convergence analysis of gradient descent for deep linear neural networks, ICLR 2019.
 */
import type { TimeConvention } from '../flows/time.js';
import { analysisMessages } from './messages.js';

/**
 * The guaranteed exponential rate of `E`: `2N c^{2(N−1)/N}` in upstairs time, `2 c^{2(N−1)/N}` in
 * normalised time `τ = N t`, and at depth ∞ (normalised only) its limit `2c²`. A margin `c ≤ 0`
 * guarantees no rate: `0` (the bound degenerates to `E(t) ≤ E(0)`, which every gradient flow has).
 */
export function convergenceRate(c: number, depth: number, time: TimeConvention): number {
  if (!(depth >= 1) || (Number.isFinite(depth) && !Number.isInteger(depth))) throw new RangeError(analysisMessages.rateDepth(depth));
  if (Number.isNaN(c)) return NaN;
  if (!(c > 0)) return 0;
  if (!Number.isFinite(depth)) {
    if (time === 'upstairs') throw new RangeError(analysisMessages.rateInfiniteUpstairs());
    return 2 * c * c;
  }
  const r = 2 * c ** ((2 * (depth - 1)) / depth);
  return time === 'upstairs' ? depth * r : r;
}

/** `E(0)·exp(−r t)` with `r = convergenceRate(c, depth, time)`: the largest loss the theorem allows at time `t`. */
export function convergenceBound(loss0: number, c: number, depth: number, time: TimeConvention, t: number): number {
  return loss0 * Math.exp(-convergenceRate(c, depth, time) * t);
}
