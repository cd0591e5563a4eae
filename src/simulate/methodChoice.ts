/**
 * Which method `auto` runs. `auto` is LSODA's Adams ↔ BDF switching on a dense Jacobian; for a system
 * that offers exact Jacobian-vector products and a preconditioner (the end-to-end flow at full rank,
 * `flows/downstairs.ts`) of at least `KRYLOV_MIN_STATES` states it runs `auto-krylov` instead: the same
 * switching, with the BDF steps' Newton systems solved by GMRES on products, so no `dim × dim` matrix
 * is formed. Measured on a 20×20 depth-∞ completion from α = 1e-4 to τ = 1e5 (400 states): 0.63,
 * 0.82, 1.39 s at rtol 1e-6, 1e-8, 1e-10 against the dense path's 1.5, 1.7, 2.1 s (the same loaded
 * host); on the 50×50 one from α = 1e-5 to τ = 1e6 (2,500 states) as fast as bdf-krylov (25.7 s and
 * 26.6 s side by side on a loaded host; 13.7 s for bdf-krylov alone, against the dense path's 99 s).
 */
import type { MethodName } from '../ode/methods.js';
import type { OdeSystem } from '../ode/types.js';

/** From this many states up, `auto` runs `bdf-krylov` on systems with exact products and a preconditioner. */
export const KRYLOV_MIN_STATES = 400;

/** The method a run of `system` uses when `requested` is asked for. */
export function methodFor(requested: MethodName, system: OdeSystem): MethodName {
  return requested === 'auto' && system.jvp !== undefined && system.preconditioner !== undefined && system.dim >= KRYLOV_MIN_STATES ? 'auto-krylov' : requested;
}
