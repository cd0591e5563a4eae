/** The median of timings (type-7 quantile at 0.5, as `src/scenario/stats.ts` computes it: the mean of the middle two for an even count). */
import { quantile } from '../src/checks/stats.js';

export const median = (xs: readonly number[]): number =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );
