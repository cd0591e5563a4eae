import assert from 'node:assert/strict';
import { test } from 'node:test';
import { solve } from './librarySolve.js';
import { ARENSTORF_T, ARENSTORF_Y0, arenstorf } from './problems.js';
import { SCIPY_COUNTS, SCIPY_FIXTURE, parseScipyCounts, scipyRun } from './scipyFixture.js';

/** SciPy's counts on Arenstorf, rtol = atol = tol, from the fixture (see scipyFixture.ts for its provenance). */
const SCIPY = (method: string, tol: number) => scipyRun('arenstorf', method, tol);

for (const [ours, theirs] of [
  ['dopri5', 'RK45'],
  ['dop853', 'DOP853'],
] as const) {
  for (const tol of [1e-6, 1e-10] as const) {
    test(`solve(Arenstorf, ${ours}, tol=${String(tol)}) costs within ±10% of SciPy ${SCIPY_COUNTS.scipy}'s ${theirs}`, () => {
      const s = solve(arenstorf(), ours, { t0: 0, t1: ARENSTORF_T, y0: ARENSTORF_Y0, rtol: tol, atol: tol, dense: false });
      const ref = SCIPY(theirs, tol);
      const rf = s.stats.nfev / ref.nfev;
      const rs = s.stats.naccepted / ref.steps;
      // Same tableau and error norm; the starting step is Hairer's HINIT with plain sums where SciPy
      // takes RMS norms (a first step n^(1/(2(q+1))) smaller: 1.09–1.15× here, n = 4), and DOPRI5
      // adds Hairer's PI stabilisation (β = 0.04), which SciPy's RK45 lacks, so counts may differ
      // by a few percent — the issue allows 10%.
      assert.ok(Math.abs(rf - 1) <= 0.1, `nfev ${String(s.stats.nfev)} vs ${String(ref.nfev)}`);
      assert.ok(Math.abs(rs - 1) <= 0.1, `steps ${String(s.stats.naccepted)} vs ${String(ref.steps)}`);
    });
  }
}

test('the SciPy fixture records its provenance and every run the ODE tests compare with', () => {
  assert.match(SCIPY_COUNTS.command, /^\/usr\/bin\/python3 bench\/scipy_peer\.py --write-fixture /);
  assert.match(SCIPY_COUNTS.scipy, /^\d+\.\d+/);
  // 4 Arenstorf runs (RK45, DOP853 × 2 tolerances) and LSODA on two problems × 8 tolerances
  assert.equal(SCIPY_COUNTS.runs.length, 4 + 2 * 8);
  for (const r of SCIPY_COUNTS.runs) assert.equal(r.status, 0, `${r.method} on ${r.problem} at ${r.rtol}`);
});

test('parseScipyCounts names the file, the field path and what was expected', () => {
  const good = JSON.stringify({
    command: 'c',
    scipy: '1',
    runs: [{ problem: 'p', method: 'm', jacobian: true, rtol: 1e-3, atol: 1e-3, status: 0, nfev: 1, njev: 0, nlu: 0, steps: 1 }],
  });
  assert.equal(parseScipyCounts(good).runs[0]!.nfev, 1);
  assert.throws(() => parseScipyCounts(good.replace('"nfev":1', '"nfev":1.5')), {
    message: `${SCIPY_FIXTURE}: runs[0].nfev must be a non-negative integer, got 1.5`,
  });
  assert.throws(() => parseScipyCounts(good.replace('"rtol":0.001', '"rtol":"1e-3"')), {
    message: `${SCIPY_FIXTURE}: runs[0].rtol must be a positive number, got "1e-3"`,
  });
  assert.throws(() => scipyRun('arenstorf', 'RK45', 1e-7), /has no run of RK45 on arenstorf at rtol = 1e-7; regenerate it with \/usr\/bin\/python3/);
});
