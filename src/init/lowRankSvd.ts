/**
 * The SVD of a matrix of low numerical rank without an `O(m n min(m, n))` full decomposition: a
 * randomized range finder with an a-posteriori residual check, then two thin QRs and the SVD of a
 * small `l × l` factor. Used by aligned starts on large low-rank targets, where the full Jacobi SVD
 * takes a minute at 1000 × 1000.
 * @see N. Halko, P.-G. Martinsson, J. A. Tropp, "Finding structure with randomness", SIAM Review 53
 *   (2011), Algorithm 4.1 (range finder) and §5.1 (direct SVD of the projected matrix).
 */
import { matmul, matmulTN } from '../linalg/products.js';
import { frobeniusNorm } from '../linalg/norms.js';
import { svd } from '../linalg/svd.js';
import { Rng } from './rng.js';

/** Thin SVD factors: `U` (`m × l`), `V` (`n × l`) row-major with row stride `l`, `sigma` descending. */
export interface ThinSvd {
  readonly U: Float64Array;
  readonly sigma: Float64Array;
  readonly V: Float64Array;
  readonly l: number;
}

/**
 * Thin QR of the `m × l` row-major `A` by modified Gram–Schmidt run twice (in place: `A` becomes Q);
 * returns `R` (`l × l`, upper triangular). A column that vanishes stays zero with a zero diagonal.
 */
function qrColumns(A: Float64Array, m: number, l: number): Float64Array {
  const R = new Float64Array(l * l);
  for (let pass = 0; pass < 2; pass++)
    for (let j = 0; j < l; j++) {
      for (let i = 0; i < j; i++) {
        let d = 0;
        for (let r = 0; r < m; r++) d += A[r * l + i]! * A[r * l + j]!;
        for (let r = 0; r < m; r++) A[r * l + j] = A[r * l + j]! - d * A[r * l + i]!;
        R[i * l + j] = R[i * l + j]! + d;
      }
      let nrm = 0;
      for (let r = 0; r < m; r++) nrm += A[r * l + j]! ** 2;
      nrm = Math.sqrt(nrm);
      if (pass === 0) R[j * l + j] = nrm;
      else R[j * l + j] = R[j * l + j]! * nrm;
      const inv = nrm > 0 ? 1 / nrm : 0;
      for (let r = 0; r < m; r++) A[r * l + j] = A[r * l + j]! * inv;
    }
  return R;
}

/**
 * The thin SVD of the row-major `m × n` matrix `Phi` when its numerical rank is at most
 * `min(m, n)/4` — `‖Phi − Q Qᵀ Phi‖_F ≤ 64·max(m, n)·ε·‖Phi‖_F` for a range basis Q of 16, 32, …
 * columns drawn from a fixed seed (so the result is deterministic) — and `undefined` otherwise,
 * when the caller's full SVD is the right tool. Singular values at or below that residual level are
 * noise and are returned as exactly 0.
 */
export function lowRankSvd(Phi: Float64Array, m: number, n: number): ThinSvd | undefined {
  const norm = frobeniusNorm(Phi);
  if (norm === 0) return undefined;
  const rng = new Rng(0x5eed, 7);
  for (let l = 16; l <= Math.min(m, n) / 4; l *= 2) {
    const Q = new Float64Array(m * l);
    matmul(Phi, rng.normals(n * l), Q, m, n, l); // Y = Phi Ω
    qrColumns(Q, m, l);
    const Bt = new Float64Array(n * l); // Bᵀ = Phiᵀ Q (n × l)
    matmulTN(Phi, Q, Bt, n, m, l);
    const QB = new Float64Array(m * n);
    // Q B = Q (Bᵀ)ᵀ: entry (i, j) = Σ_c Q[i, c] Bt[j, c]
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let c = 0; c < l; c++) s += Q[i * l + c]! * Bt[j * l + c]!;
        QB[i * n + j] = s;
      }
    let res = 0;
    for (let i = 0; i < m * n; i++) res += (Phi[i]! - QB[i]!) ** 2;
    const level = 64 * Math.max(m, n) * Number.EPSILON * norm;
    if (Math.sqrt(res) > level) continue;
    // Bᵀ = Q2 R  ⇒  B = Rᵀ Q2ᵀ; R = U_R Σ V_Rᵀ  ⇒  Phi ≈ Q B = (Q V_R) Σ (Q2 U_R)ᵀ
    const R = qrColumns(Bt, n, l);
    const r = svd(R, l, l);
    const U = new Float64Array(m * l);
    const V = new Float64Array(n * l);
    matmul(Q, r.V, U, m, l, l);
    matmul(Bt, r.U, V, n, l, l);
    // the basis's surplus columns span rounding: their singular values are noise, reported as 0
    const sig = Float64Array.from(r.sigma, (x) => (x > level ? x : 0));
    return { U, sigma: sig, V, l };
  }
  return undefined;
}
