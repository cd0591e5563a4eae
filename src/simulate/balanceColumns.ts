/**
 * The unbalancedness of a factor state as columns: `normD{j} = ‖D_j‖_F` and `traceD{j} = tr D_j`
 * for `D_j = W_{j+1}ᵀW_{j+1} − W_jW_jᵀ`, `j = 1 … N−1` (docs/theory.md §2; under Langevin noise
 * `E[tr D_j(t)] = tr D_j(0) + (2/β)(d_{j+1} − d_{j−1}) d_j t`).
 */
import type { DiagnosticsRow } from './diagnostics.js';

/** The column names for a model of depth N: `normD1 … normD{N−1}`, `traceD1 … traceD{N−1}`. */
export function balanceColumnNames(depth: number): string[] {
  const names: string[] = [];
  for (let j = 1; j < depth; j++) names.push(`normD${String(j)}`);
  for (let j = 1; j < depth; j++) names.push(`traceD${String(j)}`);
  return names;
}

/** `normD{j}` and `traceD{j}` of a saved row, from the D_j its diagnostics computed (`gramMismatch`, `gramTrace`). */
export function balanceColumns(row: Pick<DiagnosticsRow, 'gramMismatch' | 'gramTrace'>): Record<string, number> {
  const out: Record<string, number> = {};
  row.gramMismatch?.forEach((v, i) => (out[`normD${String(i + 1)}`] = v));
  row.gramTrace?.forEach((v, i) => (out[`traceD${String(i + 1)}`] = v));
  return out;
}
