/** Comparisons of numeric series: the measures the tests, checks and reports quote. */
import { frobeniusDistance, frobeniusNorm } from '../linalg/norms.js';
import { analysisMessages } from './messages.js';

/** `max_t ‖A(t) − B(t)‖_F / max(‖B(t)‖_F, floor)` over paired states. */
export function maxRelativeDifference(A: readonly ArrayLike<number>[], B: readonly ArrayLike<number>[], floor = 0): number {
  if (A.length !== B.length) throw new RangeError(analysisMessages.seriesLengths(A.length, B.length));
  let m = 0;
  A.forEach((a, i) => {
    const b = B[i]!;
    m = Math.max(m, frobeniusDistance(a, b) / Math.max(frobeniusNorm(b), floor));
  });
  return m;
}

/** `max_i |a_i − b_i| / scale`. */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>, scale = 1): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!) / scale);
  return m;
}
