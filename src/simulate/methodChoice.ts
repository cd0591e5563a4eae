/**
 * Which method `auto` runs. `auto` is LSODA's Adams ↔ BDF switching on a dense Jacobian; for a system
 * that offers exact Jacobian-vector products and a preconditioner (the end-to-end flow at full rank,
 * `flows/downstairs.ts`) of at least `KRYLOV_MIN_STATES` states it runs `bdf-krylov` instead, which
 * forms no `dim × dim` matrix. Measured on a 20×20 depth-∞ completion from α = 1e-4 to τ = 1e5 (400
 * states): bdf-krylov 0.50–1.08 s against auto's dense path 0.90–1.47 s at rtol 1e-6…1e-10; on the
 * 50×50 one from α = 1e-5 to τ = 1e6 (2,500 states), 13.7 s against 99 s (docs/benchmarks.md).
 */
import type { MethodName } from '../ode/methods.js';
import type { OdeSystem } from '../ode/types.js';

/** From this many states up, `auto` runs `bdf-krylov` on systems with exact products and a preconditioner. */
export const KRYLOV_MIN_STATES = 400;

/** The method a run of `system` uses when `requested` is asked for. */
export function methodFor(requested: MethodName, system: OdeSystem): MethodName {
  return requested === 'auto' && system.jvp !== undefined && system.preconditioner !== undefined && system.dim >= KRYLOV_MIN_STATES ? 'bdf-krylov' : requested;
}
