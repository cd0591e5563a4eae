/**
 * Why gradflow's final error on P3 can differ from SciPy's at equal work (gradflow issue 12):
 * upstairs whitened regression towards a 50×50 rank-5 target (singular values 1…5, DCT singular
 * vectors), depth 2, the given width, t ∈ [0, 40], every factor with i.i.d. uniform entries of std
 * 1e-3, over several seeds. Per seed and tolerance (atol = rtol/100): each side's error against
 * SciPy DOP853 at rtol 1e-13, gradflow's own reference (dop853 at 1e-13) against it, gradflow
 * again from SciPy's first step and from a start perturbed by one ulp, and SciPy again from half its
 * first step and from the perturbed start — the spread that such immaterial changes produce. An investigation script, not a timed benchmark:
 *   node --import tsx/esm bench/p3Error.ts [WIDTH=50] [SEEDS=6]
 */
import { error } from './wholeRuns.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { whitenedRegression } from '../src/energies/whitenedRegression.js';
import { upstairsFlow } from '../src/flows/upstairs.js';
import { Rng } from '../src/init/rng.js';
import { solve } from '../test/ode/librarySolve.js';

const M = 50;
const T1 = 40;
const RTOLS = [1e-6, 1e-8];

/** `Φ = Σ_{r<5} (r+1) u_r v_rᵀ`, DCT-II columns: u_r of frequency r+1, v_r of frequency r+6. */
function target(): Float64Array {
  const dct = (k: number, i: number): number => Math.sqrt(2 / M) * Math.cos((Math.PI * (i + 0.5) * k) / M);
  const out = new Float64Array(M * M);
  for (let r = 0; r < 5; r++)
    for (let i = 0; i < M; i++) for (let j = 0; j < M; j++) out[i * M + j] = out[i * M + j]! + (r + 1) * dct(r + 1, i) * dct(r + 6, j);
  return out;
}

function start(dim: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const a = Math.sqrt(3) * 1e-3;
  return Float64Array.from({ length: dim }, () => a * (2 * rng.uniform() - 1));
}

const read = (file: string): Float64Array => {
  const b = readFileSync(file);
  return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};
const geomean = (xs: number[]): number => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);

/** Runs both sides and returns the Markdown lines. */
export function p3ErrorStudy(width = 50, seeds = 6): string[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gradflow-p3-'));
  try {
    const Phi = target();
    const dim = 2 * M * width;
    writeFileSync(path.join(dir, 'target.bin'), Phi);
    const cases = Array.from({ length: seeds }, (_, s) => {
      const y0 = start(dim, s + 1);
      writeFileSync(path.join(dir, `start${String(s)}.bin`), y0);
      return { target: path.join(dir, 'target.bin'), start: path.join(dir, `start${String(s)}.bin`), out: path.join(dir, `final${String(s)}`), y0 };
    });
    writeFileSync(path.join(dir, 'spec.json'), JSON.stringify({ width, t1: T1, rtols: RTOLS, cases }));
    const peer = JSON.parse(
      execFileSync('/usr/bin/python3', ['bench/p3_error_peer.py', path.join(dir, 'spec.json')], {
        encoding: 'utf8',
        env: { ...process.env, OPENBLAS_NUM_THREADS: '1' },
      }),
    ) as Record<string, { nfev: number; steps: number; h0: number }>[];
    const flow = upstairsFlow(whitenedRegression(M, M, Phi), [M, width, M]);
    const lines = [
      `# P3 final errors, width ${String(width)} (${String(dim)} unknowns), ${String(seeds)} seeds`,
      '',
      'Errors are max |y − ref| / ‖ref‖∞ at t = 40 against SciPy DOP853 at rtol 1e-13, atol 1e-15; atol = rtol/100.',
      '',
      '| seed | method | rtol | nfev gradflow / SciPy | first step gradflow / SciPy | error gradflow | gradflow from SciPy’s first step | gradflow, start ±1 ulp | error SciPy | SciPy from half its first step | SciPy, start ±1 ulp | ratio gradflow / SciPy |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ];
    const ratios: Record<string, number[]> = {};
    const refGaps: number[] = [];
    cases.forEach((c, s) => {
      const ref = read(`${c.out}.ref.bin`);
      const ours = solve(flow, 'dop853', { t0: 0, t1: T1, y0: c.y0, rtol: 1e-13, atol: 1e-15, dense: false, saveAt: { kind: 'times', times: [T1] } });
      refGaps.push(error(ours.yFinal, ref));
      const nudged = c.y0.map((v, i) => v * (1 + (i % 2 === 0 ? 1 : -1) * Number.EPSILON));
      for (const [method, theirs] of [
        ['dopri5', 'RK45'],
        ['dop853', 'DOP853'],
      ] as const) {
        RTOLS.forEach((rtol, k) => {
          const p = peer[s]![`${theirs} ${String(k)}`]!;
          const opts = { t0: 0, t1: T1, rtol, atol: rtol * 1e-2, dense: false, saveAt: { kind: 'steps' as const } };
          const own = solve(flow, method, { ...opts, y0: c.y0 });
          const fromTheirs = solve(flow, method, { ...opts, y0: c.y0, h0: p.h0 });
          const ulp = solve(flow, method, { ...opts, y0: nudged });
          const eOurs = error(own.yFinal, ref);
          const eTheirs = error(read(`${c.out}.${theirs}.${String(k)}.bin`), ref);
          (ratios[`${method} ${String(rtol)}`] ??= []).push(eOurs / eTheirs);
          lines.push(
            `| ${String(s + 1)} | ${method} / ${theirs} | ${String(rtol)} | ${String(own.stats.nfev)} / ${String(p.nfev)} | ${own.t[1]!.toPrecision(3)} / ${p.h0.toPrecision(3)} | ${eOurs.toExponential(1)} | ${error(fromTheirs.yFinal, ref).toExponential(1)} | ${error(ulp.yFinal, ref).toExponential(1)} | ${eTheirs.toExponential(1)} | ${error(read(`${c.out}.${theirs}.${String(k)}.half.bin`), ref).toExponential(1)} | ${error(read(`${c.out}.${theirs}.${String(k)}.ulp.bin`), ref).toExponential(1)} | ${(eOurs / eTheirs).toFixed(2)} |`,
          );
        });
      }
    });
    lines.push('', `gradflow's reference (dop853, rtol 1e-13) against SciPy's: at most ${Math.max(...refGaps).toExponential(1)}.`, '');
    for (const [k, r] of Object.entries(ratios)) {
      lines.push(
        `- ${k}: error ratio gradflow / SciPy from ${Math.min(...r).toFixed(2)} to ${Math.max(...r).toFixed(2)}, geometric mean ${geomean(r).toFixed(2)}`,
      );
    }
    lines.push('');
    return lines;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('p3Error.ts')) console.log(p3ErrorStudy(Number(process.argv[2] ?? 50), Number(process.argv[3] ?? 6)).join('\n'));
