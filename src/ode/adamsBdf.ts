/**
 * The method `auto`: LSODA — Adams (orders 1–12) while the problem is non-stiff, BDF (1–5) when the
 * step is stability-limited, switching on Petzold's test (nordsieck.ts).
 * @see L. Petzold, "Automatic selection of methods for solving stiff and nonstiff systems of ODEs",
 *      SIAM J. Sci. Stat. Comput. 4 (1983) 136–148.
 */
import type { SolverDescription } from './method.js';
import { startNordsieck } from './nordsieckMethod.js';

export const auto: SolverDescription<'auto'> = {
  name: 'auto',
  order: 12,
  stiffness: 'switching',
  dense: 'nordsieck',
  needsLinearAlgebra: true,
  algorithm: { kind: 'stepper', start: (s) => startNordsieck('adams-bdf', s) },
};
