/**
 * The data sets of `kind: data` energies, drawn once per thread. A data set is fixed by the energy
 * block and its index (`energy.dataSeeds`), yet every run of every cell used to draw it again: 20,000
 * samples of 50 inputs, their labels and covariances, tens of milliseconds each time. The energy and
 * the covariances are kept (not the samples), for the last few data sets a thread has seen, so the
 * same runs read the same bytes as before, sooner.
 */
import type { DataProblem } from '../energies/dataProblem.js';

/** What runs read from a data set: its energy and its covariances. */
export type DrawnData = Pick<DataProblem, 'energy' | 'covariances'>;

/** Data sets kept per thread: a scenario's `dataSeeds` are 10 or fewer; their covariances are small. */
const KEEP = 32;
const kept = new Map<string, DrawnData>();

/** The data set named by `key` (the energy block and the data-set index), drawn by `draw` the first time. */
export function drawnData(key: string, draw: () => DataProblem): DrawnData {
  let d = kept.get(key);
  if (d === undefined) {
    const { energy, covariances } = draw();
    d = { energy, covariances };
    if (kept.size >= KEEP) kept.delete(kept.keys().next().value!);
    kept.set(key, d);
  }
  return d;
}
