/** What loading and checking a landscape scenario says, as functions, so tests compare with these and not with copies. */

export const landscapeMessages = {
  axisCount: (n: number): string => `a family has one or two parameters besides W; this one has ${String(n)}`,
  axisName: (name: string, why: string): string => `"${name}" cannot name a family parameter: ${why}`,
  axisOrder: (from: number, to: number): string => `from (${String(from)}) must be below to (${String(to)})`,
  axisLog: (from: number): string => `a log axis needs 0 < from; got ${String(from)}`,
  notSquare: (rows: number, cols: number): string => `W is ${String(rows)}×${String(cols)}: the orbit volume and the entropy are defined for square W`,
  raggedRow: (got: number, want: number): string => `row has ${String(got)} entries, expected ${String(want)} like row 0`,
  shapeMismatch: (d: number, rows: number, cols: number): string =>
    `W is ${String(d)}×${String(d)} but the energy is on ${String(rows)}×${String(cols)} matrices`,
  tooLarge: (values: number, limit: number): string =>
    `the grid × depths × betas holds ${String(values)} values, above the limit ${String(limit)} (fewer points, or --allow-large)`,
  unknownQuantity: (q: string, columns: readonly string[]): string => `unknown column "${q}"; landscape.csv has ${columns.join(', ')}`,
  reservedName: (): string => 'a column or symbol of landscape scenarios (N, beta, E, S, F, sigma1, w11, interior, boundary, defined, …)',
  notFinite: (quantity: string, why: string): string => `${quantity} is not defined here: ${why}`,
  entryNotReal: (i: number, j: number, why: string): string => `W entry (${String(i)}, ${String(j)}): ${why}`,
  seriesDetail: (quantity: string, rows: number, worst: string): string => `${quantity} at ${String(rows)} grid points; worst ${worst}`,
  seriesWorst: (error: number, allowed: number, at: string): string => `|error| ${error.toExponential(2)} (allowed ${allowed.toExponential(2)}) at ${at}`,
  seriesUndefined: (at: string, why: string): string => `undefined at ${at}: ${why}`,
  noRows: (): string => 'no rows match the depths and betas of this check',
  predicateDetail: (assert: string, held: number, rows: number, first: string | undefined): string =>
    `"${assert}" held on ${String(held)} of ${String(rows)} minimiser rows${first === undefined ? '' : `; first failure at ${first}`}`,
  notBoolean: (value: string): string => `the predicate is neither true nor false (${value})`,
};
