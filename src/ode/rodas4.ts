/**
 * RODAS4: Hairer and Wanner's 6-stage, order 4(3), stiffly accurate, L-stable Rosenbrock method
 * with its 3rd-order dense output, in the transformed form of their code `rodas.f` (METH = 1,
 * subroutine ROCOE). The coefficients are those of `rodas.f` as transcribed in MathNet.Numerics'
 * `Rosenbrock4` port and diffrax's `_solver/rodas4.py` (the two agree digit for digit, except that
 * diffrax rounds γ_4 to −0.0362 where rodas.f prints −0.03620000000000023; rodas.f's value is kept).
 * The module checks the tableau when it loads: the recovered untransformed method must reproduce
 * its nodes and γ_i, the order-4 conditions, order 3 for the embedded solution and order 3 for
 * the dense output (see rosenbrockTableau.ts).
 * @see E. Hairer, G. Wanner, Solving ODEs II, 2nd ed., §IV.7 (RODAS) and the code rodas.f.
 */
import type { SolverDescription } from './method.js';
import { RosenbrockStepper } from './rosenbrock.js';
import { checkRosenbrockTableau, type RosenbrockTableau } from './rosenbrockTableau.js';

const a5 = [1.221224509226641, 6.019134481288629, 12.53708332932087, -0.687886036105895];

export const RODAS4: RosenbrockTableau = Object.freeze<RosenbrockTableau>({
  name: 'rodas4',
  order: 4,
  errorOrder: 3,
  denseOrder: 3,
  stages: 6,
  gamma: 0.25,
  /** Stages 5 and 6 are evaluated at t + h. */
  alpha: [0, 0.386, 0.21, 0.63, 1, 1],
  /** Hairer's D1..D4, and 0 for the last two stages. */
  gammaSum: [0.25, -0.1043, 0.1035, -0.3620000000000023e-1, 0, 0],
  a: [
    [],
    [1.544],
    [0.9466785280815826, 0.2557011698983284],
    [3.314825187068521, 2.896124015972201, 0.9986419139977817],
    a5,
    // stiffly accurate: stage 6's argument is stage 5's plus k5
    [...a5, 1],
  ],
  c: [
    [],
    [-5.6688],
    [-2.430093356833875, -0.2063599157091915],
    [-0.1073529058151375, -9.594562251023355, -20.47028614809616],
    [7.496443313967647, -10.24680431464352, -33.99990352819905, 11.7089089320616],
    [8.083246795921522, -7.981132988064893, -31.52159432874371, 16.31930543123136, -6.058818238834054],
  ],
  /** y_new is stage 6's argument plus k6. */
  m: [...a5, 1, 1],
  /** The embedded solution is stage 6's argument: the error estimate is k6 alone. */
  e: [0, 0, 0, 0, 0, 1],
  /** Hairer's D21..D25 and D31..D35 (k6 does not enter the dense output). */
  dense: [
    [10.12623508344586, -7.487995877610167, -34.80091861555747, -7.992771707568823, 1.025137723295662, 0],
    [-0.6762803392801253, 6.087714651680015, 16.43084320892478, 24.76722511418386, -6.594389125716872, 0],
  ],
});

checkRosenbrockTableau(RODAS4);

/** The method `rodas4`: RODAS4 with Hairer's predictive (Gustafsson) controller, one Jacobian and LU per step. */
export const rodas4: SolverDescription<'rodas4'> = {
  name: 'rodas4',
  order: RODAS4.order,
  stiffness: 'stiff',
  dense: 'rosenbrock-dense',
  needsLinearAlgebra: true,
  algorithm: {
    kind: 'stepper',
    start: (s) => new RosenbrockStepper(s.system, s.ctx, s.t0, s.y0, { ...(s.h0 === undefined ? {} : { h0: s.h0 }), tableau: RODAS4 }, s.f0),
  },
};
