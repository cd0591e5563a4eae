/**
 * Whole runs of the upstairs flow beside SciPy (bench/whole_peer.py), the same start on both sides:
 * whitened regression towards a rank-5 target with singular values 1…5, every factor with i.i.d.
 * uniform entries, t ∈ [0, 40], rtol 1e-6, atol 1e-8; gradflow dopri5/dop853 against solve_ivp
 * RK45/DOP853, one BLAS thread each. Also each side's final error against a tight reference
 * (gradflow dop853, rtol 1e-11), so equal work is seen to buy equal accuracy.
 * Called by bench/run.ts; `node --import tsx/esm bench/wholeRuns.ts` prints the section alone.
 */
import { median } from './median.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { whitenedRegression } from '../src/energies/whitenedRegression.js';
import { upstairsFlow } from '../src/flows/upstairs.js';
import { Rng } from '../src/init/rng.js';
import { backendInfo } from '../src/linalg/backend.js';
import { solve } from '../test/ode/librarySolve.js';
import type { MethodName } from '../src/ode/methods.js';
import type { Solution } from '../src/ode/types.js';

interface Case {
  readonly name: string;
  readonly widths: number[];
  /** Standard deviation of every factor's uniform entries. */
  readonly std: number;
  readonly methods: [MethodName, string][];
}

const T1 = 40;
const RTOL = 1e-6;
const ATOL = 1e-8;

/** `Φ = Σ_{r<5} (r+1) u_r v_rᵀ` with DCT-II columns (exactly orthonormal): u_r of frequency r+1, v_r of frequency r+6. */
function target(rows: number, cols: number): Float64Array {
  const dct = (n: number, k: number, i: number): number => Math.sqrt(2 / n) * Math.cos((Math.PI * (i + 0.5) * k) / n);
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < 5; r++)
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = out[i * cols + j]! + (r + 1) * dct(rows, r + 1, i) * dct(cols, r + 6, j);
  return out;
}

function start(dim: number, std: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const a = Math.sqrt(3) * std;
  const y = new Float64Array(dim);
  for (let i = 0; i < dim; i++) y[i] = a * (2 * rng.uniform() - 1);
  return y;
}

interface PeerRow {
  case: string;
  method: string;
  status: number;
  nfev: number;
  steps: number;
  ms: number[];
}

/** Solver options of a whole run that saves only its end, like solve_ivp without dense output (also bench/study.ts). */
export const endOnlyOptions = (y0: Float64Array, t1: number, rtol: number, atol: number) => ({
  t0: 0,
  t1,
  y0,
  rtol,
  atol,
  dense: false,
  maxSteps: 1e7,
  saveAt: { kind: 'times' as const, times: [t1] },
});
const options = (y0: Float64Array) => endOnlyOptions(y0, T1, RTOL, ATOL);

/** max_i |y_i − r_i| / ‖r‖∞ (also bench/p3Error.ts's measure). */
export function error(y: Float64Array, ref: Float64Array): number {
  let e = 0;
  let scale = 0;
  for (let i = 0; i < y.length; i++) {
    e = Math.max(e, Math.abs(y[i]! - ref[i]!));
    scale = Math.max(scale, Math.abs(ref[i]!));
  }
  return e / scale;
}

export const WHOLE_CASES: Case[] = [
  {
    name: '50×50, width 50, N = 2',
    widths: [50, 50, 50],
    std: 1e-3,
    methods: [
      ['dopri5', 'RK45'],
      ['dop853', 'DOP853'],
    ],
  },
  {
    name: '50×50, width 500, N = 2',
    widths: [50, 500, 50],
    std: 1e-3,
    methods: [
      ['dopri5', 'RK45'],
      ['dop853', 'DOP853'],
    ],
  },
  { name: '50×50, width 2000, N = 2', widths: [50, 2000, 50], std: 1e-3, methods: [['dop853', 'DOP853']] },
  // depth 10 from std 1e-3 would sit at the saddle W = 0 for all of t ≤ 40: std 1/√20 makes each factor of norm ~1
  {
    name: '20×20, N = 10',
    widths: Array.from({ length: 11 }, () => 20),
    std: 1 / Math.sqrt(20),
    methods: [
      ['dopri5', 'RK45'],
      ['dop853', 'DOP853'],
    ],
  },
];

/** Time ratios gradflow / SciPy of the last `wholeRunBenchmarks` call, by `case|gradflow method`. */
export const wholeRatios: Record<string, number> = {};

/** Runs both sides; returns the Markdown section. */
export function wholeRunBenchmarks(runs: number): string[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gradflow-whole-'));
  try {
    const specs = WHOLE_CASES.map((c, i) => {
      const rows = c.widths.at(-1)!;
      const cols = c.widths[0]!;
      const flow = upstairsFlow(whitenedRegression(rows, cols, target(rows, cols)), c.widths);
      const y0 = start(flow.dim, c.std, 1000 + i);
      const files = {
        target: path.join(dir, `target-${String(i)}.f64`),
        start: path.join(dir, `start-${String(i)}.f64`),
        final: path.join(dir, `final-${String(i)}`),
      };
      writeFileSync(files.target, Buffer.from(target(rows, cols).buffer));
      writeFileSync(files.start, Buffer.from(y0.buffer));
      return { c, flow, y0, files };
    });
    const peerIn = path.join(dir, 'cases.json');
    writeFileSync(
      peerIn,
      JSON.stringify(
        specs.map((s) => ({ name: s.c.name, widths: s.c.widths, t1: T1, rtol: RTOL, atol: ATOL, scipy: s.c.methods.map((m) => m[1]), ...s.files })),
      ),
    );
    /** One SciPy run of every case (a fresh interpreter; its start-up is not timed). */
    const scipyOnce = (): PeerRow[] =>
      (
        JSON.parse(
          execFileSync('/usr/bin/python3', ['bench/whole_peer.py', peerIn, '1'], {
            encoding: 'utf8',
            env: { ...process.env, OPENBLAS_NUM_THREADS: '1' },
            maxBuffer: 1 << 26,
          }),
        ) as { results: PeerRow[] }
      ).results;
    // interleaved: each repetition times every gradflow case, then every SciPy case, so that the
    // machine's changing load falls on both sides alike
    const ours = new Map<string, number[]>();
    const theirs = new Map<string, number[]>();
    const last = new Map<string, Solution>();
    const peerRows = new Map<string, PeerRow>();
    for (const s of specs) for (const [m] of s.c.methods) last.set(`${s.c.name}|${m}`, solve(s.flow, m, options(s.y0))); // warm-up
    for (let r = 0; r < runs; r++) {
      console.error(`whole runs: repetition ${String(r + 1)} of ${String(runs)}`);
      for (const s of specs) {
        for (const [m] of s.c.methods) {
          const key = `${s.c.name}|${m}`;
          const a = performance.now();
          last.set(key, solve(s.flow, m, options(s.y0)));
          ours.set(key, [...(ours.get(key) ?? []), performance.now() - a]);
        }
      }
      for (const p of scipyOnce()) {
        const key = `${p.case}|${p.method}`;
        theirs.set(key, [...(theirs.get(key) ?? []), ...p.ms]);
        peerRows.set(key, p);
      }
    }
    const lines: string[] = [];
    lines.push('## Whole runs against SciPy', '');
    const b = backendInfo();
    lines.push(
      `Upstairs whitened regression towards a rank-5 target (singular values 1…5, DCT singular vectors), t ∈ [0, ${String(T1)}], rtol ${String(RTOL)}, atol ${String(ATOL)}, every factor with i.i.d. uniform entries of the given std, the same start on both sides (written by gradflow, read by NumPy). gradflow (${b.name === 'native' ? `native ${b.vendor ?? ''}, ${String(b.threads)} BLAS thread` : 'JavaScript kernels'}) saves only t1, like solve_ivp without dense output; SciPy's right-hand side is NumPy with OPENBLAS_NUM_THREADS=1. Medians of ${String(runs)} interleaved repetitions (gradflow after one warm-up run; SciPy in a fresh interpreter each time, its start-up not timed). Error: max |y − ref| / ‖ref‖∞ at t1 against gradflow dop853 at rtol 1e-11, atol 1e-13.`,
      '',
    );
    lines.push(
      '| problem | gradflow | SciPy | gradflow ms | SciPy ms | time ratio (gradflow / SciPy) | nfev gradflow / SciPy | error gradflow | error SciPy |',
      '|---|---|---|---|---|---|---|---|---|',
    );
    for (const s of specs) {
      const ref = solve(s.flow, 'dop853', { ...options(s.y0), rtol: 1e-11, atol: 1e-13 }).yFinal;
      for (const [m, sm] of s.c.methods) {
        const key = `${s.c.name}|${m}`;
        const p = peerRows.get(`${s.c.name}|${sm}`)!;
        const finalTheirs = new Float64Array(readFileSync(`${s.files.final}.${sm}`).buffer.slice(0));
        const a = median(ours.get(key)!);
        const z = median(theirs.get(`${s.c.name}|${sm}`)!);
        const sol = last.get(key)!;
        wholeRatios[key] = a / z;
        lines.push(
          `| ${s.c.name} | ${m} | ${sm} | ${a.toFixed(0)} | ${z.toFixed(0)} | ${(a / z).toFixed(2)} | ${String(sol.stats.nfev)} / ${String(p.nfev)} | ${error(sol.yFinal, ref).toExponential(1)} | ${error(finalTheirs, ref).toExponential(1)} |`,
        );
      }
    }
    lines.push('');
    return lines;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('wholeRuns.ts')) console.log(wholeRunBenchmarks(Number(process.env.BENCH_RUNS ?? 3)).join('\n'));
