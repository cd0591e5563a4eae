/**
 * The method `odex`: Gragg–Bulirsch–Stoer extrapolation through the `odex` package, which runs its
 * own step loop (odexAdapter.ts); save-at points and events come from its dense output.
 * @see E. Hairer, S. P. Nørsett, G. Wanner, Solving ODEs I, 2nd ed., §II.9 (ODEX).
 */
import type { SolverDescription } from './method.js';
import { solveOdex } from './odexAdapter.js';

export const odex: SolverDescription<'odex'> = {
  name: 'odex',
  order: 18,
  stiffness: 'non-stiff',
  dense: 'extrapolation',
  needsLinearAlgebra: false,
  algorithm: { kind: 'driver', run: solveOdex },
};
