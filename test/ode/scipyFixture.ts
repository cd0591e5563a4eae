/**
 * SciPy's reference counts, read from test/ode/fixtures/scipy-counts.json — written by
 * `/usr/bin/python3 bench/scipy_peer.py --write-fixture test/ode/fixtures/scipy-counts.json`, which
 * also records the SciPy version and the command in the file. Nothing here is typed by hand.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One SciPy `solve_ivp` run: what was solved and what it cost. */
export interface ScipyRun {
  readonly problem: string;
  readonly method: string;
  readonly jacobian: boolean;
  readonly rtol: number;
  readonly atol: number;
  readonly status: number;
  readonly nfev: number;
  readonly njev: number;
  readonly nlu: number;
  /** Accepted steps, `len(sol.t) − 1`. */
  readonly steps: number;
}

/** The fixture: provenance and runs. */
export interface ScipyCounts {
  readonly command: string;
  readonly scipy: string;
  readonly runs: readonly ScipyRun[];
}

export const SCIPY_FIXTURE = fileURLToPath(new URL('./fixtures/scipy-counts.json', import.meta.url));

function bad(path: string, expected: string, got: unknown): never {
  throw new Error(`${SCIPY_FIXTURE}: ${path} must be ${expected}, got ${JSON.stringify(got)}`);
}

/** Parses and checks the fixture's shape; throws naming the file, the field path and what was expected. */
export function parseScipyCounts(text: string): ScipyCounts {
  const root: unknown = JSON.parse(text);
  if (typeof root !== 'object' || root === null) bad('(root)', 'an object', root);
  const o = root as Record<string, unknown>;
  for (const key of ['command', 'scipy'] as const) if (typeof o[key] !== 'string') bad(key, 'a string', o[key]);
  if (!Array.isArray(o.runs) || o.runs.length === 0) bad('runs', 'a non-empty array', o.runs);
  const runs = (o.runs as unknown[]).map((r, i): ScipyRun => {
    if (typeof r !== 'object' || r === null) bad(`runs[${i}]`, 'an object', r);
    const rec = r as Record<string, unknown>;
    for (const key of ['problem', 'method'] as const) if (typeof rec[key] !== 'string') bad(`runs[${i}].${key}`, 'a string', rec[key]);
    if (typeof rec.jacobian !== 'boolean') bad(`runs[${i}].jacobian`, 'a boolean', rec.jacobian);
    for (const key of ['rtol', 'atol'] as const) {
      const v = rec[key];
      if (typeof v !== 'number' || !(v > 0)) bad(`runs[${i}].${key}`, 'a positive number', v);
    }
    for (const key of ['status', 'nfev', 'njev', 'nlu', 'steps'] as const) {
      const v = rec[key];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) bad(`runs[${i}].${key}`, 'a non-negative integer', v);
    }
    return rec as unknown as ScipyRun;
  });
  return { command: o.command as string, scipy: o.scipy as string, runs };
}

/** The fixture, read once. */
export const SCIPY_COUNTS: ScipyCounts = parseScipyCounts(readFileSync(SCIPY_FIXTURE, 'utf8'));

/** The run of `method` on `problem` at `rtol`; throws when the fixture has none (regenerate it). */
export function scipyRun(problem: string, method: string, rtol: number): ScipyRun {
  const run = SCIPY_COUNTS.runs.find((r) => r.problem === problem && r.method === method && r.rtol === rtol);
  if (!run) throw new Error(`${SCIPY_FIXTURE} has no run of ${method} on ${problem} at rtol = ${rtol}; regenerate it with ${SCIPY_COUNTS.command}`);
  if (run.status !== 0) throw new Error(`${SCIPY_FIXTURE}: SciPy's ${method} on ${problem} at rtol = ${rtol} ended with status ${run.status}, not 0`);
  return run;
}
