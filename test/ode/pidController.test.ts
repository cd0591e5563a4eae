/** The PID step-size controller (pidController.ts) against the elementary controller and a closed form. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PIController } from '../../src/ode/controller.js';
import { PIDController } from '../../src/ode/pidController.js';
import type { MethodName } from '../../src/ode/methods.js';
import type { OdeSystem, SaveAt } from '../../src/ode/types.js';
import { solve } from './librarySolve.js';

const I_ONLY = { kind: 'pid', pcoeff: 0, icoeff: 1, dcoeff: 0 } as const;

/** Logistic growth `y' = 2y(1 − y)`, `y(0) = 0.1`: `y(t) = 1 / (1 + 9 e^{−2t})`. */
const logistic: OdeSystem = {
  dim: 1,
  rhs: (_t, y, out) => {
    out[0] = 2 * y[0]! * (1 - y[0]!);
  },
};
const logisticExact = (t: number): number => 1 / (1 + 9 * Math.exp(-2 * t));

/** Every step's end and size of one solve, saving every step. */
function steps(method: MethodName, controller: object | undefined, rtol: number): { t: number[]; nfev: number; nrejected: number } {
  const saveAt: SaveAt = { kind: 'steps' };
  const s = solve(
    logistic,
    method,
    { t0: 0, t1: 10, y0: [0.1], rtol, atol: rtol * 1e-3, saveAt, dense: false },
    controller ? { explicit: { controller } } : {},
  );
  return { t: Array.from(s.t), nfev: s.stats.nfev, nrejected: s.stats.nrejected };
}

test("PIDController(p = 0, i = 1, d = 0) returns the elementary controller's factors bit for bit", () => {
  for (const q of [3, 4, 7]) {
    const pi = new PIController(q, { beta: 0 });
    const pid = new PIDController(q, I_ONLY);
    for (const err of [0, 1e-9, 0.01, 0.3, 0.999, 1])
      assert.equal(pid.accepted(err, false), pi.accepted(err, false), `accepted(${String(err)}), q=${String(q)}`);
    for (const err of [1.0001, 2, 1e3, Number.POSITIVE_INFINITY, Number.NaN]) assert.equal(pid.rejected(err), pi.rejected(err), `rejected(${String(err)})`);
    assert.equal(pid.accepted(0.5, true), pi.accepted(0.5, true));
  }
});

test("solve(logistic, dop853 and dopri5, controller = PID with i only) takes the elementary controller's steps exactly", () => {
  for (const rtol of [1e-4, 1e-8, 1e-11]) {
    for (const m of ['dop853', 'dopri5'] as const) {
      const elementary = steps(m, { beta: 0 }, rtol);
      const pid = steps(m, I_ONLY, rtol);
      assert.deepEqual(pid, elementary, `${m} at rtol ${String(rtol)}`);
    }
    // dop853's default is the elementary controller (β = 0): the I-only PID is its default path too
    assert.deepEqual(steps('dop853', I_ONLY, rtol), steps('dop853', undefined, rtol));
  }
});

test('solve(logistic, dopri5, controller = PID(0.2, 0.4, 0.1)) meets the tolerance against the closed form', () => {
  for (const rtol of [1e-6, 1e-9]) {
    const s = solve(
      logistic,
      'dopri5',
      { t0: 0, t1: 10, y0: [0.1], rtol, atol: rtol * 1e-3, saveAt: { kind: 'uniform', n: 41 }, dense: false },
      { explicit: { controller: { kind: 'pid', pcoeff: 0.2, icoeff: 0.4, dcoeff: 0.1 } } },
    );
    assert.equal(s.status, 'success');
    let worst = 0;
    for (let k = 0; k < s.t.length; k++) worst = Math.max(worst, Math.abs(s.y[k]![0]! - logisticExact(s.t[k]!)));
    // The controller keeps each step's local error estimate below atol + rtol·|y| ≤ 1.001·rtol (|y| ≤ 1);
    // the logistic flow contracts onto y = 1 (∂f/∂y = 2 − 4y < 0 past y = 1/2), so local errors do not
    // amplify much, and over a few dozen steps their sum stays within 10·rtol (SciPy's tests allow ~5 units
    // of tolerance in RMS; the max over the grid gets twice that).
    assert.ok(worst <= 10 * rtol, `rtol ${String(rtol)}: max error ${String(worst)}`);
    // and the option did select another controller: the step sequence differs from the default's
    assert.notDeepEqual(steps('dopri5', { kind: 'pid', pcoeff: 0.2, icoeff: 0.4, dcoeff: 0.1 }, rtol).t, steps('dopri5', undefined, rtol).t);
  }
});

test('PIDController: a rejected step leaves the history alone, and the step does not grow right after it', () => {
  const pid = new PIDController(4, { kind: 'pid', pcoeff: 0.2, icoeff: 0.4, dcoeff: 0.1 });
  const first = pid.accepted(0.5, false);
  const again = new PIDController(4, { kind: 'pid', pcoeff: 0.2, icoeff: 0.4, dcoeff: 0.1 });
  again.accepted(0.5, false);
  assert.ok(pid.rejected(3) <= pid.safety);
  assert.equal(pid.accepted(0.2, false), again.accepted(0.2, false));
  assert.ok(first > 0 && pid.accepted(1e-6, true) <= 1);
  pid.reset();
  assert.equal(pid.accepted(0.5, false), first);
});
