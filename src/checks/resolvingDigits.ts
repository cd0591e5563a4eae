/**
 * Printed numbers that resolve the comparison they report: `11.454976215 < 11.45497622` needs more
 * than three digits, `3.1e-9 < 1e-6` does not. A value is printed with enough significant digits that
 * its rounding error is below a tenth of the gap it is judged by (the tolerance, or the distance to
 * the other side), and never fewer than three.
 */

/** Significant digits for `x` so that rounding moves it by less than `gap`/10 (3 … 17). */
export function digitsFor(x: number, gap: number): number {
  if (!Number.isFinite(x) || x === 0 || !(gap > 0) || !Number.isFinite(gap)) return 3;
  // the last digit kept is at 10^(e − d + 1) for x = m·10^e: ask for it to be ≤ gap/10
  const e = Math.floor(Math.log10(Math.abs(x)));
  const d = e - Math.floor(Math.log10(gap / 10)) + 1;
  return Math.min(17, Math.max(3, d));
}

/** `x` with the digits `digitsFor(x, gap)` asks for (integers as they are). */
export function resolving(x: number, gap = NaN): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  // the shortest text of the rounded value: 0.25 stays 0.25, 11.4549762153 keeps what resolves the gap
  return plain(Number(x.toPrecision(digitsFor(x, gap))));
}

/** Both sides of a comparison, each resolving the distance between them (a tie shows all 17 digits). */
export function resolvingPair(a: number, b: number): [string, string] {
  const gap = Math.abs(a - b);
  const g = gap > 0 ? gap : Math.max(Math.abs(a), Math.abs(b)) * 1e-17;
  return [resolving(a, g), resolving(b, g)];
}

/** A short figure for an error, a bound or a ratio: three significant digits at most (`1e-7`, `1.32e-10`, `0.25`). */
export const short = (x: number): string => (!Number.isFinite(x) ? String(x) : plain(Number(x.toPrecision(3))));

/** The shortest text of a rounded value, in exponent form below 1e-3 and from 1e6 (`5.83e-6`, not `0.00000583`). */
function plain(v: number): string {
  const a = Math.abs(v);
  return (a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential() : String(v)).replace('e+', 'e');
}
