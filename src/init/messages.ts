/** Every text the init layer shows a user, as functions, so tests compare with these and not with copies. */

export const initMessages = {
  scaleCount: (got: number, depth: number): string => `expected one scale per factor: ${String(depth)} for this model, got ${String(got)}`,
  endToEndShape: (m: number, n: number, got: number): string => `the end-to-end matrix must be ${String(m)}×${String(n)}, got ${String(got)} entries`,
  rankAboveWidth: (k: number, minHidden: number): string =>
    `the end-to-end matrix has rank ${String(k)}, more than the narrowest hidden width ${String(minHidden)}`,
  detSignSquare: (): string => 'the determinant sign can only be fixed for square end-to-end matrices',
  detSignSingular: (): string => 'the end-to-end matrix is singular: its determinant has no sign to fix',
  seed: (seed: number): string => `seed must be an integer, got ${String(seed)}`,
};

/** What a bad starts file says. */
export const startsFileMessages = {
  npyMagic: (): string => 'not a NumPy .npy file (its first bytes are not \\x93NUMPY)',
  npyVersion: (v: number): string => `unsupported .npy format version ${String(v)} (expected 1, 2 or 3)`,
  npyHeader: (h: string): string => `cannot read the .npy header ${JSON.stringify(h.trim())}`,
  npyDtype: (d: string): string => `the .npy array has dtype '${d}'; expected little-endian float64 '<f8'`,
  npyFortran: (): string => 'the .npy array is in Fortran (column-major) order; expected C order (fortran_order: False)',
  npyRank: (shape: readonly number[]): string => `the .npy array has shape (${shape.join(', ')}); expected (runs, m, n) or (runs, m·n)`,
  npySize: (expected: number, got: number): string => `the .npy data holds ${String(got)} bytes; the header's shape needs ${String(expected)}`,
  csvNumber: (line: number, cell: string): string => `line ${String(line)}: "${cell}" is not a number`,
  csvRagged: (line: number, got: number, want: number): string => `line ${String(line)} has ${String(got)} entries, line 1 of the data has ${String(want)}`,
  json: (why: string): string => `not valid JSON: ${why}`,
  jsonShape: (i: number): string => `start ${String(i)} is neither a matrix (array of rows of numbers) nor a flat array of numbers`,
  empty: (): string => 'the file holds no starts',
  format: (name: string): string => `cannot tell the format of "${name}": expected a .npy, .csv or .json file`,
  entries: (i: number, got: number, m: number, n: number): string =>
    `start ${String(i)} has ${String(got)} entries; the model's end-to-end matrix is ${String(m)}×${String(n)} (${String(m * n)} entries)`,
  matrixShape: (shape: readonly [number, number], m: number, n: number): string =>
    `the starts are ${String(shape[0])}×${String(shape[1])} matrices; the model's end-to-end matrix is ${String(m)}×${String(n)}`,
};
