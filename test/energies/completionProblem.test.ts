/** The random-mask completion problem: the mask's size, uniformity and the energy it defines. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { completionProblem } from '../../src/energies/completionProblem.js';
import { lowRankTarget } from '../../src/energies/lowRankTarget.js';
import { energiesMessages } from '../../src/energies/messages.js';
import { Rng } from '../../src/init/rng.js';

test('completionProblem(truth, 7, 5, 0.4) observes round(0.4·35) = 14 distinct entries of the truth, and E vanishes there', () => {
  const T = lowRankTarget(7, 5, [2, 1], new Rng(1));
  const p = completionProblem(T, 7, 5, 0.4, new Rng(2));
  assert.equal(p.index.length, 14);
  for (let k = 1; k < 14; k++) assert.ok(p.index[k]! > p.index[k - 1]!, 'ascending, hence distinct');
  p.index.forEach((q, k) => {
    assert.equal(p.y[k], T[q]);
  });
  assert.equal(p.energy.value(T), 0); // the truth fits every observation exactly
  // ∇E(W) = P_Ω(W − T): the mask's entries carry W − T, the others 0 (exactly: one subtraction each)
  const W = new Rng(3).normals(35);
  const G = new Float64Array(35);
  p.energy.gradient(W, G);
  const observed = new Set(p.index);
  G.forEach((g, q) => {
    assert.equal(g, observed.has(q) ? W[q]! - T[q]! : 0);
  });
});

test('completionProblem masks are uniform: each entry of 4×4 is observed with frequency 1/4 over 4000 seeds', () => {
  const T = new Float64Array(16);
  const hits = new Float64Array(16);
  const seeds = 4000;
  for (let s = 0; s < seeds; s++) for (const q of completionProblem(T, 4, 4, 0.25, new Rng(s, 3)).index) hits[q] = hits[q]! + 1;
  // binomial: std of a frequency √(p(1 − p)/n) = 0.0068; 5 std bounds all 16 entries with room
  const sd = Math.sqrt((0.25 * 0.75) / seeds);
  hits.forEach((h, q) => {
    assert.ok(Math.abs(h / seeds - 0.25) < 5 * sd, `entry ${String(q)}: ${String(h / seeds)}`);
  });
});

test('completionProblem refuses a fraction outside (0, 1]', () => {
  assert.throws(() => completionProblem(new Float64Array(4), 2, 2, 0, new Rng(0)), { message: energiesMessages.fraction(0) });
  assert.throws(() => completionProblem(new Float64Array(4), 2, 2, 1.5, new Rng(0)), { message: energiesMessages.fraction(1.5) });
});
