/**
 * Which method `auto` runs. `auto` is LSODA's Adams ↔ BDF switching on a dense Jacobian; for an
 * end-to-end flow that offers exact Jacobian-vector products and a preconditioner (the downstairs flow
 * at full rank, `flows/downstairs.ts`, at any depth) of at least `KRYLOV_MIN_STATES` states it runs
 * `auto-krylov` instead: the same switching, with the BDF steps' Newton systems solved by GMRES on
 * products, so no `dim × dim` matrix is formed or factored.
 *
 * Measured (one run each, the same host, `auto` against `auto-krylov`):
 * - depth ∞: a 20×20 completion from α = 1e-4 to τ = 1e5 (400 states) in 0.63, 0.82, 1.39 s at rtol
 *   1e-6, 1e-8, 1e-10 against the dense path's 1.5, 1.7, 2.1 s; the 50×50 one from α = 1e-5 to τ = 1e6
 *   (2,500 states) in 13.7 s against 99 s;
 * - finite depth, on the 30×30 sensing flow of `sensing-vs-nuclear-norm-depth-inf` (900 states, its
 *   60 finite-depth runs, jacobianAge 20): 21.0 s in all against the dense path's 34.4 s; per run at
 *   α = 1e-5, depth 3 0.77–0.94 s against 1.8–2.0 s and depth 4 1.0–1.4 s against 2.0–2.9 s; at
 *   depths 1 and 2 within the runs' scatter (0.1–0.6 s either way);
 * - finite depth on the 50×50 completion of `completion-vs-nuclear-norm-depth-inf` (2,500 states)
 *   from α = 1e-3: depth 2 in 5.2 s against 9.6 s, depth 3 in 6.0 s against 13.3 s.
 * At finite depth the modes that never escaped are not frozen (their coefficients are of order
 * α^{2−2/N}, not α²), so the preconditioner's stiff set can hold more indices than at depth ∞; its
 * Schur complement is then factored densely, no larger than the dense path's matrix.
 */
import type { MethodName } from '../ode/methods.js';
import type { OdeSystem } from '../ode/types.js';

/** From this many states up, `auto` runs `auto-krylov` on end-to-end flows with exact products and a preconditioner. */
export const KRYLOV_MIN_STATES = 400;

/**
 * The method a run of `system` uses when `requested` is asked for: `auto-krylov` for `auto` on a flow
 * of `KRYLOV_MIN_STATES` states or more with exact products and a preconditioner (the end-to-end flow
 * at any depth; factor flows have no preconditioner and keep the dense path).
 */
export function methodFor(requested: MethodName, system: OdeSystem): MethodName {
  const fits = system.jvp !== undefined && system.preconditioner !== undefined && system.dim >= KRYLOV_MIN_STATES;
  return requested === 'auto' && fits ? 'auto-krylov' : requested;
}
