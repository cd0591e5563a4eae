/**
 * Dormand–Prince 5(4) coefficients with Shampine's 4th-order continuous extension.
 * @see J. R. Dormand, P. J. Prince, "A family of embedded Runge–Kutta formulae",
 *      J. Comput. Appl. Math. 6 (1980) 19–26.
 * @see L. F. Shampine, "Some practical Runge–Kutta formulas", Math. Comp. 46 (1986) 135–150
 *      (dense output; the coefficient matrix P as in SciPy's `rk.py`).
 */
import { ExplicitRkStepper, type ExplicitMethod, type StepData } from './explicitRk.js';
import { bySize, combinationKernel, errorSumsKernel, nativeErrorSums, trimmedRow } from './linearCombination.js';
import type { Tolerances } from './norm.js';
import type { SolverDescription } from './method.js';
import { checkTableau, type ExplicitTableau } from './tableau.js';

export const DOPRI5: ExplicitTableau = Object.freeze({
  name: 'dopri5',
  order: 5,
  errorOrder: 4,
  stages: 6,
  c: [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1],
  a: [
    [],
    [1 / 5],
    [3 / 40, 9 / 40],
    [44 / 45, -56 / 15, 32 / 9],
    [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
    [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
  ],
  b: [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
});

/** Error weights over the 7 stages `K_0..K_6` (`K_6` the FSAL stage): `b − b̂`. */
export const DOPRI5_E: readonly number[] = [-71 / 57600, 0, 71 / 16695, -71 / 1920, 17253 / 339200, -22 / 525, 1 / 40];

/**
 * Dense output: `y(t_old + θh) = y_old + h Σ_k Q_k θ^(k+1)`, `Q = Kᵀ P`, rows of `P` per stage (7 × 4).
 */
export const DOPRI5_P: readonly (readonly number[])[] = [
  [1, -8048581381 / 2820520608, 8663915743 / 2820520608, -12715105075 / 11282082432],
  [0, 0, 0, 0],
  [0, 131558114200 / 32700410799, -68118460800 / 10900136933, 87487479700 / 32700410799],
  [0, -1754552775 / 470086768, 14199869525 / 1410260304, -10690763975 / 1880347072],
  [0, 127303824393 / 49829197408, -318862633887 / 49829197408, 701980252875 / 199316789632],
  [0, -282668133 / 205662961, 2019193451 / 616988883, -1453857185 / 822651844],
  [0, 40617522 / 29380423, -110615467 / 29380423, 69997945 / 29380423],
];

checkTableau(DOPRI5, [DOPRI5_E]);
// the interpolant must reproduce the step at θ = 1: Σ_q P_jq = b_j (and 0 for the FSAL stage)
DOPRI5_P.forEach((row, j) => {
  const s = row.reduce((p, q) => p + q, 0);
  const want = j < 6 ? DOPRI5.b[j]! : 0;
  if (Math.abs(s - want) > 1e-13) throw new Error(`dopri5: dense row ${String(j)} sums to ${String(s)}, b = ${String(want)}`);
});

/** The error estimate's sum of squares, `Σ_i (h Σ_j E_j K_j[i] / sc_i)²`, in one pass. */
const errorSums = bySize((size) => errorSumsKernel([DOPRI5_E], 'dopri5 E', size));
/** The estimate's weights for the native path (`nativeErrorSums`). */
const nativeWeights = [trimmedRow(DOPRI5_E)];
const sums = new Float64Array(1);
/** The dense coefficients `Q_q = Σ_j P_jq K_j`, q = 0..3, in one pass (P's columns as rows). */
const denseRows = bySize((size) =>
  combinationKernel(
    [0, 1, 2, 3].map((q) => DOPRI5_P.map((row) => row[q]!)),
    'dopri5 P',
    size,
  ),
);

/** DOPRI5 as a method: the error estimate `h Σ e_j K_j` in Hairer's norm, Shampine's quartic dense output. */
export const dopri5Method: ExplicitMethod = {
  tableau: DOPRI5,
  controller: { beta: 0.04 },
  stiffThreshold: 3.25,
  errorNorm(step: StepData, tol: Tolerances): number {
    const { Kflat, h, yOld, yNew, dim, blas } = step;
    if (!nativeErrorSums(blas, nativeWeights, sums, h, Kflat, yOld, yNew, tol.atol, tol.rtol, dim))
      errorSums(dim)(sums, h, Kflat, yOld, yNew, tol.atol, tol.rtol, dim);
    return Math.sqrt(sums[0]! / dim);
  },
  dense: {
    nCoef: 5,
    extraStages: 0,
    fill(step: StepData, coef: Float64Array): void {
      const { Kflat, yOld, dim } = step;
      coef.set(yOld, 0);
      denseRows(dim)(coef, dim, 1, Kflat, dim);
    },
    evaluate(theta: number, h: number, coef: Float64Array, dim: number, out: Float64Array): void {
      for (let k = 0; k < dim; k++) {
        const q = coef[4 * dim + k]! * theta + coef[3 * dim + k]!;
        const r = (q * theta + coef[2 * dim + k]!) * theta + coef[dim + k]!;
        out[k] = coef[k]! + h * r * theta;
      }
    },
  },
};

/** The method `dopri5`: DOPRI5 with Hairer's PI controller (β = 0.04) and stiffness test. */
export const dopri5: SolverDescription<'dopri5'> = {
  name: 'dopri5',
  order: DOPRI5.order,
  stiffness: 'non-stiff',
  dense: 'continuous-extension',
  needsLinearAlgebra: false,
  algorithm: {
    kind: 'stepper',
    start: (s) => new ExplicitRkStepper(dopri5Method, s.ctx, s.t0, s.y0, { ...(s.h0 === undefined ? {} : { h0: s.h0 }), ...s.tuning.explicit }, s.f0),
  },
};
