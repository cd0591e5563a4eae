/**
 * The registry of methods `solve` accepts: one line per method file. `MethodName` and
 * `METHOD_NAMES` are read from it, so the scenario schema and the messages follow without edits.
 */
import { auto } from './adamsBdf.js';
import { autoKrylov } from './autoKrylov.js';
import { autoRk } from './autoRk.js';
import { bdf } from './bdf.js';
import { bdfKrylov } from './bdfKrylov.js';
import { dop853 } from './dop853.js';
import { dopri5 } from './dopri5.js';
import type { SolverDescription } from './method.js';
import { odex } from './odex.js';
import { radau5 } from './radau5.js';
import { rodas4 } from './rodas4.js';

/** Every method, in the order the documentation lists them. */
export const METHODS = [dopri5, dop853, rodas4, radau5, bdf, bdfKrylov, odex, auto, autoKrylov, autoRk] as const;

/** The methods `solve` accepts. */
export type MethodName = (typeof METHODS)[number]['name'];

/** Their names, for schemas and messages. */
export const METHOD_NAMES: readonly [MethodName, ...MethodName[]] = [METHODS[0].name, ...METHODS.slice(1).map((m) => m.name)];

const byName = new Map<string, SolverDescription>(METHODS.map((m) => [m.name, m]));

/** The description of `name`, or undefined for an unknown name. */
export function findMethod(name: string): SolverDescription | undefined {
  return byName.get(name);
}
