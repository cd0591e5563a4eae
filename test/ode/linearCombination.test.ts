import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DOP853, DOP853_D, DOP853_E3, DOP853_E5, DOP853_EXTRA_A } from '../../src/ode/dop853.js';
import { DOPRI5, DOPRI5_E, DOPRI5_P } from '../../src/ode/dopri5.js';
import {
  SPECIALISE_FROM,
  bySize,
  combinationKernel,
  errorSumsKernel,
  stageKernel,
  tableauKernels,
  updateErrorKernel,
} from '../../src/ode/linearCombination.js';
import { messages } from '../../src/ode/messages.js';

// The kernels replace loops over stage arrays (`acc = 0; for j: if (c_j ≠ 0) acc += c_j K_j[i]`);
// with the same summation order they must give the same doubles, so every comparison here is
// exact (bit for bit), on data without zeros (where only the sign of a zero sum could differ).

const n = 37;
/** Stage values of mixed signs and magnitudes (1e-3 … 1e3), none zero. */
function stages(count: number): Float64Array {
  const K = new Float64Array(count * n);
  for (let i = 0; i < K.length; i++) K[i] = Math.sin(1 + 0.7 * i) * 10 ** (3 * Math.cos(0.3 * i)) + 1e-300;
  return K;
}
const view = (K: Float64Array, j: number): Float64Array => K.subarray(j * n, (j + 1) * n);
const y = Float64Array.from({ length: n }, (_, i) => Math.cos(2 + i));

/** The loop the stage kernels replaced. */
function naiveStage(row: readonly number[], h: number, K: Float64Array): Float64Array {
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let acc = 0;
    for (let j = 0; j < row.length; j++) if (row[j]! !== 0) acc += row[j]! * view(K, j)[k]!;
    out[k] = y[k]! + h * acc;
  }
  return out;
}

/** The error loop the error kernels replaced: `Σ_k ((h Σ_j w_j K_j[k]) / sc_k)²`. */
function naiveErrorSum(w: readonly number[], h: number, K: Float64Array, ya: Float64Array, yb: Float64Array, atol: Float64Array, rtol: Float64Array): number {
  let sum = 0;
  for (let k = 0; k < n; k++) {
    let e = 0;
    for (let j = 0; j < w.length; j++) if (w[j]! !== 0) e += w[j]! * view(K, j)[k]!;
    const sc = atol[k]! + rtol[k]! * Math.max(Math.abs(ya[k]!), Math.abs(yb[k]!));
    const r = (h * e) / sc;
    sum += r * r;
  }
  return sum;
}

const tableRows: [string, readonly number[]][] = [
  ...DOPRI5.a.slice(1).map((row, i): [string, readonly number[]] => [`dopri5 a[${String(i + 1)}]`, row]),
  ['dopri5 b', DOPRI5.b],
  ...DOP853.a.slice(1).map((row, i): [string, readonly number[]] => [`dop853 a[${String(i + 1)}]`, row]),
  ['dop853 b', DOP853.b],
  ...DOP853_EXTRA_A.map((row, e): [string, readonly number[]] => [`dop853 a[${String(13 + e)}]`, row]),
];

test('every stage kernel of DOPRI5 and DOP853 gives the doubles of the loop it replaced, for both signs of h', () => {
  const K = stages(16);
  for (const [name, row] of tableRows) {
    for (const h of [0.0123, -3.7]) {
      const out = new Float64Array(n + 1).fill(99); // one slot past n: must stay untouched
      stageKernel(row, name)(out, y, h, K, n);
      assert.deepEqual(out.subarray(0, n), naiveStage(row, h, K), name);
      assert.equal(out[n], 99, `${name} wrote past n`);
    }
  }
});

test('tableauKernels holds one kernel per stage row and the update, shared between calls', () => {
  const k = tableauKernels(DOP853, n);
  assert.equal(k.stages.length, DOP853.stages);
  assert.equal(k.stages[0], undefined);
  assert.equal(tableauKernels(DOP853, n), k);
  const K = stages(13);
  const out = new Float64Array(n);
  k.update(out, y, 0.5, K, n);
  assert.deepEqual(out, naiveStage(DOP853.b, 0.5, K));
});

test('the dense-output combinations (DOPRI5 P, DOP853 D) equal h·Σ c_rj K_j row by row', () => {
  const K = stages(16);
  const cases: [string, readonly (readonly number[])[]][] = [
    ['dopri5 P', [0, 1, 2, 3].map((q) => DOPRI5_P.map((row) => row[q]!))],
    ['dop853 D', DOP853_D],
  ];
  for (const [name, rows] of cases) {
    const off = 2 * n;
    const out = new Float64Array(off + rows.length * n);
    const h = 0.37;
    combinationKernel(rows, name)(out, off, h, K, n);
    rows.forEach((row, r) => {
      for (let k = 0; k < n; k++) {
        let acc = 0;
        for (let j = 0; j < row.length; j++) if (row[j]! !== 0) acc += row[j]! * view(K, j)[k]!;
        assert.equal(out[off + r * n + k], h * acc, `${name} row ${String(r)} component ${String(k)}`);
      }
    });
    assert.ok(
      out.subarray(0, off).every((v) => v === 0),
      `${name} wrote before its offset`,
    );
  }
});

test('the fused error sums equal the per-estimate loops; update+error equals update then error', () => {
  const K = stages(13);
  const yb = Float64Array.from({ length: n }, (_, i) => Math.sin(3 + i));
  // per-component tolerances, different in every component, so a mix-up of indices shows
  const atol = Float64Array.from({ length: n }, (_, i) => 1e-9 * (1 + i));
  const rtol = Float64Array.from({ length: n }, (_, i) => 1e-6 * (2 + Math.cos(i)));
  const sums = new Float64Array(2);
  errorSumsKernel([DOPRI5_E], 'dopri5 E')(sums, -0.25, K, y, yb, atol, rtol, n);
  assert.equal(sums[0], naiveErrorSum(DOPRI5_E, -0.25, K, y, yb, atol, rtol));
  errorSumsKernel([DOP853_E5, DOP853_E3], 'dop853')(sums, 1, K, y, yb, atol, rtol, n);
  assert.equal(sums[0], naiveErrorSum(DOP853_E5, 1, K, y, yb, atol, rtol));
  assert.equal(sums[1], naiveErrorSum(DOP853_E3, 1, K, y, yb, atol, rtol));
  const yNew = new Float64Array(n);
  const fused = new Float64Array(2);
  updateErrorKernel(DOP853.b, [DOP853_E5, DOP853_E3], 'dop853')(fused, yNew, y, 0.125, K, atol, rtol, n);
  const yNewRef = naiveStage(DOP853.b, 0.125, K);
  assert.deepEqual(yNew, yNewRef);
  assert.equal(fused[0], naiveErrorSum(DOP853_E5, 1, K, y, yNewRef, atol, rtol));
  assert.equal(fused[1], naiveErrorSum(DOP853_E3, 1, K, y, yNewRef, atol, rtol));
});

test('kernels specialised to a size give the doubles of the generic ones, for every kind of kernel', () => {
  const K = stages(16);
  const yb = Float64Array.from({ length: n }, (_, i) => Math.sin(3 + i));
  const atol = Float64Array.from({ length: n }, (_, i) => 1e-9 * (1 + i));
  const rtol = new Float64Array(n).fill(1e-7);
  for (const [name, row] of tableRows) {
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    stageKernel(row, name)(a, y, 0.3, K, n);
    stageKernel(row, name, n)(b, y, 0.3, K, n);
    assert.deepEqual(b, a, name);
  }
  const ca = new Float64Array(4 * n);
  const cb = new Float64Array(4 * n);
  combinationKernel(DOP853_D, 'D')(ca, 0, 0.7, K, n);
  combinationKernel(DOP853_D, 'D', n)(cb, 0, 0.7, K, n);
  assert.deepEqual(cb, ca);
  const sa = new Float64Array(2);
  const sb = new Float64Array(2);
  errorSumsKernel([DOP853_E5, DOP853_E3], 'E')(sa, 1, K, y, yb, atol, rtol, n);
  errorSumsKernel([DOP853_E5, DOP853_E3], 'E', n)(sb, 1, K, y, yb, atol, rtol, n);
  assert.deepEqual(sb, sa);
  const ya = new Float64Array(n);
  const yc = new Float64Array(n);
  updateErrorKernel(DOP853.b, [DOP853_E5, DOP853_E3], 'u')(sa, ya, y, 0.2, K, atol, rtol, n);
  updateErrorKernel(DOP853.b, [DOP853_E5, DOP853_E3], 'u', n)(sb, yc, y, 0.2, K, atol, rtol, n);
  assert.deepEqual(yc, ya);
  assert.deepEqual(sb, sa);
});

test('bySize serves one generic kernel below SPECIALISE_FROM and one cached kernel per larger size', () => {
  const made: (number | undefined)[] = [];
  const family = bySize((size) => {
    made.push(size);
    return { size };
  });
  assert.equal(family(1), family(SPECIALISE_FROM - 1));
  assert.equal(family(1).size, undefined);
  const big = family(SPECIALISE_FROM);
  assert.equal(big.size, SPECIALISE_FROM);
  assert.equal(family(SPECIALISE_FROM), big);
  assert.equal(family(SPECIALISE_FROM + 1).size, SPECIALISE_FROM + 1);
  assert.deepEqual(made, [undefined, SPECIALISE_FROM, SPECIALISE_FROM + 1]);
  // the cache holds a few sizes at a time: a ninth size clears it, and an old size is made again
  for (let k = 2; k <= 8; k++) family(SPECIALISE_FROM + k);
  assert.notEqual(family(SPECIALISE_FROM), big);
});

test('coefficients are written so that they read back to the same double (extremes and inexact decimals)', () => {
  const ones = new Float64Array(n).fill(1);
  const zeros = new Float64Array(n);
  const out = new Float64Array(n);
  // y = 0, K = 1, h = 1: the kernel returns its coefficient itself (0 + 1·(c·1) = c exactly)
  for (const c of [0.1 + 0.2, -1 / 3, 5e-324, -Number.MAX_VALUE, 2 ** -1074 * 3, 1e21, -123456789.12345679, Math.PI * 1e-200]) {
    stageKernel([c], 'extremes')(out, zeros, 1, ones, n);
    assert.ok(
      out.every((v) => v === c),
      `coefficient ${String(c)} came back as ${String(out[0])}`,
    );
  }
});

test('a non-finite coefficient or an all-zero row is refused with a message naming the row', () => {
  assert.throws(() => stageKernel([1, Number.NaN], 'test a[2]'), { message: messages.badKernelCoefficient('test a[2][1]', Number.NaN) });
  assert.throws(() => combinationKernel([[1], [Number.POSITIVE_INFINITY]], 'test D'), {
    message: messages.badKernelCoefficient('test D[1][0]', Number.POSITIVE_INFINITY),
  });
  assert.throws(() => stageKernel([0, 0], 'test b'), { message: messages.badKernelCoefficient('test b', 0) });
});
