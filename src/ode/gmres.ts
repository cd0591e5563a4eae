/**
 * Restarted GMRES(m) for `A x = b` with `A` given only as products `v ↦ A v`: the algorithm of
 * SUNDIALS' SPGMR, which CVODE's Newton–Krylov iteration calls.
 * - Arnoldi by modified Gram–Schmidt, re-orthogonalised once when the new vector lost more than
 *   three digits to cancellation (SUNModifiedGS, FACTOR = 1000);
 * - the Hessenberg matrix kept in QR form by Givens rotations, updated one column per iteration
 *   (SUNQRfact), so the residual norm is known at every iteration without forming `x`;
 * - diagonal scaling `S = diag(w)` on both sides, `S A M⁻¹ S⁻¹ (S M x) = S b`: with `w` the error
 *   weights the 2-norm GMRES minimises is `√n ×` the weighted RMS norm the Newton iteration uses, so
 *   the tolerance is given in that norm;
 * - preconditioning on the right (SPGMR's `pretype` right, what CVODE's examples use): the residual
 *   GMRES monitors is then the true residual `b − A x`, whatever the preconditioner, so the stopping
 *   test means the same with or without one. On the left it would be `M⁻¹(b − A x)`, whose size
 *   depends on how good `M` is.
 * - after `maxRestarts` restarts without convergence the iterate is still returned when it reduced
 *   the residual (SPGMR's SUNLS_RES_REDUCED), else `x` is left at the initial guess.
 * Every work array is allocated in the constructor; `solve` allocates nothing.
 * @see Y. Saad, M. H. Schultz, "GMRES: a generalized minimal residual algorithm for solving
 *      nonsymmetric linear systems", SIAM J. Sci. Stat. Comput. 7 (1986) 856–869.
 * @see SUNDIALS v7.5.0, src/sunlinsol/spgmr/sunlinsol_spgmr.c (SUNLinSolSolve_SPGMR) and
 *      src/sundials/sundials_iterative.c (SUNModifiedGS, SUNQRfact, SUNQRsol).
 */

/** A linear map applied to `v`, written into `out` (`out` is not `v`; no allocation). */
export type LinearOperator = (v: Float64Array, out: Float64Array) => void;

/** The outcome of one `Gmres.solve` (the same object every call: read it before the next). */
export interface GmresResult {
  /** Arnoldi iterations (products with `A`), over all restarts. */
  readonly iterations: number;
  /** True when the residual met the tolerance. */
  readonly converged: boolean;
  /** Weighted RMS norm of the final residual `b − A x` (GMRES's own estimate, exact in exact arithmetic). */
  readonly residual: number;
  /** The same norm of the initial residual. */
  readonly initialResidual: number;
}

/** Re-orthogonalise when the new Arnoldi vector kept less than 1/FACTOR of its norm (SUNModifiedGS). */
const FACTOR = 1000;

/** A GMRES(m) workspace for systems of order `n`, sized once. */
export class Gmres {
  /** Krylov basis V_0 … V_maxl, views into one buffer. */
  private readonly V: Float64Array[];
  /** Hessenberg matrix, (maxl + 1) × maxl, row-major: H[i·maxl + j]. */
  private readonly H: Float64Array;
  /** Givens rotations (c_k, s_k) at 2k, 2k + 1. */
  private readonly givens: Float64Array;
  private readonly yg: Float64Array;
  private readonly xcor: Float64Array;
  private readonly vtemp: Float64Array;
  private readonly result: { -readonly [K in keyof GmresResult]: GmresResult[K] } = { iterations: 0, converged: false, residual: 0, initialResidual: 0 };

  /**
   * @param n order of the systems
   * @param maxl Krylov subspace dimension m per cycle (SPGMR's default 5)
   * @param maxRestarts restarts after the first cycle (SPGMR's default 0)
   */
  constructor(
    readonly n: number,
    readonly maxl = 5,
    readonly maxRestarts = 0,
  ) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`GMRES order n must be a positive integer, got ${String(n)}`);
    if (!Number.isInteger(maxl) || maxl < 1) throw new RangeError(`GMRES maxl must be a positive integer, got ${String(maxl)}`);
    if (!Number.isInteger(maxRestarts) || maxRestarts < 0) throw new RangeError(`GMRES maxRestarts must be a non-negative integer, got ${String(maxRestarts)}`);
    const basis = new Float64Array((maxl + 1) * n);
    this.V = Array.from({ length: maxl + 1 }, (_, k) => basis.subarray(k * n, (k + 1) * n));
    this.H = new Float64Array((maxl + 1) * maxl);
    this.givens = new Float64Array(2 * maxl);
    this.yg = new Float64Array(maxl + 1);
    this.xcor = new Float64Array(n);
    this.vtemp = new Float64Array(n);
  }

  /**
   * Solves `A x = b` until `RMS_i(w_i (b − A x)_i) ≤ tol`.
   * @param A the operator
   * @param b right-hand side (length n; not modified)
   * @param x initial guess on entry (ignored when `zeroGuess`), solution on exit
   * @param tol bound on the weighted RMS norm of the residual
   * @param w positive weights of the norm (undefined: all 1)
   * @param precondition `z ≈ M⁻¹ r`, applied on the right (undefined: none)
   * @param zeroGuess start from x = 0 without a product with A (default true)
   * @returns the workspace's result object, overwritten by the next call
   */
  solve(
    A: LinearOperator,
    b: Float64Array,
    x: Float64Array,
    tol: number,
    w: Float64Array | undefined,
    precondition: LinearOperator | undefined,
    zeroGuess = true,
  ): GmresResult {
    const { n, maxl, V, H, givens, yg, xcor, vtemp, result } = this;
    const sqrtN = Math.sqrt(n);
    const delta = tol * sqrtN;
    const v0 = V[0]!;
    result.iterations = 0;
    result.converged = false;
    // V_0 = S (b − A x_0)
    if (zeroGuess) {
      x.fill(0);
      vtemp.set(b);
    } else {
      A(x, vtemp);
      for (let i = 0; i < n; i++) vtemp[i] = b[i]! - vtemp[i]!;
    }
    if (w === undefined) v0.set(vtemp);
    else for (let i = 0; i < n; i++) v0[i] = w[i]! * vtemp[i]!;
    let rNorm = 0;
    for (let i = 0; i < n; i++) rNorm += v0[i]! * v0[i]!;
    rNorm = Math.sqrt(rNorm);
    const beta = rNorm;
    result.initialResidual = beta / sqrtN;
    result.residual = result.initialResidual;
    if (!Number.isFinite(beta)) return result;
    if (beta <= delta) {
      result.converged = true;
      return result;
    }
    let rho = beta;
    let converged = false;
    xcor.fill(0);
    for (let ntries = 0; ntries <= this.maxRestarts; ntries++) {
      H.fill(0);
      let rotationProduct = 1;
      scale(v0, 1 / rNorm);
      let krydim = 0;
      for (let l = 0; l < maxl; l++) {
        result.iterations++;
        krydim = l + 1;
        const vl = V[l]!;
        const vnext = V[l + 1]!;
        // vnext = S A M⁻¹ S⁻¹ V_l
        if (w === undefined) vtemp.set(vl);
        else for (let i = 0; i < n; i++) vtemp[i] = vl[i]! / w[i]!;
        if (precondition !== undefined) {
          vnext.set(vtemp);
          precondition(vnext, vtemp);
        }
        A(vtemp, vnext);
        if (w !== undefined) for (let i = 0; i < n; i++) vnext[i] = w[i]! * vnext[i]!;
        this.orthogonalise(krydim);
        const hNext = H[krydim * maxl + l]!;
        if (!Number.isFinite(hNext)) {
          result.residual = Number.NaN;
          return result;
        }
        if (!this.qrUpdate(krydim)) {
          // a singular Hessenberg matrix (SUNLS_QRFACT_FAIL): x stays at the initial guess
          return result;
        }
        rotationProduct *= givens[2 * l + 1]!;
        rho = Math.abs(rotationProduct * rNorm);
        if (rho <= delta) {
          converged = true;
          break;
        }
        scale(vnext, 1 / hNext);
      }
      // xcor += V y, y the least-squares solution of H y = rNorm e_1
      yg[0] = rNorm;
      for (let i = 1; i <= krydim; i++) yg[i] = 0;
      if (!this.qrSolve(krydim)) return result;
      for (let k = 0; k < krydim; k++) {
        const c = yg[k]!;
        const vk = V[k]!;
        for (let i = 0; i < n; i++) xcor[i] = xcor[i]! + c * vk[i]!;
      }
      if (converged || ntries === this.maxRestarts) break;
      // restart from the residual r = V_{krydim+1} Q e_{krydim+1} (last column of Q, scaled by rNorm)
      let sProduct = 1;
      for (let i = krydim; i > 0; i--) {
        yg[i] = sProduct * givens[2 * i - 2]!;
        sProduct *= givens[2 * i - 1]!;
      }
      yg[0] = sProduct;
      rNorm *= sProduct;
      for (let i = 0; i <= krydim; i++) yg[i] = yg[i]! * rNorm;
      rNorm = Math.abs(rNorm);
      // element by element, so V_0 can be overwritten in place
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k <= krydim; k++) s += yg[k]! * V[k]![i]!;
        v0[i] = s;
      }
    }
    result.converged = converged;
    result.residual = rho / sqrtN;
    if (!converged && !(rho < beta)) return result;
    // x += M⁻¹ S⁻¹ xcor
    if (w !== undefined) for (let i = 0; i < n; i++) xcor[i] = xcor[i]! / w[i]!;
    if (precondition !== undefined) precondition(xcor, vtemp);
    else vtemp.set(xcor);
    for (let i = 0; i < n; i++) x[i] = x[i]! + vtemp[i]!;
    return result;
  }

  /**
   * Modified Gram–Schmidt of V_k against V_0 … V_{k−1}: the coefficients into column k − 1 of H, the
   * new vector's norm into H[k][k − 1] (SUNModifiedGS). Written out without helper functions
   * returning numbers, which V8 would box when it does not inline them.
   */
  private orthogonalise(k: number): void {
    const { V, H, maxl, n } = this;
    const vk = V[k]!;
    const col = k - 1;
    let s = 0;
    for (let i = 0; i < n; i++) s += vk[i]! * vk[i]!;
    const vkNorm = Math.sqrt(s);
    for (let j = 0; j < k; j++) {
      const vj = V[j]!;
      let h = 0;
      for (let i = 0; i < n; i++) h += vj[i]! * vk[i]!;
      H[j * maxl + col] = h;
      for (let i = 0; i < n; i++) vk[i] = vk[i]! - h * vj[i]!;
    }
    s = 0;
    for (let i = 0; i < n; i++) s += vk[i]! * vk[i]!;
    let newNorm = Math.sqrt(s);
    const big = FACTOR * vkNorm;
    if (big + newNorm === big) {
      // most of vk cancelled: orthogonalise once more, skipping negligible corrections
      let correction2 = 0;
      for (let j = 0; j < k; j++) {
        const vj = V[j]!;
        let p = 0;
        for (let i = 0; i < n; i++) p += vj[i]! * vk[i]!;
        const ref = FACTOR * H[j * maxl + col]!;
        if (ref + p === ref) continue;
        H[j * maxl + col] = H[j * maxl + col]! + p;
        for (let i = 0; i < n; i++) vk[i] = vk[i]! - p * vj[i]!;
        correction2 += p * p;
      }
      if (correction2 !== 0) {
        const d = newNorm * newNorm - correction2;
        newNorm = d > 0 ? Math.sqrt(d) : 0;
      }
    }
    H[k * maxl + col] = newNorm;
  }

  /** Applies the previous rotations to the new column `n − 1` of H and appends one that zeroes H[n][n − 1] (SUNQRfact, job ≠ 0). False if R became singular. */
  private qrUpdate(n: number): boolean {
    const { H, givens, maxl } = this;
    const c1 = n - 1;
    for (let k = 0; k < c1; k++) {
      const c = givens[2 * k]!;
      const s = givens[2 * k + 1]!;
      const t1 = H[k * maxl + c1]!;
      const t2 = H[(k + 1) * maxl + c1]!;
      H[k * maxl + c1] = c * t1 - s * t2;
      H[(k + 1) * maxl + c1] = s * t1 + c * t2;
    }
    const t1 = H[c1 * maxl + c1]!;
    const t2 = H[n * maxl + c1]!;
    let c: number;
    let s: number;
    if (t2 === 0) {
      c = 1;
      s = 0;
    } else if (Math.abs(t2) >= Math.abs(t1)) {
      const t3 = t1 / t2;
      s = -1 / Math.sqrt(1 + t3 * t3);
      c = -s * t3;
    } else {
      const t3 = t2 / t1;
      c = 1 / Math.sqrt(1 + t3 * t3);
      s = -c * t3;
    }
    givens[2 * c1] = c;
    givens[2 * c1 + 1] = s;
    const r = c * t1 - s * t2;
    H[c1 * maxl + c1] = r;
    return r !== 0;
  }

  /** yg ← R⁻¹ (Q yg)_{0..n−1} (SUNQRsol). False if R is singular. */
  private qrSolve(n: number): boolean {
    const { H, givens, yg, maxl } = this;
    for (let k = 0; k < n; k++) {
      const c = givens[2 * k]!;
      const s = givens[2 * k + 1]!;
      const t1 = yg[k]!;
      const t2 = yg[k + 1]!;
      yg[k] = c * t1 - s * t2;
      yg[k + 1] = s * t1 + c * t2;
    }
    for (let k = n - 1; k >= 0; k--) {
      const d = H[k * maxl + k]!;
      if (d === 0) return false;
      const yk = yg[k]! / d;
      yg[k] = yk;
      for (let i = 0; i < k; i++) yg[i] = yg[i]! - yk * H[i * maxl + k]!;
    }
    return true;
  }
}

function scale(a: Float64Array, c: number): void {
  for (let i = 0; i < a.length; i++) a[i] = a[i]! * c;
}
