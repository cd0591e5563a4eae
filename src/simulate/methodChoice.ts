/**
 * Which method `auto` runs. `auto` is LSODA's Adams ↔ BDF switching on a dense Jacobian; for a depth-∞
 * flow that offers exact Jacobian-vector products and a preconditioner (the end-to-end flow at full rank,
 * `flows/downstairs.ts`) of at least `KRYLOV_MIN_STATES` states it runs `auto-krylov` instead: the same
 * switching, with the BDF steps' Newton systems solved by GMRES on products, so no `dim × dim` matrix
 * is formed. Measured on a 20×20 depth-∞ completion from α = 1e-4 to τ = 1e5 (400 states): 0.63,
 * 0.82, 1.39 s at rtol 1e-6, 1e-8, 1e-10 against the dense path's 1.5, 1.7, 2.1 s (the same loaded
 * host); on the 50×50 one from α = 1e-5 to τ = 1e6 (2,500 states) as fast as bdf-krylov (25.7 s and
 * 26.6 s side by side on a loaded host; 13.7 s for bdf-krylov alone, against the dense path's 99 s).
 */
import type { MethodName } from '../ode/methods.js';
import type { OdeSystem } from '../ode/types.js';

/** From this many states up, `auto` runs `auto-krylov` on depth-∞ flows with exact products and a preconditioner. */
export const KRYLOV_MIN_STATES = 400;

/**
 * The method a run of `system` uses when `requested` is asked for: `auto-krylov` for `auto` on a flow
 * at depth ∞ (a `depth` of Infinity) of `KRYLOV_MIN_STATES` states or more with exact products and a
 * preconditioner. Only at depth ∞: there the modes that never escaped are frozen (their coefficients
 * are of order α²), so the preconditioner's stiff set stays a few rows and columns. At finite depth
 * their coefficients are larger (order α^{2−2/N}) and the set can hold every index: on the 30×30
 * sensing flow (900 states) at depth 2 bdf-krylov took 2.6 s (α = 0.1) and 2.0 s (α = 1e-5) against
 * the dense path's 0.67 and 1.2 s, while at depth ∞ auto-krylov took 2.0 s (α = 1e-3) and 4.1 s
 * (α = 1e-5) against 4.0 and 15.4 s.
 */
export function methodFor(requested: MethodName, system: OdeSystem & { readonly depth?: number }): MethodName {
  const fits = system.depth === Infinity && system.jvp !== undefined && system.preconditioner !== undefined && system.dim >= KRYLOV_MIN_STATES;
  return requested === 'auto' && fits ? 'auto-krylov' : requested;
}
