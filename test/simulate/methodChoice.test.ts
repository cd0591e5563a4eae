/**
 * Which method `auto` runs (simulate/methodChoice.ts): auto-krylov on end-to-end flows with exact
 * products and a preconditioner from KRYLOV_MIN_STATES states, at finite depth as at depth ∞; the dense
 * path below that size, on factor flows (no preconditioner), and whenever a method is named.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { whitenedRegression } from '../../src/energies/whitenedRegression.js';
import { downstairsFlow } from '../../src/flows/downstairs.js';
import { upstairsFlow } from '../../src/flows/upstairs.js';
import { KRYLOV_MIN_STATES, methodFor } from '../../src/simulate/methodChoice.js';

const square = (n: number) =>
  whitenedRegression(
    n,
    n,
    Array.from({ length: n * n }, (_, i) => Math.sin(i + 1)),
  );

test('auto runs auto-krylov on end-to-end flows of 400 states or more at depths 1, 2, 3 and ∞, the dense path below', () => {
  assert.equal(KRYLOV_MIN_STATES, 20 * 20);
  for (const depth of [1, 2, 3, Infinity]) {
    assert.equal(methodFor('auto', downstairsFlow(square(20), depth, 'normalized')), 'auto-krylov', `20×20 at depth ${String(depth)}`);
    assert.equal(methodFor('auto', downstairsFlow(square(19), depth, 'normalized')), 'auto', `19×19 at depth ${String(depth)}`);
    // a named method is run as named
    assert.equal(methodFor('bdf', downstairsFlow(square(20), depth, 'normalized')), 'bdf');
  }
});

test('auto keeps the dense path on factor flows (no preconditioner) and on end-to-end flows held below full rank (no exact products)', () => {
  const factors = upstairsFlow(square(20), [20, 20, 20]);
  assert.ok(factors.dim >= KRYLOV_MIN_STATES);
  assert.equal(methodFor('auto', factors), 'auto');
  const lowRank = downstairsFlow(square(20), 3, 'upstairs', { rank: 2 });
  assert.equal(typeof lowRank.jvp, 'undefined', 'a rank-2 flow offers no exact products');
  assert.equal(methodFor('auto', lowRank), 'auto');
});
