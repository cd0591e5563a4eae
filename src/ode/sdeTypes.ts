/**
 * Stochastic differential equations with additive diagonal noise,
 * `dy = f(t, y) dt + g(t) ∘ dB` (componentwise product; `g` does not depend on `y`), on flat
 * `Float64Array` state. Nothing here knows about matrices or networks.
 */

/** An SDE `dy = f(t, y) dt + g(t) dB` with additive diagonal noise of dimension `dim`. */
export interface AdditiveSde {
  /** Number of state components (and of independent Brownian motions). */
  readonly dim: number;
  /** Writes the drift `f(t, y)` into `dy` (length `dim`). Must not keep references to `y` or `dy`. */
  drift(t: number, y: Float64Array, dy: Float64Array): void;
  /** Writes the diagonal of the diffusion `g(t)` into `g` (length `dim`); independent of the state. */
  diffusion(t: number, g: Float64Array): void;
}

/**
 * One step of a method for additive noise: from `y` at `t` to `out` at `t + h`, given the Brownian
 * increments `dW_i = B_i(t + h) − B_i(t)` and `chi_i = I_(1,0),i / h`, where
 * `I_(1,0),i = ∫_t^{t+h} (B_i(s) − B_i(t)) ds` (Kloeden–Platen's notation). Allocation-free.
 */
export interface SdeStepper {
  /** The method's name as the results report it. */
  readonly name: string;
  /** The published strong order for additive noise. */
  readonly strongOrder: number;
  /** Drift evaluations per step. */
  readonly driftEvaluations: number;
  step(t: number, h: number, y: Float64Array, dW: Float64Array, chi: Float64Array, out: Float64Array): void;
  /**
   * After `step`: an estimate of the local error, when the method has an embedded lower-order
   * solution (SRA1: its result minus Euler–Maruyama's on the same increments).
   */
  readonly localError?: Float64Array;
}

/** The methods for additive-noise SDEs: Rößler's SRA1 (strong order 1.5) and Euler–Maruyama (order 1 for additive noise). */
export type SdeMethodName = 'sra1' | 'euler-maruyama';
