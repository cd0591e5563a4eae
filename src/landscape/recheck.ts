/**
 * `gradflow check <landscape output folder>`: the checks of a landscape folder evaluated again. The
 * landscape is recomputed from the resolved scenario its `manifest.json` records (seconds: no ODE),
 * and the verdicts are compared with the folder's `checks.json`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { landscapeChecksJson } from './outputs.js';
import { evaluateLandscapeChecks, withoutWorst } from './checks.js';
import { evaluateLandscape } from './evaluate.js';
import { parseLandscape } from './load.js';
import { ShardError } from '../pipeline/merge.js';
import { pipelineMessages } from '../pipeline/messages.js';
import type { Rechecked } from '../pipeline/recheck.js';

/** Evaluates the checks of landscape folder `dir` again; a `ShardError` when it cannot be read. */
export function recheckLandscapeFolder(dir: string): Rechecked {
  let scenario: unknown;
  try {
    scenario = (JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { scenario: unknown }).scenario;
  } catch (err) {
    throw new ShardError(pipelineMessages.notAnOutputFolder(dir, (err as Error).message));
  }
  const l = parseLandscape(stringify(scenario), path.join(dir, 'manifest.json'));
  const checks = evaluateLandscapeChecks(l, evaluateLandscape(l));
  let recorded = '';
  try {
    recorded = readFileSync(path.join(dir, 'checks.json'), 'utf8');
  } catch {
    // no checks.json: nothing to compare with
  }
  const passed = checks.every((c) => c.outcome !== 'fail');
  const now = landscapeChecksJson(l.scenario.id, checks);
  return {
    id: l.scenario.id,
    checks: checks.map(withoutWorst),
    passed,
    matchesRecorded: recorded === now,
    dataProblems: [],
  };
}
