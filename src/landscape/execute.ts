/**
 * A landscape scenario end to end (README, "Free-energy landscapes"): evaluate the grid and the
 * minimisers, evaluate the checks, write the output folder. Returns what the summary table and
 * `--json` report, in the shape of a flow scenario's report (one "run": the landscape).
 */
import { writeLandscapeOutputs } from './outputs.js';
import { evaluateLandscapeChecks, withoutWorst } from './checks.js';
import { evaluateLandscape } from './evaluate.js';
import type { LoadedLandscape } from './load.js';
import type { ScenarioReport } from '../pipeline/execute.js';

export async function executeLandscape(
  l: LoadedLandscape,
  outRoot: string,
  o: { readonly figures?: boolean; readonly notebook?: boolean } = {},
): Promise<ScenarioReport> {
  const t0 = performance.now();
  const result = evaluateLandscape(l);
  const checks = evaluateLandscapeChecks(l, result);
  const written = await writeLandscapeOutputs(outRoot, l, result, checks, performance.now() - t0, o);
  const statuses: Record<string, number> = {};
  for (const m of result.minimisers) statuses[m.status] = (statuses[m.status] ?? 0) + 1;
  return {
    id: l.scenario.id,
    file: l.file,
    out: written.dir,
    runs: 1,
    statuses,
    checks: checks.map(withoutWorst),
    passed: checks.every((c) => c.outcome !== 'fail'),
    numericalFailure: false,
    interrupted: false,
    wallMs: performance.now() - t0,
    ...(written.note === undefined ? {} : { notes: [written.note] }),
  };
}
