/**
 * Right-hand-side throughput of the flows (evaluations per second) beside NumPy versions of the same
 * right-hand sides on the same states (bench/flows_peer.py), and gradflow's own linear-algebra
 * kernels beside ml-matrix. Called by bench/run.ts; every number comes from the same run.
 */
import { execFileSync } from 'node:child_process';
import { Matrix as MlMatrix, SingularValueDecomposition } from 'ml-matrix';
import { whitenedRegression } from '../src/energies/whitenedRegression.js';
import { downstairsFlow } from '../src/flows/downstairs.js';
import { packFactors } from '../src/flows/layout.js';
import { upstairsFlow } from '../src/flows/upstairs.js';
import { backendInfo } from '../src/linalg/backend.js';
import { jsMatmul, matmul, matmulNT } from '../src/linalg/products.js';
import { SvdWorkspace } from '../src/linalg/svd.js';

/** The deterministic states both sides use: `scale · sin(1 + 0.37 i + 0.91 k + 1.3 j)`. */
function state(rows: number, cols: number, j: number, scale: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let k = 0; k < cols; k++) out[i * cols + k] = scale * Math.sin(1 + 0.37 * i + 0.91 * k + 1.3 * j);
  return out;
}

function target(rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let k = 0; k < cols; k++) out[i * cols + k] = Math.cos(i + 2 * k);
  return out;
}

/** Evaluations per second of `fn`, after 100 ms of warm-up, over at least 300 ms. */
function rate(fn: () => void, minMs = 300): number {
  fn();
  let t0 = performance.now();
  while (performance.now() - t0 < 100) fn();
  let count = 0;
  t0 = performance.now();
  for (;;) {
    fn();
    count++;
    const el = performance.now() - t0;
    if (el >= minMs) return (1000 * count) / el;
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

function flowCases(): Record<string, () => void> {
  const out: Record<string, () => void> = {};
  const ups: [string, number[]][] = [
    ['upstairs 2x2 N=3', [2, 2, 2, 2]],
    ['upstairs 50x50 width 500 N=2', [50, 500, 50]],
    ['upstairs 50x50 width 500 N=3', [50, 500, 500, 50]],
    ['upstairs 50x50 width 2000 N=2', [50, 2000, 50]],
    ['upstairs 20x20 N=10', Array.from({ length: 11 }, () => 20)],
  ];
  for (const [name, widths] of ups) {
    const flow = upstairsFlow(whitenedRegression(widths.at(-1)!, widths[0]!, target(widths.at(-1)!, widths[0]!)), widths);
    const y = packFactors(
      flow.layout,
      widths.slice(1).map((d, i) => state(d, widths[i]!, i + 1, 1 / Math.sqrt(widths[i]!))),
    );
    const f = new Float64Array(flow.dim);
    out[name] = () => {
      flow.rhs(0, y, f);
    };
  }
  const flow = downstairsFlow(whitenedRegression(50, 50, target(50, 50)), Infinity, 'normalized');
  const W = state(50, 50, 0, 0.2);
  // a cycle of nearby states, as the stages of a solver step present them (the SVD is warm-started)
  const cycle = Array.from({ length: 8 }, (_, c) => {
    const d = state(50, 50, c + 1, 1);
    return W.map((w, i) => w + 1e-4 * d[i]!);
  });
  const f = new Float64Array(2500);
  let c = 0;
  out['downstairs 50x50 N=inf'] = () => {
    c = (c + 1) % 8;
    flow.rhs(0, cycle[c]!, f);
  };
  // a rank-5 start: the field held to rank 5 (lowRank.ts), on nearby rank-5 states
  const low = downstairsFlow(whitenedRegression(50, 50, target(50, 50)), Infinity, 'normalized', { rank: 5 });
  const B = state(50, 5, 2, 0.3);
  const lowCycle = Array.from({ length: 8 }, (_, k) => {
    const A = state(50, 5, 1, 0.3);
    const dA = state(50, 5, k + 3, 1);
    for (let i = 0; i < A.length; i++) A[i] = A[i]! + 1e-4 * dA[i]!;
    const W5 = new Float64Array(2500);
    matmulNT(A, B, W5, 50, 5, 50);
    return W5;
  });
  let c5 = 0;
  out['downstairs 50x50 rank 5 N=inf'] = () => {
    c5 = (c5 + 1) % 8;
    low.rhs(0, lowCycle[c5]!, f);
  };
  return out;
}

/** [name, gradflow (dispatched), gradflow's JavaScript kernel, ml-matrix, multiply–adds per call (products only)] */
function kernelCases(): [string, () => void, () => void, () => void, number | undefined][] {
  const out: [string, () => void, () => void, () => void, number | undefined][] = [];
  for (const [m, k, n] of [
    [2, 2, 2],
    [20, 20, 20],
    [50, 50, 50],
    [50, 500, 50],
  ] as const) {
    const A = state(m, k, 1, 1);
    const B = state(k, n, 2, 1);
    const C = new Float64Array(m * n);
    const mlA = new MlMatrix(Array.from({ length: m }, (_, i) => Array.from(A.subarray(i * k, (i + 1) * k))));
    const mlB = new MlMatrix(Array.from({ length: k }, (_, i) => Array.from(B.subarray(i * n, (i + 1) * n))));
    out.push([
      `product ${String(m)}×${String(k)} · ${String(k)}×${String(n)}`,
      () => {
        matmul(A, B, C, m, k, n);
      },
      () => {
        jsMatmul(A, B, C, m, k, n);
      },
      () => mlA.mmul(mlB),
      m * k * n,
    ]);
  }
  for (const n of [2, 20, 50]) {
    const A = state(n, n, 3, 1);
    const cold = new SvdWorkspace(n, n, false);
    const jacobi = new SvdWorkspace(n, n, false, false, 'jacobi');
    const ml = new MlMatrix(Array.from({ length: n }, (_, i) => Array.from(A.subarray(i * n, (i + 1) * n))));
    out.push([
      `full SVD ${String(n)}×${String(n)} (cold, no warm start)`,
      () => cold.compute(A),
      () => jacobi.compute(A),
      () => new SingularValueDecomposition(ml),
      undefined,
    ]);
  }
  return out;
}

/** Evaluations per second of every flow case (or only `only`), one run each (what a child process prints). */
export function flowRates(only?: string): Record<string, number> {
  return Object.fromEntries(
    Object.entries(flowCases())
      .filter(([name]) => only === undefined || name === only)
      .map(([name, fn]) => [name, rate(fn)]),
  );
}

/**
 * The 2×2 field in fresh processes, native-backend and GRADFLOW_BLAS=js alternately, `runs` each: the
 * same JavaScript kernels run in both (2×2 is below every crossover), so this measures what having
 * the native backend present costs the small problems, without one process's JIT history (the
 * in-process figure follows the large cases) weighing on one side. Medians, evaluations per second.
 */
export function twoByTwoFreshProcesses(runs: number): { native: number; js: number } {
  const name = 'upstairs 2x2 N=3';
  const child = (env: NodeJS.ProcessEnv): number =>
    (
      JSON.parse(execFileSync(process.execPath, ['--import', 'tsx/esm', 'bench/flows.ts', '--rates', name], { encoding: 'utf8', env })) as Record<
        string,
        number
      >
    )[name]!;
  const nat: number[] = [];
  const js: number[] = [];
  for (let r = 0; r < runs; r++) {
    nat.push(child({ ...process.env, GRADFLOW_BLAS: '' }));
    js.push(child({ ...process.env, GRADFLOW_BLAS: 'js' }));
  }
  return { native: median(nat), js: median(js) };
}

const ratio = (ours: number, theirs: number): string => (ours >= theirs ? `${(ours / theirs).toFixed(2)}× faster` : `${(theirs / ours).toFixed(2)}× slower`);

/** Medians of the last `flowBenchmarks` call, by case: evaluations per second of each side. */
export const flowMedians: Record<string, { native: number; js: number; np1: number; np2: number }> = {};

/** Runs every side, interleaved run by run, and returns the Markdown section. */
export function flowBenchmarks(runs: number): string[] {
  const numpy = (threads: number): { numpy: string; rates: Record<string, number[]> } =>
    JSON.parse(
      execFileSync('/usr/bin/python3', ['bench/flows_peer.py', '1'], { encoding: 'utf8', env: { ...process.env, OPENBLAS_NUM_THREADS: String(threads) } }),
    ) as { numpy: string; rates: Record<string, number[]> };
  const jsChild = (): Record<string, number> =>
    JSON.parse(
      execFileSync(process.execPath, ['--import', 'tsx/esm', 'bench/flows.ts', '--rates'], { encoding: 'utf8', env: { ...process.env, GRADFLOW_BLAS: 'js' } }),
    ) as Record<string, number>;
  const cases = flowCases();
  const series: Record<string, { native: number[]; js: number[]; np1: number[]; np2: number[] }> = {};
  for (const name of Object.keys(cases)) series[name] = { native: [], js: [], np1: [], np2: [] };
  let numpyVersion = '';
  for (let r = 0; r < runs; r++) {
    console.error(`flow right-hand sides: repetition ${String(r + 1)} of ${String(runs)}`);
    for (const [name, fn] of Object.entries(cases)) series[name]!.native.push(rate(fn));
    const js = jsChild();
    const n1 = numpy(1);
    const n2 = numpy(2);
    numpyVersion = n1.numpy;
    for (const name of Object.keys(cases)) {
      series[name]!.js.push(js[name]!);
      series[name]!.np1.push(n1.rates[name]![0]!);
      series[name]!.np2.push(n2.rates[name]![0]!);
    }
  }
  const b = backendInfo();
  const lines: string[] = [];
  lines.push('## Flow right-hand sides: evaluations per second', '');
  lines.push(
    `Whitened regression towards \`cos(i + 2k)\` at fixed states \`sin(1 + 0.37 i + 0.91 k + 1.3 j)/√d_{j−1}\`; NumPy ${numpyVersion} (on Debian's OpenBLAS) computes the same right-hand side (prefix products, backward pass; \`np.linalg.svd\` and a vectorised logarithmic mean for N = ∞) on the same states, with OPENBLAS_NUM_THREADS = 1 and 2. gradflow native: ${b.name === 'native' ? `${b.vendor ?? ''} (${b.library ?? ''}), ${String(b.threads)} BLAS thread` : 'not loaded on this machine (the column repeats the JavaScript kernels)'}; gradflow JavaScript: the same code with GRADFLOW_BLAS=js, in a child process. Medians of ${String(runs)} interleaved repetitions of ≥ 300 ms each after 100 ms of warm-up. The N = ∞ cases cycle through 8 nearby states, as a solver's stages do (gradflow's SVD below 12×12 is warm-started Jacobi, LAPACK's dgesdd from there); the rank-5 case is the field held to the start's rank (gradflow: O(m n k), lowRank.ts; NumPy: the full SVD, truncated).`,
    '',
  );
  lines.push(
    '| right-hand side | gradflow native | gradflow JavaScript | NumPy 1 thread | NumPy 2 threads | native vs NumPy 1 thread | native vs NumPy 2 threads | native vs JavaScript |',
    '|---|---|---|---|---|---|---|---|',
  );
  for (const [name, v] of Object.entries(series)) {
    const nat = median(v.native);
    const js = median(v.js);
    const n1 = median(v.np1);
    const n2 = median(v.np2);
    flowMedians[name] = { native: nat, js, np1: n1, np2: n2 };
    lines.push(
      `| ${name} | ${nat.toFixed(0)} | ${js.toFixed(0)} | ${n1.toFixed(0)} | ${n2.toFixed(0)} | ${ratio(nat, n1)} | ${ratio(nat, n2)} | ${ratio(nat, js)} |`,
    );
  }
  lines.push('');
  lines.push('## Linear-algebra kernels: dispatched, JavaScript, ml-matrix', '');
  lines.push(
    'Operations per second, medians of the same runs: gradflow as dispatched (native from the sizes in src/linalg/crossover.ts), gradflow’s own JavaScript kernels (what runs below the crossover or without a BLAS), and ml-matrix (which allocates its result; ours write into preallocated buffers). The last column gives the dispatched products’ multiply–adds per second (m·k·n each).',
    '',
  );
  lines.push(
    '| operation | dispatched ops/s | JavaScript ops/s | ml-matrix ops/s | dispatched vs JavaScript | dispatched GMAC/s |',
    '|---|---|---|---|---|---|',
  );
  for (const [name, ours, js, theirs, macs] of kernelCases()) {
    const a = median(Array.from({ length: runs }, () => rate(ours, 200)));
    const j = median(Array.from({ length: runs }, () => rate(js, 200)));
    const c = median(Array.from({ length: runs }, () => rate(theirs, 200)));
    lines.push(
      `| ${name} | ${a.toFixed(0)} | ${j.toFixed(0)} | ${c.toFixed(0)} | ${ratio(a, j)} | ${macs === undefined ? '' : ((a * macs) / 1e9).toFixed(2)} |`,
    );
  }
  lines.push('');
  return lines;
}

if (process.argv[1]?.endsWith('flows.ts')) {
  const at = process.argv.indexOf('--rates');
  if (at >= 0) console.log(JSON.stringify(flowRates(process.argv[at + 1])));
  else console.log(flowBenchmarks(Number(process.env.BENCH_RUNS ?? 3)).join('\n'));
}
