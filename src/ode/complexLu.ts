/**
 * Dense complex LU with partial pivoting, in place on split row-major arrays (real parts in `re`,
 * imaginary parts in `im`), for RADAU5's complex Newton matrix (α̂ + iβ̂)/h·I − J. Hand-written:
 * OdeLinearAlgebra has only real LU, and the real 2n × 2n form of a complex system of order n costs
 * twice the flops (8n³/3 against 4 · n³/3 real flops here); no npm package factors complex matrices in
 * caller-owned buffers without allocating. The pivot is the entry of largest |z|₁ = |Re z| + |Im z|
 * in its column (LAPACK's zgetrf uses the same cabs1 measure in izamax).
 * @see G. H. Golub, C. F. Van Loan, Matrix Computations, 4th ed., Algorithm 3.4.1.
 */

/** Factorises the `n × n` complex matrix (re + i·im) in place (L unit lower, U upper); false if singular. */
export function complexLuFactor(re: Float64Array, im: Float64Array, n: number, piv: Int32Array): boolean {
  let ok = true;
  for (let k = 0; k < n; k++) {
    let p = k;
    let max = Math.abs(re[k * n + k]!) + Math.abs(im[k * n + k]!);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(re[i * n + k]!) + Math.abs(im[i * n + k]!);
      if (v > max) {
        max = v;
        p = i;
      }
    }
    piv[k] = p;
    if (p !== k) {
      const rk = k * n;
      const rp = p * n;
      for (let j = 0; j < n; j++) {
        const a = re[rk + j]!;
        re[rk + j] = re[rp + j]!;
        re[rp + j] = a;
        const b = im[rk + j]!;
        im[rk + j] = im[rp + j]!;
        im[rp + j] = b;
      }
    }
    if (max === 0 || !Number.isFinite(max)) {
      ok = false;
      continue;
    }
    // 1 / pivot
    const pr = re[k * n + k]!;
    const pi = im[k * n + k]!;
    const d = pr * pr + pi * pi;
    const ir = pr / d;
    const ii = -pi / d;
    for (let i = k + 1; i < n; i++) {
      const ri = i * n;
      const ar = re[ri + k]!;
      const ai = im[ri + k]!;
      // l = a / pivot
      const lr = ar * ir - ai * ii;
      const li = ar * ii + ai * ir;
      re[ri + k] = lr;
      im[ri + k] = li;
      if (lr === 0 && li === 0) continue;
      const rk = k * n;
      for (let j = k + 1; j < n; j++) {
        const ur = re[rk + j]!;
        const ui = im[rk + j]!;
        re[ri + j] = re[ri + j]! - (lr * ur - li * ui);
        im[ri + j] = im[ri + j]! - (lr * ui + li * ur);
      }
    }
  }
  return ok;
}

/**
 * Solves (re + i·im) x = b in place in `b` with the factors from `complexLuFactor`; `b` holds the
 * real parts in its first `n` entries and the imaginary parts in the next `n`.
 */
export function complexLuSolve(re: Float64Array, im: Float64Array, n: number, piv: Int32Array, b: Float64Array): void {
  for (let k = 0; k < n; k++) {
    const p = piv[k]!;
    if (p !== k) {
      const a = b[k]!;
      b[k] = b[p]!;
      b[p] = a;
      const c = b[n + k]!;
      b[n + k] = b[n + p]!;
      b[n + p] = c;
    }
  }
  // forward: L y = b (unit diagonal)
  for (let i = 1; i < n; i++) {
    const ri = i * n;
    let sr = b[i]!;
    let si = b[n + i]!;
    for (let j = 0; j < i; j++) {
      const lr = re[ri + j]!;
      const li = im[ri + j]!;
      const xr = b[j]!;
      const xi = b[n + j]!;
      sr -= lr * xr - li * xi;
      si -= lr * xi + li * xr;
    }
    b[i] = sr;
    b[n + i] = si;
  }
  // backward: U x = y
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    let sr = b[i]!;
    let si = b[n + i]!;
    for (let j = i + 1; j < n; j++) {
      const ur = re[ri + j]!;
      const ui = im[ri + j]!;
      const xr = b[j]!;
      const xi = b[n + j]!;
      sr -= ur * xr - ui * xi;
      si -= ur * xi + ui * xr;
    }
    const dr = re[ri + i]!;
    const di = im[ri + i]!;
    const d = dr * dr + di * di;
    b[i] = (sr * dr + si * di) / d;
    b[n + i] = (si * dr - sr * di) / d;
  }
}
