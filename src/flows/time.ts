/**
 * The two time conventions of docs/theory.md §3. `upstairs`: gradient flow of the factors on `E`, time `t`.
 * `normalized`: the Riemannian convention of Cohen–Menon–Veraszto, `dW/dτ = −A_{N,W}(∇E)`, time
 * `τ = N t` (equivalently the upstairs flow on `E/N`). Depth ∞ exists only in normalised time.
 */
import { flowsMessages } from './messages.js';

export type TimeConvention = 'upstairs' | 'normalized';

/** The convention a model runs in when it names none: upstairs, and normalised at depth ∞ (where upstairs time does not exist). */
export function defaultTime(depth: number): TimeConvention {
  return Number.isFinite(depth) ? 'upstairs' : 'normalized';
}

/** The factor that turns an upstairs-time velocity into one in the given convention: `1` or `1/N`. */
export function velocityScale(depth: number, time: TimeConvention): number {
  if (time === 'upstairs') {
    if (!Number.isFinite(depth)) throw new RangeError(flowsMessages.noUpstairsTimeUseNormalized());
    return 1;
  }
  return Number.isFinite(depth) ? 1 / depth : 1;
}

/** Converts a time in one convention to the other: `τ = N t`. */
export function convertTime(value: number, depth: number, from: TimeConvention, to: TimeConvention): number {
  if (from === to) return value;
  if (!Number.isFinite(depth)) throw new RangeError(flowsMessages.noUpstairsTime());
  return from === 'upstairs' ? value * depth : value / depth;
}
