/**
 * The scenario fuzzer (issue 11, item 5): seeded mutations of every curated scenario, validated
 * in-process by `parseScenario` (what `gradflow validate` calls) and, for short ones, run by the CLI
 * in child processes. A failure lists every distinct crash class once, with the seed and index
 * that rebuild its first mutant (`mutant(bases, seed, index)`) and the file holding its text.
 *
 * The child runs always include the fixed file-system-limit cases of `fuzz/fsLimits.ts` (issue 28).
 *
 * Environment: GRADFLOW_FUZZ_SEED (default 20261128), GRADFLOW_FUZZ_MUTANTS (10000),
 * GRADFLOW_FUZZ_RUNS (child runs, default 24, of which the fixed file-system cases; at least half are
 * random mutants), GRADFLOW_FUZZ_BUDGET_S (wall-time budget of the validation part, default 120).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { describeClasses, groupFailures, saveReproducers, type Failure } from './fuzz/crashClasses.js';
import { FS_CASES, fsCaseProblem, fsCaseText } from './fuzz/fsLimits.js';
import { mutant, parseBases } from './fuzz/mutate.js';
import { runChild } from './fuzz/runChild.js';
import { validateMutants } from './fuzz/validatePool.js';

const env = (name: string, fallback: number): number => {
  const v = process.env[name];
  return v === undefined || v === '' ? fallback : Number(v);
};
const SEED = env('GRADFLOW_FUZZ_SEED', 20261128);
const MUTANTS = env('GRADFLOW_FUZZ_MUTANTS', 10_000);
const RUNS = env('GRADFLOW_FUZZ_RUNS', 24);
const BUDGET_MS = 1000 * env('GRADFLOW_FUZZ_BUDGET_S', 120);
const GB = 2 ** 30;

const SCENARIOS = path.resolve(import.meta.dirname, '../../scenarios');
const files = readdirSync(SCENARIOS)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((name) => ({ name, text: readFileSync(path.join(SCENARIOS, name), 'utf8') }));
const scratch = mkdtempSync(path.join(os.tmpdir(), 'gradflow-fuzz-'));

/**
 * Validation limits. A curated scenario validates in a median of ~10 ms on a quiet core (the workers
 * measure it as they start); a mutant may take 300× that (at least 3 s) before it counts as slow and
 * 1000× (at least 10 s) before it is stopped as a hang, so the limits follow the machine's load. The
 * heap limit per worker and the 1 GB resident set of the whole process bound memory.
 */
const LIMITS = { workers: 2, hangMs: 10_000, slowMs: 3000, hangFactor: 1000, slowFactor: 300, rssLimit: GB, heapMb: 512 };

/** Fails with every crash class, its first reproducer written under the scratch folder. */
function assertNoCrash(failures: readonly Failure[], total: number, part: string): void {
  const classes = groupFailures(failures);
  if (classes.length === 0) return;
  saveReproducers(classes, path.join(scratch, part));
  assert.fail(describeClasses(classes, total));
}

test(`${String(MUTANTS)} mutants of the ${String(files.length)} curated scenarios validate or are refused with a ScenarioError, each in bounded time and memory`, async (t) => {
  assert.ok(files.length >= 10, 'the curated scenarios are the seeds of the mutants');
  const r = await validateMutants({ files, seed: SEED, count: MUTANTS, part: 'validate', budgetMs: BUDGET_MS, ...LIMITS });
  const done = r.valid.length + r.refused.length;
  t.diagnostic(
    `seed ${String(SEED)}: ${String(done)} of ${String(MUTANTS)} validated in ${(r.wallMs / 1000).toFixed(1)} s (${String(r.valid.length)} valid, ${String(r.refused.length)} refused, ${String(r.skipped)} skipped by the budget); slowest ${r.maxMs.toFixed(0)} ms (curated median ${r.calibrationMs.toFixed(1)} ms); peak rss ${(r.maxRss / 2 ** 20).toFixed(0)} MB`,
  );
  const failures = [...r.failures];
  if (r.skipped > 0)
    failures.push({
      part: 'validate',
      line: `budget: ${String(r.skipped)} mutants not validated within ${String(BUDGET_MS / 1000)} s`,
      where: 'the whole part',
      seed: SEED,
      index: MUTANTS - r.skipped,
      base: '',
      ops: [],
      text: '',
    });
  assertNoCrash(failures, MUTANTS, 'validate');
  // the generator reaches both outcomes: a fuzzer whose mutants all fail at the YAML stage tests nothing
  assert.ok(r.valid.length > 0.02 * MUTANTS && r.refused.length > 0.5 * MUTANTS, `${String(r.valid.length)} valid, ${String(r.refused.length)} refused`);
});

/** Random mutants run: what is left of GRADFLOW_FUZZ_RUNS after the fixed file-system cases, and at least half of it. */
const RANDOM_RUNS = Math.max(RUNS - FS_CASES.length, Math.ceil(RUNS / 2));

test(`${String(FS_CASES.length)} file-system-limit cases and ${String(RANDOM_RUNS)} short mutants run by the CLI exit with 0, 1, 2, 3 or 64, print no stack trace, write only under --out and leave no folder on exit 2`, async (t) => {
  // candidates are clamped (runs ≤ 2, sweep ≤ 2×2, maxSteps ≤ 5000, save.n ≤ 200, depth ≤ 6, width ≤ 10);
  // two thirds of the random runs take mutants that validate, one third mutants that must exit 2
  const seed = SEED + 1;
  const pool = await validateMutants({ files, seed, count: RANDOM_RUNS * 8, part: 'run', short: true, budgetMs: BUDGET_MS, ...LIMITS });
  const wantValid = Math.ceil((2 * RANDOM_RUNS) / 3);
  const picked = [...pool.valid.slice(0, wantValid), ...pool.refused.slice(0, RANDOM_RUNS - Math.min(wantValid, pool.valid.length))].sort((a, b) => a - b);
  // the fixed cases first (negative indices: case k is -1 - k), so that a slow random mutant cannot crowd them out
  const chosen = [...FS_CASES.map((_c, k) => -1 - k), ...picked];
  const bases = parseBases(files);
  const dir = path.join(scratch, 'run-inputs');
  const failures: Failure[] = [];
  const codes = new Map<string, number>();
  const t0 = performance.now();
  let next = 0;
  let slowest = 0;
  const worker = async (): Promise<void> => {
    while (next < chosen.length) {
      const index = chosen[next++]!;
      const k = -1 - index;
      const fixed = index < 0 ? fsCaseText(bases, k) : undefined;
      const m = fixed ? { ...fixed, ops: [`fs-limit case: ${FS_CASES[k]!.name}`] } : mutant(bases, seed, index, { short: true });
      const file = path.join(mkdtempSync(dir), 'mutant.yaml');
      writeFileSync(file, m.text);
      // 20 s of CPU: a clamped mutant needs ~5 s (≈4 s of it loading the CLI and mathjs); wall 120 s as a backstop
      // a hang is a run past 60 s of CPU, as in the campaign: a short mutant may legitimately take
      // tens of seconds (5000 stiff steps of a depth-3 sensing flow from scale 9e15 took 37 s, exit 3)
      const fs = fixed ? FS_CASES[k] : undefined;
      const o = await runChild(file, { cpuMs: 60_000, wallMs: 180_000, rssLimit: GB, heapMb: 1024 }, fs ?? {});
      slowest = Math.max(slowest, o.ms);
      const key = o.code === null ? String(o.signal) : String(o.code);
      codes.set(key, (codes.get(key) ?? 0) + 1);
      const problem = o.problem ?? (fs ? fsCaseProblem(k, o.code, o.stderr) : undefined);
      if (problem !== undefined)
        failures.push({
          part: 'run',
          line: problem,
          where: `exit ${key}, ${(o.ms / 1000).toFixed(1)} s wall, ${(o.cpuMs / 1000).toFixed(1)} s CPU, rss ${(o.peakRss / 2 ** 20).toFixed(0)} MB`,
          seed,
          index,
          base: m.base,
          ops: m.ops,
          text: m.text,
        });
    }
  };
  await Promise.all([worker(), worker()]);
  t.diagnostic(
    `seed ${String(seed)}: ${String(chosen.length)} runs in ${((performance.now() - t0) / 1000).toFixed(1)} s (slowest ${(slowest / 1000).toFixed(1)} s); exit codes ${JSON.stringify(Object.fromEntries(codes))}`,
  );
  assert.equal(picked.length, RANDOM_RUNS, `only ${String(pool.valid.length)} valid and ${String(pool.refused.length)} refused candidates`);
  assertNoCrash([...pool.failures, ...failures], chosen.length, 'run');
});
