/** The solver tests call `solve` as the library exports it (src/simulate/librarySolve.ts). */
export { solve } from '../../src/simulate/librarySolve.js';
