/** Energies of the end-to-end matrix, each with value, gradient and Hessian-vector product. */
export type { Energy } from './energy.js';
export { matrixCompletion, type Observation } from './matrixCompletion.js';
export { matrixSensing } from './matrixSensing.js';
export { whitenedRegression } from './whitenedRegression.js';
export { dataRegression, covariances, type Covariances } from './dataRegression.js';
export { lpRegression } from './lpRegression.js';
export { lpDesignRegression } from './lpDesignRegression.js';
export type { NormalSource } from './normalSource.js';
export { lowRankTarget } from './lowRankTarget.js';
export { sensingProblem, type SensingProblem } from './sensingProblem.js';
export { completionProblem, type CompletionProblem } from './completionProblem.js';
export { dataProblem, type DataProblem } from './dataProblem.js';
export { lazyEnergy } from './lazyEnergy.js';
export { energiesMessages } from './messages.js';
