/**
 * The flow time one optimiser step is worth (docs/theory.md, "Discrete optimisers against the flow").
 * Gradient descent with rate lr on `L = c·E` is explicit Euler on the upstairs flow with step
 * `lr·c`; the heavy ball with momentum β moves, once its buffer has settled, `lr·c/(1 − β)` per step
 * along `−∇E` (its first-order modified equation is the flow on that clock); Adam normalises the
 * gradient away, so its clock is `lr` itself (the time of its sign-descent limit). In normalised
 * time (`τ = N t`) each is multiplied by N.
 */
import { convertTime, type TimeConvention } from '../../flows/time.js';
import { optimizerMessages } from './messages.js';
import { STEP_DEFAULTS, type StepRule } from './steps.js';

/** Flow time per step in convention `time`, and the sentence that says which axis it is. */
export function optimizerClock(rule: StepRule, c: number, depth: number, time: TimeConvention): { dt: number; axis: string } {
  let dt: number;
  let axis: string;
  switch (rule.kind) {
    case 'gd':
      dt = rule.lr * c;
      axis = optimizerMessages.axisGd();
      break;
    case 'momentum': {
      const beta = rule.beta ?? STEP_DEFAULTS.beta;
      dt = (rule.lr * c) / (1 - beta);
      axis = optimizerMessages.axisMomentum(beta);
      break;
    }
    case 'adam':
      dt = rule.lr;
      axis = optimizerMessages.axisAdam();
      break;
  }
  return { dt: convertTime(dt, depth, 'upstairs', time), axis };
}
