/**
 * The conserved quantities of the upstairs flow (THEORY.md §2): `D_j = W_{j+1}ᵀ W_{j+1} − W_j W_jᵀ`
 * (`d_j × d_j`, `j = 1..N−1`). Their drift `max_j ‖D_j(t) − D_j(0)‖_F` is a free, exact measure of
 * integration error; `‖D_j‖_F` is the Gram mismatch between adjacent layers (0 when balanced).
 */
import { frobeniusDistance, frobeniusNorm } from '../linalg/norms.js';
import type { FactorLayout } from '../flows/layout.js';

/** `D_1 … D_{N−1}` of the state `y`. */
export function invariants(layout: FactorLayout, y: Float64Array): Float64Array[] {
  const { widths: d, offsets, depth: N } = layout;
  const out: Float64Array[] = [];
  for (let j = 1; j < N; j++) {
    const dj = d[j]!;
    const D = new Float64Array(dj * dj);
    // W_{j+1} is d_{j+1} × d_j: (W_{j+1}ᵀ W_{j+1})_{ab} = Σ_r W[r,a] W[r,b]
    const up = offsets[j]!;
    const rows = d[j + 1]!;
    for (let r = 0; r < rows; r++)
      for (let a = 0; a < dj; a++) {
        const x = y[up + r * dj + a]!;
        if (x === 0) continue;
        for (let b = 0; b < dj; b++) D[a * dj + b] = D[a * dj + b]! + x * y[up + r * dj + b]!;
      }
    // W_j is d_j × d_{j−1}: (W_j W_jᵀ)_{ab} = Σ_c W[a,c] W[b,c]
    const lo = offsets[j - 1]!;
    const cols = d[j - 1]!;
    for (let a = 0; a < dj; a++)
      for (let b = 0; b < dj; b++) {
        let s = 0;
        for (let c = 0; c < cols; c++) s += y[lo + a * cols + c]! * y[lo + b * cols + c]!;
        D[a * dj + b] = D[a * dj + b]! - s;
      }
    out.push(D);
  }
  return out;
}

/** `max_j ‖D_j(y) − D_j^0‖_F` (0 at depth 1). */
export function invariantDrift(layout: FactorLayout, y: Float64Array, D0: readonly Float64Array[]): number {
  const D = invariants(layout, y);
  let m = 0;
  D.forEach((Dj, i) => (m = Math.max(m, frobeniusDistance(Dj, D0[i]!))));
  return m;
}

/** `‖D_j‖_F` for each adjacent pair: how far the factors are from balanced. */
export function gramMismatch(layout: FactorLayout, y: Float64Array): number[] {
  return invariants(layout, y).map((D) => frobeniusNorm(D));
}
