/** Flows: the ODE systems of gradient flow upstairs and downstairs, and the scalar mode laws. */
export { upstairsFlow, type FactorFlow } from './upstairs.js';
export { regularizerTerms, isZeroRegularizer, type Regularizer, type RegularizerTerms } from './regularizer.js';
export { downstairsFlow, type EndToEndFlow } from './downstairs.js';
export { spectralFlow, SPECTRAL_MIN_GAP, type SpectralFlow } from './spectral.js';
export { depthCoefficient, lambdaN, lambdaInf } from './coefficients.js';
export { modeRate, modeTime, modeTimeQuadrature, modeValue, modeRiseTime } from './modes.js';
export { factorLayout, packFactors, factorOf, endToEndOf, type FactorLayout } from './layout.js';
export { velocityScale, convertTime, type TimeConvention } from './time.js';
export { flowsMessages } from './messages.js';
