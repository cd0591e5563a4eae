/**
 * The convex baselines of a sensing or completion scenario (`baseline:`): the minimum nuclear norm
 * solution with its certificate and the minimum Frobenius norm solution of the measurements
 * (docs/theory.md, "The convex baselines"), computed once per problem instance (a run pool's
 * workers share them: `baselineKey`, `seedBaseline`, `onBaselineComputed`), and the columns that
 * compare a state `W` with them and with the ground truth.
 */
import { minFrobenius } from '../analysis/minFrobenius.js';
import { minNuclearNorm, type NuclearNormResult } from '../analysis/nuclearNorm.js';
import { frobeniusDistance, frobeniusNorm } from '../linalg/norms.js';
import type { BuiltEnergy } from './scenarioEnergy.js';
import type { Scenario } from '../scenario/schema.js';

/** The two baselines of one problem instance, and its ground truth when known. */
export interface Baseline {
  readonly nuclear: NuclearNormResult;
  readonly frobenius: Float64Array;
  readonly truth: Float64Array | undefined;
}

/** Column names a baseline adds (none without `baseline:`). */
export function baselineNames(s: Scenario, built: BuiltEnergy): string[] {
  if (!s.baseline || !built.measurements) return [];
  const names = ['nuclearNorm', 'nuclearNormGap', 'distToNuclear', 'distToFrobenius', 'baselineGap', 'baselineFeasibility'];
  if (built.truth) names.push('recoveryError', 'nuclearRecoveryError', 'frobeniusRecoveryError');
  return names;
}

/** Baselines by problem instance (the energy block with its seeds determines it), per thread. */
const cache = new Map<string, Baseline>();
let publish: ((key: string, b: Baseline) => void) | undefined;

/**
 * The key of the scenario's problem instance for its baselines (pass the run's instance scenario,
 * `instanceScenario`), or undefined when it has none: what `baselineOf` caches by, so the run pool
 * can hand an instance's baselines, computed by one worker, to the others.
 */
export function baselineKey(s: Scenario): string | undefined {
  if (!s.baseline || (s.energy.kind !== 'sensing' && s.energy.kind !== 'completion')) return undefined;
  return JSON.stringify([s.energy, s.baseline]);
}

/** Keeps baselines another thread computed (`key` from `baselineKey`): `baselineOf` then returns them. */
export function seedBaseline(key: string, b: Baseline): void {
  cache.set(key, b);
}

/** Calls `f` with each baseline this thread computes, as soon as it is computed (a pool worker sends it on). */
export function onBaselineComputed(f: (key: string, b: Baseline) => void): void {
  publish = f;
}

/** The baselines of the scenario's problem instance (undefined without `baseline:`), computed on first use. */
export function baselineOf(s: Scenario, built: BuiltEnergy): Baseline | undefined {
  const key = baselineKey(s);
  if (key === undefined || !built.measurements || !s.baseline) return undefined;
  let b = cache.get(key);
  if (!b) {
    const { op, y } = built.measurements();
    b = {
      nuclear: minNuclearNorm(op, y, { tol: s.baseline.tol, maxIterations: s.baseline.maxIterations }),
      frobenius: minFrobenius(op, y),
      truth: built.truth,
    };
    cache.set(key, b);
    publish?.(key, b);
  }
  return b;
}

/** Relative Frobenius distance `‖A − B‖_F / ‖B‖_F` (the absolute distance when `B = 0`). */
function relDist(A: Float64Array, B: Float64Array): number {
  const nb = frobeniusNorm(B);
  return frobeniusDistance(A, B) / (nb > 0 ? nb : 1);
}

/**
 * The baseline columns at a state `W` whose nuclear norm is `nuclear`: `nuclearNorm` = ‖X_*‖_*,
 * `nuclearNormGap` = (‖W‖_* − ‖X_*‖_*)/‖X_*‖_*, `distToNuclear` = ‖W − X_*‖_F/‖X_*‖_F,
 * `distToFrobenius` = ‖W − X_F‖_F/‖X_F‖_F, the certificate's `baselineGap` and `baselineFeasibility`,
 * and with a ground truth T: `recoveryError` = ‖W − T‖_F/‖T‖_F and the same for X_* and X_F.
 */
export function baselineColumns(b: Baseline, W: Float64Array, nuclear: number): Record<string, number> {
  const n = b.nuclear.nuclearNorm;
  const q: Record<string, number> = {
    nuclearNorm: n,
    nuclearNormGap: n > 0 ? (nuclear - n) / n : nuclear,
    distToNuclear: relDist(W, b.nuclear.X),
    distToFrobenius: relDist(W, b.frobenius),
    baselineGap: b.nuclear.gap,
    baselineFeasibility: b.nuclear.feasibility,
  };
  if (b.truth) {
    q.recoveryError = relDist(W, b.truth);
    q.nuclearRecoveryError = relDist(b.nuclear.X, b.truth);
    q.frobeniusRecoveryError = relDist(b.frobenius, b.truth);
  }
  return q;
}
