/**
 * The linear algebra the ODE layer asks for (`OdeLinearAlgebra`, src/ode/linearAlgebra.ts), made of
 * linalg's functions: LU through LAPACK's `dgetrf`/`dgetrs` from `LU_MIN_DIM` when a native library
 * loaded, JavaScript otherwise, and the native BLAS for the explicit steppers' large states. It lives
 * here, above both layers, because `linalg/` sits below `ode/` and must not know it; linalg's
 * functions fit the interface by structure. Every `solve` call of the library passes it.
 */
import { nativeLibrary } from '../linalg/backend.js';
import { luFactor, luSolve } from '../linalg/lu.js';
import type { OdeLinearAlgebra } from '../ode/linearAlgebra.js';

/** The library's linear algebra for `solve(…, { linearAlgebra })`. */
export const odeLinearAlgebra: OdeLinearAlgebra = Object.freeze({ luFactor, luSolve, nativeBlas: nativeLibrary });
