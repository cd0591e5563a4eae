/**
 * The method `auto-krylov`: LSODA's Adams ↔ BDF switching (`auto`, nordsieck.ts) with the BDF steps'
 * Newton systems solved matrix-free as in `bdf-krylov` (GMRES on Jacobian-vector products, the
 * system's preconditioner). Petzold's switching test reads ‖J‖ in the weighted max norm; with no J
 * formed it is estimated at each preconditioner setup by a few power iterations on products
 * (`NewtonKrylov.normEstimate`, a lower bound, exact for a J with nonnegative entries). A low
 * estimate can only make the test prefer Adams sooner, and the Adams steps then meet their own
 * stability test (the Lipschitz estimate of the functional iteration) as in `auto`.
 * `simulate` runs it for `auto` on flows with exact products and a preconditioner (the end-to-end flow, at any depth) from 400 states.
 * @see L. Petzold, "Automatic selection of methods for solving stiff and nonstiff systems of ODEs",
 *      SIAM J. Sci. Stat. Comput. 4 (1983) 136–148; P. N. Brown, A. C. Hindmarsh, Reduced storage
 *      matrix methods in stiff ODE systems, Appl. Math. Comput. 31 (1989) 40–91.
 */
import { startKrylov } from './bdfKrylov.js';
import type { SolverDescription } from './method.js';

export const autoKrylov: SolverDescription<'auto-krylov'> = {
  name: 'auto-krylov',
  order: 12,
  stiffness: 'switching',
  dense: 'nordsieck',
  needsLinearAlgebra: false,
  algorithm: { kind: 'stepper', start: (s) => startKrylov('adams-bdf', s) },
};
