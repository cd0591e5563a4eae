/**
 * The named quantities of a saved state, as columns of `trajectory.csv` and symbols of check
 * expressions: the time (`t` upstairs, `tau` in normalised time), loss, erank, nuclear, frobenius, spectral, rank, det, logAbsDet, invariantDrift,
 * nullInputDrift (factor models on data: ‖W₁Q_x − e^{−λt}W₁Q_x(0)‖_F, docs/theory.md §7.2),
 * deficiencyMargin and convergenceBound (whitened energies with a square target, docs/theory.md §8.1),
 * sigma1…, layerFrobenius1…, layerTop1…, gramMismatch1…, penalty (regularised models), and the entries w11, w12, … (1-based) of W.
 */
import { balanceColumnNames } from '../simulate/balanceColumns.js';
import type { DiagnosticsRow } from '../simulate/diagnostics.js';

/** The time column's name in a convention: `t` (upstairs) or `tau` (normalised time τ = N t, and depth ∞). */
export function timeColumn(time: 'upstairs' | 'normalized'): 't' | 'tau' {
  return time === 'normalized' ? 'tau' : 't';
}

/** A saved row's time, whichever its convention. */
export function rowTime(row: Readonly<Record<string, number>>): number {
  return row.t ?? row.tau!;
}

/** Column names for a `rows × cols` problem with `k = min(rows, cols)` singular values and `layers` factors, in time convention `time`; `baseline` names the columns of `baseline:` (see `baselines.ts`). */
export function quantityNames(
  rows: number,
  cols: number,
  layers: number,
  square: boolean,
  mismatch = false,
  data = false,
  time: 'upstairs' | 'normalized' = 'upstairs',
  margin = false,
  noise = false,
  regularized = false,
  baseline: readonly string[] = [],
): string[] {
  const names = [timeColumn(time), 'loss', 'erank', 'nuclear', 'frobenius', 'spectral', 'rank'];
  if (mismatch) names.push('mismatch');
  if (margin) names.push('deficiencyMargin', 'convergenceBound');
  if (data) names.push('nullX', 'nullXChange', 'errSupport', 'errNull', 'errMixed', 'supportFrac', 'nullFrac', 'mixedFrac', 'relErr');
  if (data && layers > 0) names.push('nullInputDrift');
  names.push(...baseline);
  if (square) names.push('det', 'logAbsDet');
  if (layers > 0) names.push('invariantDrift');
  for (let i = 1; i <= Math.min(rows, cols); i++) names.push(`sigma${String(i)}`);
  if (rows <= 9 && cols <= 9) for (let i = 1; i <= rows; i++) for (let j = 1; j <= cols; j++) names.push(`w${String(i)}${String(j)}`);
  for (let j = 1; j <= layers; j++) names.push(`layerFrobenius${String(j)}`, `layerTop${String(j)}`);
  if (noise) names.push(...balanceColumnNames(layers));
  for (let j = 1; j < layers; j++) names.push(`gramMismatch${String(j)}`);
  if (regularized) names.push('penalty');
  return names;
}

/** The quantities of one saved state of a run in time convention `time`. */
export function quantitiesOf(
  row: DiagnosticsRow,
  W: Float64Array,
  rows: number,
  cols: number,
  time: 'upstairs' | 'normalized' = 'upstairs',
): Record<string, number> {
  const q: Record<string, number> = {
    [timeColumn(time)]: row.t,
    loss: row.loss,
    erank: row.erank,
    nuclear: row.nuclear,
    frobenius: row.frobenius,
    spectral: row.spectral,
    rank: row.rank,
  };
  if (row.det !== undefined) q.det = row.det;
  if (row.logAbsDet !== undefined) q.logAbsDet = row.logAbsDet;
  if (row.invariantDrift !== undefined) q.invariantDrift = row.invariantDrift;
  if (row.nullInputDrift !== undefined) q.nullInputDrift = row.nullInputDrift;
  row.sigma.forEach((s, i) => (q[`sigma${String(i + 1)}`] = s));
  if (rows <= 9 && cols <= 9) for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) q[`w${String(i + 1)}${String(j + 1)}`] = W[i * cols + j]!;
  row.layerFrobenius?.forEach((v, j) => (q[`layerFrobenius${String(j + 1)}`] = v));
  row.layerTop?.forEach((v, j) => (q[`layerTop${String(j + 1)}`] = v));
  row.gramMismatch?.forEach((v, j) => (q[`gramMismatch${String(j + 1)}`] = v));
  if (row.penalty !== undefined) q.penalty = row.penalty;
  return q;
}
