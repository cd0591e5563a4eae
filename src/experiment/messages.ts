/**
 * What building an experiment from a schema-valid scenario says when the fields disagree (the
 * loader adds the file and the field path), as functions, so tests compare with these and not with
 * copies. The model/start/horizon rules shared with `simulate` are `optionMessages` in
 * `simulate/messages.ts`.
 */

export const buildMessages = {
  notAnObject: (key: string): string => `"${key}" is not an object in this scenario`,
  gaussianScale: (): string => 'a gaussian init takes exactly one of scale (per layer) and endToEndScale',
  notSweepable: (): string =>
    'not a sweepable field; expected one of model.depth, model.width, model.coordinates, model.parametrization, model.noise.beta, model.noise.dt, model.regularizer.weightDecay, model.regularizer.balance, init.scale, init.s0, init.endToEndScale, energy.noise.std, horizon.t1, horizon.lossBelow, horizon.detFloor, solver.method, solver.rtol, solver.atol, optimizer.lr, optimizer.steps, optimizer.beta, optimizer.beta1, optimizer.beta2, optimizer.eps, energy.p, energy.measurements, energy.observedFraction, params.<name>',
  badSweepValue: (value: string, field: string, why: string): string => `the value ${value} does not fit ${field}: ${why}`,
  raggedRow: (got: number, want: number): string => `row has ${String(got)} entries, expected ${String(want)} like row 0`,
  matrixShape: (rows: number, cols: number, wantRows: number, wantCols: number): string =>
    `is ${String(rows)}×${String(cols)}, expected ${String(wantRows)}×${String(wantCols)}`,
  observedOutside: (i: number, j: number, m: number, n: number): string =>
    `entry (${String(i)}, ${String(j)}) lies outside the ${String(m)}×${String(n)} shape`,
  hiddenAndWidth: (): string => 'give either hidden or width, not both',
  alignedNeedsTarget: (): string => 'an aligned start needs an energy with a target (whitened, lp or sensing)',
  detSignSquare: (): string => 'the sign of det W(0) is defined for square problems only',
  /** A bad `init.path`. */
  read: (path: string, why: string): string => `cannot read the starts file ${path}: ${why}`,
  missing: (path: string, given: string): string =>
    `there is no starts file ${path}${given === path ? '' : ` ("${given}", resolved against the scenario file's folder)`}`,
  notAFile: (path: string): string => `the starts file ${path} is not a regular file (a folder, a device or a pipe cannot be read as starts)`,
  badPath: (path: string, why: string): string => `the starts file's path ${path} ${why}`,
  parse: (path: string, why: string): string => `${path}: ${why}`,
  runs: (runs: number, count: number, path: string): string => `asks for ${String(runs)} runs; ${path} holds ${String(count)} starts`,
  /** A completion with both explicit entries and a random mask. */
  observedAndTruth: (): string => 'give either observed entries or a truth observed on a random mask (truth, observedFraction), not both',
  /** A completion with neither. */
  completionEntries: (): string => 'a completion needs observed entries, or a truth and an observedFraction',
  /** A random-mask field without its partner. */
  completionNeeds: (field: string, other: string): string => `${field} belongs to a random-mask completion: give ${other} too`,
  /** A baseline on an energy without linear measurements. */
  baselineNeedsMeasurements: (kind: string): string =>
    `the nuclear-norm and Frobenius baselines need linear measurements: energy kind sensing or completion, got ${kind}`,
};

/** What a scenario's `optimizer` block says when it cannot run (the model-level problems are `optimizerMessages` in `optimizer/messages.ts`). */
export const optimizerScenarioMessages = {
  meanUndefined: (kind: string): string =>
    `mean is defined for completion, whitened, sensing and data energies (a mean over squared residuals); a ${kind} energy has none: use sum`,
  noCompare: (): string => 'does not apply to optimizer runs: their column gapToFlow already compares them with the flow',
};
