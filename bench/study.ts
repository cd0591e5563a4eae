/**
 * Issue 14's acceptance figures: the three study scenarios run as a user runs them
 * (`gradflow check scenarios/<id>.yaml`, default workers), and the per-run cost of the study's flow
 * against a NumPy/SciPy loop of the same flow (bench/whole_peer.py with Σ_xx): the data energy of
 * `deep-vs-shallow-regression` (data set 0) and run 0's start, depth 2 and 3 at width 500,
 * t ∈ [0, 30], the scenario's rtol 1e-6 and atol 1e-9, gradflow dopri5 against solve_ivp RK45, one
 * BLAS thread each, medians of interleaved repetitions.
 * Called by bench/run.ts; `node --import tsx/esm bench/study.ts` prints the section alone.
 */
import { median } from './median.js';
import { endOnlyOptions } from './wholeRuns.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dataProblem } from '../src/energies/dataProblem.js';
import { lowRankTarget } from '../src/energies/lowRankTarget.js';
import { packFactors } from '../src/flows/layout.js';
import { upstairsFlow } from '../src/flows/upstairs.js';
import { Rng } from '../src/init/rng.js';
import { solve } from '../test/ode/librarySolve.js';
import { buildRun } from '../src/experiment/runPlan.js';
import { cellsOf } from '../src/experiment/resolveCells.js';
import { buildEnergy } from '../src/experiment/scenarioEnergy.js';
import { loadScenario } from '../src/experiment/resolve.js';

export const STUDY_SCENARIOS = ['deep-vs-shallow-regression', 'deep-vs-shallow-noise', 'deep3-interventions'];
const T1 = 30;
const RTOL = 1e-6;
const ATOL = 1e-9;

/** Wall seconds of `gradflow check` on each study scenario (full, as `gradflow check` runs it). */
function scenarioTimes(): { id: string; seconds: number; code: number }[] {
  const out = mkdtempSync(path.join(os.tmpdir(), 'gradflow-study-'));
  try {
    return STUDY_SCENARIOS.map((id) => {
      console.error(`study: gradflow check scenarios/${id}.yaml`);
      const t0 = performance.now();
      let code = 0;
      try {
        execFileSync(process.execPath, ['bin/gradflow.js', 'check', `scenarios/${id}.yaml`, '--out', out, '--quiet'], { stdio: 'ignore' });
      } catch (err) {
        code = (err as { status?: number }).status ?? -1;
      }
      return { id, seconds: (performance.now() - t0) / 1000, code };
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Ratios of the last call, for the summary: `depth N` → gradflow / SciPy time. */
export const studyRatios: Record<string, number> = {};

export function studyBenchmarks(runs: number): string[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gradflow-study-peer-'));
  try {
    const loaded = loadScenario('scenarios/deep-vs-shallow-regression.yaml');
    const cells = cellsOf(loaded.scenario);
    // the data of set 0, as build.ts draws it: teacher from Rng(1), inputs from Rng(2, 2)
    const teacher = lowRankTarget(50, 50, [5, 4, 3, 2, 1], new Rng(1));
    const problem = dataProblem(teacher, 50, 50, { n: 20000, rank: 25, directions: 'orthonormal' }, new Rng(2, 2));
    const specs = [2, 3].map((N) => {
      const cell = cells.find((c) => c.values['model.depth'] === N && c.values['model.width'] === 500)!;
      const run = buildRun(cell, 0, buildEnergy(cell.scenario, 0));
      const widths = [50, ...run.model.hidden!, 50];
      const flow = upstairsFlow(problem.energy, widths);
      const y0 = packFactors(flow.layout, (run.start as { factors: Float64Array[] }).factors);
      const files = {
        target: path.join(dir, `syx-${String(N)}.f64`),
        sxx: path.join(dir, `sxx-${String(N)}.f64`),
        start: path.join(dir, `start-${String(N)}.f64`),
        final: path.join(dir, `final-${String(N)}`),
      };
      writeFileSync(files.target, Buffer.from(problem.covariances.Syx.buffer));
      writeFileSync(files.sxx, Buffer.from(problem.covariances.Sxx.buffer));
      writeFileSync(files.start, Buffer.from(y0.buffer));
      return { N, widths, flow, y0, files };
    });
    const peerIn = path.join(dir, 'cases.json');
    writeFileSync(
      peerIn,
      JSON.stringify(specs.map((s) => ({ name: `depth ${String(s.N)}`, widths: s.widths, t1: T1, rtol: RTOL, atol: ATOL, scipy: ['RK45'], ...s.files }))),
    );
    const opts = (y0: Float64Array) => endOnlyOptions(y0, T1, RTOL, ATOL);
    const ours = new Map<number, number[]>();
    const theirs = new Map<number, number[]>();
    const nfev = new Map<number, [number, number]>();
    for (const s of specs) solve(s.flow, 'dopri5', opts(s.y0)); // warm-up
    for (let r = 0; r < runs; r++) {
      console.error(`study per-run cost: repetition ${String(r + 1)} of ${String(runs)}`);
      for (const s of specs) {
        const a = performance.now();
        const sol = solve(s.flow, 'dopri5', opts(s.y0));
        ours.set(s.N, [...(ours.get(s.N) ?? []), performance.now() - a]);
        nfev.set(s.N, [sol.stats.nfev, nfev.get(s.N)?.[1] ?? 0]);
      }
      const peer = JSON.parse(
        execFileSync('/usr/bin/python3', ['bench/whole_peer.py', peerIn, '1'], {
          encoding: 'utf8',
          env: { ...process.env, OPENBLAS_NUM_THREADS: '1' },
          maxBuffer: 1 << 26,
        }),
      ) as { results: { case: string; nfev: number; ms: number[] }[] };
      for (const p of peer.results) {
        const N = Number(p.case.split(' ')[1]);
        theirs.set(N, [...(theirs.get(N) ?? []), ...p.ms]);
        nfev.set(N, [nfev.get(N)![0], p.nfev]);
      }
    }
    // BENCH_STUDY_SCENARIOS=0 skips the scenario timings (for a quick look at the per-run cost alone)
    const times = process.env.BENCH_STUDY_SCENARIOS === '0' ? [] : scenarioTimes();
    const total = times.reduce((a, t) => a + t.seconds, 0);
    const lines = ["## The research log's study (issue 14)", ''];
    lines.push(
      `\`gradflow check scenarios/<id>.yaml\` (the full study, default workers = cores, notebooks written), one run each: ${times.map((t) => `${t.id} ${t.seconds.toFixed(1)} s${t.code === 0 ? '' : ` (exit ${String(t.code)})`}`).join(', ')}; **all three ${total.toFixed(0)} s** (issue 14's 600 s was for the earlier 5-seed interventions and label noise read at t = 50; since issue 24 they run 10 seeds and t = 2000, where the runs have settled).`,
      '',
      `Per-run cost of the study's flow: data set 0 of deep-vs-shallow-regression (50×50, n = 20 000, Σ_xx and Σ_yx given to both sides), run 0's start, t ∈ [0, ${String(T1)}], rtol ${String(RTOL)}, atol ${String(ATOL)}; gradflow dopri5 against solve_ivp RK45 with a NumPy right-hand side (∇E = WΣ_xx − Σ_yx), OPENBLAS_NUM_THREADS=1; medians of ${String(runs)} interleaved repetitions.`,
      '',
      '| cell | gradflow ms | SciPy ms | time ratio (gradflow / SciPy) | nfev gradflow / SciPy |',
      '|---|---|---|---|---|',
    );
    for (const s of specs) {
      const a = median(ours.get(s.N)!);
      const z = median(theirs.get(s.N)!);
      studyRatios[`depth ${String(s.N)}`] = a / z;
      const [nf, nz] = nfev.get(s.N)!;
      lines.push(`| depth ${String(s.N)}, width 500 | ${a.toFixed(0)} | ${z.toFixed(0)} | ${(a / z).toFixed(2)} | ${String(nf)} / ${String(nz)} |`);
    }
    lines.push('');
    return lines;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) console.log(studyBenchmarks(3).join('\n'));
