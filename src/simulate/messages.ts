/** Every text the simulate layer shows a user, as functions, so tests compare with these and not with copies. */
import { END_TO_END_KAPPA, PRECISION_FLOOR } from './precisionFloor.js';

/** One broken rule of a simulation's options: where (a dotted path into `SimulateOptions`) and what was expected. */
export interface OptionProblem {
  readonly path: string;
  readonly message: string;
}

/** What a simulation says when it stops on one of its own events. */
export const simulateMessages = {
  lossReached: (eps: number, t: number): string => `The loss fell below ${String(eps)} at t = ${String(t)}.`,
  eventReached: (name: string, t: number): string => `The event "${name}" ended the run at t = ${String(t)}.`,
  factorPrecision: (t: number): string =>
    `A factor's smallest singular value fell below ${PRECISION_FLOOR.toPrecision(2)}·σ_max (a million ulps) at t = ${String(t)}: beyond this the sign of det W — which the exact flow keeps — is soon lost to rounding, so the run stops here rather than report a spurious limit. Spectral coordinates go further: parametrization end-to-end with coordinates spectral stores log σ and keeps the sign of det W exactly (horizon.precisionGuard: false runs on here).`,
  spectralCrossing: (t: number, gap: number): string =>
    `Two singular values met at t = ${String(t)} (min ln(σ_i/σ_l) fell below ${String(gap)}): spectral coordinates are singular where singular values are equal (the rates of U and V grow like 1/gap; the flow itself is regular there), so the run stops here, with the trajectory to there kept. Integrate this stretch in matrix coordinates (model.coordinates: matrix).`,
  spectralHandoff: (t: number): string =>
    `The start's singular values were (nearly) equal, where spectral coordinates are singular: the run was integrated in matrix coordinates to t = ${String(t)}, where they had separated, and in spectral coordinates after.`,
  t1Reached: (t1: number, eps: number): string => `t1 = ${String(t1)} was reached before the loss fell below ${String(eps)}.`,
  /** An inconsistent option (see `optionProblems`): its path, then what was expected. */
  badOption: (p: OptionProblem): string => `${p.path} ${p.message}`,
  guardStartBelow: (j: number, ratio: number): string =>
    `precisionGuard: the start's factor W_${String(j)} has σ_min/σ_max = ${ratio.toPrecision(3)}, already below the floor ${PRECISION_FLOOR.toPrecision(2)}: its determinant has no sign to protect`,
  endToEndPrecision: (rtol: number, atol: number, t: number): string =>
    `σ_min(W)/σ_max(W) fell below max(${String(END_TO_END_KAPPA)}·(rtol + atol/σ_max), ${PRECISION_FLOOR.toPrecision(2)}) (rtol = ${String(rtol)}, atol = ${String(atol)}) at t = ${String(t)}: in end-to-end coordinates the solver resolves W only to about rtol·σ_max + atol, so beyond this σ_min and the sign of det W — which the exact flow keeps — are not resolved, and the run stops here rather than report a spurious limit. Spectral coordinates go further (model.coordinates: spectral stores log σ and keeps the sign of det W exactly); or tighten rtol/atol, or horizon.precisionGuard: false runs on.`,
  endToEndStartBelow: (ratio: number, floor: number): string =>
    `precisionGuard: the start has σ_min/σ_max = ${ratio.toPrecision(3)}, already below the end-to-end floor ${floor.toPrecision(3)}: its determinant's sign is not resolved at this tolerance`,
  invariantBroken: (what: string, t: number, drift: number, bound: number, was: string): string =>
    `The invariant ${what} of the exact flow drifted by ${drift.toPrecision(3)} by t = ${String(t)}, beyond the ${bound.toPrecision(3)} the solver's tolerance can explain (docs/theory.md §5.4): the trajectory is kept, but it is not the flow's (the run had ended ${was}).`,
  detPrecision: (floor: number, d: number, t: number): string =>
    `|det W| fell below ${String(floor)}·‖W‖^${String(d)} at t = ${String(t)}: beyond this its sign — which the exact flow keeps — is lost to rounding, so the run stops here rather than report a spurious limit.`,
};

/** Texts of the problems, as functions (each reads after its path). */
export const optionMessages = {
  infFactors: (): string => 'depth "inf" exists only for the end-to-end parametrization',
  regularizerFactors: (): string => 'a regularizer acts on the factors: it needs parametrization factors and a finite depth',
  regularizerSign: (): string => 'weightDecay and balance must be finite and ≥ 0',
  infUpstairs: (): string => 'depth ∞ has no upstairs time: use normalized (τ = N t)',
  hiddenCount: (given: number, N: number): string => `lists ${String(given)} widths; depth ${String(N)} has ${String(N - 1)} hidden layers`,
  detFloorSquare: (): string => 'applies to square problems only',
  guardNeedsFactors: (): string => 'applies to factor models and to end-to-end models of square problems; use detFloor otherwise',
  guardNeedsSquare: (): string => 'needs square factors (every width equal)',
  guardNeedsSquareProblem: (): string =>
    'needs a square problem (rows = cols) on an end-to-end model: det W must exist; use detFloor or parametrization factors otherwise',
  guardNeedsFullRank: (rank: number, d: number): string => `needs a nonsingular start: the end-to-end model is held to rank ${String(rank)} < ${String(d)}`,
  spectralEndToEnd: (): string => 'spectral applies to end-to-end models (parametrization end-to-end)',
  spectralSquare: (rows: number, cols: number): string => `spectral needs a square problem; this one is ${String(rows)}×${String(cols)}`,
  spectralRank: (rank: number, d: number): string => `spectral needs a nonsingular start: the model is held to rank ${String(rank)} < ${String(d)}`,
  spectralSingular: (sigmaMin: number, sigmaMax: number): string =>
    `is singular to rounding (σ_min = ${sigmaMin.toPrecision(3)}, σ_max = ${sigmaMax.toPrecision(3)}): spectral coordinates store log σ and need a nonsingular start`,
  spectralGuard: (): string => 'does not apply in spectral coordinates: they keep the sign of det W by construction (leave precisionGuard unset)',
  saveBeyond: (t: number, t1: number): string => `${String(t)} lies beyond t1 = ${String(t1)}`,
  factorCount: (given: number, depth: number): string => `lists ${String(given)} factors; the model has ${String(depth)}`,
  entries: (got: number, rows: number, cols: number): string => `has ${String(got)} entries, expected ${String(rows)}×${String(cols)} = ${String(rows * cols)}`,
};
