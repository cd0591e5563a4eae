/** The contract between a one-step method and the driver that loops, saves and locates events. */
import type { OdeBlas, OdeLinearAlgebra } from './linearAlgebra.js';
import type { SolveStats, StiffnessReport } from './types.js';
import type { Tolerances } from './norm.js';

/** The interpolant of one accepted step over `[t0, t1]`. */
export interface Segment {
  readonly t0: number;
  readonly t1: number;
  /** Writes `y(t)` for `t` in the step into `out`. */
  evaluate(t: number, out: Float64Array): void;
}

/** A segment of the step just taken, valid until the next step; `snapshot` copies it for keeps. */
export interface LiveSegment extends Segment {
  snapshot(): Segment;
}

/** Result of asking a stepper for one accepted step. */
export type StepOutcome = 'accepted' | 'underflow' | 'non-finite' | 'max-steps';

/** What every stepper gets: counted right-hand side, tolerances, limits. */
export interface StepperContext {
  /** `f(t, y)` into `out`, counting `stats.nfev`. */
  readonly f: (t: number, y: Float64Array, out: Float64Array) => void;
  readonly dim: number;
  readonly tol: Tolerances;
  readonly direction: 1 | -1;
  readonly hmax: number;
  readonly maxSteps: number;
  readonly stats: SolveStats;
  /** The caller's linear algebra (`SolveOptions.linearAlgebra`); the stiff methods require it. */
  readonly linearAlgebra: OdeLinearAlgebra | undefined;
  /** Its native BLAS, asked once per solve, for the explicit steppers' vector arithmetic (undefined: JavaScript kernels). */
  readonly blas: OdeBlas | undefined;
}

/** A one-step method holding its own current state. */
export interface Stepper {
  readonly name: string;
  /** Current (last accepted) time and state. */
  readonly t: number;
  readonly y: Float64Array;
  /** Step size proposed for the next step (positive). */
  readonly hNext: number;
  /** Takes one accepted step towards `tBound`, never beyond it. */
  step(tBound: number): StepOutcome;
  /** Interpolant of the last accepted step. */
  readonly segment: LiveSegment;
  readonly stiffness: StiffnessReport;
}
