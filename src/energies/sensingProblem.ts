/**
 * The seeded matrix-sensing problem of the scenarios: `m` Gaussian measurement matrices `A_k` with
 * i.i.d. `N(0, 1/m)` entries and exact measurements `y_k = ⟨A_k, T⟩` of a target `T`.
 */
import { matmul } from '../linalg/products.js';
import type { Energy } from './energy.js';
import { checkShape } from './energy.js';
import { matrixSensing } from './matrixSensing.js';
import type { NormalSource } from './normalSource.js';

export interface SensingProblem {
  /** `E(W) = (1/2) Σ_k (⟨A_k, W⟩ − y_k)²` (see `matrixSensing`). */
  readonly energy: Energy;
  /** The measurement matrices, one flattened `rows·cols` row each (`measurements × rows·cols`). */
  readonly A: Float64Array;
  /** `y_k = ⟨A_k, target⟩`. */
  readonly y: Float64Array;
}

/** Draws `measurements` Gaussian measurement matrices from `rng` and measures the `rows × cols` `target` exactly. */
export function sensingProblem(target: Float64Array, rows: number, cols: number, measurements: number, rng: NormalSource): SensingProblem {
  checkShape('sensingProblem: target', target, rows, cols);
  const A = rng.normals(measurements * rows * cols, 1 / Math.sqrt(measurements));
  const y = new Float64Array(measurements);
  matmul(A, target, y, measurements, rows * cols, 1); // y_k = ⟨A_k, target⟩
  return { energy: matrixSensing(rows, cols, A, y), A, y };
}
