/**
 * Strong order of the additive-noise SDE methods, measured against solutions driven by the same
 * Brownian path: the Ornstein–Uhlenbeck process against its exact solution, and a nonlinear drift
 * against a fine-step reference.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sdeStepper, solveSde } from '../../src/ode/sdeSolve.js';
import type { AdditiveSde, SdeMethodName } from '../../src/ode/sdeTypes.js';
import { Rng } from '../../src/init/rng.js';

/** n-point Gauss–Legendre nodes and weights on [−1, 1], by Newton's method on P_n (Numerical Recipes' gauleg). */
function gaussLegendre(n: number): { x: number[]; w: number[] } {
  const x: number[] = [];
  const w: number[] = [];
  for (let i = 1; i <= n; i++) {
    let z = Math.cos((Math.PI * (i - 0.25)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = z;
      for (let k = 2; k <= n; k++) [p0, p1] = [p1, ((2 * k - 1) * z * p1 - (k - 1) * p0) / k];
      dp = (n * (z * p1 - p0)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x.push(z);
    w.push(2 / ((1 - z * z) * dp * dp));
  }
  return { x, w };
}
const { x: GL_X, w: GL_W } = gaussLegendre(10);
const gauss = (f: (v: number) => number, h: number): number => GL_X.reduce((s, x, i) => s + GL_W[i]! * f(0.5 * h * (x + 1)), 0) * 0.5 * h;

/**
 * The Wiener functionals of one fine step of length h, in the orthonormal basis p1 = 1/√h,
 * p2 = √(3/h³)(2v − h) of degree ≤ 1 in v = t_{i+1} − s: ΔW = √h ξ1, I_(1,0) = h^{3/2}(ξ1/2 + ξ2/(2√3)),
 * and J = ∫ e^{−θ(t_{i+1}−s)} dB_s = a1 ξ1 + a2 ξ2 + √r ξ3 (r: the rest of ‖e^{−θv}‖² outside
 * degree ≤ 1, integrated from the residual itself so that nothing cancels).
 */
function ouStepLaw(theta: number, h: number): { a1: number; a2: number; r: number } {
  const p1 = (): number => 1 / Math.sqrt(h);
  const p2 = (v: number): number => Math.sqrt(3 / h ** 3) * (2 * v - h);
  const c = (v: number): number => Math.exp(-theta * v);
  const a1 = gauss((v) => c(v) * p1(), h);
  const a2 = gauss((v) => c(v) * p2(v), h);
  const r = gauss((v) => (c(v) - a1 * p1() - a2 * p2(v)) ** 2, h);
  return { a1, a2, r };
}

/** One Brownian path on a fine grid: the increments ΔW_i, I_(1,0),i, and the OU noise integrals J_i. */
function finePath(rng: Rng, n: number, h: number, law: { a1: number; a2: number; r: number }): { dW: Float64Array; I: Float64Array; J: Float64Array } {
  const dW = new Float64Array(n);
  const I = new Float64Array(n);
  const J = new Float64Array(n);
  const sh = Math.sqrt(h);
  const sr = Math.sqrt(law.r);
  for (let i = 0; i < n; i++) {
    const x1 = rng.normal();
    const x2 = rng.normal();
    const x3 = rng.normal();
    dW[i] = sh * x1;
    I[i] = h * sh * (x1 / 2 + x2 / (2 * Math.sqrt(3)));
    J[i] = law.a1 * x1 + law.a2 * x2 + sr * x3;
  }
  return { dW, I, J };
}

/** Integrates `sde` (dim 1) with steps of `p` fine steps each, with the aggregated increments of the fine path. */
function coarseSolve(sde: AdditiveSde, method: SdeMethodName, x0: number, path: { dW: Float64Array; I: Float64Array }, h: number, p: number): number {
  const stepper = sdeStepper(sde, method);
  const H = h * p;
  let y = Float64Array.of(x0);
  let out = new Float64Array(1);
  const dW = new Float64Array(1);
  const chi = new Float64Array(1);
  for (let k = 0; k < path.dW.length / p; k++) {
    // ΔW over the coarse step; I_(1,0) = Σ_i [(W(t_i) − W(T_k)) h + I_i]
    let w = 0;
    let I = 0;
    for (let i = k * p; i < (k + 1) * p; i++) {
      I += w * h + path.I[i]!;
      w += path.dW[i]!;
    }
    dW[0] = w;
    chi[0] = I / H;
    stepper.step(k * H, H, y, dW, chi, out);
    [y, out] = [out, y];
  }
  return y[0]!;
}

/** Least-squares slope of log(err) against log(h). */
function slope(hs: readonly number[], errs: readonly number[]): number {
  const x = hs.map(Math.log);
  const y = errs.map(Math.log);
  const mx = x.reduce((a, b) => a + b) / x.length;
  const my = y.reduce((a, b) => a + b) / y.length;
  let num = 0;
  let den = 0;
  x.forEach((xi, i) => {
    num += (xi - mx) * (y[i]! - my);
    den += (xi - mx) ** 2;
  });
  return num / den;
}

const THETA = 2;
const SIGMA = 0.8;
const T = 1;
const FINE = 1024; // fine steps on [0, T]
const COARSE = [16, 32, 64, 128, 256]; // fine steps per coarse step: h = T/64 … T/4
const PATHS = 1000;

const ou: AdditiveSde = {
  dim: 1,
  drift: (_t, y, dy) => {
    dy[0] = -THETA * y[0]!;
  },
  diffusion: (_t, g) => {
    g[0] = SIGMA;
  },
};

/** Mean |X_h(T) − X(T)| over the paths for each coarse step, per method; the exact X(T) from the fine path. */
function ouErrors(): Record<SdeMethodName, number[]> {
  const h = T / FINE;
  const law = ouStepLaw(THETA, h);
  const decay = Math.exp(-THETA * h);
  const rng = new Rng(2026, 16);
  const errs: Record<SdeMethodName, number[]> = { sra1: COARSE.map(() => 0), 'euler-maruyama': COARSE.map(() => 0) };
  for (let m = 0; m < PATHS; m++) {
    const path = finePath(rng, FINE, h, law);
    let x = 1;
    for (let i = 0; i < FINE; i++) x = decay * x + SIGMA * path.J[i]!;
    for (const method of ['sra1', 'euler-maruyama'] as const)
      COARSE.forEach((p, k) => {
        errs[method][k] = errs[method][k]! + Math.abs(coarseSolve(ou, method, 1, path, h, p) - x) / PATHS;
      });
  }
  return errs;
}

test('the exact Ornstein–Uhlenbeck step law has the closed-form variance of ∫e^{−θ(h−s)}dB', () => {
  for (const h of [1e-3, 0.1, 1]) {
    const { a1, a2, r } = ouStepLaw(THETA, h);
    const exact = -Math.expm1(-2 * THETA * h) / (2 * THETA);
    // quadrature of smooth integrands on one step: exact to rounding (10 Gauss points, degree 19)
    assert.ok(Math.abs(a1 * a1 + a2 * a2 + r - exact) < 1e-14 * exact, `h = ${String(h)}`);
    // Cov(J, ΔW) = ∫e^{−θv}dv = −expm1(−θh)/θ, also closed form
    assert.ok(Math.abs(a1 * Math.sqrt(h) + 0 - -Math.expm1(-THETA * h) / THETA) < 1e-14 * h);
  }
});

test('strong order on Ornstein–Uhlenbeck against its exact solution: SRA1 ≥ 1.5, Euler–Maruyama ≈ 1', () => {
  const errs = ouErrors();
  const hs = COARSE.map((p) => (p * T) / FINE);
  const sSra = slope(hs, errs.sra1);
  const sEm = slope(hs, errs['euler-maruyama']);
  if (process.env.GRADFLOW_SDE_ORDERS) console.log(`OU: SRA1 slope ${sSra.toFixed(3)}, EM slope ${sEm.toFixed(3)}`);
  // acceptance of issue 16: the fitted slope over 5 step sizes (a factor 16) must reach the published
  // order 1.5; with 1000 paths the Monte-Carlo error of each mean is ~3%, i.e. ±0.03 on the slope
  assert.ok(sSra >= 1.5, `SRA1 slope ${sSra.toFixed(3)}; errors ${errs.sra1.map((e) => e.toExponential(2)).join(', ')}`);
  // Euler–Maruyama has strong order exactly 1 for additive noise: ±0.1 covers the Monte-Carlo error
  // and the curvature of the error curve at the coarsest step (θh = 0.5)
  assert.ok(Math.abs(sEm - 1) < 0.1, `EM slope ${sEm.toFixed(3)}; errors ${errs['euler-maruyama'].map((e) => e.toExponential(2)).join(', ')}`);
  // and SRA1 is the more accurate at every step size
  errs.sra1.forEach((e, k) => {
    assert.ok(e < errs['euler-maruyama'][k]!, `h = ${String(hs[k])}`);
  });
});

test('strong order with a nonlinear drift (dX = (sin X − X³) dt + σ dB) against a fine SRA1 reference on the same path', () => {
  const sde: AdditiveSde = {
    dim: 1,
    drift: (_t, y, dy) => {
      dy[0] = Math.sin(y[0]!) - y[0]! ** 3;
    },
    diffusion: (_t, g) => {
      g[0] = SIGMA;
    },
  };
  const h = T / FINE;
  const law = ouStepLaw(THETA, h); // only ΔW and I_(1,0) are used here
  const rng = new Rng(7, 16);
  const sizes = [16, 32, 64, 128];
  const errs = { sra1: sizes.map(() => 0), em: sizes.map(() => 0) };
  const paths = 400;
  for (let m = 0; m < paths; m++) {
    const path = finePath(rng, FINE, h, law);
    const ref = coarseSolve(sde, 'sra1', 0.5, path, h, 1);
    sizes.forEach((p, k) => {
      errs.sra1[k] = errs.sra1[k]! + Math.abs(coarseSolve(sde, 'sra1', 0.5, path, h, p) - ref) / paths;
      errs.em[k] = errs.em[k]! + Math.abs(coarseSolve(sde, 'euler-maruyama', 0.5, path, h, p) - ref) / paths;
    });
  }
  const hs = sizes.map((p) => (p * T) / FINE);
  // the reference's own error (h = T/1024, ~ (16)^−1.5 = 1.6% of the finest error) biases the
  // finest point down slightly; the fitted slopes must still show the orders
  const sSra = slope(hs, errs.sra1);
  const sEm = slope(hs, errs.em);
  if (process.env.GRADFLOW_SDE_ORDERS) console.log(`nonlinear drift: SRA1 slope ${sSra.toFixed(3)}, EM slope ${sEm.toFixed(3)}`);
  assert.ok(sSra >= 1.5, `SRA1 slope ${sSra.toFixed(3)}`);
  assert.ok(Math.abs(sEm - 1) < 0.15, `EM slope ${sEm.toFixed(3)}`);
});

test('solveSde: the path depends only on the source and the save grid; every save time is a step end', () => {
  const run = (dt: number): Float64Array[] => solveSde(ou, 'sra1', { t0: 0, t1: 1, y0: [1], dt, source: new Rng(3, 1), saveAt: { kind: 'uniform', n: 5 } }).y;
  const a = run(0.01);
  const b = run(0.01);
  assert.deepEqual(a, b);
  const s = solveSde(ou, 'euler-maruyama', { t0: 0, t1: 1, y0: [1], dt: 0.3, source: new Rng(3, 1), saveAt: { kind: 'uniform', n: 3 } });
  // ⌈0.5/0.3⌉ = 2 steps per save interval, 2 intervals
  assert.equal(s.stats.nsteps, 4);
  assert.deepEqual(Array.from(s.t), [0, 0.5, 1]);
  // without noise, SRA1 is a 2-stage Runge–Kutta method of order 2: y' = −2y over [0, 1] at h = 1/100
  const quiet: AdditiveSde = {
    ...ou,
    diffusion: (_t, g) => {
      g[0] = 0;
    },
  };
  const q = solveSde(quiet, 'sra1', { t0: 0, t1: 1, y0: [1], dt: 0.01, source: new Rng(0), saveAt: { kind: 'uniform', n: 2 } });
  const err = Math.abs(q.y[1]![0]! - Math.exp(-2));
  // global error of an order-2 method: C h² with C = O(θ³ e^{−θ}/6) ≈ 0.18 → ~2e-5; bound 1e-4
  assert.ok(err < 1e-4 && err > 1e-7, `error ${String(err)}`);
});
