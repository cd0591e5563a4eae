import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DOP853 } from '../../src/ode/dop853.js';
import { DOPRI5, DOPRI5_E } from '../../src/ode/dopri5.js';
import { messages } from '../../src/ode/messages.js';
import { checkTableau } from '../../src/ode/tableau.js';

test('checkTableau(DOPRI5 and DOP853) accepts the published coefficients', () => {
  // both modules already ran the check on load; run it again explicitly so a silent skip fails here
  checkTableau(DOPRI5, [DOPRI5_E]);
  checkTableau(DOP853, []);
});

test('checkTableau rejects a tableau with a mistyped coefficient', () => {
  const a = DOPRI5.a.map((r) => [...r]);
  a[3]![1] = -56 / 14; // was −56/15: row 3 no longer sums to c_3
  assert.throws(
    () => {
      checkTableau({ ...DOPRI5, a }, [DOPRI5_E]);
    },
    (e: Error) => e.message.startsWith(messages.badTableau('dopri5', '').slice(0, 30)),
  );
});

test('DOP853 weights satisfy the bushy-tree order conditions Σ b c^k = 1/(k+1) for k ≤ 7', () => {
  for (let k = 0; k <= 7; k++) {
    const q = DOP853.b.reduce((p, b, i) => p + b * DOP853.c[i]! ** k, 0);
    // 1e-13: the 30-digit published coefficients summed in double precision (12 terms up to ~30 in size)
    assert.ok(Math.abs(q - 1 / (k + 1)) < 1e-13, `k=${String(k)}: ${String(q)}`);
  }
});
