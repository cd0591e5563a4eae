/**
 * Coefficients of the fixed-leading-coefficient Adams–Moulton (orders 1–12) and BDF (orders 1–5)
 * methods in Nordsieck form, with the test constants of their local error estimates.
 *
 * At order q a method is the polynomial l(x) = Σ_{i=0..q} ℓ_i x^i that updates the Nordsieck
 * vector z_n = z_pred + ℓ·Δ (Δ the accumulated correction):
 *   Adams:  l'(x) = (x+1)(x+2)…(x+q−1)/(q−1)!,  l(−1) = 0;
 *   BDF:    l(x)  = (x+1)(x+2)…(x+q)/K,  K chosen so that ℓ_1 = 1.
 * `test[q] = [τ_{q−1}, τ_q, τ_{q+1}]` turns the correction's norm into the error estimate at orders
 * q−1, q and q+1 (used to choose the next order).
 * @see A. C. Hindmarsh, "LSODE and LSODI, two new initial value ODE solvers", ACM SIGNUM Newsletter
 *      15 (1980); K. Radhakrishnan, A. C. Hindmarsh, "Description and use of LSODE", LLNL UCRL-ID-113855
 *      (1993), §2–3 (the ℓ polynomials and the test constants).
 */

export interface NordsieckFamily {
  /** Largest order. */
  readonly maxOrder: number;
  /** `el[q]`: ℓ_0 … ℓ_q of the order-q method (index 0 unused). */
  readonly el: readonly Float64Array[];
  /** `test[q]`: error-test constants for orders q − 1, q, q + 1 (index 0 unused). */
  readonly test: readonly (readonly [number, number, number])[];
  /** `switchConstant[q] = test[q][1]·ℓ_q`: turns one family's error estimate into the other's (Petzold's test). */
  readonly switchConstant: Float64Array;
}

function withSwitchConstants(maxOrder: number, el: Float64Array[], test: [number, number, number][]): NordsieckFamily {
  const switchConstant = new Float64Array(maxOrder + 1);
  for (let q = 1; q <= maxOrder; q++) switchConstant[q] = test[q]![1] * el[q]![q]!;
  return { maxOrder, el, test, switchConstant };
}

/** Coefficients of Π_{k=from..to} (x + k), lowest degree first. */
function risingProduct(from: number, to: number): Float64Array {
  const c = new Float64Array(to - from + 2);
  c[0] = 1;
  let deg = 0;
  for (let k = from; k <= to; k++) {
    // multiply by (x + k)
    for (let i = deg + 1; i >= 1; i--) c[i] = c[i - 1]! + k * c[i]!;
    c[0] *= k;
    deg++;
  }
  return c.subarray(0, deg + 1);
}

function factorial(k: number): number {
  let f = 1;
  for (let i = 2; i <= k; i++) f *= i;
  return f;
}

function adamsFamily(): NordsieckFamily {
  const maxOrder = 12;
  const el: Float64Array[] = [new Float64Array(0)];
  const test: [number, number, number][] = [[0, 0, 0]];
  for (let q = 1; q <= maxOrder; q++) {
    el.push(new Float64Array(q + 1));
    test.push([0, 0, 0]);
  }
  // order 1 (backward Euler predictor–corrector pair): ℓ = [1, 1], τ_1 = 2
  el[1]!.set([1, 1]);
  test[1]![1] = 2;
  test[2]![0] = 1;
  for (let q = 2; q <= maxOrder; q++) {
    const p = risingProduct(1, q - 1); // degree q − 1
    const qm1Fact = factorial(q - 1);
    // ∫_{−1}^{0} p(x) dx and ∫_{−1}^{0} (−x) p(x) dx
    let integral = 0;
    let moment = 0;
    for (let i = 0; i < p.length; i++) {
      const sign = i % 2 === 0 ? 1 : -1;
      integral += (sign * p[i]!) / (i + 1);
      moment += (sign * p[i]!) / (i + 2);
    }
    const e = el[q]!;
    e[0] = integral / qm1Fact;
    for (let i = 1; i <= q; i++) e[i] = p[i - 1]! / (i * qm1Fact);
    // the error constant of Adams–Moulton order q is moment/q!
    const inverseErrorConstant = factorial(q) / moment;
    test[q]![1] = inverseErrorConstant;
    if (q < maxOrder) test[q + 1]![0] = inverseErrorConstant / factorial(q + 1);
    test[q - 1]![2] = inverseErrorConstant;
  }
  return withSwitchConstants(maxOrder, el, test);
}

function bdfFamily(): NordsieckFamily {
  const maxOrder = 5;
  const el: Float64Array[] = [new Float64Array(0)];
  const test: [number, number, number][] = [[0, 0, 0]];
  for (let q = 1; q <= maxOrder; q++) {
    const p = risingProduct(1, q); // degree q
    const e = new Float64Array(q + 1);
    for (let i = 0; i <= q; i++) e[i] = p[i]! / p[1]!;
    el.push(e);
    test.push([1 / factorial(q - 1), (q + 1) / e[0]!, (q + 2) / e[0]!]);
  }
  return withSwitchConstants(maxOrder, el, test);
}

export const ADAMS: NordsieckFamily = adamsFamily();
export const BDF: NordsieckFamily = bdfFamily();

/**
 * Stability bounds of the Adams methods, orders 1–12: the largest |h·λ| (λ the Lipschitz estimate)
 * allowed by each order's stability region, as LSODA uses them.
 * @see L. Petzold, SIAM J. Sci. Stat. Comput. 4 (1983) 136–148, §3.
 */
export const ADAMS_STABILITY = [0, 0.5, 0.575, 0.55, 0.45, 0.35, 0.25, 0.2, 0.15, 0.1, 0.075, 0.05, 0.025] as const;
