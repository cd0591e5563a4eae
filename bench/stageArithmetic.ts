/**
 * The Runge–Kutta steppers' own vector arithmetic (stage arguments, solution update, error norm,
 * controller) at a large state, beside SciPy's RK45/DOP853 (bench/stage_peer.py) in the same run:
 * `y' = −y` at `n` unknowns, every step accepted at `h = hmax = 0.01`, time per step minus the time
 * of the right-hand side itself, per evaluation of f. Called by bench/run.ts; also runs alone:
 *   node --import tsx/esm bench/stageArithmetic.ts            (n = 50 000; BENCH_RUNS=5 alternations by default)
 */
import { median } from './median.js';
import { execFileSync } from 'node:child_process';
import { dop853Method } from '../src/ode/dop853.js';
import { dopri5Method } from '../src/ode/dopri5.js';
import { ExplicitRkStepper, type ExplicitMethod } from '../src/ode/explicitRk.js';
import type { StepperContext } from '../src/ode/stepper.js';
import { NATIVE_STAGES_FROM } from '../src/ode/linearCombination.js';
import { odeLinearAlgebra } from '../src/simulate/odeLinearAlgebra.js';
import type { SolveStats } from '../src/ode/types.js';

/** One method's figures, gradflow beside SciPy, all in milliseconds. */
export interface StageArithmeticRow {
  readonly method: string;
  readonly scipyMethod: string;
  readonly unknowns: number;
  /** Evaluations of f per step (stages: 6 dopri5, 12 dop853; the same for SciPy). */
  readonly evalsPerStep: number;
  /** gradflow: (time per step − evalsPerStep × time of f) / evalsPerStep. */
  readonly gradflowMsPerEval: number;
  /** SciPy, the same measure. */
  readonly scipyMsPerEval: number;
  /** Time of one call of f alone (gradflow's `out[i] = −y[i]`; NumPy's `-y`). */
  readonly gradflowFMs: number;
  readonly scipyFMs: number;
}

const rhs = (_t: number, y: Float64Array, out: Float64Array): void => {
  for (let i = 0; i < y.length; i++) out[i] = -y[i]!;
};

/** Milliseconds per step and evaluations per step of one fresh stepper over `steps` accepted steps. */
function perStep(method: ExplicitMethod, n: number, steps: number): [number, number] {
  const stats: SolveStats = { nfev: 0, njev: 0, nlu: 0, nsteps: 0, naccepted: 0, nrejected: 0, wallMs: 0 };
  const f = (t: number, y: Float64Array, out: Float64Array): void => {
    stats.nfev++;
    rhs(t, y, out);
  };
  const tol = { rtol: new Float64Array(n).fill(1e-6), atol: new Float64Array(n).fill(1e-9) };
  const ctx: StepperContext = {
    f,
    dim: n,
    tol,
    direction: 1,
    hmax: 0.01,
    maxSteps: 1e9,
    stats,
    linearAlgebra: odeLinearAlgebra,
    blas: n >= NATIVE_STAGES_FROM ? odeLinearAlgebra.nativeBlas() : undefined,
  };
  const y0 = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
  const stepper = new ExplicitRkStepper(method, ctx, 0, y0, { h0: 0.01 });
  for (let i = 0; i < 5; i++) stepper.step(1e9);
  const nfev0 = stats.nfev;
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) if (stepper.step(1e9) !== 'accepted') throw new Error('stageArithmetic: a step was not accepted');
  const ms = performance.now() - t0;
  if (stats.nrejected !== 0) throw new Error('stageArithmetic: a step was rejected');
  return [ms / steps, (stats.nfev - nfev0) / steps];
}

/** Milliseconds per call of the right-hand side alone. */
function perCall(n: number, calls: number): number {
  const y = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
  const out = new Float64Array(n);
  rhs(0, y, out);
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) rhs(0, y, out);
  return (performance.now() - t0) / calls;
}

type PeerRun = Record<string, { step_s: number[]; f_s: number[]; evals_per_step: number }>;

/** One SciPy run of both methods (a fresh process). */
function peerRun(n: number, steps: number): PeerRun {
  const out = execFileSync('/usr/bin/python3', ['bench/stage_peer.py', String(n), String(steps), '1'], {
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1' },
  });
  return (JSON.parse(out) as { methods: PeerRun }).methods;
}

/**
 * Runs both sides, alternating them `runs` times (the machine's load drifts; alternating keeps
 * both sides under the same), and returns one row per method from the medians.
 */
export function stageArithmeticRows(runs = 5, n = 50_000, steps = 100): StageArithmeticRow[] {
  const methods = [
    ['dopri5', dopri5Method, 'RK45'],
    ['dop853', dop853Method, 'DOP853'],
  ] as const;
  for (const [, m] of methods) perStep(m, n, steps); // warm-up: let V8 optimise the step before timing
  const ours = methods.map(() => ({ stepMs: [] as number[], fMs: [] as number[], evals: 0 }));
  const theirs = methods.map(() => ({ stepMs: [] as number[], fMs: [] as number[], evals: 0 }));
  for (let r = 0; r < runs; r++) {
    const peer = peerRun(n, steps);
    methods.forEach(([, m, scipyMethod], k) => {
      const [ms, e] = perStep(m, n, steps);
      ours[k]!.stepMs.push(ms);
      ours[k]!.evals = e;
      ours[k]!.fMs.push(perCall(n, steps * 4));
      const p = peer[scipyMethod]!;
      theirs[k]!.stepMs.push(1000 * p.step_s[0]!);
      theirs[k]!.fMs.push(1000 * p.f_s[0]!);
      theirs[k]!.evals = p.evals_per_step;
    });
  }
  const perEval = (x: { stepMs: number[]; fMs: number[]; evals: number }): number => (median(x.stepMs) - x.evals * median(x.fMs)) / x.evals;
  return methods.map(([method, , scipyMethod], k) => ({
    method,
    scipyMethod,
    unknowns: n,
    evalsPerStep: ours[k]!.evals,
    gradflowMsPerEval: perEval(ours[k]!),
    scipyMsPerEval: perEval(theirs[k]!),
    gradflowFMs: median(ours[k]!.fMs),
    scipyFMs: median(theirs[k]!.fMs),
  }));
}

/** The rows as a Markdown section. */
export function stageArithmeticSection(rows: readonly StageArithmeticRow[]): string[] {
  const lines = ['## Runge–Kutta vector arithmetic per evaluation of f', ''];
  lines.push(
    "`y' = −y` at n unknowns, every step accepted at h = 0.01: time per step minus the time of f, divided by the evaluations per step (stage arguments, solution update, error norm, controller); SciPy's RK45/DOP853 with the same NumPy right-hand side, one BLAS thread.",
    '',
  );
  lines.push('| method | n | gradflow ms/eval | SciPy ms/eval | ratio | f alone: gradflow / NumPy ms |', '|---|---|---|---|---|---|');
  for (const r of rows) {
    lines.push(
      `| ${r.method} / ${r.scipyMethod} | ${String(r.unknowns)} | ${r.gradflowMsPerEval.toFixed(3)} | ${r.scipyMsPerEval.toFixed(3)} | ${(r.gradflowMsPerEval / r.scipyMsPerEval).toFixed(2)} | ${r.gradflowFMs.toFixed(3)} / ${r.scipyFMs.toFixed(3)} |`,
    );
  }
  lines.push('');
  return lines;
}

if (process.argv[1]?.endsWith('stageArithmetic.ts')) console.log(stageArithmeticSection(stageArithmeticRows(Number(process.env.BENCH_RUNS ?? 5))).join('\n'));
