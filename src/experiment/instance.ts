/**
 * Problem instances per run (`energy.perRun`): run i of a sensing or completion scenario with
 * `perRun: true` sees the energy whose every seed — a low-rank target's or truth's, the
 * measurements' or the mask's — is offset by i, so an ensemble averages over problem instances
 * (the seeds of Arora, Cohen, Hu, Luo 2019's figures), not only over starts.
 */
import type { Scenario } from '../scenario/schema.js';

/** True when each run draws its own problem instance. */
export function perRunInstances(s: Scenario): boolean {
  return (s.energy.kind === 'sensing' || s.energy.kind === 'completion') && s.energy.perRun === true;
}

/** The scenario whose energy is run `run`'s instance (the scenario itself unless `perRun`). */
export function instanceScenario(s: Scenario, run: number): Scenario {
  if (!perRunInstances(s)) return s;
  const e = structuredClone(s.energy) as Record<string, unknown>;
  const shift = (o: Record<string, unknown>, key: string): void => {
    if (typeof o[key] === 'number') o[key] = o[key] + run;
  };
  shift(e, 'seed');
  if (e.kind === 'completion' && e.seed === undefined) e.seed = run; // the mask's default seed is 0
  for (const t of ['target', 'truth']) {
    const v = e[t];
    if (v && typeof v === 'object' && !Array.isArray(v)) shift(v as Record<string, unknown>, 'seed');
  }
  return { ...s, energy: e as Scenario['energy'] };
}
