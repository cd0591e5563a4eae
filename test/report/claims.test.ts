/**
 * The report's verdicts on stated claims (`claimAnswers` in src/report/claims.ts): from the 95%
 * intervals of the paired differences, "holds" when every cell's interval lies wholly on the claimed
 * side of 0, "does not hold" when one lies wholly on the other side, "not resolved" otherwise — for
 * both directions, with the numbers of the verdict's sentence.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { claimAnswers } from '../../src/report/claims.js';

type Scenario = Parameters<typeof claimAnswers>[0];
type Cells = Parameters<typeof claimAnswers>[1];
type Checks = Parameters<typeof claimAnswers>[2];
type Interval = readonly [centre: number, lo: number, hi: number];

/** Cells 0 (the reference, depth 1), 1 and 2 (depths 2 and 3): labelled `depth = 2`, `depth = 3`. */
const cells = [1, 2, 3].map((depth, index) => ({ index, values: { 'model.depth': depth } })) as unknown as Cells;

/**
 * One scenario with a final check (no claim) first, so that claims are matched to results by the
 * check's index, then a paired check of `nullX` claiming `direction`, with the given intervals for
 * cells 1 (and 2) against cell 0, 20 pairs each.
 */
function answer(direction: 'below' | 'above', intervals: readonly Interval[], statistic: 'mean' | 'median' = 'mean') {
  const s = {
    checks: [
      { kind: 'final', name: 'learned', assert: 'loss < 1' },
      { kind: 'paired', name: 'deep vs shallow', quantity: 'nullX', statistic, claim: { text: 'deep keeps nullX lower', direction } },
    ],
  } as unknown as Scenario;
  const paired = intervals.map(([centre, lo, hi], k) => ({ cell: k + 1, reference: 0, n: 20, centre, lo, hi, passed: true }));
  const checks = [
    { name: 'learned', kind: 'final', passed: true, detail: '' },
    { name: 'deep vs shallow', kind: 'paired', passed: true, detail: '', paired },
  ] as unknown as Checks;
  const out = claimAnswers(s, cells, checks);
  assert.equal(out.length, 1, 'one answer: the final check states no claim');
  assert.equal(out[0]!.claim, 'deep keeps nullX lower');
  return out[0]!;
}

const BELOW: Interval = [-0.2, -0.3, -0.1];
const ABOVE: Interval = [0.25, 0.125, 0.375];
const STRADDLES: Interval = [0.01, -0.05, 0.07];

test('claim "below": an interval wholly below 0 holds, wholly above does not hold, across 0 is not resolved', () => {
  const holds = answer('below', [BELOW]);
  assert.equal(holds.verdict, 'holds');
  assert.equal(
    holds.text,
    'under exact gradient flow, in these runs. Mean paired difference of the final nullX to the reference cell, with its 95% interval: depth = 2: -0.200 [-0.300, -0.100] (20 pairs).',
  );
  const fails = answer('below', [ABOVE]);
  assert.equal(fails.verdict, 'does not hold');
  assert.match(fails.text, /in these runs\. Mean paired difference .*: depth = 2: 0\.250 \[0\.125, 0\.375\] \(20 pairs\)\.$/);
  const open = answer('below', [STRADDLES]);
  assert.equal(open.verdict, 'not resolved');
  assert.match(
    open.text,
    /^under exact gradient flow, in these runs \(an interval contains 0\)\. .*: depth = 2: 0\.0100 \[-0\.0500, 0\.0700\] \(20 pairs\)\.$/,
  );
});

test('claim "above": the mirror image — wholly above holds, wholly below does not hold, across 0 not resolved', () => {
  const holds = answer('above', [ABOVE]);
  assert.equal(holds.verdict, 'holds');
  assert.match(holds.text, /^under exact gradient flow, in these runs\. .*: depth = 2: 0\.250 \[0\.125, 0\.375\] \(20 pairs\)\.$/);
  const fails = answer('above', [BELOW]);
  assert.equal(fails.verdict, 'does not hold');
  assert.match(fails.text, /: depth = 2: -0\.200 \[-0\.300, -0\.100\] \(20 pairs\)\.$/);
  const open = answer('above', [STRADDLES]);
  assert.equal(open.verdict, 'not resolved');
  assert.match(open.text, /\(an interval contains 0\)/);
});

test('an interval with an end exactly at 0 is not resolved either way (the interval is closed)', () => {
  assert.equal(answer('below', [[-0.1, -0.2, 0]]).verdict, 'not resolved');
  assert.equal(answer('above', [[0.1, 0, 0.2]]).verdict, 'not resolved');
  assert.equal(answer('above', [[-0.1, -0.2, 0]]).verdict, 'not resolved');
  assert.equal(answer('below', [[0.1, 0, 0.2]]).verdict, 'not resolved');
});

test('several cells: holds only if every interval supports; one contradicting interval outweighs one unresolved', () => {
  // both support: holds, with both cells' numbers in order
  const both = answer('below', [BELOW, [-1.5, -2, -1]]);
  assert.equal(both.verdict, 'holds');
  assert.match(both.text, /: depth = 2: -0\.200 \[-0\.300, -0\.100\] \(20 pairs\); depth = 3: -1\.50 \[-2\.00, -1\.00\] \(20 pairs\)\.$/);
  // one supports, one straddles: not resolved
  assert.equal(answer('below', [BELOW, STRADDLES]).verdict, 'not resolved');
  assert.equal(answer('above', [STRADDLES, ABOVE]).verdict, 'not resolved');
  // one supports, one contradicts: does not hold (whatever the order)
  assert.equal(answer('below', [BELOW, ABOVE]).verdict, 'does not hold');
  assert.equal(answer('above', [BELOW, ABOVE]).verdict, 'does not hold');
  // one straddles, one contradicts: does not hold
  assert.equal(answer('below', [STRADDLES, ABOVE]).verdict, 'does not hold');
});

test('the median statistic is named in the sentence; no interval at all (no cell with a reference) is not evaluated, never holds', () => {
  assert.match(answer('below', [BELOW], 'median').text, /\. Median paired difference of the final nullX to the reference cell/);
  assert.equal(answer('below', []).verdict, 'not evaluated');
  assert.equal(answer('above', []).verdict, 'not evaluated');
  assert.match(answer('below', [[NaN, NaN, NaN]]).text, /an interval is undefined/);
  // an undefined interval (fewer than 2 pairs: NaN ends) supports nothing
  assert.equal(answer('below', [[NaN, NaN, NaN]]).verdict, 'not resolved');
});
