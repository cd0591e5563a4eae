/**
 * The method `bdf`: variable-order (1–5) BDF in Nordsieck form, LSODE's algorithm (nordsieck.ts),
 * with modified Newton on a reused Jacobian and LSODA's step and order selection.
 * @see A. C. Hindmarsh, "ODEPACK, a systematized collection of ODE solvers", in Scientific
 *      Computing, North-Holland (1983) 55–64; E. Hairer, G. Wanner, Solving ODEs II, §III.6.
 */
import type { SolverDescription } from './method.js';
import { startNordsieck } from './nordsieckMethod.js';

export const bdf: SolverDescription<'bdf'> = {
  name: 'bdf',
  order: 5,
  stiffness: 'stiff',
  dense: 'nordsieck',
  needsLinearAlgebra: true,
  algorithm: { kind: 'stepper', start: (s) => startNordsieck('bdf', s) },
};
