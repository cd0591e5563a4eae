/**
 * gradflow's public library API.
 * @packageDocumentation
 */
export * from './ode/index.js';
