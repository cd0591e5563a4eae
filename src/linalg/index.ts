/** Dense row-major linear algebra used by the flows, on the machine's BLAS/LAPACK or in JavaScript. */
export * from './products.js';
export * from './norms.js';
export { SvdWorkspace, svd, singularValues, completeOrthonormalRows, type SvdResult } from './svd.js';
export { symEig, psdPower, type SymEig } from './symEig.js';
export { luFactor, luSolve, determinant, jsLuFactor, jsLuSolve } from './lu.js';
export { backendInfo, type BackendInfo } from './backend.js';
