/**
 * Printed measured values resolve their comparison: the digits shown distinguish the value from its
 * bound (issue: `nuclearNorm in [11.45, 11.45]` against a tolerance of 1e-8 said nothing), and a
 * predicate's comparisons are shown side by side at the run that came closest to failing.
 */
import assert from 'node:assert/strict';
import { parse } from 'mathjs';
import { test } from 'node:test';
import { cellGuards, comparisonsOf, holds, slackOf } from '../../src/checks/predicateSides.js';
import { digitsFor, resolving, resolvingPair, short } from '../../src/checks/resolvingDigits.js';

test('resolving(x, gap) keeps the digits that resolve gap: rounding moves x by less than gap/10', () => {
  for (const [x, gap] of [
    [11.454976215, 1e-8],
    [11.454976215, 3e-12],
    [0.43058792123456, 1e-7],
    [-3.768036781075556, 1e-12],
    [1234.5678, 0.5],
    [2.5e-9, 1e-12],
  ] as const) {
    const shown = Number(resolving(x, gap));
    assert.ok(Math.abs(shown - x) < gap / 10, `${resolving(x, gap)} for ${String(x)} at gap ${String(gap)}`);
  }
  // never fewer than three digits, never more than 17
  assert.equal(digitsFor(11.454976215, 100), 3);
  assert.equal(digitsFor(1, 1e-30), 17);
  assert.equal(resolving(11.454976215, 1e-8), '11.454976215');
  assert.equal(resolving(7), '7');
  assert.equal(resolving(Infinity), 'Infinity');
});

test('resolvingPair shows two close numbers as different, and a tie as equal at full precision', () => {
  const [a, b] = resolvingPair(11.454976215, 11.45497622);
  assert.notEqual(a, b);
  assert.equal(a, '11.454976215');
  assert.equal(b, '11.45497622');
  const [c, d] = resolvingPair(0.1 + 0.2, 0.3);
  assert.notEqual(c, d); // 0.30000000000000004 vs 0.3: one ulp apart, both shown to 17 digits
  assert.deepEqual(resolvingPair(0.6, 0.6), ['0.6', '0.6']);
  assert.equal(short(1.23456e-7), '1.23e-7');
  assert.equal(short(1e-7), '1e-7');
});

test('comparisonsOf lists each clause of a predicate with its sides; slack is the margin, negative when false', () => {
  const ks = comparisonsOf(parse('abs(sigma5 - 1) < 1e-6 and (erank <= 1.1 or not (w11 > 10)) and 0 < x < 2'), {});
  assert.deepEqual(
    ks.map((k) => k.text),
    ['abs(sigma5 - 1) < 1e-6', 'erank <= 1.1', 'w11 > 10', '0 < x', 'x < 2'],
  );
  const k = ks[0]!;
  assert.equal(k.lhs.evaluate({ sigma5: 1 + 3.1e-9 }), Math.abs(3.1e-9 + 1 - 1));
  assert.equal(k.rhs.evaluate({}), 1e-6);
  assert.equal(slackOf('<', 3e-9, 1e-6), 1e-6 - 3e-9);
  assert.equal(slackOf('>', 3, 10), -7);
  assert.equal(slackOf('<', NaN, 1), -Infinity);
  assert.equal(holds('<=', 1, 1), true);
  assert.equal(holds('<', 1, 1), false);
});

test('cellGuards finds the disjuncts that test only the cell, not those that read a run', () => {
  const cell = new Set(['N', 'cell', 'measurements', 'depth']);
  assert.deepEqual(cellGuards(parse('measurements != 200 or fraction(err < 0.01) >= 0.8'), cell), ['measurements != 200']);
  assert.deepEqual(cellGuards(parse('(N == 2 or N == 3) or loss < 1'), cell), ['N == 2', 'N == 3']);
  assert.deepEqual(cellGuards(parse('loss < 1e-3 or erank < 1.5'), cell), []);
  assert.deepEqual(cellGuards(parse('N != 3 and loss < 1'), cell), []); // a conjunction fails in the other cells: not vacuous
  assert.deepEqual(cellGuards(parse('det_0 >= 0 or w12 * w21 >= 1'), cell), []);
});
