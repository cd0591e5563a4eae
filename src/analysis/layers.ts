/** Per-layer diagnostics users asked for (docs/theory.md §7): Frobenius norms and top singular values. */
import { frobeniusNorm } from '../linalg/norms.js';
import { singularValues } from '../linalg/svd.js';
import type { FactorLayout } from '../flows/layout.js';

export interface LayerSummary {
  /** `‖W_j‖_F`, j = 1..N. */
  readonly frobenius: number[];
  /** `σ_max(W_j)`. */
  readonly top: number[];
}

export function layerSummary(layout: FactorLayout, y: Float64Array): LayerSummary {
  const frobenius: number[] = [];
  const top: number[] = [];
  for (let j = 1; j <= layout.depth; j++) {
    const rows = layout.widths[j]!;
    const cols = layout.widths[j - 1]!;
    const W = y.subarray(layout.offsets[j - 1], layout.offsets[j - 1]! + rows * cols);
    frobenius.push(frobeniusNorm(W));
    top.push(singularValues(W, rows, cols)[0] ?? 0);
  }
  return { frobenius, top };
}
