/**
 * The linear algebra the ODE layer needs, as an interface the backend implements: dense LU for the
 * stiff methods' Newton and Rosenbrock matrices, and an optional native `dgemv` for the explicit
 * steppers' vector arithmetic on large states. `src/ode/` does not import `src/linalg/` (DESIGN.md,
 * layers: the ODE layer knows no matrices); `src/simulate/odeLinearAlgebra.ts` assembles the object
 * from linalg's functions (they fit by structure) and passes it in `SolveOptions.linearAlgebra`.
 * @see G. H. Golub, C. F. Van Loan, Matrix Computations, 4th ed., §3.4 (LU with partial pivoting).
 */
import { messages } from './messages.js';

/** A row-major BLAS `dgemv`: `y = α op(A) x + β y` for `A` of shape `m × n` (`op(A) = Aᵀ` when `trans`). */
export interface OdeBlas {
  dgemv(trans: boolean, m: number, n: number, alpha: number, A: Float64Array, lda: number, x: Float64Array, beta: number, y: Float64Array): void;
}

/** What the solvers call. Every function works in caller-owned buffers and allocates nothing. */
export interface OdeLinearAlgebra {
  /** Factorises the row-major `n × n` matrix `A` in place with partial pivoting (pivots in `piv`); false if singular. */
  luFactor(A: Float64Array, n: number, piv: Int32Array): boolean;
  /** Solves `A x = b` in place in `b` with the factors from `luFactor` (same `n`, so the same path). */
  luSolve(LU: Float64Array, n: number, piv: Int32Array, b: Float64Array): void;
  /** The native BLAS when one loaded, else undefined (the JavaScript kernels run). Asked once per solve. */
  nativeBlas(): OdeBlas | undefined;
}

/** The linear algebra a method needs, or a caller's-bug exception naming what to pass. */
export function requireLinearAlgebra(la: OdeLinearAlgebra | undefined, method: string): OdeLinearAlgebra {
  if (la === undefined) throw new RangeError(messages.needsLinearAlgebra(method));
  return la;
}
