/**
 * `npm run bench`: work-precision of every gradflow method beside SciPy's solve_ivp, timed in the
 * same run on the same machine, medians of RUNS repetitions, and the command line's start-up
 * (bench/startup.ts: whole processes of the compiled CLI, which the script builds first); writes
 * docs/benchmarks.md.
 *   npm run bench              (RUNS = 5)
 *   BENCH_RUNS=7 npm run bench
 * The TypeScript loads through tsx's ESM hook only (`node --import tsx/esm`), which transpiles each
 * module once and then runs it as Node runs the built package. tsx's full loader (`tsx`,
 * `--import tsx`) also installs its CommonJS hook, and with it the same code ran slower: measured
 * 9.7 ms against 7.8 ms (median of 200) for the 12-state radau5 run of razinCohenLong.ts, the same
 * as `--require tsx/cjs` alone, while `--import tsx/esm` and plain Node on dist/ both took 7.8 ms.
 */
import { median } from './median.js';
import { crossoverBenchmarks } from './crossover.js';
import { stageArithmeticRows, stageArithmeticSection } from './stageArithmetic.js';
import { flowBenchmarks, flowMedians, twoByTwoFreshProcesses } from './flows.js';
import { WHOLE_CASES, wholeRatios, wholeRunBenchmarks } from './wholeRuns.js';
import { studyBenchmarks } from './study.js';
import { razinCohenSection } from './razinCohenLong.js';
import { depthInfinitySection } from './depthInfinity.js';
import { startupBenchmarks } from './startup.js';
import { backendInfo } from '../src/linalg/backend.js';
import { execFileSync } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { solve } from '../test/ode/librarySolve.js';
import type { MethodName } from '../src/ode/methods.js';
import type { OdeSystem } from '../src/ode/types.js';
import { ARENSTORF_T, ARENSTORF_Y0, ROBER_REF, arenstorf, robertson, vanDerPolMu } from '../test/ode/problems.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TOLS = [1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10];

interface Row {
  problem: string;
  method: string;
  tol: number;
  nfev: number;
  njev: number;
  steps: number;
  status: string;
  error: number;
  ms: number[];
}

interface Peer {
  python: string;
  scipy: string;
  numpy: string;
  vdp_ref: number[];
  results: Row[];
}

/** max_i |y_i − ref_i| / max(|ref_i|, floor·‖ref‖∞), as in bench/scipy_peer.py. */
function relError(y: ArrayLike<number>, ref: readonly number[], floorFactor: number): number {
  const floor = floorFactor * Math.max(...ref.map(Math.abs));
  let e = 0;
  ref.forEach((r, i) => {
    e = Math.max(e, Math.abs(y[i]! - r) / Math.max(Math.abs(r), floor));
  });
  return e;
}

interface Problem {
  name: string;
  system: OdeSystem;
  t1: number;
  y0: number[];
  ref: readonly number[];
  floor: number;
  atol: (tol: number) => number;
  methods: MethodName[];
}

// start-up first, while the machine is quiet: the sections below leave it loaded for a minute
console.error('running command-line start-up (whole gradflow processes, node -e 0, the SciPy script)…');
const startup = startupBenchmarks(Math.max(5, RUNS));
console.error(`running SciPy peers (${String(RUNS)} runs each)…`);
const peer = JSON.parse(execFileSync('/usr/bin/python3', ['bench/scipy_peer.py', 'json', String(RUNS)], { encoding: 'utf8', maxBuffer: 1 << 26 })) as Peer;

const problems: Problem[] = [
  {
    name: 'arenstorf',
    system: arenstorf(),
    t1: ARENSTORF_T,
    y0: ARENSTORF_Y0,
    ref: ARENSTORF_Y0,
    floor: 1,
    atol: (t) => t,
    methods: ['dopri5', 'dop853', 'odex', 'rodas4', 'bdf', 'auto', 'auto-rk'],
  },
  {
    name: 'vanderpol',
    system: vanDerPolMu(1e3),
    t1: 3000,
    y0: [2, 0],
    ref: peer.vdp_ref,
    floor: 1e-6,
    atol: (t) => t,
    methods: ['rodas4', 'bdf', 'auto', 'auto-rk'],
  },
  {
    name: 'robertson',
    system: robertson(),
    t1: 1e11,
    y0: [1, 0, 0],
    ref: ROBER_REF,
    floor: 1e-6,
    atol: (t) => t * 1e-4,
    methods: ['rodas4', 'bdf', 'auto', 'auto-rk'],
  },
];

console.error('running gradflow…');
const ours: Row[] = [];
for (const p of problems) {
  for (const m of p.methods) {
    for (const tol of TOLS) {
      const opts = { t0: 0, t1: p.t1, y0: p.y0, rtol: tol, atol: p.atol(tol), dense: false, maxSteps: 1e7, saveAt: { kind: 'times' as const, times: [p.t1] } };
      // warm-up: let V8 optimise the step loop before timing (a cold run costs up to ~5× the
      // steady state). Sub-millisecond runs need many repetitions to tier up, so warm by time.
      const warmStart = performance.now();
      for (let w = 0; w < 500 && (w < 3 || performance.now() - warmStart < 100); w++) solve(p.system, m, opts);
      const ms: number[] = [];
      let last = solve(p.system, m, opts);
      for (let r = 0; r < Math.max(RUNS, 11); r++) {
        const a = performance.now();
        last = solve(p.system, m, opts);
        ms.push(performance.now() - a);
      }
      ours.push({
        problem: p.name,
        method: m,
        tol,
        nfev: last.stats.nfev,
        njev: last.stats.njev,
        steps: last.stats.naccepted,
        status: last.status,
        error: relError(last.yFinal, p.ref, p.floor),
        ms,
      });
    }
  }
}

const fmt = (x: number, d = 2): string => (x === 0 ? '0' : Math.abs(x) >= 1e4 || Math.abs(x) < 1e-2 ? x.toExponential(d - 1) : x.toFixed(d));
const find = (rows: Row[], problem: string, method: string, tol: number): Row | undefined =>
  rows.find((r) => r.problem === problem && r.method === method && r.tol === tol);

const lines: string[] = [];
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
lines.push('# Benchmarks', '');
lines.push('Generated by `npm run bench` (bench/run.ts); do not edit by hand. Every number below comes from one run.', '');
lines.push(`- Machine: ${cpu}, ${String(os.cpus().length)} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}`);
lines.push(
  `- gradflow on Node ${process.version} (its TypeScript loaded by \`node --import tsx/esm\`, which runs it as Node runs the built package); peers: SciPy ${peer.scipy} (NumPy ${peer.numpy}, Python ${peer.python}, Debian's python3-scipy)`,
);
lines.push(
  `- Wall times are medians of ${String(RUNS)} runs (gradflow: at least 11 runs, timed after warming each configuration for 100 ms so that V8 has optimised the step loop; a cold first call costs up to ~5× more); the machine is shared and noisy, so read ratios, not single times.`,
);
lines.push(
  '- Error: `max_i |y_i − ref_i| / max(|ref_i|, f·‖ref‖∞)` at t1, with f = 1 for Arenstorf (norm-relative: its reference has zero components) and f = 1e-6 for the stiff problems.',
);
lines.push(
  '- Problems: Arenstorf orbit over one period (reference: its start, rtol = atol = tol); Van der Pol μ = 1e3 on [0, 3000] from (2, 0) (reference: SciPy Radau at rtol = atol = 1e-13; rtol = atol = tol; analytic Jacobian for both sides); Robertson to t = 1e11 (reference: Hairer/Bari test set; rtol = tol, atol = 1e-4·tol; analytic Jacobian for both sides).',
);
lines.push(
  '- gradflow saves only t1 and keeps no dense output here, as SciPy does without `dense_output`; nfev includes finite-difference Jacobian evaluations.',
  '',
);

lines.push('## Acceptance figures', '');
lines.push('| check | tol | gradflow | SciPy | ratio | target |', '|---|---|---|---|---|---|');
for (const [m, s] of [
  ['dopri5', 'RK45'],
  ['dop853', 'DOP853'],
] as const) {
  for (const tol of TOLS) {
    const a = find(ours, 'arenstorf', m, tol)!;
    const b = find(peer.results, 'arenstorf', s, tol)!;
    lines.push(`| Arenstorf nfev ${m} / ${s} | ${fmt(tol)} | ${String(a.nfev)} | ${String(b.nfev)} | ${(a.nfev / b.nfev).toFixed(3)} | within 0.9–1.1 |`);
  }
}
for (const [m, s] of [
  ['dopri5', 'RK45'],
  ['dop853', 'DOP853'],
] as const) {
  for (const tol of TOLS) {
    const a = find(ours, 'arenstorf', m, tol)!;
    const b = find(peer.results, 'arenstorf', s, tol)!;
    lines.push(
      `| Arenstorf wall time ${s} / ${m} | ${fmt(tol)} | ${fmt(median(a.ms), 3)} ms | ${fmt(median(b.ms), 3)} ms | ${(median(b.ms) / median(a.ms)).toFixed(1)}× faster | ≥ 20× |`,
    );
  }
}
for (const prob of ['vanderpol', 'robertson']) {
  for (const tol of TOLS) {
    const a = find(ours, prob, 'auto', tol)!;
    const b = find(peer.results, prob, 'LSODA', tol)!;
    lines.push(`| ${prob} nfev auto / LSODA | ${fmt(tol)} | ${String(a.nfev)} | ${String(b.nfev)} | ${(a.nfev / b.nfev).toFixed(2)} | ≤ 2 |`);
  }
}
for (const tol of TOLS) {
  const a = find(ours, 'robertson', 'rodas4', tol)!;
  lines.push(`| Robertson to 1e11, rodas4 accepted steps | ${fmt(tol)} | ${String(a.steps)} | | | < 2000 |`);
}
lines.push('');
lines.push(
  "`auto` measures errors in gradflow's RMS norm, like every gradflow method. With LSODA's own max norm (`solve(…, 'auto', …, { nordsieck: { norm: 'max' } })`) it is the same algorithm step for step:",
  '',
);
lines.push('| problem | tol | auto (max norm) nfev / njev | LSODA nfev / njev |', '|---|---|---|---|');
for (const p of problems.filter((q) => q.name !== 'arenstorf')) {
  for (const tol of TOLS) {
    const s = solve(p.system, 'auto', { t0: 0, t1: p.t1, y0: p.y0, rtol: tol, atol: p.atol(tol), dense: false, maxSteps: 1e7 }, { nordsieck: { norm: 'max' } });
    const b = find(peer.results, p.name, 'LSODA', tol)!;
    lines.push(`| ${p.name} | ${fmt(tol)} | ${String(s.stats.nfev)} / ${String(s.stats.njev)} | ${String(b.nfev)} / ${String(b.njev)} |`);
  }
}
lines.push('');

// The issue compares at equal tolerance; users care about equal accuracy. For each LSODA run, the
// evaluations auto needs to reach the same error, by log–log interpolation between auto's runs.
lines.push('## auto and auto-rk against LSODA at equal accuracy', '');
/** min–max over both stiff problems and all tolerances of f(problem, tol). */
const rangeOf = (f: (prob: string, tol: number) => number): string => {
  const xs = ['vanderpol', 'robertson'].flatMap((prob) => TOLS.map((tol) => f(prob, tol)));
  return `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`;
};
const errRatio = rangeOf((prob, tol) => find(peer.results, prob, 'LSODA', tol)!.error / find(ours, prob, 'auto-rk', tol)!.error);
const wallRatio = rangeOf((prob, tol) => median(find(peer.results, prob, 'LSODA', tol)!.ms) / median(find(ours, prob, 'auto', tol)!.ms));
lines.push(`At equal tolerance \`auto\` takes ${wallRatio}× less wall time than LSODA on these two problems.`, '');
lines.push(
  `For each LSODA tolerance: LSODA's measured error at t1, and the evaluations each gradflow method needs for that error, interpolated log–log between its two runs that bracket it. This is not an acceptance figure (the issue compares at equal tolerance); it is what a user choosing tolerances for a target accuracy sees. \`auto-rk\` (DOPRI5 ↔ RODAS4) reaches ${errRatio}× smaller errors than LSODA at the same tolerance, so at equal tolerance it spends more.`,
  '',
);
lines.push(
  '| problem | LSODA tol | LSODA error | LSODA nfev | auto nfev at that error | ratio | auto-rk nfev at that error | ratio |',
  '|---|---|---|---|---|---|---|---|',
);
const atEqualError = (prob: string, method: string, error: number): number | undefined => {
  const runs = TOLS.map((t) => find(ours, prob, method, t)!)
    .filter((r) => r.error > 0)
    .sort((a, b) => b.error - a.error);
  for (let i = 0; i + 1 < runs.length; i++) {
    const [a, b] = [runs[i]!, runs[i + 1]!];
    if (error <= a.error && error >= b.error && a.error > b.error) {
      const w = Math.log(a.error / error) / Math.log(a.error / b.error);
      return Math.exp(Math.log(a.nfev) + w * Math.log(b.nfev / a.nfev));
    }
  }
  return undefined;
};
for (const prob of ['vanderpol', 'robertson']) {
  for (const tol of TOLS) {
    const l = find(peer.results, prob, 'LSODA', tol)!;
    const cells = (['auto', 'auto-rk'] as const).map((m) => {
      const est = atEqualError(prob, m, l.error);
      return est === undefined ? 'outside its range | ' : `${est.toFixed(0)} | ${(est / l.nfev).toFixed(2)}`;
    });
    lines.push(`| ${prob} | ${fmt(tol)} | ${fmt(l.error)} | ${String(l.nfev)} | ${cells.join(' | ')} |`);
  }
}
lines.push('');

for (const p of problems) {
  lines.push(`## Work-precision: ${p.name}`, '');
  lines.push('| solver | tol | status | nfev | njev | steps | error | median ms |', '|---|---|---|---|---|---|---|---|');
  for (const m of p.methods) {
    for (const tol of TOLS) {
      const r = find(ours, p.name, m, tol)!;
      lines.push(
        `| gradflow ${m} | ${fmt(tol)} | ${r.status} | ${String(r.nfev)} | ${String(r.njev)} | ${String(r.steps)} | ${fmt(r.error)} | ${fmt(median(r.ms), 3)} |`,
      );
    }
  }
  const peerMethods = [...new Set(peer.results.filter((r) => r.problem === p.name).map((r) => r.method))];
  for (const m of peerMethods) {
    for (const tol of TOLS) {
      const r = find(peer.results, p.name, m, tol)!;
      const st: unknown = r.status; // solve_ivp's integer status: 0 = reached t1
      lines.push(
        `| SciPy ${m} | ${fmt(tol)} | ${st === 0 ? 'success' : JSON.stringify(st)} | ${String(r.nfev)} | ${String(r.njev)} | ${String(r.steps)} | ${fmt(r.error)} | ${fmt(median(r.ms), 3)} |`,
      );
    }
  }
  lines.push('');
}
lines.push(
  'Explicit methods are not run on the two stiff problems: their steps are stability-limited (DOPRI5 needs ~10⁶ steps for Van der Pol μ = 1e3 on [0, 3000], and Robertson to 1e11 is out of reach), which is what rodas4, bdf, auto and auto-rk are for.',
  '',
);

console.error('running flow right-hand sides and kernels (gradflow and NumPy)…');
const flowLines = flowBenchmarks(RUNS);
console.error('running whole runs (gradflow and SciPy)…');
const wholeLines = wholeRunBenchmarks(Math.max(3, RUNS - 2));
console.error('running the crossover table…');
const crossoverLines = crossoverBenchmarks(RUNS);
const studyLines = studyBenchmarks(3);
console.error('running the Runge–Kutta vector arithmetic (gradflow and SciPy)…');
const stageRows = stageArithmeticRows(RUNS);

// the fast-linear-algebra acceptance (issue 12), from the sections below
const b = backendInfo();
lines.push('## Native linear algebra: acceptance figures', '');
lines.push(
  `gradflow's linear algebra in this run: ${b.name === 'native' ? `native ${b.vendor ?? ''} (${b.library ?? ''}), ${String(b.threads)} BLAS thread` : `JavaScript (${b.reason ?? ''})`}. Ratios from the sections "Whole runs against SciPy" and "Flow right-hand sides" below (same run).`,
  '',
);
lines.push('| check | measured | target | verdict |', '|---|---|---|---|');
const verdict = (ok: boolean): string => (ok ? 'met' : '**not met**');
for (const c of WHOLE_CASES) {
  for (const [m, sm] of c.methods) {
    const r = wholeRatios[`${c.name}|${m}`];
    if (r === undefined) continue;
    const target = c.name.includes('width 500') && m === 'dop853' ? 0.8 : 1.0;
    lines.push(`| whole run ${c.name}: time ${m} / SciPy ${sm} | ${r.toFixed(2)} | ≤ ${target.toFixed(1)} | ${verdict(r <= target)} |`);
  }
}
const rhs = (name: string, side: 'np1' | 'js', what: string): void => {
  const f = flowMedians[name];
  if (!f) return;
  const r = f.native / f[side];
  lines.push(
    `| ${name}: native evals/s / ${what} | ${r.toFixed(2)} | ≥ ${side === 'js' ? '0.9 (not slower, within noise)' : '1.0'} | ${verdict(r >= (side === 'js' ? 0.9 : 1.0))} |`,
  );
};
rhs('upstairs 50x50 width 500 N=2', 'np1', 'NumPy (1 thread)');
rhs('downstairs 50x50 N=inf', 'np1', 'NumPy (1 thread)');
{
  const t = twoByTwoFreshProcesses(Math.max(5, RUNS));
  const r = t.native / t.js;
  lines.push(
    `| upstairs 2x2 N=3 in fresh processes: evals/s with the native backend present / GRADFLOW_BLAS=js (${t.native.toFixed(0)} / ${t.js.toFixed(0)}) | ${r.toFixed(2)} | ≥ 0.9 (not slower, within noise) | ${verdict(r >= 0.9)} |`,
  );
}
for (const r of stageRows) {
  const ratio = r.gradflowMsPerEval / r.scipyMsPerEval;
  lines.push(
    `| Runge–Kutta vector arithmetic per evaluation at ${String(r.unknowns)} unknowns: ${r.method} / SciPy ${r.scipyMethod} | ${ratio.toFixed(2)} | ≤ 1.0 | ${verdict(ratio <= 1)} |`,
  );
}
lines.push('');
console.error('running Razin–Cohen to t = 1e8 at equal accuracy (gradflow and SciPy)…');
const razinCohenLines = razinCohenSection();
lines.push(...startup.lines, ...studyLines, ...flowLines, ...wholeLines, ...stageArithmeticSection(stageRows), ...crossoverLines, ...razinCohenLines);
lines.push(...depthInfinitySection()); // logs its own progress ('depth ∞: …')

const tmp = 'docs/benchmarks.md.tmp';
writeFileSync(tmp, lines.join('\n'));
renameSync(tmp, 'docs/benchmarks.md');
console.error('wrote docs/benchmarks.md');
