/**
 * Matrix products into preallocated outputs, with and without transposes. Row-major, no allocation,
 * loop orders chosen so the innermost loop runs along contiguous rows. Each operand may start at an
 * offset into its array, so factors stored one after another in one state vector need no views.
 * Hand-written because the flows call them millions of times on small matrices, where ml-matrix's
 * allocation per product dominates (measured in BENCHMARKS.md, "linear-algebra kernels").
 * The output must not overlap an input.
 */

/** `C (m×n) = A (m×k) · B (k×n)`. */
export function matmul(A: Float64Array, B: Float64Array, C: Float64Array, m: number, k: number, n: number, aOff = 0, bOff = 0, cOff = 0): void {
  for (let i = 0; i < m; i++) {
    const ci = cOff + i * n;
    for (let j = 0; j < n; j++) C[ci + j] = 0;
    const ai = aOff + i * k;
    for (let p = 0; p < k; p++) {
      const a = A[ai + p]!;
      if (a === 0) continue;
      const bp = bOff + p * n;
      for (let j = 0; j < n; j++) C[ci + j] = C[ci + j]! + a * B[bp + j]!;
    }
  }
}

/** `C (m×n) = Aᵀ · B` with `A` of shape `k × m` and `B` of shape `k × n`. */
export function matmulTN(A: Float64Array, B: Float64Array, C: Float64Array, m: number, k: number, n: number, aOff = 0, bOff = 0, cOff = 0): void {
  C.fill(0, cOff, cOff + m * n);
  for (let p = 0; p < k; p++) {
    const ap = aOff + p * m;
    const bp = bOff + p * n;
    for (let i = 0; i < m; i++) {
      const a = A[ap + i]!;
      if (a === 0) continue;
      const ci = cOff + i * n;
      for (let j = 0; j < n; j++) C[ci + j] = C[ci + j]! + a * B[bp + j]!;
    }
  }
}

/** `C (m×n) = A · Bᵀ` with `A` of shape `m × k` and `B` of shape `n × k`. */
export function matmulNT(A: Float64Array, B: Float64Array, C: Float64Array, m: number, k: number, n: number, aOff = 0, bOff = 0, cOff = 0): void {
  for (let i = 0; i < m; i++) {
    const ai = aOff + i * k;
    for (let j = 0; j < n; j++) {
      const bj = bOff + j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += A[ai + p]! * B[bj + p]!;
      C[cOff + i * n + j] = s;
    }
  }
}

/** `⟨A, B⟩ = Σ A_ij B_ij` over the first `len` entries. */
export function frobeniusInner(A: Float64Array, B: Float64Array, len = A.length): number {
  let s = 0;
  for (let i = 0; i < len; i++) s += A[i]! * B[i]!;
  return s;
}
