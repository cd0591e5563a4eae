/**
 * The explicit steppers' vector arithmetic on the native backend (dgemv from NATIVE_STAGES_FROM
 * unknowns on) against the JavaScript kernels on the same problem, and both against the exact
 * solution. The two differ only in the summation order of each combination (a few ulps per step),
 * which moves the final state by ~1e-14 relative and the error estimates by as little: the same
 * evaluations, and final states equal to 1e-12.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { nativeStages, NATIVE_STAGES_FROM } from '../../src/ode/linearCombination.js';
import { odeLinearAlgebra } from '../../src/simulate/odeLinearAlgebra.js';
import { LARGE_N, rate, solveLarge, y0 } from './fixtures/largeLinearSolve.js';

test('dopri5 and dop853 at 20 000 unknowns: native vector arithmetic equals the JavaScript kernels (same nfev, states to 1e-12) and the exact solution to 100·rtol', () => {
  assert.ok(LARGE_N >= NATIVE_STAGES_FROM, 'the problem is large enough for the native path');
  const here = solveLarge();
  const script = fileURLToPath(new URL('./fixtures/largeLinearSolve.ts', import.meta.url));
  const js = JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', env: { ...process.env, GRADFLOW_BLAS: 'js' }, maxBuffer: 1 << 26 }),
  ) as ReturnType<typeof solveLarge>;
  if (process.env['GRADFLOW_BLAS'] !== 'js' && process.env['GRADFLOW_EXPECT_BACKEND'] === 'native')
    assert.ok(nativeStages(LARGE_N, odeLinearAlgebra.nativeBlas()), 'the native path ran');
  for (const m of ['dopri5', 'dop853'] as const) {
    assert.equal(here[m]!.nfev, js[m]!.nfev, m);
    let worst = 0;
    let exactWorst = 0;
    for (let i = 0; i < LARGE_N; i++) {
      const a = here[m]!.y[i]!;
      worst = Math.max(worst, Math.abs(a - js[m]!.y[i]!) / Math.abs(a));
      const exact = y0(i) * Math.exp(-rate(i));
      exactWorst = Math.max(exactWorst, Math.abs(a - exact) / exact);
    }
    assert.ok(worst <= 1e-12, `${m}: native vs JavaScript ${String(worst)}`);
    // a contractive linear problem: the global error stays within a few tolerance units (README, accuracy)
    assert.ok(exactWorst <= 100 * 1e-8, `${m}: against exp(−λt) ${String(exactWorst)}`);
  }
});
