/** The schema of a scenario's `optimizer:` field: gradient descent, heavy ball or Adam, run instead of the flow on the same problem. */
import { z } from 'zod';
import { posInt } from './energySchema.js';

const optimizerCommon = {
  lr: z.number().positive().describe('learning rate η'),
  steps: posInt.optional().describe('number of steps (default: as many as fit in horizon.t1; with both, whichever ends first)'),
  loss: z
    .enum(['sum', 'mean'])
    .default('sum')
    .describe(
      'the loss the optimiser descends: sum = gradflow’s energy E itself (½ Σ of squared residuals, c = 1); mean = the mean of the m squared residuals, (2/m)·E (m = observed entries, rows·cols for whitened, measurements for sensing, d_N for data)',
    ),
  lossThresholds: z
    .array(z.number().positive())
    .min(1)
    .max(9)
    .optional()
    .describe(
      'record the first step at which the optimiser’s loss falls below each, with the flow’s time and w11 there (columns tBelow1, w11Below1, flowTBelow1, flowW11Below1, …)',
    ),
};
/** The `optimizer:` field: a discrete optimiser run instead of the flow. */
export const optimizer = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('gd'), ...optimizerCommon }),
    z.strictObject({
      kind: z.literal('momentum'),
      ...optimizerCommon,
      beta: z.number().min(0).lt(1).default(0.9).describe('heavy-ball momentum (torch.optim.SGD momentum)'),
    }),
    z.strictObject({
      kind: z.literal('adam'),
      ...optimizerCommon,
      beta1: z.number().min(0).lt(1).default(0.9),
      beta2: z.number().min(0).lt(1).default(0.999),
      eps: z.number().positive().default(1e-8),
    }),
  ])
  .describe(
    'run a discrete optimiser (torch.optim.SGD / SGD with momentum / Adam) instead of the flow, on the same energy, model and start, recorded at flow time t = k·lr·c (GD), k·lr·c/(1−β) (momentum), k·lr (Adam), with the column gapToFlow = ‖W_opt − W_flow‖_F/‖W_flow‖_F against the flow (the solver block, tolerances at most 1e-10/1e-14)',
  );
