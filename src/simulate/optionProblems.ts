/**
 * The rules a simulation's model, start and horizon must satisfy, checked in one place: `simulate`
 * throws a `RangeError` naming the path (`simulateMessages.badOption`), and the scenario layer maps
 * the same problems onto scenario field paths. Paths are relative to `SimulateOptions`
 * (`model.hidden`, `start.factors.1`, `saveAt.times.0`, `detFloor`, …).
 */
import { productOf } from '../init/inits.js';
import { singularValues } from '../linalg/svd.js';
import type { SaveAt } from '../ode/types.js';
import { optionMessages, type OptionProblem } from './messages.js';
import type { ModelSpec, StartSpec } from './modelSpec.js';

export type { OptionProblem } from './messages.js';

/** The widths `d_0 … d_N` of a model on `rows × cols` matrices (depth ∞: `[d_0, d_N]`), or the problems that prevent them. */
export function modelProblems(model: ModelSpec, rows: number, cols: number): { widths: number[]; problems: OptionProblem[] } {
  const N = model.depth;
  const problems: OptionProblem[] = [];
  const r = model.regularizer;
  if (r && !(r.weightDecay >= 0 && r.balance >= 0)) problems.push({ path: 'model.regularizer', message: optionMessages.regularizerSign() });
  if (r && (r.weightDecay !== 0 || r.balance !== 0) && (model.parametrization !== 'factors' || !Number.isFinite(N)))
    problems.push({ path: 'model.regularizer', message: optionMessages.regularizerFactors() });
  if (!Number.isFinite(N)) {
    if (model.parametrization === 'factors') problems.push({ path: 'model.parametrization', message: optionMessages.infFactors() });
    if (model.time === 'upstairs') problems.push({ path: 'model.time', message: optionMessages.infUpstairs() });
    return { widths: [cols, rows], problems };
  }
  // fill, not Array.from with a map: validation calls this per sweep cell, at depths up to 10 000
  const hidden = model.hidden ?? new Array<number>(Math.max(0, N - 1)).fill(Math.max(rows, cols));
  if (hidden.length !== N - 1) problems.push({ path: 'model.hidden', message: optionMessages.hiddenCount(hidden.length, N) });
  return { widths: [cols, ...hidden, rows], problems };
}

/** What `optionProblems` reads: the parts of `SimulateOptions` the rules are about. */
export interface CheckedOptions {
  readonly energy: { readonly rows: number; readonly cols: number };
  readonly model: ModelSpec;
  readonly start: StartSpec;
  readonly t1: number;
  readonly saveAt?: SaveAt;
  readonly detFloor?: number;
  readonly precisionGuard?: boolean;
}

/** Every broken rule of a simulation's options (empty when they are consistent). */
export function optionProblems(o: CheckedOptions): OptionProblem[] {
  const { rows, cols } = o.energy;
  const { widths, problems } = modelProblems(o.model, rows, cols);
  const factorModel = o.model.parametrization === 'factors' && Number.isFinite(o.model.depth);
  if ('factors' in o.start) {
    const F = o.start.factors;
    if (F.length !== widths.length - 1) problems.push({ path: 'start.factors', message: optionMessages.factorCount(F.length, widths.length - 1) });
    else
      F.forEach((f, j) => {
        if (f.length !== widths[j + 1]! * widths[j]!)
          problems.push({ path: `start.factors.${String(j)}`, message: optionMessages.entries(f.length, widths[j + 1]!, widths[j]!) });
      });
  } else if (o.start.endToEnd.length !== rows * cols)
    problems.push({ path: 'start.endToEnd', message: optionMessages.entries(o.start.endToEnd.length, rows, cols) });
  if (o.saveAt?.kind === 'times')
    o.saveAt.times.forEach((t, i) => {
      if (t > o.t1) problems.push({ path: `saveAt.times.${String(i)}`, message: optionMessages.saveBeyond(t, o.t1) });
    });
  if (o.detFloor !== undefined && rows !== cols) problems.push({ path: 'detFloor', message: optionMessages.detFloorSquare() });
  if (o.precisionGuard === true) {
    // factor models: square factors; end-to-end models (any depth, ∞ included): a square problem held at full rank
    // (a start below the floor is refused by simulate, which computes the floor from the tolerances)
    if (factorModel) {
      if (!widths.every((w) => w === widths[0])) problems.push({ path: 'precisionGuard', message: optionMessages.guardNeedsSquare() });
    } else if (o.model.parametrization !== 'end-to-end') problems.push({ path: 'precisionGuard', message: optionMessages.guardNeedsFactors() });
    else if (rows !== cols) problems.push({ path: 'precisionGuard', message: optionMessages.guardNeedsSquareProblem() });
    else if (o.model.rank !== undefined && o.model.rank < rows)
      problems.push({ path: 'precisionGuard', message: optionMessages.guardNeedsFullRank(o.model.rank, rows) });
  }
  if (o.model.coordinates === 'spectral') problems.push(...spectralProblems(o));
  return problems;
}

/** The rules of `model.coordinates: spectral`: an end-to-end model of a square problem (its start: `startProblems`). */
function spectralProblems(o: CheckedOptions): OptionProblem[] {
  const { rows, cols } = o.energy;
  const path = 'model.coordinates';
  if (o.model.parametrization !== 'end-to-end') return [{ path, message: optionMessages.spectralEndToEnd() }];
  if (rows !== cols) return [{ path, message: optionMessages.spectralSquare(rows, cols) }];
  if (o.model.rank !== undefined && o.model.rank < rows) return [{ path, message: optionMessages.spectralRank(o.model.rank, rows) }];
  return o.precisionGuard === true ? [{ path: 'precisionGuard', message: optionMessages.spectralGuard() }] : [];
}

/**
 * The start's own problems, which need its values and not only its shape (the scenario resolver
 * checks options on a start of zeros of the right shape; a scenario's run meets the same rule in
 * `spectralFlow`): spectral coordinates need a nonsingular start.
 */
export function startProblems(o: CheckedOptions): OptionProblem[] {
  const { rows, cols } = o.energy;
  if (o.model.coordinates !== 'spectral' || rows !== cols) return [];
  const { widths } = modelProblems(o.model, rows, cols);
  const problems: OptionProblem[] = [];
  const F = 'factors' in o.start ? o.start.factors : undefined;
  const shaped = F !== undefined && F.length === widths.length - 1 && F.every((f, j) => f.length === widths[j + 1]! * widths[j]!);
  const start = F === undefined ? ('endToEnd' in o.start ? o.start.endToEnd : undefined) : shaped ? productOf(widths, F) : undefined;
  if (start && start.length === rows * cols) {
    const s = singularValues(Float64Array.from(start), rows, cols);
    const top = s[0]!;
    const bottom = s[rows - 1]!;
    // the relative floor of a rank decision (simulate's RANK_TOL_START): below it the start's σ_min is rounding
    if (!(bottom > 64 * Number.EPSILON * top)) problems.push({ path: 'start', message: optionMessages.spectralSingular(bottom, top) });
  }
  return problems;
}
