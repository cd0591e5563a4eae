/**
 * Where each factor lives in the one flat state vector of the upstairs flow (DESIGN.md, "State
 * layout"): `W_1 … W_N` row-major, one after another; `W_j` is `d_j × d_{j−1}`.
 */
import { matmul } from '../linalg/products.js';
import { flowsMessages } from './messages.js';

/** Widths `d_0 … d_N` and the offsets of the factors in the state. */
export interface FactorLayout {
  /** `d_0` (input) … `d_N` (output); length `N + 1`. */
  readonly widths: readonly number[];
  readonly depth: number;
  /** `offsets[j − 1]` is where `W_j` starts. */
  readonly offsets: readonly number[];
  /** Total number of parameters `Σ d_j d_{j−1}`. */
  readonly dim: number;
}

export function factorLayout(widths: readonly number[]): FactorLayout {
  if (widths.length < 2) throw new RangeError(flowsMessages.widthsCount(widths.length));
  widths.forEach((d, i) => {
    if (!Number.isInteger(d) || d < 1) throw new RangeError(flowsMessages.width(i, d));
  });
  const offsets: number[] = [];
  let dim = 0;
  for (let j = 1; j < widths.length; j++) {
    offsets.push(dim);
    dim += widths[j]! * widths[j - 1]!;
  }
  return { widths: [...widths], depth: widths.length - 1, offsets, dim };
}

/** Copies factor `j` (1-based) out of the state. */
export function factorOf(layout: FactorLayout, y: Float64Array, j: number): Float64Array {
  const o = layout.offsets[j - 1]!;
  return y.slice(o, o + layout.widths[j]! * layout.widths[j - 1]!);
}

/** Packs factors `W_1 … W_N` into one state vector, checking their shapes. */
export function packFactors(layout: FactorLayout, factors: readonly ArrayLike<number>[]): Float64Array {
  if (factors.length !== layout.depth) throw new RangeError(flowsMessages.factorCount(layout.depth, factors.length));
  const y = new Float64Array(layout.dim);
  factors.forEach((F, i) => {
    const n = layout.widths[i + 1]! * layout.widths[i]!;
    if (F.length !== n) throw new RangeError(flowsMessages.factorShape(i + 1, layout.widths[i + 1]!, layout.widths[i]!, F.length));
    y.set(Array.from(F), layout.offsets[i]);
  });
  return y;
}

/** `W_N ⋯ W_1` (`d_N × d_0`) in new arrays: for analysis, not hot paths (the flow has `endToEnd`). */
export function endToEndOf(layout: FactorLayout, y: Float64Array): Float64Array {
  const { widths, depth, offsets } = layout;
  const d0 = widths[0]!;
  let P = y.slice(offsets[0], offsets[0]! + widths[1]! * d0);
  for (let j = 2; j <= depth; j++) {
    const next = new Float64Array(widths[j]! * d0);
    matmul(y, P, next, widths[j]!, widths[j - 1]!, d0, offsets[j - 1], 0, 0);
    P = next;
  }
  return P;
}
