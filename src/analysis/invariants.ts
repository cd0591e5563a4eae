/**
 * The conserved quantities of the upstairs flow (docs/theory.md §2): `D_j = W_{j+1}ᵀ W_{j+1} − W_j W_jᵀ`
 * (`d_j × d_j`, `j = 1..N−1`). Their drift `max_j ‖D_j(t) − D_j(0)‖_F` is a free, exact measure of
 * integration error; `‖D_j‖_F` is the Gram mismatch between adjacent layers (0 when balanced).
 */
import { frobeniusDistance, frobeniusNorm } from '../linalg/norms.js';
import { matmulNT, matmulTN } from '../linalg/products.js';
import type { FactorLayout } from '../flows/layout.js';

/** `D_1 … D_{N−1}` of the state `y`. */
export function invariants(layout: FactorLayout, y: Float64Array): Float64Array[] {
  const { widths: d, offsets, depth: N } = layout;
  const out: Float64Array[] = [];
  for (let j = 1; j < N; j++) {
    const dj = d[j]!;
    const D = new Float64Array(dj * dj);
    const WWt = new Float64Array(dj * dj);
    matmulTN(y, y, D, dj, d[j + 1]!, dj, offsets[j], offsets[j], 0); // W_{j+1}ᵀ W_{j+1}
    matmulNT(y, y, WWt, dj, d[j - 1]!, dj, offsets[j - 1], offsets[j - 1], 0); // W_j W_jᵀ
    for (let i = 0; i < dj * dj; i++) D[i] = D[i]! - WWt[i]!;
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
