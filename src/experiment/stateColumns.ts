/**
 * The trajectory columns that are functions of the state alone, evaluated at any state — the
 * dense-output states the solver's root finder visits — by the same code that writes them
 * (`simulate/diagnostics.ts` through `analysis/spectrum.ts`, and `quantities.ts`), without allocating:
 * every buffer (the SVD's, the LU's, a copy of the last `W`) is allocated once per run. Used by the
 * events behind `firstCrossing` and `horizon.stopWhen`.
 *
 * Which columns: the time (`t` or `tau`), `loss`, `frobenius`, the entries `w11, w12, …`, `sigma1`
 * and `spectral`; and `sigma2…`, `nuclear`, `erank`, `rank`, `det`, `logAbsDet` where the diagnostics
 * take them from `W` — end-to-end models, and factor models whose factors are not all square. A
 * factor model with square factors takes `det` and the small singular values from the factors
 * (`analysis/factorSpectrum.ts`, which allocates), and a run in spectral coordinates from `ℓ`, so
 * there those columns are not state columns here. `sigma1` is always `W`'s own (the factors' route replaces `σ_k` only where
 * `σ_1 > Σ_j κ(W_j)·σ_k`, never for k = 1). Every other column (`mismatch`, `invariantDrift`, data,
 * margin and baseline columns, the optimiser's columns…) is not: `firstCrossing` of it interpolates
 * between saved rows, and `stopWhen` refuses it.
 */
import { effectiveRank, RANK_THRESHOLD } from '../analysis/spectrum.js';
import type { Energy } from '../energies/energy.js';
import { determinant } from '../linalg/lu.js';
import { frobeniusNorm, nuclearNorm, numericalRank, spectralNorm } from '../linalg/norms.js';
import { singularValueWorkspace, type SvdWorkspace } from '../linalg/svd.js';
import { timeColumn } from '../checks/quantities.js';

/** A column's value at a state: `t` and the end-to-end matrix `W` (not kept). */
export type StateColumn = (t: number, W: Float64Array) => number;

export interface StateColumnsSetting {
  readonly energy: Energy;
  readonly time: 'upstairs' | 'normalized';
  /** `model.parametrization` of the run. */
  readonly parametrization: 'factors' | 'end-to-end';
  /** `model.coordinates`: spectral runs take the small singular values and `det` from `ℓ`, not from `W`. */
  readonly coordinates?: 'matrix' | 'spectral';
  /** `d_0 … d_N` (factor models: whether every factor is square). */
  readonly widths: readonly number[];
}

/** The state columns of one run, sharing one workspace (see the module comment). */
export class StateColumns {
  private readonly rows: number;
  private readonly cols: number;
  /** Whether the spectral columns beyond sigma1 come from `W` (else from the factors). */
  private readonly spectralFromW: boolean;
  private svd: SvdWorkspace | undefined;
  /** The `W` whose singular values `svd.sigma` hold (compared entry by entry: no stale value). */
  private readonly lastW: Float64Array;
  private hasLast = false;
  private lu: Float64Array<ArrayBuffer> | undefined;
  private piv: Int32Array<ArrayBuffer> | undefined;

  constructor(private readonly o: StateColumnsSetting) {
    this.rows = o.energy.rows;
    this.cols = o.energy.cols;
    const square = o.widths.every((w) => w === o.widths[0]);
    this.spectralFromW = !(o.parametrization === 'factors' && this.rows === this.cols && square) && o.coordinates !== 'spectral';
    this.lastW = new Float64Array(this.rows * this.cols);
  }

  /** The singular values of `W`, as `singularValues` computes them (a thin one-sided SVD), cached for the last `W`. */
  private sigma(W: Float64Array): Float64Array {
    this.svd ??= singularValueWorkspace(this.rows, this.cols);
    let same = this.hasLast;
    for (let i = 0; same && i < W.length; i++) same = W[i] === this.lastW[i];
    if (!same) {
      this.svd.compute(W);
      this.lastW.set(W);
      this.hasLast = true;
    }
    return this.svd.sigma;
  }

  private det(W: Float64Array): number {
    const n = this.rows;
    this.lu ??= new Float64Array(n * n);
    this.piv ??= new Int32Array(n);
    return determinant(W, n, this.lu, this.piv);
  }

  /** The evaluator of column `name`, or undefined when it is not a state column of this run. */
  column(name: string): StateColumn | undefined {
    const { rows, cols } = this;
    if (name === timeColumn(this.o.time)) return (t) => t;
    if (name === 'loss') {
      const energy = this.o.energy;
      return (_t, W) => energy.value(W);
    }
    if (name === 'frobenius') return (_t, W) => frobeniusNorm(W);
    const w = /^w([1-9])([1-9])$/.exec(name);
    if (w) {
      const i = Number(w[1]) - 1;
      const j = Number(w[2]) - 1;
      return rows <= 9 && cols <= 9 && i < rows && j < cols ? (_t, W) => W[i * cols + j]! : undefined;
    }
    const sg = /^sigma([1-9][0-9]*)$/.exec(name);
    if (sg) {
      const k = Number(sg[1]) - 1;
      if (k >= Math.min(rows, cols) || (k > 0 && !this.spectralFromW)) return undefined;
      return (_t, W) => this.sigma(W)[k]!;
    }
    if (name === 'spectral') return (_t, W) => spectralNorm(this.sigma(W));
    if (!this.spectralFromW) return undefined;
    switch (name) {
      case 'nuclear':
        return (_t, W) => nuclearNorm(this.sigma(W));
      case 'erank':
        return (_t, W) => effectiveRank(this.sigma(W));
      case 'rank':
        return (_t, W) => numericalRank(this.sigma(W), RANK_THRESHOLD);
      case 'det':
        return rows === cols ? (_t, W) => this.det(W) : undefined;
      case 'logAbsDet':
        return rows === cols ? (_t, W) => Math.log(Math.abs(this.det(W))) : undefined;
      default:
        return undefined;
    }
  }
}
