/**
 * The Nordsieck stepper as a method value, shared by `bdf` and `auto` (they differ only in the
 * family they start with) and, with a matrix-free linear solver, by `bdf-krylov` and `auto-krylov`:
 * the options it reads from `solve`'s options and tuning.
 */
import type { StepperStart } from './method.js';
import { NordsieckStepper, type NewtonLinearSolver, type NordsieckOptions } from './nordsieck.js';
import type { Stepper } from './stepper.js';

/** A Nordsieck stepper of `family` for the start `s`; its Newton systems solved by `linearSolver` when given, else by dense LU. */
export function startNordsieck(family: NordsieckOptions['family'], s: StepperStart, linearSolver?: NewtonLinearSolver): Stepper {
  return new NordsieckStepper(
    s.system,
    s.ctx,
    s.t0,
    s.y0,
    {
      family,
      t1: s.t1,
      ...(s.h0 === undefined ? {} : { h0: s.h0 }),
      ...s.tuning.nordsieck,
      ...(s.jacobianAge === undefined ? {} : { jacobianAge: s.jacobianAge }),
      ...(linearSolver === undefined ? {} : { linearSolver }),
    },
    s.f0,
  );
}
