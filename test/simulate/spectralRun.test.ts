/**
 * `model.coordinates: spectral` through `simulate` (src/simulate/spectralRun.ts): Razin–Cohen at
 * depth 2 to t = 1e8 (docs/theory.md §5, "a limit of coordinates"), where matrix coordinates stop
 * with a precision status; agreement with matrix coordinates where both resolve the flow; the
 * handoff from equal singular values; and the option rules.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matrixCompletion } from '../../src/energies/matrixCompletion.js';
import { matrixSensing } from '../../src/energies/matrixSensing.js';
import { Rng } from '../../src/init/rng.js';
import { simulate } from '../../src/simulate/simulate.js';
import { optionProblems, startProblems } from '../../src/simulate/optionProblems.js';
import { optionMessages } from '../../src/simulate/messages.js';

const razinCohen = matrixCompletion(2, 2, [
  { i: 0, j: 1, value: 1 },
  { i: 1, j: 0, value: 1 },
  { i: 1, j: 1, value: 0 },
]);
const start = { endToEnd: [1e-3, 0, 0, 1e-3] };

test('Razin–Cohen depth 2 in spectral coordinates: det W > 0 at every row and |w11|·√(2E) within 2e-3 of 1 at t = 1e4, 1e6, 1e8', (t) => {
  const times = [0, 1, 10, 30, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];
  const tr = simulate({
    energy: razinCohen,
    model: { depth: 2, parametrization: 'end-to-end', coordinates: 'spectral' },
    start,
    t1: 1e8,
    saveAt: { kind: 'times', times },
    solver: { method: 'bdf', rtol: 1e-10, atol: 1e-14, maxSteps: 1e6 },
  });
  assert.equal(tr.status, 'success', tr.message);
  assert.equal(tr.coordinates, 'spectral');
  // 1e-3·I has equal singular values: the first stretch runs in matrix coordinates until they separate
  assert.ok(tr.handoff !== undefined && tr.handoff > 0 && tr.handoff < 0.1, `handoff at ${String(tr.handoff)}`);
  assert.deepEqual(tr.t, times);
  for (const r of tr.rows) {
    assert.ok(r.det! > 0 || (r.det === 0 && Number.isFinite(r.logAbsDet)), `det W(${String(r.t)}) = ${String(r.det)}`);
    assert.ok(r.t <= tr.handoff || r.logAbsDet! < 0);
  }
  const law = (k: number): number => Math.abs(tr.W[k]![0]!) * Math.sqrt(2 * tr.rows[k]!.loss);
  for (const at of [1e4, 1e6, 1e8]) {
    const k = times.indexOf(at);
    // the asymptotic law's own correction at these times is below 1e-3 (0.9993 at 1e4, docs/theory.md §5); the integration error is 1e-8 relative
    assert.ok(Math.abs(law(k) - 1) < 2e-3, `t = ${String(at)}: |w11|·√(2E) = ${String(law(k))}`);
  }
  // the small singular value is stored as log σ: at t = 1e8 it is far below what W's entries resolve
  const last = tr.rows.at(-1)!;
  assert.ok(last.logAbsDet! < -1000, `log|det W| = ${String(last.logAbsDet)}`);
  t.diagnostic(
    `handoff ${String(tr.handoff)}; w11(1e4) = ${tr.W[times.indexOf(1e4)]![0]!.toFixed(4)}, law ${law(times.indexOf(1e4)).toFixed(6)}; w11(1e8) = ${tr.W.at(-1)![0]!.toFixed(3)}, log|det W| = ${last.logAbsDet!.toExponential(4)}; nfev ${String(tr.stats.nfev)}, ${tr.stats.wallMs.toFixed(0)} ms`,
  );
});

test('… while matrix coordinates stop with precision-limit, and the message names the coordinates that go further', () => {
  const tr = simulate({
    energy: razinCohen,
    model: { depth: 2, parametrization: 'end-to-end' },
    start,
    t1: 1e8,
    saveAt: { kind: 'log', n: 20, tmin: 1 },
    solver: { method: 'bdf', rtol: 1e-10, atol: 1e-14, maxSteps: 1e6 },
  });
  assert.equal(tr.status, 'precision-limit');
  assert.match(tr.message, /coordinates: spectral/);
  assert.ok(tr.t.at(-1)! < 100, `stopped at ${String(tr.t.at(-1))}`);
});

/** Razin–Cohen at depth 3 from 1e-3·I to t = 60 (before the factor run's precision stop at t ≈ 65), saved at `RC_TIMES`, by dop853 at rtol 1e-10. */
const RC_TIMES = [0, 1, 5, 10, 20, 40, 60];
const RC_SOLVER = { method: 'dop853' as const, rtol: 1e-10, atol: 1e-14, maxSteps: 1e6 };
function razinCohenDepth3(model: { parametrization: 'end-to-end' | 'factors'; coordinates?: 'spectral' }): ReturnType<typeof simulate> {
  return simulate({ energy: razinCohen, model: { depth: 3, ...model }, start, t1: 60, saveAt: { kind: 'times', times: RC_TIMES }, solver: RC_SOLVER });
}

test('spectral and matrix coordinates agree where both resolve the flow: Razin–Cohen depth 3 to t = 60, and depth ∞ sensing from a generic start (no handoff)', () => {
  const times = RC_TIMES;
  const solver = RC_SOLVER;
  const a = razinCohenDepth3({ parametrization: 'end-to-end', coordinates: 'spectral' });
  const b = razinCohenDepth3({ parametrization: 'end-to-end' });
  assert.equal(a.status, 'success', a.message);
  assert.equal(b.status, 'success', b.message);
  assert.ok(a.handoff !== undefined);
  for (let k = 0; k < times.length; k++)
    for (let i = 0; i < 4; i++) {
      const scale = Math.max(1, Math.abs(b.W[k]![i]!));
      // each run is accurate to about rtol relative in its own coordinates (in W: ≲ 1e-9 here); 1e-7 with margin
      assert.ok(
        Math.abs(a.W[k]![i]! - b.W[k]![i]!) <= 1e-7 * scale,
        `t = ${String(times[k])}, entry ${String(i)}: ${String(a.W[k]![i])} vs ${String(b.W[k]![i])}`,
      );
    }
  const rand = new Rng(4);
  const energy = matrixSensing(3, 3, rand.normals(8 * 9), rand.normals(8));
  const W0 = rand.normals(9, 0.3);
  const model = { depth: Infinity, parametrization: 'end-to-end' as const, time: 'normalized' as const };
  const c = simulate({
    energy,
    model: { ...model, coordinates: 'spectral' },
    start: { endToEnd: W0 },
    t1: 5,
    saveAt: { kind: 'uniform', n: 6 },
    solver,
    precisionGuard: false,
  });
  const d = simulate({ energy, model, start: { endToEnd: W0 }, t1: 5, saveAt: { kind: 'uniform', n: 6 }, solver, precisionGuard: false });
  assert.equal(c.handoff, undefined, 'a generic start has separated singular values');
  for (let k = 0; k < 6; k++)
    for (let i = 0; i < 9; i++)
      assert.ok(Math.abs(c.W[k]![i]! - d.W[k]![i]!) <= 1e-7 * Math.max(1, Math.abs(d.W[k]![i]!)), `sensing, row ${String(k)}, entry ${String(i)}`);
});

test('spectral coordinates refuse factor models, rectangular problems, rank-held and singular starts, and precisionGuard: true', () => {
  const base = { energy: razinCohen, t1: 1, start };
  const paths = (o: Parameters<typeof optionProblems>[0]): string[] => optionProblems(o).map((p) => `${p.path}: ${p.message}`);
  assert.deepEqual(paths({ ...base, model: { depth: 2, parametrization: 'factors', coordinates: 'spectral' } }), [
    `model.coordinates: ${optionMessages.spectralEndToEnd()}`,
  ]);
  assert.deepEqual(
    paths({
      energy: { rows: 2, cols: 3 },
      t1: 1,
      start: { endToEnd: [1, 0, 0, 0, 1, 0] },
      model: { depth: 2, parametrization: 'end-to-end', coordinates: 'spectral' },
    }),
    [`model.coordinates: ${optionMessages.spectralSquare(2, 3)}`],
  );
  assert.deepEqual(paths({ ...base, model: { depth: 2, parametrization: 'end-to-end', coordinates: 'spectral', rank: 1 } }), [
    `model.coordinates: ${optionMessages.spectralRank(1, 2)}`,
  ]);
  const singular = startProblems({
    ...base,
    start: { endToEnd: [1, 2, 2, 4] },
    model: { depth: 2, parametrization: 'end-to-end', coordinates: 'spectral' },
  }).map((p) => `${p.path}: ${p.message}`);
  assert.equal(singular.length, 1);
  assert.match(singular[0]!, /^start: is singular to rounding/);
  assert.deepEqual(paths({ ...base, precisionGuard: true, model: { depth: 2, parametrization: 'end-to-end', coordinates: 'spectral' } }), [
    `precisionGuard: ${optionMessages.spectralGuard()}`,
  ]);
});

test('two singular values that meet later in a spectral run end it with precision-limit and a message naming the coordinates', () => {
  // E = ½‖W − diag(1, 2)‖² at depth 1 from diag(0.5, 0.3): w11 = 1 − 0.5e^{−t}, w22 = 2 − 1.7e^{−t} meet at t = ln 1.2
  const energy = matrixCompletion(2, 2, [
    { i: 0, j: 0, value: 1 },
    { i: 0, j: 1, value: 0 },
    { i: 1, j: 0, value: 0 },
    { i: 1, j: 1, value: 2 },
  ]);
  const tr = simulate({
    energy,
    model: { depth: 1, parametrization: 'end-to-end', coordinates: 'spectral' },
    start: { endToEnd: [0.5, 0, 0, 0.3] },
    t1: 5,
    saveAt: { kind: 'uniform', n: 11 },
    solver: { method: 'dop853', rtol: 1e-10, atol: 1e-14 },
  });
  assert.equal(tr.status, 'precision-limit', tr.message);
  assert.match(tr.message, /Two singular values met/);
  // located where ln(w11/w22) = 1e-6, which is within 1e-6·w/|d(w11 − w22)/dt| = 1e-6·0.58/1.0 of ln 1.2, on dense output to 1e-12
  assert.ok(Math.abs(tr.t.at(-1)! - Math.log(1.2)) < 1e-5, `stopped at ${String(tr.t.at(-1))}`);
});

test('Razin–Cohen at depth 3 before t = 65: spectral coordinates against factor coordinates (balanced factors of 1e-3·I)', () => {
  const spectral = razinCohenDepth3({ parametrization: 'end-to-end', coordinates: 'spectral' });
  // the same end-to-end start balanced into three 2×2 factors: the factor flow's product is the end-to-end flow (docs/theory.md §3.5)
  const factors = razinCohenDepth3({ parametrization: 'factors' });
  assert.equal(spectral.status, 'success', spectral.message);
  assert.equal(factors.status, 'success', factors.message);
  let worst = 0;
  for (let k = 0; k < RC_TIMES.length; k++)
    for (let i = 0; i < 4; i++) worst = Math.max(worst, Math.abs(spectral.W[k]![i]! - factors.W[k]![i]!) / Math.max(1, Math.abs(factors.W[k]![i]!)));
  // each run is accurate to about rtol relative in its own coordinates (W up to 8.7 here, ~1e-9 in W);
  // 1e-7 allows the growth of the global error over the plateau and the escape
  assert.ok(worst < 1e-7, `max relative difference ${worst.toExponential(2)}`);
});
