/**
 * The method `auto-rk`: DOPRI5 ↔ RODAS4 on Hairer's stiffness test (the stepper is in auto.ts).
 * @see E. Hairer, G. Wanner, Solving ODEs II, §IV.2 (stiffness detection for DOPRI5).
 */
import { AutoStepper } from './auto.js';
import type { SolverDescription } from './method.js';

export const autoRk: SolverDescription<'auto-rk'> = {
  name: 'auto-rk',
  order: 5,
  stiffness: 'switching',
  dense: 'switching',
  needsLinearAlgebra: true,
  algorithm: {
    kind: 'stepper',
    start: (s) => new AutoStepper(s.system, s.ctx, s.t0, s.y0, { ...(s.h0 === undefined ? {} : { h0: s.h0 }), ...s.tuning.auto }, s.f0),
  },
};
