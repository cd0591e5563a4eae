/**
 * RODAS4: Hairer and Wanner's 6-stage, order 4(3), stiffly accurate, L-stable Rosenbrock method
 * with its 3rd-order dense output, in the transformed form of their code `rodas.f` (METH = 1).
 * Coefficients read from a published transcription of `rodas.f` (and Numerical Recipes 3rd ed.,
 * `StepperRoss`), not retyped from memory.
 * @see E. Hairer, G. Wanner, Solving ODEs II, 2nd ed., §IV.7 (RODAS) and the code rodas.f.
 */

export const RODAS4 = Object.freeze({
  name: 'rodas4',
  gamma: 0.25,
  /** Stage nodes α_i (stage 5 and 6 at t + h). */
  c: [0, 0.386, 0.21, 0.63, 1, 1],
  /** γ_i: coefficients of h·∂f/∂t in stages 1..4 (Hairer's D1..D4). */
  d: [0.25, -0.1043, 0.1035, -0.3620000000000023e-1],
  a21: 1.544,
  a31: 0.9466785280815826,
  a32: 0.2557011698983284,
  a41: 3.314825187068521,
  a42: 2.896124015972201,
  a43: 0.9986419139977817,
  a51: 1.221224509226641,
  a52: 6.019134481288629,
  a53: 12.53708332932087,
  a54: -0.687886036105895,
  c21: -5.6688,
  c31: -2.430093356833875,
  c32: -0.2063599157091915,
  c41: -0.1073529058151375,
  c42: -9.594562251023355,
  c43: -20.47028614809616,
  c51: 7.496443313967647,
  c52: -10.24680431464352,
  c53: -33.99990352819905,
  c54: 11.7089089320616,
  c61: 8.083246795921522,
  c62: -7.981132988064893,
  c63: -31.52159432874371,
  c64: 16.31930543123136,
  c65: -6.058818238834054,
  /** Dense output rows (Hairer's D21..D25 and D31..D35). */
  dense2: [10.12623508344586, -7.487995877610167, -34.80091861555747, -7.992771707568823, 1.025137723295662],
  dense3: [-0.6762803392801253, 6.087714651680015, 16.43084320892478, 24.76722511418386, -6.594389125716872],
});

// The transformed coefficients satisfy no simple row-sum identity; their correctness is checked by
// test/ode/rodas4.test.ts, which fits the observed order of convergence (4) on a problem with a
// known solution and checks L-stability (the stability function vanishes at −∞).
