/**
 * Brent's derivative-free minimiser on an interval (golden-section search with parabolic steps),
 * hand-written like `ode/brent.ts`'s root finder, which it complements.
 * @see R. P. Brent, Algorithms for Minimization without Derivatives, 1973, ch. 5 (procedure localmin).
 */

/** `√ε`: the relative accuracy a minimiser of a smooth function can have in double precision. */
const SQRT_EPS = Math.sqrt(Number.EPSILON);
/** `(3 − √5)/2`, the golden-section fraction. */
const GOLDEN = (3 - Math.sqrt(5)) / 2;

/** A local minimum found by `brentMinimum`: where, the value there, and how many evaluations it took. */
export interface LineMinimum {
  readonly x: number;
  readonly fx: number;
  readonly evaluations: number;
}

/**
 * A local minimiser of `f` in the open interval `(a, b)` to within `2(√ε|x| + tol/3)`, starting from
 * `x0` (which should satisfy `f(x0) ≤ f` at the ends for the bracket to hold; the result is never
 * worse than `f(x0)`). Never evaluates `f` at `a` or `b`: a caller that suspects the minimum is at an
 * end compares with the end itself.
 */
export function brentMinimum(f: (x: number) => number, a: number, b: number, x0: number, tol: number, maxEvaluations = 500): LineMinimum {
  let x = Math.min(Math.max(x0, a), b);
  let w = x;
  let v = x;
  let fx = f(x);
  let fw = fx;
  let fv = fx;
  let d = 0;
  let e = 0;
  let evaluations = 1;
  while (evaluations < maxEvaluations) {
    const m = 0.5 * (a + b);
    const tol1 = SQRT_EPS * Math.abs(x) + tol / 3;
    const tol2 = 2 * tol1;
    if (Math.abs(x - m) <= tol2 - 0.5 * (b - a)) break;
    let p = 0;
    let q = 0;
    let r = 0;
    if (Math.abs(e) > tol1) {
      r = (x - w) * (fx - fv);
      q = (x - v) * (fx - fw);
      p = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      else q = -q;
      r = e;
      e = d;
    }
    if (Math.abs(p) < Math.abs(0.5 * q * r) && p > q * (a - x) && p < q * (b - x)) {
      d = p / q;
      const u = x + d;
      if (u - a < tol2 || b - u < tol2) d = x < m ? tol1 : -tol1;
    } else {
      e = (x < m ? b : a) - x;
      d = GOLDEN * e;
    }
    const u = x + (Math.abs(d) >= tol1 ? d : d > 0 ? tol1 : -tol1);
    const fu = f(u);
    evaluations++;
    if (fu <= fx) {
      if (u < x) b = x;
      else a = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  return { x, fx, evaluations };
}
