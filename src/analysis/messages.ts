/** Every text the analysis layer shows a user, as functions, so tests compare with these and not with copies. */

export const analysisMessages = {
  squareFactors: (): string => 'factorDeterminant needs square factors (every width equal)',
  seriesLengths: (a: number, b: number): string => `series of different lengths: ${String(a)} and ${String(b)}`,
};
