/**
 * Dense real matrices stored row-major in a `Float64Array`: entry `(i, j)` of an `m × n` matrix is
 * `data[i * n + j]`. The hot-path kernels take raw arrays and dimensions; this small value type is
 * for the library surface, where shapes travel with the data.
 */

/** An `rows × cols` matrix, row-major. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** A zero `rows × cols` matrix. */
export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** The `n × n` identity. */
export function identity(n: number): Matrix {
  const M = zeros(n, n);
  for (let i = 0; i < n; i++) M.data[i * n + i] = 1;
  return M;
}

/** A matrix from nested rows; throws on ragged input. */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  const m = rows.length;
  const n = rows[0]?.length ?? 0;
  const M = zeros(m, n);
  rows.forEach((r, i) => {
    if (r.length !== n) throw new RangeError(`fromRows: row ${String(i)} has ${String(r.length)} entries, expected ${String(n)}`);
    M.data.set(r, i * n);
  });
  return M;
}

/** Nested rows of a row-major `m × n` array. */
export function toRows(data: Float64Array, m: number, n: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m; i++) out.push(Array.from(data.subarray(i * n, (i + 1) * n)));
  return out;
}

/** `out = Aᵀ` for `A` of shape `m × n` (`out` is `n × m`, not aliased with `A`). */
export function transposeInto(A: Float64Array, m: number, n: number, out: Float64Array): void {
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = A[i * n + j]!;
}

/** `out = diag` as an `n × n` matrix. */
export function diagonalInto(d: ArrayLike<number>, n: number, out: Float64Array): void {
  out.fill(0);
  for (let i = 0; i < Math.min(n, d.length); i++) out[i * n + i] = d[i]!;
}
