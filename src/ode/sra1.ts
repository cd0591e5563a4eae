/**
 * SRA1, the two-stage stochastic Runge–Kutta method of Rößler for additive noise, strong order 1.5
 * (A. Rößler, Runge–Kutta methods for the strong approximation of solutions of stochastic
 * differential equations, SIAM J. Numer. Anal. 48 (2010) 922–952, Table 6.1). Its coefficients,
 * as StochasticDiffEq.jl's `constructSRA1` and `perform_step!(…, ::SRA1Cache)` use them:
 * `c⁽⁰⁾ = (0, 3/4)`, `A⁽⁰⁾₂₁ = 3/4`, `B⁽⁰⁾₂₁ = 3/2`, `α = (1/3, 2/3)`, `c⁽¹⁾ = (1, 0)`,
 * `β⁽¹⁾ = (1, 0)`, `β⁽²⁾ = (−1, 1)`. With `χ = I_(1,0)/h`:
 *
 *     k₁ = f(t, y),  H = y + (3/4) h k₁ + (3/2) χ g(t + h),  k₂ = f(t + 3h/4, H)
 *     y⁺ = y + h (k₁/3 + 2k₂/3) + ΔW g(t + h) + χ (g(t) − g(t + h))
 *
 * Without noise (`g = 0`) it is a two-stage Runge–Kutta method of order 2. `localError` is
 * `y⁺ − (y + h k₁ + ΔW g(t))`, the difference to Euler–Maruyama on the same increments: an estimate
 * of Euler–Maruyama's local error (`(2h/3)(k₂ − k₁)` for constant g), so a conservative one for SRA1.
 */
import type { AdditiveSde, SdeStepper } from './sdeTypes.js';

/** An SRA1 stepper for `sde`, with its workspace allocated once. */
export function sra1(sde: AdditiveSde): SdeStepper {
  const n = sde.dim;
  const k1 = new Float64Array(n);
  const k2 = new Float64Array(n);
  const H = new Float64Array(n);
  const g0 = new Float64Array(n);
  const g1 = new Float64Array(n);
  const localError = new Float64Array(n);
  return {
    localError,
    name: 'sra1',
    strongOrder: 1.5,
    driftEvaluations: 2,
    step(t, h, y, dW, chi, out) {
      sde.diffusion(t, g0);
      sde.diffusion(t + h, g1);
      sde.drift(t, y, k1);
      for (let i = 0; i < n; i++) H[i] = y[i]! + 0.75 * h * k1[i]! + 1.5 * chi[i]! * g1[i]!;
      sde.drift(t + 0.75 * h, H, k2);
      for (let i = 0; i < n; i++) {
        out[i] = y[i]! + h * (k1[i]! / 3 + (2 * k2[i]!) / 3) + dW[i]! * g1[i]! + chi[i]! * (g0[i]! - g1[i]!);
        localError[i] = out[i]! - (y[i]! + h * k1[i]! + g0[i]! * dW[i]!);
      }
    },
  };
}
