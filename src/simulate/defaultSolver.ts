/** The solver settings of a run when the caller (a library call or a scenario file) gives none. */
import type { MethodName } from '../ode/methods.js';

/**
 * Method, tolerances and step budget used by `simulate` for whatever `SolverSpec` leaves out, and by
 * the scenario schema's `solver` defaults. Tighter than `solve`'s own defaults: these runs are
 * compared with closed forms. A million steps keeps the rounding a factor collects, ~ε‖W_j‖ per
 * step, below the precision guard's floor (see `PRECISION_FLOOR`).
 */
export const DEFAULT_SOLVER: { readonly method: MethodName; readonly rtol: number; readonly atol: number; readonly maxSteps: number } = Object.freeze({
  method: 'auto',
  rtol: 1e-8,
  atol: 1e-10,
  maxSteps: 1_000_000,
});
