/**
 * The random streams of a run: its start's and its Brownian path's, each a function of (scenario
 * seed, cell, run) only, so outputs do not depend on workers or order.
 */
import { Rng, mixSeed } from '../init/index.js';
import type { Scenario } from '../scenario/schema.js';

/**
 * The run's seed: derived from the scenario seed, the cell and the run index only. With
 * `ensemble.paired` the cell drops out — every cell draws cell 0's numbers for run i — so run i has
 * the same start in every cell where the shapes agree (balanced-random: the same W(0) balanced into
 * each depth; gaussian, orthogonal: the same draws in the same order, so W_1, W_2, … coincide where
 * their shapes do).
 */
export function runRng(s: Scenario, cell: number, run: number): Rng {
  return new Rng(mixSeed(s.ensemble.seed, s.ensemble.paired ? 0 : cell), run);
}

/**
 * The source of run `run`'s Brownian path: like `runRng`, a function of (seed, cell, run) only (of
 * (seed, run) with `ensemble.paired`: run i then has the same path in every cell, scaled by √(2/β)),
 * on a stream of its own, so adding noise leaves the starts unchanged.
 */
export function noiseRng(s: Scenario, cell: number, run: number): Rng {
  return new Rng(mixSeed(mixSeed(s.ensemble.seed, s.ensemble.paired ? 0 : cell), NOISE_STREAM), run);
}

/** Separates the noise streams from the starts' streams (any constant other than the cells' indices would do). */
const NOISE_STREAM = 0x1a9e;
