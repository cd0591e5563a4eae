/**
 * `solve` as the library exports it: the ODE layer's `solve` with the library's linear algebra
 * (odeLinearAlgebra.ts) filled in, so that a caller of the package integrates with any method,
 * stiff ones included, without knowing the ODE layer takes its linear algebra as an option.
 */
import type { MethodName } from '../ode/methods.js';
import { solve as odeSolve, type MethodOptions } from '../ode/solve.js';
import type { OdeSystem, Solution, SolveOptions } from '../ode/types.js';
import { odeLinearAlgebra } from './odeLinearAlgebra.js';

/** `solve(system, method, options, tuning)` with `linearAlgebra: odeLinearAlgebra` unless the options give one. */
export function solve(system: OdeSystem, method: MethodName, options: SolveOptions, tuning?: MethodOptions): Solution {
  return odeSolve(system, method, { linearAlgebra: odeLinearAlgebra, ...options }, tuning);
}
