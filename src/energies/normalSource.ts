/** What the seeded problem builders draw from: i.i.d. normals (`init/rng.ts`'s `Rng` is one). */
export interface NormalSource {
  /** `n` i.i.d. standard normals times `scale`. */
  normals(n: number, scale?: number): Float64Array;
}
