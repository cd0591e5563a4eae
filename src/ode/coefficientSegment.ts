/**
 * The dense output of a step kept as coefficients (Rosenbrock's and Radau's): `formula(s, coef, dim,
 * out)` evaluates the step's polynomial at the normalised time `s = (t − t_ref)/(t1 − t0)`, with
 * `t_ref` the step's start (Rosenbrock) or its end (Radau's collocation polynomial). The stepper
 * fills `coef` in place each step; `snapshot` copies it for the whole-span interpolant.
 */
import type { LiveSegment, Segment } from './stepper.js';

/** A step's interpolant from its coefficients, at normalised time `s`, into `out`. */
export type DenseFormula = (s: number, coef: Float64Array, dim: number, out: Float64Array) => void;

export class CoefficientSegment implements LiveSegment {
  t0 = 0;
  t1 = 0;
  constructor(
    readonly coef: Float64Array,
    private readonly dim: number,
    private readonly formula: DenseFormula,
    /** True when `s` is measured from the step's end (t1), false from its start (t0). */
    private readonly fromEnd: boolean,
  ) {}
  evaluate(t: number, out: Float64Array): void {
    this.formula((t - (this.fromEnd ? this.t1 : this.t0)) / (this.t1 - this.t0), this.coef, this.dim, out);
  }
  snapshot(): Segment {
    const coef = this.coef.slice();
    const { t0, t1, dim, formula } = this;
    const ref = this.fromEnd ? t1 : t0;
    return {
      t0,
      t1,
      evaluate: (t: number, out: Float64Array): void => {
        formula((t - ref) / (t1 - t0), coef, dim, out);
      },
    };
  }
}
