/**
 * An energy built on first use. Loading a scenario builds every cell's energy to check shapes and
 * columns; a data energy with n = 20 000 samples costs tens of milliseconds to draw and reduce, which
 * validation (and the fuzzer's thousands of mutants) should not pay. The wrapper knows the shape and
 * the description up front and builds the real energy the first time a value is asked for.
 */
import type { Energy } from './energy.js';

export function lazyEnergy(name: string, rows: number, cols: number, describe: () => Record<string, unknown>, build: () => Energy): Energy {
  let inner: Energy | undefined;
  const get = (): Energy => (inner ??= build());
  return {
    name,
    rows,
    cols,
    minimum: undefined,
    value: (W) => get().value(W),
    gradient: (W, G) => {
      get().gradient(W, G);
    },
    hessianVector: (W, V, out) => {
      get().hessianVector(W, V, out);
    },
    describe,
    /** Builds the energy, as `inputCovariance` does. */
    get hessianConstant(): boolean {
      return get().hessianConstant === true;
    },
    /** Builds the energy: asked for when a run starts, after which it is built anyway. */
    get inputCovariance() {
      return get().inputCovariance;
    },
  };
}
