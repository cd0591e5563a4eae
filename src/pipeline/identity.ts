/**
 * What must agree for runs computed in different processes to be put together: the resolved
 * scenario (its hash) and the gradflow that computed them (version and git commit). Shard manifests
 * and the progress of a resumable run record it; `gradflow merge` and `--resume` compare it.
 */
import { gitCommit, packageVersion } from '../report/outputs.js';
import type { Scenario } from '../scenario/schema.js';
import { scenarioHash } from './scenarioHash.js';

export interface RunIdentity {
  readonly scenarioHash: string;
  readonly gradflow: string;
  /** The git commit of gradflow's own checkout, or null for an installed package. */
  readonly commit: string | null;
}

/** The identity of runs of `s` computed by this process. */
export function identityOf(s: Scenario): RunIdentity {
  return { scenarioHash: scenarioHash(s), gradflow: packageVersion(), commit: gitCommit() ?? null };
}

/** The first difference between two identities, as words (`gradflow 0.1.0 and 0.2.0`), or undefined. */
export function identityDifference(a: RunIdentity, b: RunIdentity): string | undefined {
  if (a.gradflow !== b.gradflow) return `gradflow ${a.gradflow} and ${b.gradflow}`;
  if (a.commit !== b.commit) return `gradflow commits ${a.commit ?? '(none)'} and ${b.commit ?? '(none)'}`;
  if (a.scenarioHash !== b.scenarioHash)
    return `scenario hashes ${a.scenarioHash.slice(0, 12)}… and ${b.scenarioHash.slice(0, 12)}… (the resolved scenarios differ)`;
  return undefined;
}
