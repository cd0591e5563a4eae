/**
 * gradflow's public library API.
 * @packageDocumentation
 */
export * from './ode/index.js';
export * from './linalg/index.js';
export * from './energies/index.js';
export * from './flows/index.js';
export * from './init/index.js';
export * from './analysis/index.js';
export * from './simulate/index.js';
export * from './scenario/index.js';
export * from './checks/index.js';
export * from './experiment/index.js';
export * from './pipeline/index.js';
