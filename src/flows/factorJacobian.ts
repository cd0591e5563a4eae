/**
 * The upstairs flow's dense Jacobian with the columns' passes batched: the Jacobian-vector product of
 * upstairs.ts applied to every unit vector of a chunk of columns at once, so that each pass is one
 * matrix product over the chunk instead of one small product per column.
 *
 * For the unit direction `c` with entry `(a, b)` of factor `j` (`V_j = e_a e_bᵀ`), the differentiated
 * passes are
 * - forward: `dP_k = 0` for `k < j`, `dP_j = e_a P_{j−1}[b, :]`, `dP_k = W_k dP_{k−1}` for `k > j`
 *   (`P_0 = I`);
 * - `dG = ∇²E(W)[dP_N]`;
 * - backward: `dB_N = dG`, `dB_{k−1} = W_kᵀ dB_k`, plus `e_b B_j[a, :]` at `k = j` (a term that reaches
 *   only the blocks above the diagonal, so it is not formed: see below);
 * - column `c` of block `k`: `−s (dB_k P_{k−1}ᵀ + B_k dP_{k−1}ᵀ)` (`dP_0 = 0`).
 * The chunk's `dP_k` are stored side by side as one `d_k × (C·d_0)` matrix (direction `cc` in columns
 * `cc·d_0 … cc·d_0 + d_0 − 1`), so `W_k dP_{k−1}` and `W_kᵀ dB_k` are single products, and the same
 * memory read as a `(d_k·C) × d_0` matrix makes `dB_k P_{k−1}ᵀ` one product too. A regulariser's
 * part is added column by column from its own directional derivative.
 *
 * The field is −s times a gradient, so J is symmetric: only the blocks at and below the diagonal are
 * summed and the rest mirrored, and the passes stop at the columns those blocks read. Where every width
 * is at most TINY_MAX_WIDTH the passes run as loops, since a product call costs more than its
 * arithmetic there. Measured on the 12-state Razin–Cohen flow at depth 3 (widths [2, 2, 2, 2]), Node
 * on the built package, warmed up, mean of 3·10⁵ calls: 2.0 µs per Jacobian against 9.2 µs for twelve
 * Jacobian-vector products.
 */
import type { Energy } from '../energies/energy.js';
import { matmul, matmulNT, matmulTN } from '../linalg/products.js';
import type { FactorLayout } from './layout.js';
import type { RegularizerTerms } from './regularizer.js';

/** The products at the linearisation point that the Jacobian reads (upstairs.ts's FactorPasses). */
export interface LinearisedPasses {
  /** `P[k] = W_k ⋯ W_1` for `2 ≤ k < N` (`P_1` is read from the state, `P_N` is `Wend`). */
  readonly P: Float64Array[];
  /** `B[k]` for `2 ≤ k ≤ N` (`B_N = G`). */
  readonly B: Float64Array[];
  readonly Wend: Float64Array;
}

/** Up to this input width the columns are summed in place; above it through two matrix products per factor. */
const DIRECT_MAX_D0 = 8;
/** Up to this width everywhere, the forward and backward passes run as loops over the columns they need. */
const TINY_MAX_WIDTH = 8;
/**
 * `Y[:, 0:used) = W·X[:, 0:used)` (or `Wᵀ·X`) for the factor `W` at `wOff` in `w`, of shape `rows × inner`
 * (`inner × rows` when `transposed`), `X` and `Y` with row stride `ld`.
 */
function leftProduct(
  w: Float64Array,
  wOff: number,
  transposed: boolean,
  rows: number,
  inner: number,
  X: Float64Array,
  Y: Float64Array,
  ld: number,
  used: number,
): void {
  const step = transposed ? rows : 1;
  for (let i = 0; i < rows; i++) {
    const yi = i * ld;
    const wi = wOff + (transposed ? i : i * inner);
    for (let q = 0; q < used; q++) {
      let sum = 0;
      for (let p = 0; p < inner; p++) sum += w[wi + p * step]! * X[p * ld + q]!;
      Y[yi + q] = sum;
    }
  }
}

/** Directions per chunk are bounded so the chunk's workspace stays below this many doubles (32 MB). */
const CHUNK_DOUBLES = 1 << 22;

/**
 * A function writing the flow's Jacobian at `y` into `J` (row-major `dim × dim`), reading the passes
 * last linearised at `y`. `scale` is the flow's velocity scale `s` (the field is `−s ∇`);
 * `chunkDoubles` bounds the workspace (the tests make it small to run several chunks).
 */
export function factorJacobian(
  energy: Energy,
  layout: FactorLayout,
  passes: LinearisedPasses,
  scale: number,
  reg: RegularizerTerms | undefined,
  chunkDoubles = CHUNK_DOUBLES,
): (y: Float64Array, J: Float64Array) => void {
  const { depth: N, offsets, dim } = layout;
  const d = layout.widths;
  const d0 = d[0]!;
  const dN = d[N]!;
  let widthSum = 0;
  for (let k = 1; k <= N; k++) widthSum += d[k]!;
  let maxBlock = 0;
  for (let k = 1; k <= N; k++) maxBlock = Math.max(maxBlock, d[k]! * d[k - 1]!);
  // per direction: dP_k and dB_k (2 d_k d_0 each k), the Hessian's input and output rows, two output products
  const perDirection = 2 * widthSum * d0 + 2 * dN * d0 + 2 * maxBlock;
  const C = Math.max(1, Math.min(dim, Math.floor(chunkDoubles / perDirection)));
  const F: Float64Array[] = [new Float64Array(0)];
  const D: Float64Array[] = [new Float64Array(0)];
  for (let k = 1; k <= N; k++) {
    F.push(new Float64Array(d[k]! * C * d0));
    D.push(new Float64Array(d[k]! * C * d0));
  }
  const rowsIn = new Float64Array(C * dN * d0);
  const rowsOut = new Float64Array(C * dN * d0);
  const M1 = new Float64Array(C * maxBlock);
  const M2 = new Float64Array(C * maxBlock);
  // a regulariser's columns, one directional derivative each
  const unit = new Float64Array(reg ? dim : 0);
  const col = new Float64Array(reg ? dim : 0);
  const hessianRows = energy.hessianRows?.bind(energy);
  const tiny = Math.max(...d) <= TINY_MAX_WIDTH;
  // one direction's Hessian input and output, where the energy has no batched hessianRows
  const rowIn = new Float64Array(hessianRows ? 0 : dN * d0);
  const rowOut = new Float64Array(hessianRows ? 0 : dN * d0);

  // per state index: its factor k (1-based) and its entry (a, b) in W_k
  const factorOf = new Int32Array(dim);
  const rowOf = new Int32Array(dim);
  const colOf = new Int32Array(dim);
  for (let k = 1; k <= N; k++)
    for (let e = 0; e < d[k]! * d[k - 1]!; e++) {
      factorOf[offsets[k - 1]! + e] = k;
      rowOf[offsets[k - 1]! + e] = Math.floor(e / d[k - 1]!);
      colOf[offsets[k - 1]! + e] = e % d[k - 1]!;
    }

  return (y, J) => {
    const { P, B, Wend } = passes;
    for (let c0 = 0; c0 < dim; c0 += C) {
      const n = Math.min(C, dim - c0);
      const ld = n * d0;
      const kFirst = factorOf[c0]!;
      // forward: F_k = W_k F_{k−1} + the chunk's own entries of factor k
      for (let k = 1; k <= N; k++) {
        const Fk = F[k]!;
        const len = d[k]! * ld;
        if (k <= kFirst) for (let i = 0; i < len; i++) Fk[i] = 0;
        else if (tiny) {
          // the chunk's directions of factors ≤ k (the others are zero here), by loops: at these widths a
          // product call costs more than its arithmetic
          const used = Math.max(0, Math.min(n, offsets[k - 1]! + d[k]! * d[k - 1]! - c0)) * d0;
          leftProduct(y, offsets[k - 1]!, false, d[k]!, d[k - 1]!, F[k - 1]!, Fk, ld, used);
          for (let i = 0; i < d[k]!; i++) for (let q = used; q < ld; q++) Fk[i * ld + q] = 0;
        } else matmul(y, F[k - 1]!, Fk, d[k]!, d[k - 1]!, ld, offsets[k - 1], 0, 0);
        // P_{k−1}: the first factor in the state at k = 2, P_0 = I at k = 1
        const Pp = k === 2 ? y : P[k - 1]!;
        const po = k === 2 ? offsets[0]! : 0;
        const lo = Math.max(c0, offsets[k - 1]!);
        const hi = Math.min(c0 + n, offsets[k - 1]! + d[k]! * d[k - 1]!);
        for (let c = lo; c < hi; c++) {
          const b = colOf[c]!;
          const at = rowOf[c]! * ld + (c - c0) * d0;
          if (k === 1) Fk[at + b] = Fk[at + b]! + 1;
          else for (let l = 0; l < d0; l++) Fk[at + l] = Fk[at + l]! + Pp[po + b * d0 + l]!;
        }
      }
      // dG = ∇²E(W)[dP_N], direction by direction or batched
      const FN = F[N]!;
      const DN = D[N]!;
      const m = dN * d0;
      if (hessianRows) {
        for (let cc = 0; cc < n; cc++) for (let i = 0; i < dN; i++) for (let l = 0; l < d0; l++) rowsIn[cc * m + i * d0 + l] = FN[i * ld + cc * d0 + l]!;
        hessianRows(Wend, rowsIn, n, rowsOut);
        for (let cc = 0; cc < n; cc++) for (let i = 0; i < dN; i++) for (let l = 0; l < d0; l++) DN[i * ld + cc * d0 + l] = rowsOut[cc * m + i * d0 + l]!;
      } else {
        for (let cc = 0; cc < n; cc++) {
          for (let i = 0; i < dN; i++) for (let l = 0; l < d0; l++) rowIn[i * d0 + l] = FN[i * ld + cc * d0 + l]!;
          energy.hessianVector(Wend, rowIn, rowOut);
          for (let i = 0; i < dN; i++) for (let l = 0; l < d0; l++) DN[i * ld + cc * d0 + l] = rowOut[i * d0 + l]!;
        }
      }
      // backward: D_{k−1} = W_kᵀ D_k. The term V_kᵀ B_k of a direction in factor k is left out: it reaches
      // only columns of factor k in blocks k − 1 and below, which lie above the diagonal and are mirrored
      for (let k = N; k >= 2; k--) {
        if (tiny) {
          const used = Math.max(0, Math.min(n, offsets[k - 2]! + d[k - 1]! * d[k - 2]! - c0)) * d0;
          leftProduct(y, offsets[k - 1]!, true, d[k - 1]!, d[k]!, D[k]!, D[k - 1]!, ld, used);
        } else matmulTN(y, D[k]!, D[k - 1]!, d[k - 1]!, d[k]!, ld, offsets[k - 1], 0, 0);
      }
      // columns: block k, row (i, m) of column c0 + cc is −s (D_k P_{k−1}ᵀ + B_k F_{k−1}ᵀ), for the
      // columns of factors 1 … k only (the rest of the row is mirrored below)
      for (let k = 1; k <= N; k++) {
        const dk = d[k]!;
        const dp = d[k - 1]!;
        const o = offsets[k - 1]!;
        const Dk = D[k]!;
        const nk = Math.min(n, o + dk * dp - c0);
        if (nk <= 0) continue;
        if (k === 1) {
          // P_0 = I, dP_0 = 0: the entry is D_1[i, cc·d_0 + m]
          for (let i = 0; i < dk; i++)
            for (let mm = 0; mm < dp; mm++) {
              const row = (o + i * dp + mm) * dim + c0;
              for (let cc = 0; cc < nk; cc++) J[row + cc] = -scale * Dk[i * ld + cc * d0 + mm]!;
            }
          continue;
        }
        const Pp = k === 2 ? y : P[k - 1]!;
        const po = k === 2 ? offsets[0]! : 0;
        const Bk = B[k]!;
        const Fp = F[k - 1]!;
        if (d0 <= DIRECT_MAX_D0) {
          // sums of d_0 terms, straight into J: a product with inner dimension d_0 gains nothing from a matrix kernel
          for (let i = 0; i < dk; i++)
            for (let mm = 0; mm < dp; mm++) {
              const row = (o + i * dp + mm) * dim + c0;
              for (let cc = 0; cc < nk; cc++) {
                const dAt = i * ld + cc * d0;
                const fAt = mm * ld + cc * d0;
                let sum = 0;
                for (let l = 0; l < d0; l++) sum += Dk[dAt + l]! * Pp[po + mm * d0 + l]! + Bk[i * d0 + l]! * Fp[fAt + l]!;
                J[row + cc] = -scale * sum;
              }
            }
          continue;
        }
        // M1[(i·n + cc)·d_{k−1} + m] = Σ_l D_k[i, cc·d_0 + l] P_{k−1}[m, l]: D_k read as (d_k·n) × d_0
        matmulNT(Dk, Pp, M1, dk * n, d0, dp, 0, po, 0);
        // M2[i·(d_{k−1}·n) + m·n + cc] = Σ_l B_k[i, l] F_{k−1}[m, cc·d_0 + l]: F_{k−1} read as (d_{k−1}·n) × d_0
        matmulNT(Bk, Fp, M2, dk, d0, dp * n, 0, 0, 0);
        for (let i = 0; i < dk; i++)
          for (let mm = 0; mm < dp; mm++) {
            const row = (o + i * dp + mm) * dim + c0;
            const m2 = i * dp * n + mm * n;
            for (let cc = 0; cc < nk; cc++) J[row + cc] = -scale * (M1[(i * n + cc) * dp + mm]! + M2[m2 + cc]!);
          }
      }
    }
    // the field is −s times a gradient, so J is symmetric: the blocks above the diagonal are the transposes of those below
    for (let k = 2; k <= N; k++) {
      const o = offsets[k - 1]!;
      const end = o + d[k]! * d[k - 1]!;
      for (let r = o; r < end; r++) for (let c = 0; c < o; c++) J[c * dim + r] = J[r * dim + c]!;
    }
    if (reg) {
      for (let c = 0; c < dim; c++) {
        unit[c] = 1;
        col.fill(0);
        reg.addDirectional(y, unit, col, -scale);
        unit[c] = 0;
        for (let r = 0; r < dim; r++) J[r * dim + c] = J[r * dim + c]! + col[r]!;
      }
    }
  };
}
