/**
 * docs/theory.md §4: the mode law ds/dt = N s^{2−2/N}(σ − s), its closed forms, and the modes of a
 * simulated network against them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { whitenedRegression } from '../../src/energies/whitenedRegression.js';
import { modeRate, modeTime, modeTimeQuadrature, modeValue } from '../../src/flows/modes.js';
import { alignedEndToEnd, balancedFactors } from '../../src/init/inits.js';
import { randomOrthonormal } from '../../src/init/orthonormal.js';
import { Rng } from '../../src/init/rng.js';
import { matmulNT } from '../../src/linalg/products.js';
import { simulate, type ModelSpec } from '../../src/simulate/simulate.js';

test('quadrature of t(s) reproduces the closed forms at N = 1, 2, ∞ to 1e-13 relative', () => {
  for (const N of [1, 2, Infinity]) {
    for (const sigma of [0.5, 1, 5]) {
      for (const s0 of [1e-3, 0.2 * sigma, 3 * sigma]) {
        for (const frac of [0.3, 0.9, 0.999999]) {
          const s = s0 < sigma ? s0 + frac * (sigma - s0) : sigma + (1 - frac) * (s0 - sigma);
          const closed = modeTime(N, sigma, s0, s, 'normalized');
          const quad = modeTimeQuadrature(N, sigma, s0, s);
          // adaptive 20-point Gauss–Legendre at rtol 1e-15 on a smooth integrand
          assert.ok(
            Math.abs(quad - closed) <= 1e-13 * Math.abs(closed),
            `N=${String(N)} σ=${String(sigma)} s0=${String(s0)} s=${String(s)}: ${String(quad)} vs ${String(closed)}`,
          );
        }
      }
    }
  }
});

test('modeValue inverts modeTime and satisfies the differential law (central differences)', () => {
  for (const N of [1, 2, 3, 4, 7, Infinity]) {
    const time = Number.isFinite(N) ? ('upstairs' as const) : ('normalized' as const);
    const sigma = 2;
    const s0 = 0.01;
    for (const t of [0.5, 3, 20, 200]) {
      const s = modeValue(N, sigma, s0, t, time);
      // near saturation t(s) ~ −ln(σ − s) is ill-conditioned: ε·σ/(σ − s) relative error in s's
      // distance to σ. Beyond σ − s < 1e-5·σ that exceeds the 1e-10 asked below, so skip.
      if (Math.abs(sigma - s) < 1e-5 * sigma) continue;
      assert.ok(Math.abs(modeTime(N, sigma, s0, s, time) - t) <= 1e-10 * t, `N=${String(N)} t=${String(t)}`);
      const h = 1e-4 * Math.max(1, t) * 1e-2;
      const ds = (modeValue(N, sigma, s0, t + h, time) - modeValue(N, sigma, s0, t - h, time)) / (2 * h);
      const rate = modeRate(N, sigma, s, time);
      // central difference error h²·s'''/6 plus inversion noise ε·s/h: ≲ 1e-6 relative here
      assert.ok(Math.abs(ds - rate) <= 1e-5 * Math.abs(rate) + 1e-12, `N=${String(N)} t=${String(t)}: ds/dt ${String(ds)} vs law ${String(rate)}`);
    }
  }
});

/** Whitened n×n target of rank 5 with σ = 1…5 and the aligned start with every s_k(0) = s0. */
function target(n: number, s0: number): { Phi: Float64Array; W0: Float64Array } {
  const r = 5;
  const rng = new Rng(42);
  const U = randomOrthonormal(n, r, rng);
  const V = randomOrthonormal(n, r, rng);
  const US = new Float64Array(n * r);
  for (let i = 0; i < n; i++) for (let c = 0; c < r; c++) US[i * r + c] = U[i * r + c]! * (c + 1);
  const Phi = new Float64Array(n * n);
  matmulNT(US, V, Phi, n, r, n);
  return { Phi, W0: alignedEndToEnd(Phi, n, n, s0) };
}

/** Runs the flow and returns max_k,t |s_k(t) − law_k(t)| / σ_k with the modes read from the SVD of W(t). */
function worstModeError(n: number, model: ModelSpec, t1: number): { worst: number; nfev: number } {
  const s0 = 1e-3;
  const { Phi, W0 } = target(n, s0);
  const energy = whitenedRegression(n, n, Phi);
  const start = model.parametrization === 'factors' ? { factors: balancedFactors([n, ...(model.hidden ?? []), n], W0) } : { endToEnd: W0 };
  const tr = simulate({ energy, model, start, t1, saveAt: { kind: 'uniform', n: 61 }, solver: { method: 'dopri5', rtol: 1e-10, atol: 1e-12, maxSteps: 1e6 } });
  assert.equal(tr.status, 'success');
  let worst = 0;
  tr.rows.forEach((row, k) => {
    for (let c = 0; c < 5; c++) {
      const sigma = 5 - c;
      const law = modeValue(model.depth, sigma, s0, tr.t[k]!, tr.time);
      worst = Math.max(worst, Math.abs(row.sigma[c]! - law) / sigma);
    }
    // the other 45 directions stay empty: they start at exactly 0, the factor flow keeps rank 5, and the
    // SVD reports rounding-level columns as 0 — anything above 1e-12 would be a leak between modes
    assert.ok(row.sigma[5]! <= 1e-12, `σ_6 = ${String(row.sigma[5])}`);
  });
  // every mode has risen and saturated by t1: the smallest (σ = 1) is within e^{−2(t1 − t_rise)} ≪ 1e-6 of 1
  assert.ok(Math.abs(tr.rows.at(-1)!.sigma[4]! - 1) < 1e-6);
  return { worst, nfev: tr.stats.nfev };
}

// Tolerance 1e-7·σ (the issue's): the flows are integrated at rtol 1e-10 and agree with the laws to
// 4e-10·σ (N = 4) … 4e-11·σ (N = 2), measured. DOPRI5, not DOP853: once the large modes saturate the
// flow is stability-limited for explicit methods (h·4σ^{3/2} near the stability boundary), and there
// DOP853's 7th-order dense output — which the uniform save grid reads — amplifies the stiff components
// inside a step: measured 1.4e-6·σ at saved points against 9e-9·σ at its own step points.
// DOPRI5's 4th-order interpolant stays within 4e-10·σ at the same cost (see README, limits).
const hidden = (N: number): number[] => Array.from({ length: N - 1 }, () => 8);

test('(c) logistic law N = 2: modes of a 50×50 rank-5 whitened regression (σ = 1…5, s_k(0) = 1e-3) match the closed form to 1e-7·σ', () => {
  const { worst } = worstModeError(50, { depth: 2, hidden: hidden(2), parametrization: 'factors' }, 12);
  assert.ok(worst <= 1e-7, `worst ${worst.toExponential(2)}`);
});

test('(c) N = 1 (closed form), N = 3 and N = 4 (quadrature): same problem, same tolerance', () => {
  for (const [N, t1] of [
    [1, 20],
    [3, 25],
    [4, 35],
  ] as const) {
    const { worst } = worstModeError(50, { depth: N, hidden: hidden(N), parametrization: 'factors' }, t1);
    assert.ok(worst <= 1e-7, `N = ${String(N)}: worst ${worst.toExponential(2)}`);
  }
});

test('(c) N = ∞ (closed form, normalised time): same 50×50 problem, same tolerance', () => {
  // the slowest test of the suite (~15 s): saturated modes make the N = ∞ flow stability-limited for
  // explicit methods (h ≲ 3/σ²) over τ ≈ 1300, ~55,000 evaluations of the rank-5 field (lowRank.ts)
  const { worst } = worstModeError(50, { depth: Infinity, parametrization: 'end-to-end', time: 'normalized' }, 1300);
  assert.ok(worst <= 1e-7, `worst ${worst.toExponential(2)}`);
});
