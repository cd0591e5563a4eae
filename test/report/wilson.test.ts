/**
 * The Wilson score interval (`wilson` in src/report/specs.ts, the 95% band of the fraction-per-cell
 * figures) against values computed elsewhere: Newcombe's published table and statsmodels.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wilson } from '../../src/report/specs.js';

/**
 * k/n, then the 95% Wilson interval as statsmodels 0.13.5 computes it
 * (`proportion_confint(k, n, alpha=0.05, method='wilson')`, Debian's python3-statsmodels), which agrees to
 * 1e-16 with Wilson's closed form evaluated in 40-digit mpmath with z = √2·erfinv(0.95) = 1.959963984540054…
 * The last five rows are Newcombe's worked examples (Statistics in Medicine 17 (1998) 857–872, Table II,
 * method 3, "score method" after Wilson, JASA 22 (1927) 209–212), printed there to 4 decimals:
 * 81/263: 0.2553–0.3662, 15/148: 0.0624–0.1605, 0/20: 0–0.1611, 1/29: 0.0061–0.1718, 29/29: 0.8830–1.
 */
const REFERENCE: readonly [k: number, n: number, lo: number, hi: number, newcombe?: readonly [number, number]][] = [
  [0, 10, 0, 0.27753279986288926],
  [1, 10, 0.017876213095072924, 0.40415002679523854],
  [5, 10, 0.23659309051256394, 0.7634069094874361],
  [10, 10, 0.7224672001371106, 1],
  [3, 1000, 0.0010207838811386195, 0.008783014053503176],
  [81, 263, 0.2552885198782742, 0.36620957698280004, [0.2553, 0.3662]],
  [15, 148, 0.06238639953073628, 0.16048724172330803, [0.0624, 0.1605]],
  [0, 20, 0, 0.1611251580528194, [0, 0.1611]],
  [1, 29, 0.006113214292762667, 0.17175521879320294, [0.0061, 0.1718]],
  [29, 29, 0.8830302015002592, 1, [0.883, 1]],
];

test('wilson(k, n) equals statsmodels’ Wilson interval to 1e-14 and Newcombe’s printed table to its 4 decimals', () => {
  for (const [k, n, lo, hi, printed] of REFERENCE) {
    const [a, b] = wilson(k, n);
    // the same closed form in another order of operations: a few ulp of numbers ≤ 1
    assert.ok(Math.abs(a - lo) < 1e-14, `${String(k)}/${String(n)}: lower ${String(a)} vs ${String(lo)}`);
    assert.ok(Math.abs(b - hi) < 1e-14, `${String(k)}/${String(n)}: upper ${String(b)} vs ${String(hi)}`);
    if (printed) {
      // rounded to 4 decimals: within half a unit of the last printed digit
      assert.ok(Math.abs(a - printed[0]) <= 5e-5, `${String(k)}/${String(n)}: lower ${String(a)} vs Newcombe ${String(printed[0])}`);
      assert.ok(Math.abs(b - printed[1]) <= 5e-5, `${String(k)}/${String(n)}: upper ${String(b)} vs Newcombe ${String(printed[1])}`);
    }
  }
});

test('each endpoint inside (0, 1) solves Wilson’s defining equation (p̂ − p)² = z² p(1 − p)/n', () => {
  const z = 1.959963984540054; // Φ⁻¹(0.975)
  for (const [k, n] of REFERENCE) {
    const phat = k / n;
    for (const p of wilson(k, n)) {
      if (p === 0 || p === 1) continue;
      const residual = (phat - p) ** 2 - (z * z * p * (1 - p)) / n;
      assert.ok(Math.abs(residual) < 1e-15, `${String(k)}/${String(n)} at p = ${String(p)}: residual ${String(residual)}`);
    }
  }
});

test('no runs: the whole of [0, 1]; all or none of the runs: the interval touches 1 or 0 exactly', () => {
  assert.deepEqual(wilson(0, 0), [0, 1]);
  assert.equal(wilson(0, 7)[0], 0);
  assert.equal(wilson(7, 7)[1], 1);
});
