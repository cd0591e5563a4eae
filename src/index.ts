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
// the ODE layer's solve with the library's linear algebra filled in (the star export of ode/ is shadowed)
export { solve } from './simulate/librarySolve.js';
export { odeLinearAlgebra } from './simulate/odeLinearAlgebra.js';
