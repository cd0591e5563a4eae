/**
 * Euler–Maruyama for additive noise: `y_{n+1} = y_n + h f(t_n, y_n) + g(t_n) ΔW`. Strong order 1 when
 * the noise is additive (order ½ in general): Kloeden–Platen 1992, §10.2.
 */
import type { AdditiveSde, SdeStepper } from './sdeTypes.js';

/** An Euler–Maruyama stepper for `sde`, with its workspace allocated once. */
export function eulerMaruyama(sde: AdditiveSde): SdeStepper {
  const f = new Float64Array(sde.dim);
  const g = new Float64Array(sde.dim);
  return {
    name: 'euler-maruyama',
    strongOrder: 1,
    driftEvaluations: 1,
    step(t, h, y, dW, _chi, out) {
      sde.drift(t, y, f);
      sde.diffusion(t, g);
      for (let i = 0; i < out.length; i++) out[i] = y[i]! + h * f[i]! + g[i]! * dW[i]!;
    },
  };
}
