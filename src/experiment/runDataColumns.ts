/**
 * A data energy's extra columns for the saved states of one run (flow or optimiser alike): the
 * energy's `extras`, plus `nullXChange` against the run's first state.
 */
import { nullXChange } from '../simulate/dataDiagnostics.js';
import type { BuiltEnergy } from './scenarioEnergy.js';

/** The columns of one state of the run that starts at `W0`, or undefined for an energy without data columns. */
export function runDataColumns(built: BuiltEnergy, W0: Float64Array | undefined): ((W: Float64Array) => Record<string, number>) | undefined {
  const extras = built.extras;
  if (!extras) return undefined;
  const nullX0 = W0 ? extras(W0).nullX! : 0;
  return (W) => {
    const e = extras(W);
    return { ...e, nullXChange: nullXChange(e.nullX!, nullX0) };
  };
}
