/** Shared set-up for the flow tests. */
import { whitenedRegression } from '../../src/energies/whitenedRegression.js';
import type { Energy } from '../../src/energies/energy.js';
import { balancedFactors } from '../../src/init/inits.js';
import { Rng } from '../../src/init/rng.js';
import { matmulNT } from '../../src/linalg/products.js';

/** Whitened regression towards a random O(1) target, with a seeded rank-`rank` start of scale ~0.3. */
export function problem(rows: number, cols: number, rank: number, seed: number): { energy: Energy; W0: Float64Array } {
  const rng = new Rng(seed);
  const energy = whitenedRegression(rows, cols, rng.normals(rows * cols));
  const X = rng.normals(rows * rank, 0.4);
  const Y = rng.normals(cols * rank, 0.4);
  const W0 = new Float64Array(rows * cols);
  matmulNT(X, Y, W0, rows, rank, cols);
  return { energy, W0 };
}

export function widthsFor(rows: number, cols: number, N: number, hidden: number): number[] {
  return [cols, ...Array.from({ length: N - 1 }, () => hidden), rows];
}

export function balanced(widths: number[], W0: Float64Array, seed: number): Float64Array[] {
  return balancedFactors(widths, W0, { rng: new Rng(seed) });
}
