/** Dense row-major linear algebra used by the flows. */
export * from './products.js';
export * from './norms.js';
export { SvdWorkspace, svd, singularValues, completeOrthonormalRows, type SvdResult } from './svd.js';
export { symEig, psdPower, type SymEig } from './symEig.js';
export { luFactor, luSolve, determinant } from './lu.js';
