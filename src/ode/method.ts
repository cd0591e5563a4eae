/**
 * A method as a value: what `solve` needs to know about it (name, order, stiffness class, dense
 * output) and how to run it — a stepper factory for the one-step and multistep methods, which the
 * shared driver loops, or a whole-span driver for a package with its own loop (odex). Each method
 * is one file exporting one description; `methods.ts` lists them, and `MethodName` is their names.
 * @see diffrax, `_solver/*.py` (one solver object per file, passed to one entry point);
 *      OrdinaryDiffEq.jl's algorithm traits (`alg_order`, `isstiff`).
 */
import type { Prepared } from './driver.js';
import type { Stepper, StepperContext } from './stepper.js';
import type { MethodOptions } from './tuning.js';
import type { OdeSystem, Solution } from './types.js';

/** `non-stiff`: explicit, stability-limited; `stiff`: implicit or linearly implicit; `switching`: picks one of the two as it goes. */
export type StiffnessClass = 'non-stiff' | 'stiff' | 'switching';

/**
 * How the method's interpolant between steps is built: a Runge–Kutta continuous extension, a
 * Rosenbrock dense formula, the collocation polynomial of a collocation method (Radau IIA), the
 * Nordsieck history polynomial, extrapolated dense output, or that of whichever method took the step
 * (`switching`).
 */
export type DenseOutputKind = 'continuous-extension' | 'rosenbrock-dense' | 'collocation' | 'nordsieck' | 'extrapolation' | 'switching';

/** What a stepper factory gets: the problem, the validated options and the first derivative. */
export interface StepperStart {
  readonly system: OdeSystem;
  readonly ctx: StepperContext;
  readonly t0: number;
  readonly t1: number;
  readonly y0: Float64Array;
  /** `f(t0, y0)`, already evaluated (and counted). */
  readonly f0: Float64Array;
  /** `SolveOptions.h0`, when given. */
  readonly h0: number | undefined;
  /** `SolveOptions.jacobianAge`, when given. */
  readonly jacobianAge: number | undefined;
  readonly tuning: MethodOptions;
}

/** How a method runs. */
export type Algorithm = { readonly kind: 'stepper'; start(s: StepperStart): Stepper } | { readonly kind: 'driver'; run(p: Prepared): Solution };

/** One method, as `solve` and the scenario schema see it. */
export interface SolverDescription<Name extends string = string> {
  readonly name: Name;
  /** Order of the solution (the highest for variable-order methods). */
  readonly order: number;
  readonly stiffness: StiffnessClass;
  readonly dense: DenseOutputKind;
  /** True when the method factorises matrices and so needs `SolveOptions.linearAlgebra`. */
  readonly needsLinearAlgebra: boolean;
  readonly algorithm: Algorithm;
}
