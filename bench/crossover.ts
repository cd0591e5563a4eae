/**
 * Where a native call starts to beat the JavaScript kernels, per operation and size: the measurement
 * behind src/linalg/crossover.ts. Microseconds per call, medians of RUNS runs, both paths on the
 * same inputs in the same process (the native library loaded directly, whatever GRADFLOW_BLAS says).
 * Called by bench/run.ts; `node --import tsx/esm bench/crossover.ts` prints the section alone.
 */
import { LapackSvd, lapackLuFactor } from '../src/linalg/lapack.js';
import { jsLuFactor } from '../src/linalg/lu.js';
import { loadNative } from '../src/linalg/nativeLibrary.js';
import { jsMatmul } from '../src/linalg/products.js';
import { SvdWorkspace } from '../src/linalg/svd.js';
import * as crossover from '../src/linalg/crossover.js';

/** Microseconds per call of `fn`, over ≥ 100 ms after warming up. */
function micros(fn: () => void): number {
  for (let i = 0; i < 200; i++) fn();
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 100) {
    fn();
    n++;
  }
  return ((performance.now() - t0) * 1000) / n;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

const fill = (n: number, seed: number): Float64Array => Float64Array.from({ length: n }, (_, i) => Math.sin(1 + 0.37 * i + seed));

export function crossoverBenchmarks(runs: number): string[] {
  const lib = loadNative({}).native;
  const lines = ['## Native against JavaScript: where the crossover sits', ''];
  if (!lib?.lapackCalls) return [...lines, 'No CBLAS + LAPACK loaded on this machine: nothing to compare.', ''];
  lines.push(
    `Microseconds per call, medians of ${String(runs)} runs, the native library (${lib.vendor}, one thread) called directly beside gradflow's JavaScript kernels on the same inputs. The sizes chosen in src/linalg/crossover.ts: ${Object.entries(
      crossover,
    )
      .map(([k, v]) => `${k} = ${String(v)}`)
      .join(', ')}. The JavaScript SVD is one-sided Jacobi, cold (a warm start roughly halves it).`,
    '',
    '| operation | size | work | JavaScript µs | native µs | native speed-up |',
    '|---|---|---|---|---|---|',
  );
  const row = (op: string, size: string, work: number, js: () => void, nat: () => void): void => {
    const j = median(Array.from({ length: runs }, () => micros(js)));
    const n = median(Array.from({ length: runs }, () => micros(nat)));
    lines.push(`| ${op} | ${size} | ${String(work)} | ${j.toFixed(2)} | ${n.toFixed(2)} | ${(j / n).toFixed(2)} |`);
  };
  for (const d of [2, 4, 6, 8, 12, 16, 32]) {
    const A = fill(d * d, 1);
    const B = fill(d * d, 2);
    const C = new Float64Array(d * d);
    row(
      'gemm',
      `${String(d)}×${String(d)}×${String(d)}`,
      d ** 3,
      () => {
        jsMatmul(A, B, C, d, d, d);
      },
      () => {
        lib.dgemm(false, false, d, d, d, 1, A, d, B, d, 0, C, d);
      },
    );
  }
  for (const d of [16, 32, 64, 128]) {
    const A = fill(d * d, 1);
    const x = fill(d, 2);
    const y = new Float64Array(d);
    row(
      'gemv',
      `${String(d)}×${String(d)}`,
      d * d,
      () => {
        jsMatmul(A, x, y, d, d, 1);
      },
      () => {
        lib.dgemv(false, d, d, 1, A, d, x, 0, y);
      },
    );
  }
  for (const d of [4, 8, 12, 16, 24, 50]) {
    const A = fill(d * d, 3);
    const jac = new SvdWorkspace(d, d, false, false, 'jacobi');
    const nat = new LapackSvd(lib.lapackCalls, d, d);
    const U = new Float64Array(d * d);
    const s = new Float64Array(d);
    const V = new Float64Array(d * d);
    row(
      'SVD',
      `${String(d)}×${String(d)}`,
      d ** 3,
      () => jac.compute(A),
      () => nat.compute(A, U, s, V),
    );
  }
  for (const d of [8, 16, 24, 32, 64]) {
    const A = fill(d * d, 4);
    for (let i = 0; i < d; i++) A[i * d + i] = A[i * d + i]! + d;
    const W = new Float64Array(d * d);
    const piv = new Int32Array(d);
    const calls = lib.lapackCalls;
    row(
      'LU',
      `${String(d)}×${String(d)}`,
      d ** 3,
      () => {
        W.set(A);
        jsLuFactor(W, d, piv);
      },
      () => {
        W.set(A);
        lapackLuFactor(calls, W, d, piv);
      },
    );
  }
  lines.push('');
  return lines;
}

if (process.argv[1]?.endsWith('crossover.ts')) console.log(crossoverBenchmarks(Number(process.env.BENCH_RUNS ?? 3)).join('\n'));
