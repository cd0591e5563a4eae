/**
 * A preconditioner of the Newton matrix `I − γ J` of the end-to-end flow, for the matrix-free stiff
 * method (`bdf-krylov`), built in the singular bases of the point.
 *
 * There, `J̃ = −(K ∘ Ĥ + DK)`: `Ĥ` is the energy's Hessian turned into the bases (dense), scaled row
 * by row by the flow's coefficients `K`, and `DK` the Daleckii–Krein part, which is sparse (the
 * entry `((i, l), (p, q))` vanishes unless `p` or `q` equals `i` or `l`; `downstairsJvp.ts`). At small
 * starts a few singular values escape; `K` is of order `σ²` on the rows and columns they occupy and of
 * order `α²` elsewhere. Split the indices into the stiff set `S = {(i, l) : γ K_il ‖∇²E‖ ≥ 0.05}`
 * (at most `MAX_STIFF`, the largest) and the rest `S̄`. Measured on completion instances, `J̃_{S̄S̄}` is small
 * (`3.6e-4` beside `|J̃_{SS̄}| ≈ 550` at `σ = 3, 2, 1e-4…`), so neglecting it only, the Newton system
 * is solved exactly by block elimination with the Schur complement
 *
 *     (I − γ J̃_SS − γ² J̃_{SS̄} J̃_{S̄S}) z_S = r̂_S + γ J̃_{SS̄} r̂_S̄,      z_S̄ = r̂_S̄ + γ J̃_{S̄S} z_S.
 *
 * The columns `J̃_{:,S}` and the rows `J̃_{S,:}` come from one Hessian-vector product per member of `S`
 * (the Hessian is symmetric, so its columns in the bases are its rows; taken all at once where the energy
 * batches them, `Energy.hessianRows`) and the explicit `DK` entries;
 * no Jacobian-vector product and no `mn × mn` matrix is formed. They and the product
 * `J̃_{SS̄} J̃_{S̄S}` are formed at every setup at a new point, as SUNDIALS CVODE's `psetup` is
 * called, and at the same point when `γ` grew past `KEEP_GAMMA` times the `γ` the stiff set was
 * chosen at; otherwise (the stepper keeping its setup point with `jacobianAge`, or retrying at a
 * smaller step) only the `|S| × |S|` Schur matrix is re-formed and factorised for the new `γ`.
 * @see P. N. Brown, A. C. Hindmarsh, Reduced storage matrix methods in stiff ODE systems, Appl. Math. Comput. 31 (1989); docs/theory/3-downstairs-flow.md §3.8.
 */
import type { Energy } from '../energies/energy.js';
import { luFactor, luSolve } from '../linalg/lu.js';
import { matmul, matmulNT, matmulTN, matvec } from '../linalg/products.js';
import type { OdePreconditioner } from '../ode/types.js';
import type { DownstairsJvp } from './downstairsJvp.js';

/**
 * The stiff set: the indices where `γ K_il ‖∇²E‖ ≥ TAU`. Elsewhere the Newton matrix's rows differ
 * from the identity's by at most about `TAU` in the `K ∘ Ĥ` part, which GMRES absorbs in an iteration
 * or two; before any mode has escaped the set is empty and the preconditioner is the identity.
 */
const TAU = 0.05;
/**
 * At the same point, the stiff set chosen at `γ₀` is kept for `γ ≤ KEEP_GAMMA·γ₀`: a smaller `γ` needs a
 * subset of it, and up to `KEEP_GAMMA·γ₀` the rows it leaves out differ from the identity's by at most
 * `KEEP_GAMMA·TAU` (0.1), still an iteration or two of GMRES.
 */
const KEEP_GAMMA = 2;
/** Power iterations for `‖∇²E‖` (kept for the run when the energy says its Hessian is constant). */
const POWER_STEPS = 8;
/** The largest stiff set kept (its complement is factorised densely: 1000³/3 flops). */
export const MAX_STIFF = 1000;

export class DownstairsPreconditioner implements OdePreconditioner {
  private readonly m: number;
  private readonly n: number;
  private readonly d: number;
  private readonly at: Float64Array;
  private ready = false;
  private usable = false;
  private gamma = NaN;
  /** The `γ` the stiff set was chosen at. */
  private gammaSet = NaN;
  private hessianScale = 0;
  private hessianKnown = false;
  /** Flat indices `i·n + l` of `S` in order, and each index's position in `S` (−1 outside). */
  private stiff = new Int32Array(0);
  private readonly position: Int32Array;
  private size = 0;
  /** `J̃_{:,S}` (`d × |S|`, row-major), `J̃_{S,:}` (`|S| × d`), `J̃_{SS̄} J̃_{S̄S}` (`|S| × |S|`). */
  private cols = new Float64Array(0);
  private rows = new Float64Array(0);
  private schur = new Float64Array(0);
  private A = new Float64Array(0);
  private piv = new Int32Array(0);
  private zS = new Float64Array(0);
  /** `J̃_SS` (`|S| × |S|`), and `J̃_{S̄S} z_S` in `apply`. */
  private jss = new Float64Array(0);
  /** `∇²E` applied to the stiff set's directions (`|S| × d`), where the energy batches them (`hessianRows`). */
  private hessianOfDirections = new Float64Array(0);
  private readonly corr: Float64Array;
  /** The singular bases of the point (the products' cache may move to other points between setups). */
  private readonly U: Float64Array;
  private readonly V: Float64Array;
  private readonly E: Float64Array;
  private readonly out: Float64Array;
  private readonly T: Float64Array;
  private readonly Rh: Float64Array;

  constructor(
    private readonly energy: Energy,
    private readonly products: DownstairsJvp,
  ) {
    this.m = energy.rows;
    this.n = energy.cols;
    const d = this.m * this.n;
    this.d = d;
    this.at = new Float64Array(d);
    this.position = new Int32Array(d);
    this.U = new Float64Array(this.m * this.m);
    this.V = new Float64Array(this.n * this.n);
    this.E = new Float64Array(d);
    this.out = new Float64Array(d);
    this.T = new Float64Array(d);
    this.Rh = new Float64Array(d);
    this.corr = new Float64Array(d);
  }

  setup(_t: number, W: Float64Array, gamma: number): boolean {
    if (!this.samePoint(W) || !(gamma <= KEEP_GAMMA * this.gammaSet)) {
      this.at.set(W);
      this.ready = true;
      this.usable = this.atPoint(W, gamma);
      this.gammaSet = gamma;
      this.gamma = NaN;
    }
    if (!this.usable) return false;
    if (gamma !== this.gamma) {
      const { size, jss, schur, A } = this;
      for (let a = 0; a < size; a++)
        for (let b = 0; b < size; b++) A[a * size + b] = (a === b ? 1 : 0) - gamma * jss[a * size + b]! - gamma * gamma * schur[a * size + b]!;
      if (!luFactor(A, size, this.piv)) return (this.usable = false);
      this.gamma = gamma;
    }
    return true;
  }

  apply(r: Float64Array, z: Float64Array): void {
    const { m, n, d, T, Rh, size, cols, rows, zS, gamma, U, V, stiff } = this;
    if (size === 0) {
      z.set(r);
      return;
    }
    matmulTN(U, r, T, m, m, n);
    matmul(T, V, Rh, m, n, n); // r̂ = Uᵀ r V
    // rows and cols hold J̃_{SS̄} and J̃_{S̄S} only (their S×S block is zero): two matrix-vector products
    matvec(false, rows, Rh, zS, size, d);
    for (let a = 0; a < size; a++) zS[a] = Rh[stiff[a]!]! + gamma * zS[a]!;
    luSolve(this.A, size, this.piv, zS);
    matvec(false, cols, zS, this.corr, d, size);
    const { corr } = this;
    for (let c = 0; c < d; c++) Rh[c] = Rh[c]! + gamma * corr[c]!;
    for (let a = 0; a < size; a++) Rh[stiff[a]!] = zS[a]!;
    matmul(U, Rh, T, m, m, n);
    matmulNT(T, V, z, m, n, n); // z = U ẑ Vᵀ
  }

  private samePoint(W: Float64Array): boolean {
    if (!this.ready) return false;
    const { at } = this;
    for (let i = 0; i < at.length; i++) if (at[i] !== W[i]) return false;
    return true;
  }

  /** Writes `u_p v_qᵀ` (`c = p·n + q`), the direction of index `c` in the bases, into `dst` from `offset`. */
  private direction(c: number, dst: Float64Array, offset: number): void {
    const { m, n, U, V } = this;
    const p = Math.floor(c / n);
    const q = c - p * n;
    for (let x = 0; x < m; x++) {
      const u = U[x * m + p]!;
      const o = offset + x * n;
      for (let y = 0; y < n; y++) dst[o + y] = u * V[y * n + q]!;
    }
  }

  /** Sizes the work arrays for a stiff set of `size` (they only grow). */
  private reserve(size: number): void {
    if (this.stiff.length >= size) return;
    const d = this.d;
    this.stiff = new Int32Array(size);
    this.cols = new Float64Array(d * size);
    this.rows = new Float64Array(size * d);
    this.schur = new Float64Array(size * size);
    this.A = new Float64Array(size * size);
    this.piv = new Int32Array(size);
    this.zS = new Float64Array(size);
    this.jss = new Float64Array(size * size);
  }

  /** `‖∇²E(W)‖₂` by power iteration (the energy's Hessian is symmetric positive semidefinite for the energies here). */
  private hessianNorm(W: Float64Array): number {
    if (this.hessianKnown) return this.hessianScale;
    const { E, out } = this;
    E.fill(1 / Math.sqrt(this.d));
    let norm = 0;
    for (let k = 0; k < POWER_STEPS; k++) {
      this.energy.hessianVector(W, E, out);
      let s = 0;
      for (let i = 0; i < this.d; i++) s += out[i]! * out[i]!;
      norm = Math.sqrt(s);
      if (!(norm > 0)) break;
      for (let i = 0; i < this.d; i++) E[i] = out[i]! / norm;
    }
    this.hessianScale = norm;
    this.hessianKnown = this.energy.hessianConstant === true;
    return norm;
  }

  /** The stiff set at `γ`, its columns, rows and Schur product at `W`; false where the products do not apply. */
  private atPoint(W: Float64Array, gamma: number): boolean {
    const { m, n, d, E, out, T, Rh, products, position } = this;
    if (products.singularAt(W)) return false;
    const { U, V, K } = products.basis;
    this.U.set(U);
    this.V.set(V);
    const floor = TAU / (gamma * this.hessianNorm(W));
    const order: number[] = [];
    for (let c = 0; c < d; c++) if (K[c]! >= floor) order.push(c);
    order.sort((x, y) => K[y]! - K[x]!);
    const size = Math.min(order.length, MAX_STIFF);
    this.reserve(size);
    this.size = size;
    const { stiff, cols, rows } = this;
    position.fill(-1);
    for (let a = 0; a < size; a++) {
      stiff[a] = order[a]!;
      position[order[a]!] = a;
    }
    if (size === 0) return true; // not stiff anywhere at this γ: the identity
    // Ĥ e_c in the bases for every c ∈ S: the Hessian's products with u_p v_qᵀ, all at once where the
    // energy offers it (hessianRows; the rows of `rows` hold the directions, then the products, until
    // they are overwritten below), else one at a time
    const batch = this.energy.hessianRows !== undefined;
    if (batch) {
      if (this.hessianOfDirections.length < size * d) this.hessianOfDirections = new Float64Array(size * d);
      for (let b = 0; b < size; b++) this.direction(stiff[b]!, rows, b * d);
      this.energy.hessianRows!(W, rows, size, this.hessianOfDirections);
    }
    for (let b = 0; b < size; b++) {
      const c = stiff[b]!;
      const p = Math.floor(c / n);
      const q = c - p * n;
      if (batch) {
        matmulTN(U, this.hessianOfDirections, T, m, m, n, 0, b * d, 0);
      } else {
        this.direction(c, E, 0);
        this.energy.hessianVector(W, E, out);
        matmulTN(U, out, T, m, m, n);
      }
      matmul(T, V, Rh, m, n, n);
      // column c: −(K ∘ Ĥ_{:,c} + DK_{:,c}); DK_{(i,l),c} ≠ 0 only for i ∈ {p, q} or l ∈ {p, q}
      for (let e = 0; e < d; e++) cols[e * size + b] = -K[e]! * Rh[e]!;
      // row c: −(K_c Ĥ_{c,:} + DK_{c,:}); DK_{c,(x,y)} ≠ 0 only for x ∈ {p, q} or y ∈ {p, q}
      const o = b * d;
      const kc = K[c]!;
      for (let e = 0; e < d; e++) rows[o + e] = -kc * Rh[e]!;
      for (const i of [p, q])
        if (i < m)
          for (let l = 0; l < n; l++) {
            cols[(i * n + l) * size + b] = -K[i * n + l]! * Rh[i * n + l]! - products.dkEntry(i, l, p, q);
            rows[o + i * n + l] = -kc * Rh[i * n + l]! - products.dkEntry(p, q, i, l);
          }
      for (const l of [p, q])
        if (l < n)
          for (let i = 0; i < m; i++) {
            cols[(i * n + l) * size + b] = -K[i * n + l]! * Rh[i * n + l]! - products.dkEntry(i, l, p, q);
            rows[o + i * n + l] = -kc * Rh[i * n + l]! - products.dkEntry(p, q, i, l);
          }
    }
    // keep J̃_SS apart and clear the S×S block of rows and cols: they then hold J̃_{SS̄} and J̃_{S̄S}, whose
    // product is one matrix product (on the native BLAS when loaded), and apply multiplies them whole
    const { jss, schur } = this;
    for (let a = 0; a < size; a++)
      for (let b = 0; b < size; b++) {
        jss[a * size + b] = cols[stiff[a]! * size + b]!;
        cols[stiff[a]! * size + b] = 0;
        rows[a * d + stiff[b]!] = 0;
      }
    matmul(rows, cols, schur, size, d, size); // J̃_{SS̄} J̃_{S̄S}
    return true;
  }
}
