/**
 * Offset views for foreign calls. The flows keep factors one after another in one state vector and
 * pass offsets; a foreign function takes a pointer, so the native path passes `A.subarray(offset)`.
 * Creating that view allocates, so views are cached per (array, offset): a right-hand side calls
 * with the same few arrays and offsets every time and, after the first evaluation, allocates nothing.
 * Arrays are held weakly: a cache entry goes away with its array.
 */

const cache = new WeakMap<Float64Array, Map<number, Float64Array>>();

/** `A` itself at offset 0, else the cached `A.subarray(offset)`. */
export function viewAt(A: Float64Array, offset: number): Float64Array {
  if (offset === 0) return A;
  let byOffset = cache.get(A);
  if (byOffset === undefined) {
    byOffset = new Map();
    cache.set(A, byOffset);
  }
  let v = byOffset.get(offset);
  if (v === undefined) {
    v = A.subarray(offset);
    byOffset.set(offset, v);
  }
  return v;
}
