import assert from 'node:assert/strict';
import { test } from 'node:test';
import { luFactor, luSolve } from '../../src/linalg/lu.js';
import { messages } from '../../src/ode/messages.js';
import { RODAS4 } from '../../src/ode/rodas4.js';
import { checkRosenbrockTableau, untransform, type RosenbrockTableau } from '../../src/ode/rosenbrockTableau.js';

/** A deep, mutable copy of RODAS4 with one coefficient changed. */
function perturbed(edit: (t: { a: number[][]; c: number[][]; dense: number[][]; m: number[]; gammaSum: number[] }) => void): RosenbrockTableau {
  const t = {
    ...RODAS4,
    a: RODAS4.a.map((r) => [...r]),
    c: RODAS4.c.map((r) => [...r]),
    dense: RODAS4.dense.map((r) => [...r]),
    m: [...RODAS4.m],
    gammaSum: [...RODAS4.gammaSum],
  };
  edit(t);
  return { ...t, dense: [t.dense[0]!, t.dense[1]!] };
}

test('checkRosenbrockTableau(RODAS4) accepts the published coefficients of rodas.f', () => {
  // the module already ran the check on load; run it again so a silent skip fails here
  checkRosenbrockTableau(RODAS4);
});

test('RODAS4 untransformed is stiffly accurate: b_j = α_sj + γ_sj, b_s = γ, and b̂ is the row above', () => {
  const co = untransform(RODAS4);
  const s = RODAS4.stages;
  for (let j = 0; j < s; j++) {
    // 1e-14: the untransformation is a triangular solve on 16-digit coefficients of size ≤ 35
    assert.ok(Math.abs(co.b[j]! - (co.alphaIJ[s - 1]![j]! + co.gammaIJ[s - 1]![j]!)) < 1e-14, `b_${j}`);
    assert.ok(Math.abs(co.bHat[j]! - (co.alphaIJ[s - 2]![j]! + co.gammaIJ[s - 2]![j]!)) < 1e-14, `b̂_${j}`);
  }
  assert.ok(Math.abs(co.b[s - 1]! - RODAS4.gamma) < 1e-14);
});

test('RODAS4 is L-stable at infinity: R(∞) = 1 − bᵀ B⁻¹ 𝟙 = 0 with B = (α_ij + γ_ij)', () => {
  // R(z) = 1 + z bᵀ (I − zB)⁻¹ 𝟙 (Hairer–Wanner II, §IV.7); stiff accuracy makes R(∞) vanish
  const co = untransform(RODAS4);
  const s = RODAS4.stages;
  const B = new Float64Array(s * s);
  for (let i = 0; i < s; i++) for (let j = 0; j < s; j++) B[i * s + j] = co.alphaIJ[i]![j]! + co.gammaIJ[i]![j]!;
  const piv = new Int32Array(s);
  assert.ok(luFactor(B, s, piv));
  const x = new Float64Array(s).fill(1);
  luSolve(B, s, piv, x);
  const rInf = 1 - co.b.reduce((p, bj, j) => p + bj * x[j]!, 0);
  // measured 4e-16; 1e-12 allows for the rounding of a 6 × 6 solve whose solution has entries up to ~9,
  // while a tableau that is not L-stable has |R(∞)| of order 1
  assert.ok(Math.abs(rInf) < 1e-12, `R(∞) = ${rInf}`);
});

test('checkRosenbrockTableau rejects any one RODAS4 coefficient changed by a relative 1e-11', () => {
  let tried = 0;
  const rows = { a: RODAS4.a, c: RODAS4.c, dense: RODAS4.dense } as const;
  for (const key of ['a', 'c', 'dense'] as const) {
    rows[key].forEach((row, i) => {
      row.forEach((v, j) => {
        if (v === 0 || v === 1) return; // structural entries, not printed coefficients
        tried++;
        const t = perturbed((x) => {
          x[key][i]![j] = v * (1 + 1e-11);
        });
        assert.throws(
          () => {
            checkRosenbrockTableau(t);
          },
          (e: Error) => e.message.startsWith(messages.badRosenbrockTableau('rodas4', '')),
          `${key}[${i}][${j}]`,
        );
      });
    });
  }
  RODAS4.gammaSum.forEach((v, i) => {
    if (v === 0) return;
    tried++;
    assert.throws(
      () => {
        checkRosenbrockTableau(perturbed((x) => (x.gammaSum[i] = v * (1 + 1e-11))));
      },
      Error,
      `gammaSum[${i}]`,
    );
  });
  // every printed coefficient was tried: 14 in a (rows 1–4, and row 5's repeat of row 4), 15 in c,
  // 10 in the dense rows, 4 nonzero γ_i
  assert.equal(tried, 14 + 15 + 10 + 4);
});

test('checkRosenbrockTableau rejects a tableau whose node disagrees with its row', () => {
  assert.throws(
    () => {
      checkRosenbrockTableau({ ...RODAS4, alpha: [0, 0.386, 0.2101, 0.63, 1, 1] });
    },
    (e: Error) => e.message === messages.badRosenbrockTableau('rodas4', 'row 2: Σ_j α_ij = 0.21000000000000002, α_2 = 0.2101'),
  );
});
