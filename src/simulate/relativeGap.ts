/** The relative distance `‖A − B‖_F / ‖B‖_F` of two matrices of the same size (B the reference). */
export function relativeGap(A: ArrayLike<number>, B: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < B.length; i++) {
    num += (A[i]! - B[i]!) ** 2;
    den += B[i]! ** 2;
  }
  return Math.sqrt(num / den);
}
