/** Small helpers for the solver tests. */
import type { Solution } from '../../src/ode/types.js';

/** RMS of `|y − y*| / (atol + rtol·|y*|)`: the error in units of the tolerance (SciPy's test measure). */
export function errorInTolUnits(y: ArrayLike<number>, exact: ArrayLike<number>, rtol: number, atol: number): number {
  let s = 0;
  for (let i = 0; i < exact.length; i++) s += ((y[i]! - exact[i]!) / (atol + rtol * Math.abs(exact[i]!))) ** 2;
  return Math.sqrt(s / exact.length);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

export function describeStats(s: Solution): string {
  return `${s.method}: ${s.status}, nfev=${String(s.stats.nfev)}, steps=${String(s.stats.naccepted)}+${String(s.stats.nrejected)}`;
}

export const METHODS = ['dopri5', 'dop853', 'rodas4', 'radau5', 'bdf', 'bdf-krylov', 'odex', 'auto', 'auto-krylov', 'auto-rk'] as const;
