/**
 * Matrix completion `E(W) = ½ Σ_{(i,j)∈Ω} (W_ij − b_ij)²`, `∇E = P_Ω(W − B)` (docs/theory.md §1).
 * @see N. Razin, N. Cohen, Implicit regularization in deep learning may not be explainable by norms, NeurIPS 2020.
 */
import type { Energy } from './energy.js';
import { energiesMessages } from './messages.js';

/** One observed entry `(i, j) ↦ value` (0-based). */
export interface Observation {
  readonly i: number;
  readonly j: number;
  readonly value: number;
}

export function matrixCompletion(rows: number, cols: number, observed: readonly Observation[]): Energy {
  const idx = new Int32Array(observed.length);
  const val = new Float64Array(observed.length);
  observed.forEach((o, k) => {
    if (!(Number.isInteger(o.i) && Number.isInteger(o.j) && o.i >= 0 && o.i < rows && o.j >= 0 && o.j < cols))
      throw new RangeError(energiesMessages.observedOutside(k, o.i, o.j, rows, cols));
    idx[k] = o.i * cols + o.j;
    val[k] = o.value;
  });
  return {
    name: 'matrix-completion',
    rows,
    cols,
    hessianConstant: true,
    minimum: 0,
    value(W) {
      let s = 0;
      for (let k = 0; k < idx.length; k++) {
        const r = W[idx[k]!]! - val[k]!;
        s += r * r;
      }
      return 0.5 * s;
    },
    gradient(W, G) {
      // loops rather than fill(): on small matrices the call into the builtin costs more than the writes
      for (let i = 0; i < rows * cols; i++) G[i] = 0;
      for (let k = 0; k < idx.length; k++) G[idx[k]!] = G[idx[k]!]! + W[idx[k]!]! - val[k]!;
    },
    hessianVector(_W, V, out) {
      for (let i = 0; i < rows * cols; i++) out[i] = 0;
      for (let k = 0; k < idx.length; k++) out[idx[k]!] = out[idx[k]!]! + V[idx[k]!]!;
    },
    describe: () => ({ name: 'matrix-completion', rows, cols, observed: observed.map((o) => ({ ...o })) }),
  };
}
