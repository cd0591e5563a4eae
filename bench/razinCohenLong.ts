/**
 * Razin–Cohen depth 3 to t = 1e8 at equal accuracy (issue 27's benchmark): the upstairs factor flow of
 * the 2×2 completion (observed w12 = w21 = 1, w22 = 0; scenarios/razin-cohen-2x2.yaml), widths
 * [2, 2, 2, 2], from the scenario's start (balanced factors of 1e-3·I, standard-basis Q_j, det W(0) > 0,
 * so every factor is 0.1·I), integrated to t1 = 1e8 in upstairs time. Each side sweeps rtol over
 * decades (atol = 1e-4·rtol, the scenario's ratio) and is timed at the loosest tolerance from which
 * every tighter one of the sweep also ends within 1e-8 of the reference in W:
 * - gradflow `radau5` (analytic Jacobian from the flow's Jacobian-vector products), with `auto` and
 *   `auto-rk` for context;
 * - SciPy's Radau and LSODA on the same flow in NumPy with an analytic Jacobian (bench/razin_cohen_peer.py,
 *   one BLAS thread).
 * Reference: gradflow auto-rk at rtol 1e-13, atol 1e-16, cross-checked against gradflow radau5 and
 * SciPy Radau and LSODA at the same tolerances. Error: max_i |W_i − Wref_i| / ‖Wref‖∞ at t1 (bench/wholeRuns.ts's measure).
 * Part of `npm run bench` (docs/benchmarks.md); alone, `node --import tsx/esm bench/razinCohenLong.ts` prints the section (BENCH_RUNS repetitions, default 7).
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { median } from './median.js';
import { endOnlyOptions, error } from './wholeRuns.js';
import { matrixCompletion, type Observation } from '../src/energies/matrixCompletion.js';
import { upstairsFlow } from '../src/flows/upstairs.js';
import { balancedFactors, fixDeterminantSign } from '../src/init/inits.js';
import { backendInfo } from '../src/linalg/backend.js';
import { symEig } from '../src/linalg/symEig.js';
import type { MethodName } from '../src/ode/methods.js';
import type { Solution } from '../src/ode/types.js';
import { solve } from '../test/ode/librarySolve.js';

const T1 = 1e8;
const TARGET = 1e-8;
const ATOL_PER_RTOL = 1e-4;
const RTOLS = [1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13];
const REF_RTOL = 1e-13;
const REF_ATOL = 1e-16;
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const MAX_STEPS = 1e7;

const OBSERVED: Observation[] = [
  { i: 0, j: 1, value: 1 },
  { i: 1, j: 0, value: 1 },
  { i: 1, j: 1, value: 0 },
];
const WIDTHS = [2, 2, 2, 2];
const energy = matrixCompletion(2, 2, OBSERVED);
const flow = upstairsFlow(energy, WIDTHS);
const factors = fixDeterminantSign(WIDTHS, balancedFactors(WIDTHS, [1e-3, 0, 0, 1e-3]), 1);
const y0 = new Float64Array(flow.dim);
factors.forEach((F, j) => {
  y0.set(F, flow.layout.offsets[j]);
});

const GRADFLOW: MethodName[] = ['radau5', 'auto', 'auto-rk'];
const SCIPY = ['Radau', 'LSODA'] as const;

interface Run {
  side: string;
  rtol: number;
  atol: number;
  status: string;
  nfev: number;
  njev: number;
  nlu: number;
  steps: number;
  rejected: number | undefined;
  ms: number;
  W: Float64Array;
  /** The final state (gradflow only). */
  y?: Float64Array;
}

interface PeerRun {
  method: string;
  rtol: number;
  status: number;
  tFinal: number;
  nfev: number;
  njev: number;
  nlu: number;
  steps: number;
  ms: number;
  W: number[];
}

interface PeerOut {
  numpy: string;
  scipy: string;
  python: string;
  check?: { rhs: number; jac: number; jacVsDifferences: number };
  runs: PeerRun[];
}

const W = new Float64Array(4);
function endToEnd(y: Float64Array): Float64Array {
  flow.endToEnd(y, W);
  return Float64Array.from(W);
}

function ours(method: MethodName, rtol: number, atol: number): { sol: Solution; ms: number } {
  const a = performance.now();
  const sol = solve(flow, method, { ...endOnlyOptions(y0, T1, rtol, atol), maxSteps: MAX_STEPS });
  return { sol, ms: performance.now() - a };
}

function ourRun(method: MethodName, rtol: number, atol: number): Run {
  const { sol, ms } = ours(method, rtol, atol);
  const s = sol.stats;
  return {
    side: `gradflow ${method}`,
    rtol,
    atol,
    status: sol.tFinal === T1 ? sol.status : `${sol.status} at t = ${sol.tFinal.toExponential(2)}`,
    nfev: s.nfev,
    njev: s.njev,
    nlu: s.nlu,
    steps: s.naccepted,
    rejected: s.nrejected,
    ms,
    W: endToEnd(sol.yFinal),
    y: sol.yFinal,
  };
}

/** One fresh interpreter running `runs` once each (its start-up not timed). */
function peer(runs: { method: string; rtol: number; atol: number }[], check?: object): PeerOut {
  const spec = { widths: WIDTHS, rows: 2, cols: 2, observed: OBSERVED.map((o) => [o.i, o.j, o.value]), y0: Array.from(y0), t1: T1, runs, check };
  return JSON.parse(
    execFileSync('/usr/bin/python3', ['bench/razin_cohen_peer.py'], {
      input: JSON.stringify(spec),
      encoding: 'utf8',
      env: { ...process.env, OPENBLAS_NUM_THREADS: '1' },
      maxBuffer: 1 << 26,
    }),
  ) as PeerOut;
}

function peerRun(p: PeerRun, atol: number): Run {
  const ok = p.status === 0 && p.tFinal === T1;
  return {
    side: `SciPy ${p.method}`,
    rtol: p.rtol,
    atol,
    status: ok ? 'success' : `status ${String(p.status)} at t = ${p.tFinal.toExponential(2)}`,
    nfev: p.nfev,
    njev: p.njev,
    nlu: p.nlu,
    steps: p.steps,
    rejected: undefined,
    ms: p.ms,
    W: Float64Array.from(p.W),
  };
}

const fmt = (x: number): string => (x === 0 ? '0' : x.toExponential(1));
const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

/** The section's Markdown lines (bench/run.ts puts them into docs/benchmarks.md). */
export function razinCohenSection(): string[] {
  const log = (s: string): void => {
    console.error(`razin-cohen long: ${s}`);
  };
  // the same field and Jacobian on both sides, at a generic point
  const yc = Float64Array.from({ length: flow.dim }, (_, i) => Math.sin(1 + 0.7 * i));
  const fc = new Float64Array(flow.dim);
  const Jc = new Float64Array(flow.dim * flow.dim);
  flow.rhs(0, yc, fc);
  flow.jacobian!(0, yc, Jc);

  log('references and the SciPy sweep');
  const refRuns = [...SCIPY.map((m) => ({ method: m, rtol: REF_RTOL, atol: REF_ATOL }))];
  const sweepRuns = SCIPY.flatMap((m) => RTOLS.map((rtol) => ({ method: m, rtol, atol: rtol * ATOL_PER_RTOL })));
  const peerSweep = peer([...refRuns, ...sweepRuns], { y: Array.from(yc), f: Array.from(fc), J: Array.from(Jc) });
  const scipyRefs = peerSweep.runs.slice(0, refRuns.length).map((p) => peerRun(p, REF_ATOL));
  const scipySweep = peerSweep.runs.slice(refRuns.length).map((p) => peerRun(p, p.rtol * ATOL_PER_RTOL));

  log('gradflow references');
  const ref = ourRun('auto-rk', REF_RTOL, REF_ATOL);
  const refs = [ref, ourRun('radau5', REF_RTOL, REF_ATOL), ...scipyRefs];
  const Wref = ref.W;

  log('gradflow sweep');
  const sweep: Run[] = [];
  for (const m of GRADFLOW) for (const rtol of RTOLS) sweep.push(ourRun(m, rtol, rtol * ATOL_PER_RTOL));
  sweep.push(...scipySweep);

  // per side: the loosest rtol from which every tighter one of the sweep reaches t1 within TARGET
  const sides = [...GRADFLOW.map((m) => `gradflow ${m}`), ...SCIPY.map((m) => `SciPy ${m}`)];
  const passes = (r: Run): boolean => r.status === 'success' && error(r.W, Wref) <= TARGET;
  const chosen = new Map<string, Run>();
  const loosestPassing = new Map<string, Run>();
  for (const side of sides) {
    const rows = sweep.filter((r) => r.side === side).sort((a, b) => b.rtol - a.rtol);
    let k = rows.length;
    while (k > 0 && passes(rows[k - 1]!)) k--;
    if (k < rows.length) chosen.set(side, rows[k]!);
    const first = rows.find(passes);
    if (first) loosestPassing.set(side, first);
  }

  // timing, interleaved: each repetition runs every chosen gradflow configuration and one fresh
  // interpreter with every chosen SciPy one, alternating which side goes first
  const times = new Map<string, number[]>(sides.map((s) => [s, []]));
  const timedGradflow = GRADFLOW.filter((m) => chosen.has(`gradflow ${m}`));
  const timedScipy = SCIPY.filter((m) => chosen.has(`SciPy ${m}`));
  for (const m of timedGradflow) {
    const c = chosen.get(`gradflow ${m}`)!;
    const warm = performance.now();
    for (let w = 0; w < 3 || performance.now() - warm < 100; w++) ours(m, c.rtol, c.atol); // warm-up: let V8 optimise
  }
  const gradflowOnce = (): void => {
    for (const m of timedGradflow) {
      const c = chosen.get(`gradflow ${m}`)!;
      times.get(`gradflow ${m}`)!.push(ours(m, c.rtol, c.atol).ms);
    }
  };
  const scipyOnce = (): void => {
    if (timedScipy.length === 0) return;
    const out = peer(timedScipy.map((m) => ({ method: m, rtol: chosen.get(`SciPy ${m}`)!.rtol, atol: chosen.get(`SciPy ${m}`)!.atol })));
    for (const p of out.runs) times.get(`SciPy ${p.method}`)!.push(p.ms);
  };
  const load0 = os.loadavg()[0]! / os.cpus().length;
  for (let r = 0; r < RUNS; r++) {
    log(`timing, repetition ${String(r + 1)} of ${String(RUNS)}`);
    if (r % 2 === 0) {
      gradflowOnce();
      scipyOnce();
    } else {
      scipyOnce();
      gradflowOnce();
    }
  }
  const load1 = os.loadavg()[0]! / os.cpus().length;

  const medians = new Map([...times].filter(([, t]) => t.length > 0).map(([s, t]) => [s, median(t)]));
  const scipyFastest = Math.min(...SCIPY.map((m) => medians.get(`SciPy ${m}`) ?? Infinity));
  const fastestName = SCIPY.find((m) => medians.get(`SciPy ${m}`) === scipyFastest);

  // stiffness at t1: the flow is a gradient flow, so its Jacobian (−Hessian) is symmetric
  const J1 = new Float64Array(flow.dim * flow.dim);
  flow.jacobian!(T1, ref.y!, J1);
  const eig = symEig(J1, flow.dim).values;
  const lamMax = Math.max(...Array.from(eig, Math.abs));

  const b = backendInfo();
  const check = peerSweep.check!;
  const lines: string[] = [];
  lines.push('## Razin–Cohen depth 3 to t = 1e8 at equal accuracy', '');
  lines.push(
    `Upstairs factor flow of the 2×2 completion (w12 = w21 = 1, w22 = 0 observed), widths [2, 2, 2, 2], from the scenario's start (every factor 0.1·I, W(0) = 1e-3·I), t ∈ [0, 1e8] in upstairs time; every run saves only t1. gradflow ${b.name === 'native' ? `native ${b.vendor ?? ''}, ${String(b.threads)} BLAS thread` : 'JavaScript kernels'} on Node ${process.version}; SciPy ${peerSweep.scipy} (NumPy ${peerSweep.numpy}, Python ${peerSweep.python}) with the flow in NumPy, OPENBLAS_NUM_THREADS=1. Analytic Jacobians on both sides (gradflow: the flow's Jacobian-vector products; NumPy: the same passes differentiated, batched; NumPy vs gradflow at a generic point: field ${fmt(check.rhs)}, Jacobian ${fmt(check.jac)} relative, NumPy Jacobian vs its central differences ${fmt(check.jacVsDifferences)}). atol = ${String(ATOL_PER_RTOL)}·rtol. Error: max_i |W_i − Wref_i| / ‖Wref‖∞ of the end-to-end W(1e8).`,
    '',
  );
  lines.push(`### References (rtol ${String(REF_RTOL)}, atol ${String(REF_ATOL)})`, '');
  lines.push(
    `W_ref(1e8) = [[${Array.from(Wref, (x) => x.toPrecision(17)).join(', ')}]] (row-major), gradflow auto-rk. The flow is stiff at t1: the Jacobian (symmetric: −Hessian of the loss in the factors) has largest |eigenvalue| ${lamMax.toPrecision(3)} there and largest eigenvalue ${fmt(Math.max(...eig))} (zero modes), so an explicit method's stable step near t1 is about 6/|λ| ≈ ${fmt(6 / lamMax)}: SciPy DOP853 (and gradflow dop853) cannot reach t = 1e8 in reasonable time and are not among the references.`,
    '',
  );
  lines.push('| reference | status | nfev | njev | steps | wall ms | difference from gradflow auto-rk |', '|---|---|---|---|---|---|---|');
  for (const r of refs)
    lines.push(`| ${r.side} | ${r.status} | ${String(r.nfev)} | ${String(r.njev)} | ${String(r.steps)} | ${ms(r.ms)} | ${fmt(error(r.W, Wref))} |`);
  lines.push('');
  lines.push(
    `### Equal accuracy: error ≤ ${String(TARGET)}`,
    '',
    `Each side at the loosest rtol of the sweep (decades ${RTOLS[0]!.toExponential(0)} … ${RTOLS.at(-1)!.toExponential(0)}) from which every tighter rtol also passes. Wall: medians of ${String(RUNS)} interleaved repetitions (gradflow after ≥ 100 ms of warm-up per configuration; SciPy in a fresh interpreter per repetition, start-up not timed). Load per core ${load0.toFixed(2)} before, ${load1.toFixed(2)} after. Ratio: the side's median over SciPy's fastest (${fastestName ?? 'none'}).`,
    '',
  );
  lines.push(
    '| side | rtol | atol | error | nfev | njev | nlu | steps (rejected) | median ms | ratio to SciPy fastest |',
    '|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const side of sides) {
    const c = chosen.get(side);
    if (!c) {
      lines.push(`| ${side} | none passes | | | | | | | | |`);
      continue;
    }
    const m = medians.get(side)!;
    lines.push(
      `| ${side} | ${fmt(c.rtol)} | ${fmt(c.atol)} | ${fmt(error(c.W, Wref))} | ${String(c.nfev)} | ${String(c.njev)} | ${String(c.nlu)} | ${String(c.steps)}${c.rejected === undefined ? '' : ` (${String(c.rejected)})`} | ${ms(m)} | ${(m / scipyFastest).toFixed(3)} |`,
    );
  }
  lines.push('');
  const r5 = medians.get('gradflow radau5');
  lines.push(
    r5 === undefined
      ? "**Goal (radau5 ≤ 0.05 of SciPy's fastest): radau5 does not reach the error in the sweep.**"
      : `**Goal: radau5 / SciPy's fastest = ${(r5 / scipyFastest).toFixed(3)} (goal ≤ 0.05: ${r5 / scipyFastest <= 0.05 ? 'met' : 'not met'}).** Timings per repetition (ms): ${[...times].map(([s, t]) => `${s} ${t.map((x) => x.toFixed(0)).join('/')}`).join('; ')}.`,
    '',
  );
  const odd = sides.filter((s) => loosestPassing.get(s) !== chosen.get(s));
  if (odd.length > 0)
    lines.push(
      `Not monotone: ${odd.map((s) => `${s} passes at rtol ${fmt(loosestPassing.get(s)!.rtol)} but fails at a tighter one`).join('; ')} (the table takes the tolerance from which every tighter one passes).`,
      '',
    );
  lines.push('### Sweep (one run each; wall time of that single run, gradflow unwarmed)', '');
  lines.push('| side | rtol | status | error | nfev | njev | nlu | steps (rejected) | ms |', '|---|---|---|---|---|---|---|---|---|');
  for (const side of sides)
    for (const r of sweep.filter((x) => x.side === side))
      lines.push(
        `| ${side} | ${fmt(r.rtol)} | ${r.status} | ${fmt(error(r.W, Wref))}${passes(r) ? ' ✓' : ''} | ${String(r.nfev)} | ${String(r.njev)} | ${String(r.nlu)} | ${String(r.steps)}${r.rejected === undefined ? '' : ` (${String(r.rejected)})`} | ${ms(r.ms)} |`,
      );
  lines.push('');
  return lines;
}

if (process.argv[1]?.endsWith('razinCohenLong.ts')) console.log(razinCohenSection().join('\n'));
