/** Seeded starting points of the flows. */
export { Rng, mixSeed } from './rng.js';
export { randomOrthonormal, standardColumns } from './orthonormal.js';
export { parseNpy, parseStartsCsv, parseStartsJson, parseStartsFile, checkStartShapes, startsFileMessages, type StartsFile } from './startsFile.js';
export {
  gaussianFactors,
  endToEndGaussianScale,
  orthogonalFactors,
  explicitFactors,
  balancedFactors,
  balancedRandomFactors,
  checkBalancedRandomWidths,
  checkBalancedShapes,
  alignedEndToEnd,
  fixDeterminantSign,
  productOf,
  type BalancedOptions,
} from './inits.js';
export { initMessages } from './messages.js';
