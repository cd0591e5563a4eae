/**
 * ℓp acceleration in continuous time (docs/theory.md §8.3) on `scenarios/lp-acceleration.yaml`: a
 * constant rescaling of time (upstairs t against normalised τ = N t) leaves the solver's work
 * unchanged and moves the time to ε by exactly N; across depths, the time to ε changes and the
 * solver's steps to ε barely do (measured).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellsOf } from '../../src/experiment/resolveCells.js';
import { loadScenario } from '../../src/experiment/resolve.js';
import { runOne } from '../../src/experiment/runOne.js';
import type { RunResult } from '../../src/checks/runResult.js';

const FILE = new URL('../../scenarios/lp-acceleration.yaml', import.meta.url).pathname;

function runAll(overrides: string[] = []): { results: RunResult[]; eps: number[] } {
  const { scenario } = loadScenario(FILE, overrides);
  const cells = cellsOf(scenario);
  return { results: cells.map((cell) => runOne(cell, 0)), eps: cells.map((c) => Number(c.values['horizon.lossBelow'])) };
}

const timeOf = (r: RunResult): number => {
  const last = r.rows.at(-1)!;
  return last.t ?? last.tau!;
};

test('the time convention rescales the time to ε by N and leaves the solver steps unchanged (depths 2, 3)', () => {
  const up = runAll(['sweep.model.depth=[2, 3]', 'model.time=upstairs']);
  const norm = runAll(['sweep.model.depth=[2, 3]', 'model.time=normalized', 'figures=[]']); // the figures name the column t
  up.results.forEach((u, i) => {
    const v = norm.results[i]!;
    assert.equal(u.status, 'loss-reached');
    assert.equal(v.status, 'loss-reached');
    // the normalised field is the upstairs one times 1/N; DOPRI5's error estimates are in y, so its
    // step control is invariant under that, and so is Hairer's first guess h0 = 0.01‖y0‖/‖f0‖ (its
    // second, (0.01/max‖f′‖)^{1/5}, is not, but does not bind here): the same steps, up to rounding
    assert.equal(v.stats.naccepted, u.stats.naccepted);
    assert.equal(v.stats.nrejected, u.stats.nrejected);
    assert.equal(v.stats.nfev, u.stats.nfev);
    // τ_ε = N t_ε: the loss event is located to 1e-12 relative in each run, and the two runs differ only
    // by the rounding of the factor 1/N (≤ 1 ulp per stage, ≲ 1e-13 over 150 steps)
    assert.ok(Math.abs(timeOf(v) / (u.depth * timeOf(u)) - 1) < 1e-10, `N = ${String(u.depth)}, ε = ${String(up.eps[i])}`);
  });
});

test('depth changes the upstairs time to ε by 2.7–4.7× and the solver steps to ε by < 10% (measured)', (t) => {
  const { results, eps } = runAll();
  const byKey = new Map(results.map((r, i) => [`${String(r.depth)}:${String(eps[i])}`, r]));
  for (const e of [1e-2, 1e-4, 1e-6, 1e-8]) {
    const one = byKey.get(`1:${String(e)}`)!;
    for (const N of [2, 3]) {
      const deep = byKey.get(`${String(N)}:${String(e)}`)!;
      const speedup = timeOf(one) / timeOf(deep);
      const steps = deep.stats.naccepted / one.stats.naccepted;
      t.diagnostic(
        `ε = ${String(e)}, N = ${String(N)}: t_ε ${timeOf(deep).toPrecision(5)} vs ${timeOf(one).toPrecision(5)} (×${speedup.toFixed(2)} sooner); steps ${String(deep.stats.naccepted)} vs ${String(one.stats.naccepted)}, nfev ${String(deep.stats.nfev)} vs ${String(one.stats.nfev)}`,
      );
      // near w* (norm 3) the preconditioner is 3^{2−2/N} across W and N·3^{2−2/N} along it: the speed-up
      // measured lies between 2.7 and 4.7, the step count within 9% of depth 1's
      assert.ok(speedup > 2.5 && speedup < N * 3 ** (2 - 2 / N), `speed-up ${String(speedup)}`);
      assert.ok(Math.abs(steps - 1) < 0.1, `steps ratio ${String(steps)}`);
    }
  }
});
