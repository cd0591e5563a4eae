/**
 * Rosenbrock tableaus in Hairer and Wanner's transformed form (the form of `rodas.f` and of
 * diffrax's `RosenbrockTableau`), as frozen data that check themselves when their module loads.
 *
 * One step with W = I/(γh) − J solves, for the stages i = 1..s,
 *   W k_i = f(t + α_i h, y + Σ_{j<i} a_ij k_j) + Σ_{j<i} (c_ij / h) k_j + γ_i h ∂f/∂t,
 * then y_new = y + Σ m_j k_j, error estimate Σ e_j k_j, and the dense output
 * y(θ) = (1 − θ) y + θ (y_new + (1 − θ)(Σ d2_j k_j + θ Σ d3_j k_j)).
 *
 * The check recovers the untransformed method — Γ from Γ⁻¹ = I/γ − C, α_ij = (A Γ)_ij,
 * b = m Γ, b̂ = (m − e) Γ — and tests its defining identities and order conditions.
 * @see E. Hairer, G. Wanner, Solving ODEs II, 2nd ed., §IV.7: the definition of Rosenbrock methods,
 *      their transformed form for implementation, and Table 7.1 (order conditions up to order 4).
 */
import { messages } from './messages.js';

/** A Rosenbrock method with an embedded error estimate and a Hermite-type dense output. */
export interface RosenbrockTableau {
  readonly name: string;
  /** Order of the propagated solution. */
  readonly order: number;
  /** Order of the embedded solution y_new − Σ e_j k_j. */
  readonly errorOrder: number;
  /** Order of the dense output. */
  readonly denseOrder: number;
  /** Number of stages `s`. */
  readonly stages: number;
  /** The diagonal γ of Γ (W = I/(γh) − J). */
  readonly gamma: number;
  /** Stage nodes α_i: stage i is evaluated at t + α_i h (α_0 = 0: stage 0 is f(t, y)). */
  readonly alpha: readonly number[];
  /** γ_i = Σ_j γ_ij, the coefficients of h·∂f/∂t (Hairer's D1..D4; zero for the last stages). */
  readonly gammaSum: readonly number[];
  /** Strictly lower-triangular rows `a_i = [a_i0 .. a_i,i-1]` of the stage arguments (row 0 empty). */
  readonly a: readonly (readonly number[])[];
  /** Strictly lower-triangular rows `c_i = [c_i0 .. c_i,i-1]` of the stage couplings (row 0 empty). */
  readonly c: readonly (readonly number[])[];
  /** Weights of the propagated solution, `y_new = y + Σ m_j k_j`. */
  readonly m: readonly number[];
  /** Weights of the error estimate, `err = Σ e_j k_j`. */
  readonly e: readonly number[];
  /** The two dense-output rows `[d2, d3]`, each of length `s`. */
  readonly dense: readonly [readonly number[], readonly number[]];
}

/** The untransformed coefficients of a tableau (Hairer–Wanner's α_ij, γ_ij, b_j, b̂_j). */
export interface RosenbrockCoefficients {
  /** α_ij, s × s, strictly lower triangular. */
  readonly alphaIJ: number[][];
  /** γ_ij, s × s, lower triangular with γ on the diagonal. */
  readonly gammaIJ: number[][];
  readonly b: number[];
  readonly bHat: number[];
  /** Dense output weights: b_j(θ) = θ b_j + θ(1 − θ)(p_j + θ q_j). */
  readonly p: number[];
  readonly q: number[];
}

function vecTimesMatrix(v: readonly number[], M: readonly (readonly number[])[]): number[] {
  const s = v.length;
  const out = new Array<number>(s).fill(0);
  for (let i = 0; i < s; i++) for (let j = 0; j < s; j++) out[j]! += v[i]! * M[i]![j]!;
  return out;
}

/** Recovers α_ij, γ_ij and the weights from the transformed form (square arrays, zero-padded). */
export function untransform(tab: RosenbrockTableau): RosenbrockCoefficients {
  const s = tab.stages;
  const full = (rows: readonly (readonly number[])[]): number[][] =>
    Array.from({ length: s }, (_, i) => Array.from({ length: s }, (_, j) => (j < i ? (rows[i]![j] ?? 0) : 0)));
  const A = full(tab.a);
  const C = full(tab.c);
  // Γ⁻¹ = I/γ − C, lower triangular: invert by forward substitution, column by column
  const Ginv = C.map((row, i) => row.map((cij, j) => (i === j ? 1 / tab.gamma : -cij)));
  const G = Array.from({ length: s }, () => new Array<number>(s).fill(0));
  for (let col = 0; col < s; col++) {
    for (let i = col; i < s; i++) {
      let r = i === col ? 1 : 0;
      for (let k = col; k < i; k++) r -= Ginv[i]![k]! * G[k]![col]!;
      G[i]![col] = r / Ginv[i]![i]!;
    }
  }
  const alphaIJ = A.map((row) => vecTimesMatrix(row, G));
  const mMinusE = tab.m.map((mj, j) => mj - tab.e[j]!);
  return {
    alphaIJ,
    gammaIJ: G,
    b: vecTimesMatrix(tab.m, G),
    bHat: vecTimesMatrix(mMinusE, G),
    p: vecTimesMatrix(tab.dense[0], G),
    q: vecTimesMatrix(tab.dense[1], G),
  };
}

const sum = (v: readonly number[]): number => v.reduce((p, x) => p + x, 0);
const dot = (u: readonly number[], v: readonly number[]): number => u.reduce((p, x, i) => p + x * v[i]!, 0);
const matVec = (M: readonly (readonly number[])[], v: readonly number[]): number[] => M.map((row) => dot(row, v));

/**
 * The order conditions of Hairer–Wanner's Table IV.7.1 as `[label, Σ(weights), target]`, for
 * weights `w` (b or b̂) and orders 1..`order` (at most 4). β_ij = α_ij + γ_ij below the diagonal.
 */
function orderConditions(w: readonly number[], order: number, co: RosenbrockCoefficients, gamma: number): [string, number, number][] {
  const s = w.length;
  const beta = co.alphaIJ.map((row, i) => row.map((aij, j) => (j < i ? aij + co.gammaIJ[i]![j]! : 0)));
  const ones = new Array<number>(s).fill(1);
  const alpha = matVec(co.alphaIJ, ones);
  const betaP = matVec(beta, ones);
  const alpha2 = alpha.map((x) => x * x);
  const g = gamma;
  const out: [string, number, number][] = [['Σ b = 1', sum(w), 1]];
  if (order >= 2) out.push(["Σ b β' = 1/2 − γ", dot(w, betaP), 0.5 - g]);
  if (order >= 3) {
    out.push(['Σ b α² = 1/3', dot(w, alpha2), 1 / 3]);
    out.push(["Σ b β β' = 1/6 − γ + γ²", dot(w, matVec(beta, betaP)), 1 / 6 - g + g * g]);
  }
  if (order >= 4) {
    out.push([
      'Σ b α³ = 1/4',
      dot(
        w,
        alpha.map((x) => x ** 3),
      ),
      1 / 4,
    ]);
    out.push([
      "Σ b α (α β') = 1/8 − γ/3",
      dot(
        w,
        alpha.map((x, i) => x * matVec(co.alphaIJ, betaP)[i]!),
      ),
      1 / 8 - g / 3,
    ]);
    out.push(['Σ b β α² = 1/12 − γ/3', dot(w, matVec(beta, alpha2)), 1 / 12 - g / 3]);
    out.push(["Σ b β β β' = 1/24 − γ/2 + 3γ²/2 − γ³", dot(w, matVec(beta, matVec(beta, betaP))), 1 / 24 - g / 2 + 1.5 * g * g - g ** 3]);
  }
  return out;
}

/**
 * Checks shapes, the nodes α_i = Σ_j α_ij, the ∂f/∂t coefficients γ_i = Σ_j γ_ij, and the order
 * conditions of the solution (order), the embedded solution (errorOrder) and the dense output
 * (denseOrder, where b_j(θ) must satisfy each condition as a polynomial identity in θ).
 * Throws on an inconsistent tableau.
 * @param tol absolute tolerance on each identity. RODAS4's 16-digit coefficients meet every identity
 *   to 1e-14 (rounding in sums of products up to ~30 in size); at 1e-13 a relative change of 1e-11
 *   in any one coefficient is caught (measured for each of them; test/ode/rosenbrockTableau.test.ts).
 */
export function checkRosenbrockTableau(tab: RosenbrockTableau, tol = 1e-13): void {
  const fail = (detail: string): never => {
    throw new Error(messages.badRosenbrockTableau(tab.name, detail));
  };
  const s = tab.stages;
  const rowsOk = (rows: readonly (readonly number[])[]): boolean => rows.length === s && rows.every((r, i) => r.length === i);
  if (tab.alpha.length !== s || tab.gammaSum.length !== s || tab.m.length !== s || tab.e.length !== s) fail('lengths differ');
  if (!rowsOk(tab.a) || !rowsOk(tab.c)) fail('a and c must be strictly lower-triangular rows of lengths 0..s−1');
  if (tab.dense[0].length !== s || tab.dense[1].length !== s) fail('dense rows must have s entries');
  if (tab.alpha[0] !== 0) fail('α_0 must be 0 (stage 0 is f(t, y))');
  const co = untransform(tab);
  for (let i = 0; i < s; i++) {
    const ai = sum(co.alphaIJ[i]!);
    if (Math.abs(ai - tab.alpha[i]!) > tol) fail(`row ${i}: Σ_j α_ij = ${ai}, α_${i} = ${tab.alpha[i]!}`);
    const gi = sum(co.gammaIJ[i]!);
    if (Math.abs(gi - tab.gammaSum[i]!) > tol) fail(`row ${i}: Σ_j γ_ij = ${gi}, γ_${i} = ${tab.gammaSum[i]!}`);
  }
  const test = (label: string, w: readonly number[], order: number): void => {
    for (const [cond, got, want] of orderConditions(w, order, co, tab.gamma)) {
      if (Math.abs(got - want) > tol) fail(`${label}: ${cond} fails (${got} − ${want} = ${got - want})`);
    }
  };
  test('solution', co.b, tab.order);
  test('embedded solution', co.bHat, tab.errorOrder);
  // Dense output b(θ) = θ b + θ(1 − θ)(p + θ q): since b already meets each condition Σ b Φ = c,
  // Σ b(θ) Φ = c(θ) reduces to Σ p Φ + θ Σ q Φ = (c(θ) − θ c)/(θ(1 − θ)) — and for the polynomial
  // targets of order ≤ 3 that quotient is linear in θ; its two coefficients are tested below.
  const g = tab.gamma;
  // (condition's θ-polynomial target c(θ) minus θ·c(1)) / (θ(1 − θ)) = u + v θ, as [u, v]
  const denseTargets: [number, number][] = [
    [0, 0], // Σ b(θ) = θ
    [-0.5, 0], // Σ b(θ) β' = θ²/2 − γθ
    [-1 / 3, -1 / 3], // Σ b(θ) α² = θ³/3
    [-1 / 6 + g, -1 / 6], // Σ b(θ) β β' = θ³/6 − γθ² + γ²θ
  ];
  const ps = orderConditions(co.p, Math.min(tab.denseOrder, 3), co, g);
  const qs = orderConditions(co.q, Math.min(tab.denseOrder, 3), co, g);
  ps.forEach(([cond, pv], k) => {
    const [u, v] = denseTargets[k]!;
    const qv = qs[k]![1];
    if (Math.abs(pv - u) > tol || Math.abs(qv - v) > tol) fail(`dense output: ${cond} fails as a polynomial in θ (${pv}, ${qv})`);
  });
}
