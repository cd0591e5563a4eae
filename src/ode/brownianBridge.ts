/**
 * Splitting a step's Brownian increments exactly: given `ΔW` and `I = I_(1,0) = ∫_0^h (B(s) − B(0)) ds`
 * over a step of length h, draws the pairs (ΔW_a, I_a) over `[0, qh]` and (ΔW_b, I_b) over `[qh, h]`
 * from their Gaussian law conditional on (ΔW, I). With ξ = (ξ_a1, ξ_a2, ξ_b1, ξ_b2) i.i.d. standard
 * normal, `ΔW_L = √L ξ_1` and `I_L = L^{3/2}(ξ_1/2 + ξ_2/(2√3))` on each part, and the whole is
 * `ΔW = ΔW_a + ΔW_b`, `I = I_a + (h − a) ΔW_a + I_b`: two linear functionals `Aξ = y`. Then
 * `ξ | y = Aᵀ(AAᵀ)⁻¹y + (I − Aᵀ(AAᵀ)⁻¹A) η` with η standard normal (Gaussian conditioning), so the
 * parts recombine to (ΔW, I) exactly (to rounding) and the path keeps its law. This is the bridge of
 * rejection sampling with memory (Rackauckas–Nie 2017), extended from ΔW to the pair (ΔW, I_(1,0))
 * that SRA methods use. Allocation-free.
 */
import type { BrownianSource } from './brownian.js';

const INV_2SQRT3 = 1 / (2 * Math.sqrt(3));

/** Workspace of `splitIncrements`, allocated once. */
export class BridgeWorkspace {
  /** Aᵀ(AAᵀ)⁻¹ (4 × 2) and the projector I − Aᵀ(AAᵀ)⁻¹A (4 × 4), in units where the step is 1. */
  readonly pinv = new Float64Array(8);
  readonly proj = new Float64Array(16);
  readonly A = new Float64Array(8);
}

/**
 * Splits the increments (`dW`, `I`, per component) of a step of length `h` at the fraction `q` ∈ (0, 1):
 * the first part into (`dWa`, `Ia`), the second into (`dWb`, `Ib`). `dW`/`I` may alias `dWb`/`Ib`.
 */
export function splitIncrements(
  h: number,
  q: number,
  dW: Float64Array,
  I: Float64Array,
  source: BrownianSource,
  w: BridgeWorkspace,
  dWa: Float64Array,
  Ia: Float64Array,
  dWb: Float64Array,
  Ib: Float64Array,
): void {
  // in units of h: a = q, b = 1 − q; y = (ΔW/√h, I/h^{3/2})
  const a = q;
  const b = 1 - q;
  const sa = Math.sqrt(a);
  const sb = Math.sqrt(b);
  const A = w.A;
  A[0] = sa;
  A[1] = 0;
  A[2] = sb;
  A[3] = 0;
  A[4] = a * sa * 0.5 + b * sa;
  A[5] = a * sa * INV_2SQRT3;
  A[6] = b * sb * 0.5;
  A[7] = b * sb * INV_2SQRT3;
  // M = AAᵀ (2 × 2) and its inverse
  const m00 = A[0] * A[0] + A[2] * A[2];
  const m01 = A[0] * A[4] + A[2] * A[6];
  const m11 = A[4] * A[4] + A[5] * A[5] + A[6] * A[6] + A[7] * A[7];
  const det = m00 * m11 - m01 * m01;
  const i00 = m11 / det;
  const i01 = -m01 / det;
  const i11 = m00 / det;
  const P = w.pinv;
  for (let k = 0; k < 4; k++) {
    P[2 * k] = A[k]! * i00 + A[4 + k]! * i01;
    P[2 * k + 1] = A[k]! * i01 + A[4 + k]! * i11;
  }
  const R = w.proj;
  for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) R[4 * r + c] = (r === c ? 1 : 0) - (P[2 * r]! * A[c]! + P[2 * r + 1]! * A[4 + c]!);
  const sh = Math.sqrt(h);
  const hsh = h * sh;
  const la = a * h;
  const lb = b * h;
  const sla = Math.sqrt(la);
  const slb = Math.sqrt(lb);
  for (let i = 0; i < dW.length; i++) {
    const y0 = dW[i]! / sh;
    const y1 = I[i]! / hsh;
    const e0 = source.normal();
    const e1 = source.normal();
    const e2 = source.normal();
    const e3 = source.normal();
    const x0 = P[0]! * y0 + P[1]! * y1 + R[0]! * e0 + R[1]! * e1 + R[2]! * e2 + R[3]! * e3;
    const x1 = P[2]! * y0 + P[3]! * y1 + R[4]! * e0 + R[5]! * e1 + R[6]! * e2 + R[7]! * e3;
    const x2 = P[4]! * y0 + P[5]! * y1 + R[8]! * e0 + R[9]! * e1 + R[10]! * e2 + R[11]! * e3;
    const x3 = P[6]! * y0 + P[7]! * y1 + R[12]! * e0 + R[13]! * e1 + R[14]! * e2 + R[15]! * e3;
    const wa = sla * x0;
    const ia = la * sla * (0.5 * x0 + INV_2SQRT3 * x1);
    const wb = slb * x2;
    const ib = lb * slb * (0.5 * x2 + INV_2SQRT3 * x3);
    dWa[i] = wa;
    Ia[i] = ia;
    dWb[i] = wb;
    Ib[i] = ib;
  }
}
