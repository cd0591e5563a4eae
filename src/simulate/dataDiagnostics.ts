/**
 * The extra columns of a regression-from-data run (docs/theory.md §7): how much of `W` lies on the
 * input directions the data never excite (`nullX = ‖W Q_x‖_F`), and the error `W − A*` split on the
 * teacher's singular subspaces (`errSupport`, `errNull`, `errMixed`).
 */
import { errorDecomposition, nullInputBasis, nullInputNorm, teacherProjectors } from '../analysis/errorDecomposition.js';
import { frobeniusNorm, numericalRank } from '../linalg/norms.js';
import { singularValues } from '../linalg/svd.js';

/** The extra columns at one state. */
export interface DataColumns {
  readonly nullX: number;
  readonly errSupport: number;
  readonly errNull: number;
  readonly errMixed: number;
  /** `errSupport / ‖Δ‖_F`, `errNull / ‖Δ‖_F`, `errMixed / ‖Δ‖_F` (0 when `Δ = 0`). */
  readonly supportFrac: number;
  readonly nullFrac: number;
  readonly mixedFrac: number;
  /** `‖W − A*‖_F / ‖A*‖_F`. */
  readonly relErr: number;
}

/** Singular values of the teacher below this (relative) are zero: they set the rank `k` of its projectors. */
const TEACHER_RANK_TOL = 1e-10;

/**
 * The columns of a data problem as a function of the end-to-end matrix: the teacher's projectors
 * (rank at 1e-10 relative) and the null-input basis of `Σ_xx` are computed once, here.
 * @param teacher `rows × cols` (`d_N × d_0`), row-major.
 * @param Sxx the input covariance (`cols × cols`).
 */
export function dataColumns(teacher: Float64Array, rows: number, cols: number, Sxx: Float64Array): (W: Float64Array) => DataColumns {
  const k = numericalRank(singularValues(teacher, rows, cols), TEACHER_RANK_TOL);
  const { PL, PR } = teacherProjectors(teacher, rows, cols, k);
  const nullX = nullInputBasis(Sxx, cols);
  const teacherNorm = frobeniusNorm(teacher);
  return (W) => {
    const e = errorDecomposition(W, teacher, rows, cols, PL, PR);
    return {
      nullX: nullInputNorm(W, rows, cols, nullX.Q, nullX.q),
      errSupport: e.support,
      errNull: e.null,
      errMixed: e.mixed,
      supportFrac: e.supportFrac,
      nullFrac: e.nullFrac,
      mixedFrac: e.total > 0 ? e.mixed / e.total : 0,
      relErr: teacherNorm > 0 ? e.total / teacherNorm : e.total,
    };
  };
}

/** `nullXChange`: the relative change `|nullX − nullX(0)| / nullX(0)` (a start with nullX(0) = 0 divides by the smallest double). */
export function nullXChange(nullX: number, nullX0: number): number {
  return Math.abs(nullX - nullX0) / Math.max(nullX0, Number.MIN_VALUE);
}
