/** The convex baselines (docs/theory.md, "The convex baselines"): minimum nuclear norm with its certificate, and minimum Frobenius norm. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entryOperator, sensingOperator, type MeasurementOperator } from '../../src/analysis/measurementOperator.js';
import { analysisMessages } from '../../src/analysis/messages.js';
import { minFrobenius } from '../../src/analysis/minFrobenius.js';
import { minNuclearNorm, type NuclearNormResult } from '../../src/analysis/nuclearNorm.js';
import { lowRankTarget } from '../../src/energies/lowRankTarget.js';
import { sensingProblem } from '../../src/energies/sensingProblem.js';
import { Rng } from '../../src/init/rng.js';
import { frobeniusDistance, frobeniusNorm } from '../../src/linalg/norms.js';
import { singularValues } from '../../src/linalg/svd.js';

const sum = (a: ArrayLike<number>): number => Array.from(a).reduce((s, v) => s + v, 0);

/**
 * Re-derives the certificate from the returned points alone, with fresh SVDs: ‖X‖_*, ⟨y, λ⟩,
 * ‖𝒜*λ‖_op and ‖𝒜(X) − y‖/‖y‖, so the test does not trust the solver's own bookkeeping.
 */
function verify(op: MeasurementOperator, y: Float64Array, res: NuclearNormResult): { upper: number; lower: number; dualNorm: number; feas: number } {
  const { rows: m, cols: n } = op;
  const upper = sum(singularValues(res.X, m, n));
  const H = new Float64Array(m * n);
  op.adjoint(res.lambda, H);
  const dualNorm = singularValues(H, m, n)[0]!;
  let lower = 0;
  for (let k = 0; k < y.length; k++) lower += y[k]! * res.lambda[k]!;
  const r = new Float64Array(op.count);
  op.apply(res.X, r);
  let e = 0;
  for (let k = 0; k < y.length; k++) e += (r[k]! - y[k]!) ** 2;
  return { upper, lower, dualNorm, feas: Math.sqrt(e) / frobeniusNorm(y) };
}

test('minNuclearNorm(fully observed matrix) is the matrix (completion and invertible Gaussian sensing)', (t) => {
  const T = lowRankTarget(6, 5, [3, 2, 1, 0.5, 0.25], new Rng(3));
  const all = Int32Array.from({ length: 30 }, (_, i) => i);
  const res = minNuclearNorm(entryOperator(6, 5, all), T);
  // every entry observed: the affine set is the single point T, and X̂ = Π(Z) = T up to rounding
  assert.ok(frobeniusDistance(res.X, T) <= 1e-12 * frobeniusNorm(T), `completion: ${String(frobeniusDistance(res.X, T))}`);
  // the closed form ‖T‖_* = Σσ = 6.75; the certificate's bounds must bracket it to the solver tolerance 1e-8
  assert.ok(res.converged && res.gap <= 1e-8, `gap ${String(res.gap)}`);
  assert.ok(Math.abs(res.nuclearNorm - 6.75) <= 1e-12 * 6.75 && res.dualValue <= 6.75 * (1 + 1e-15) && res.dualValue >= 6.75 * (1 - 1e-8));
  // K = rows·cols Gaussian measurements are a.s. invertible: again the unique feasible point
  const p = sensingProblem(T, 6, 5, 30, new Rng(4));
  const s = minNuclearNorm(sensingOperator(6, 5, p.A), p.y);
  // Π solves with the Gram matrix's pseudo-inverse: rounding scaled by its condition number (≲ 1e3 here)
  assert.ok(frobeniusDistance(s.X, T) <= 1e-9 * frobeniusNorm(T), `sensing: ${String(frobeniusDistance(s.X, T))}`);
  assert.ok(s.converged && s.gap <= 1e-8);
  t.diagnostic(
    `completion: ${String(res.iterations)} iterations, gap ${res.gap.toExponential(2)}; sensing: ${String(s.iterations)}, gap ${s.gap.toExponential(2)}`,
  );
});

test('minNuclearNorm(observed diagonal d) has the value Σ|d_i| (trace duality with λ = sign d), min-Frobenius is diag(d)', () => {
  const d = [3, -2, 1.5, -0.5];
  const n = d.length;
  const idx = Int32Array.from(d.map((_, i) => i * n + i));
  const y = Float64Array.from(d);
  const op = entryOperator(n, n, idx);
  const res = minNuclearNorm(op, y);
  const exact = sum(d.map(Math.abs)); // ‖X‖_* ≥ ⟨diag(sign d), X⟩ = Σ|d_i|, attained by diag(d)
  // both bounds of the certificate within the requested 1e-8 relative of the closed form
  assert.ok(res.converged, `${String(res.iterations)} iterations`);
  assert.ok(Math.abs(res.nuclearNorm - exact) <= 1e-8 * exact, `upper ${String(res.nuclearNorm)} vs ${String(exact)}`);
  assert.ok(Math.abs(res.dualValue - exact) <= 1e-8 * exact, `lower ${String(res.dualValue)} vs ${String(exact)}`);
  // the optimal dual is sign(d) (‖diag(sign d)‖_op = 1 and ⟨d, sign d⟩ = Σ|d_i|): λ within 1e-4 of it,
  // a tolerance loose because λ ↦ ⟨y, λ⟩ is flat to first order at the optimum only along feasible moves
  res.lambda.forEach((l, i) => {
    assert.ok(Math.abs(l - Math.sign(d[i]!)) < 1e-4, `λ_${String(i)} = ${String(l)}`);
  });
  const F = minFrobenius(op, y);
  F.forEach((v, p) => {
    assert.equal(v, p % (n + 1) === 0 ? d[p / (n + 1)]! : 0);
  }); // exact: 𝒜𝒜* = I, X_F = 𝒜*y
});

test('minNuclearNorm(2×2, three ones observed) completes to the all-ones rank-1 matrix (Gunasekar et al. 2017)', () => {
  // [[1, 1], [1, x]]: for x ≥ 1 the norm is the trace 1 + x, for x < 1 it is √((1 − x)² + 4) ≥ 2: minimum 2 at x = 1
  const op = entryOperator(2, 2, Int32Array.from([0, 1, 2]));
  const res = minNuclearNorm(op, Float64Array.from([1, 1, 1]));
  assert.ok(res.converged);
  // the optimum is unique and sharp only to first order on one side: |x − 1| ~ √gap on the flat side, so 1e-4 ≥ √1e-8
  assert.ok(Math.abs(res.X[3]! - 1) < 1e-4, `x = ${String(res.X[3])}`);
  assert.ok(Math.abs(res.nuclearNorm - 2) <= 2e-8 && Math.abs(res.dualValue - 2) <= 2e-8); // value to the 1e-8 relative tolerance
  // min-Frobenius sets the unobserved entry to 0 (closed form)
  assert.deepEqual(Array.from(minFrobenius(op, Float64Array.from([1, 1, 1]))), [1, 1, 1, 0]);
});

test('minNuclearNorm(random Gaussian sensing, 20×20 rank 2): the certificate, re-derived independently, has gap < 1e-8', (t) => {
  const T = lowRankTarget(20, 20, [2, 1], new Rng(7));
  for (const K of [50, 200]) {
    const p = sensingProblem(T, 20, 20, K, new Rng(8));
    const op = sensingOperator(20, 20, p.A);
    const res = minNuclearNorm(op, p.y);
    const v = verify(op, p.y, res);
    // weak duality: ⟨y, λ⟩ ≤ min ‖X‖_* ≤ ‖X̂‖_*, valid when ‖𝒜*λ‖_op ≤ 1 (to rounding, 1e-12) and 𝒜(X̂) = y (to 1e-12)
    assert.ok(v.dualNorm <= 1 + 1e-12, `‖𝒜*λ‖_op = ${String(v.dualNorm)}`);
    assert.ok(v.feas <= 1e-12, `feasibility ${String(v.feas)}`);
    assert.ok((v.upper - v.lower) / v.upper < 1e-8, `gap ${String((v.upper - v.lower) / v.upper)}`);
    // the solver's report agrees with the re-derivation to rounding
    assert.ok(Math.abs(v.upper - res.nuclearNorm) <= 1e-12 * v.upper && Math.abs(v.lower - res.dualValue) <= 1e-12 * v.upper);
    const rec = frobeniusDistance(res.X, T) / frobeniusNorm(T);
    // 200 measurements ≥ 2.5× the r(2n − r) = 76 degrees of freedom: exact recovery (Recht–Fazel–Parrilo); the
    // distance of X̂ to the unique optimum T is O(√gap·‖T‖) at worst, so 1e-4; with 50 < 76 it cannot recover
    if (K === 200) assert.ok(rec < 1e-4, `recovery ${String(rec)}`);
    else assert.ok(rec > 0.1, `recovery ${String(rec)}`);
    t.diagnostic(`K = ${String(K)}: ${String(res.iterations)} iterations, gap ${res.gap.toExponential(2)}, recovery error ${rec.toExponential(2)}`);
  }
});

test('minFrobenius(sensing) is feasible and orthogonal to the null space of 𝒜 (the pseudo-inverse solution)', () => {
  const T = lowRankTarget(8, 6, [1, 0.5], new Rng(9));
  const p = sensingProblem(T, 8, 6, 20, new Rng(10));
  const op = sensingOperator(8, 6, p.A);
  const F = minFrobenius(op, p.y);
  const r = new Float64Array(20);
  op.apply(F, r);
  // 𝒜(X_F) = y to rounding times the Gram matrix's condition number (≲ 1e3 at 20 × 48)
  assert.ok(frobeniusDistance(r, p.y) <= 1e-11 * frobeniusNorm(p.y));
  // a null vector N = V − 𝒜*(𝒜𝒜*)⁻¹𝒜(V): ⟨X_F, N⟩ = 0 (X_F ∈ range 𝒜*), relative to ‖X_F‖‖N‖ at rounding level
  const V = new Rng(11).normals(48);
  const a = new Float64Array(20);
  const b = new Float64Array(20);
  const N = new Float64Array(48);
  op.apply(V, a);
  op.gramPinv(a, b);
  op.adjoint(b, N);
  for (let i = 0; i < 48; i++) N[i] = V[i]! - N[i]!;
  const dot = sum(F.map((f, i) => f * N[i]!));
  // X_F = 𝒜*(𝒜𝒜*)⁺y lies in range(𝒜*), orthogonal to ker 𝒜 exactly; rounding in the 48-entry products is ~1e-15 relative
  assert.ok(Math.abs(dot) <= 1e-12 * frobeniusNorm(F) * frobeniusNorm(N), `⟨X_F, N⟩ = ${String(dot)}`);
  // and ‖X_F‖_F ≤ ‖T‖_F: T is feasible, X_F the feasible point of least norm
  assert.ok(frobeniusNorm(F) <= frobeniusNorm(T));
});

test('entryOperator rejects a repeated entry, minNuclearNorm readings of the wrong length', () => {
  assert.throws(() => entryOperator(3, 3, Int32Array.from([0, 4, 4])), { message: analysisMessages.repeatedEntry(2, 1, 1) });
  assert.throws(() => minNuclearNorm(entryOperator(3, 3, Int32Array.from([0, 4])), new Float64Array(3)), { message: analysisMessages.readingsLength(3, 2) });
});
