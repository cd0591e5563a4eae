/**
 * The unbalancedness of a factor state as columns: `normD{j} = ‖D_j‖_F` and `traceD{j} = tr D_j`
 * for `D_j = W_{j+1}ᵀW_{j+1} − W_jW_jᵀ`, `j = 1 … N−1` (docs/theory.md §2; under Langevin noise
 * `E[tr D_j(t)] = tr D_j(0) + (2/β)(d_{j+1} − d_{j−1}) d_j t`).
 */
import { invariants } from '../analysis/invariants.js';
import type { FactorLayout } from '../flows/layout.js';
import { frobeniusNorm } from '../linalg/norms.js';

/** The column names for a model of depth N: `normD1 … normD{N−1}`, `traceD1 … traceD{N−1}`. */
export function balanceColumnNames(depth: number): string[] {
  const names: string[] = [];
  for (let j = 1; j < depth; j++) names.push(`normD${String(j)}`);
  for (let j = 1; j < depth; j++) names.push(`traceD${String(j)}`);
  return names;
}

/** `normD{j}` and `traceD{j}` of the packed factors `y`. */
export function balanceColumns(layout: FactorLayout, y: Float64Array): Record<string, number> {
  const out: Record<string, number> = {};
  invariants(layout, y).forEach((D, i) => {
    const d = layout.widths[i + 1]!;
    let tr = 0;
    for (let k = 0; k < d; k++) tr += D[k * d + k]!;
    out[`normD${String(i + 1)}`] = frobeniusNorm(D);
    out[`traceD${String(i + 1)}`] = tr;
  });
  return out;
}
