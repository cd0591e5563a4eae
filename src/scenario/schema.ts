/**
 * The scenario schema (DESIGN.md, "Scenarios"): one experiment per YAML/JSON file, validated with
 * zod so that every error names the path of the bad field; unknown fields are rejected everywhere.
 * `scenarioJsonSchema()` gives the same schema as JSON Schema for editor completion.
 */
import { z } from 'zod';
import { DEFAULT_SOLVER } from '../simulate/defaultSolver.js';

const posInt = z.int().min(1);
const shape = z.tuple([posInt, posInt]).describe('[rows, cols] of the end-to-end matrix (d_N, d_0)');
const matrix = z.array(z.array(z.number())).min(1).describe('a matrix as a list of rows');
const depth = z
  .union([posInt, z.literal('inf')], { error: 'expected an integer N ≥ 1, or "inf"' })
  .describe('N ≥ 1, or "inf" (end-to-end only, normalised time)');

const lowRankTarget = z.strictObject({
  kind: z.literal('low-rank'),
  shape,
  sigma: z.array(z.number().positive()).min(1).describe('the target singular values'),
  seed: z.int().default(0).describe('seed of the random singular vectors'),
});
const target = z.union([matrix, lowRankTarget]).describe('an explicit matrix, or a seeded random matrix with the given singular values');

const perRun = z
  .boolean()
  .describe('each run draws its own problem instance: every seed of the energy (a low-rank target’s, the measurements’ or mask’s) plus the run index');

const energy = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('completion'),
    shape,
    observed: z
      .array(z.tuple([posInt, posInt, z.number()]))
      .min(1)
      .optional()
      .describe('observed entries [i, j, value], 1-based like w12 (or give truth and observedFraction)'),
    truth: target.optional().describe('a ground truth observed on a random mask (with observedFraction); adds the column recoveryError under a baseline'),
    observedFraction: z.number().gt(0).max(1).optional().describe('with truth: the observed fraction f; round(f·rows·cols) entries chosen uniformly'),
    seed: z.int().optional().describe('with truth: seed of the random mask (default 0)'),
    perRun: perRun.optional(),
  }),
  z.strictObject({ kind: z.literal('whitened'), target }),
  z.strictObject({ kind: z.literal('lp'), target, p: z.number().min(2) }),
  z.strictObject({
    kind: z.literal('sensing'),
    target,
    measurements: posInt.describe('number of Gaussian measurement matrices A_k; y_k = ⟨A_k, target⟩'),
    seed: z.int().default(0),
    perRun: perRun.optional(),
  }),
  z.strictObject({ kind: z.literal('expression'), shape, E: z.string().min(1).describe('E(W) in the entries w11, w12, … (mathjs syntax)') }),
  z
    .strictObject({
      kind: z.literal('data'),
      teacher: target.describe('the teacher A* (d_N × d_0); Y = A* X'),
      inputs: z.strictObject({
        n: posInt.describe('number of samples'),
        rank: posInt.describe('rank of X: the inputs span only this many of the d_0 directions'),
        seed: z.int().default(0),
      }),
    })
    .describe('regression from data, E = (1/2n)‖WX − Y‖²; adds the columns nullX, nullXChange, errSupport, errNull, errMixed'),
]);

const model = z.strictObject({
  depth,
  hidden: z.array(posInt).optional().describe('hidden widths d_1 … d_{N−1}'),
  width: posInt.optional().describe('one width for every hidden layer'),
  parametrization: z.enum(['factors', 'end-to-end']).default('factors'),
  time: z.enum(['upstairs', 'normalized']).optional().describe('default upstairs (normalized for depth inf)'),
  compareEndToEnd: z
    .boolean()
    .default(false)
    .describe('factor models: also integrate the downstairs flow from the product of the start and record `mismatch` = ‖W_up − W_down‖_F/‖W_down‖_F'),
});

const detSign = z
  .union([z.literal(1), z.literal(-1)])
  .optional()
  .describe('square problems: force the sign of det W(0)');
const init = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('balanced'),
    W0: z.union([matrix, z.literal('identity')]).describe('the end-to-end matrix the balanced factors multiply to'),
    scale: z.number().default(1).describe('multiplies W0'),
    randomFactors: z.boolean().default(false).describe('random Q_j (seeded per run) instead of the standard basis'),
    detSign,
  }),
  z.strictObject({ kind: z.literal('balanced-random'), scale: z.number().positive(), detSign }),
  z.strictObject({ kind: z.literal('gaussian'), scale: z.number().positive(), detSign }),
  z.strictObject({ kind: z.literal('orthogonal'), scale: z.number().positive(), detSign }),
  z.strictObject({ kind: z.literal('explicit'), factors: z.array(matrix).min(1) }),
  z.strictObject({
    kind: z.literal('aligned'),
    s0: z.union([z.number().positive(), z.array(z.number().positive())]).describe('the starting mode sizes on the target singular vectors'),
  }),
  z.strictObject({
    kind: z.literal('file'),
    path: z
      .string()
      .min(1)
      .describe(
        'a .npy (little-endian float64, C order, shape (runs, m, n) or (runs, m·n)), .csv (one start per line, row-major) or .json (a list of matrices or flat lists) file of end-to-end starts W(0), relative to the scenario file; run i starts from the i-th (balanced into the factors of factor models), in every cell',
      ),
    scale: z.number().default(1).describe('multiplies every start'),
    randomFactors: z.boolean().default(false).describe('random Q_j (seeded per run) instead of the standard basis'),
  }),
]);

const solver = z.strictObject({
  method: z
    .enum(['dopri5', 'dop853', 'rodas4', 'bdf', 'odex', 'auto', 'auto-rk'])
    .default(DEFAULT_SOLVER.method)
    .describe(
      'auto: Adams ↔ BDF (LSODA’s algorithm, cheapest per tolerance); auto-rk: DOPRI5 ↔ RODAS4 (more accurate per tolerance); dopri5, dop853: non-stiff; rodas4, bdf: stiff; odex: extrapolation',
    ),
  rtol: z.number().positive().max(0.1).default(DEFAULT_SOLVER.rtol),
  atol: z.number().positive().default(DEFAULT_SOLVER.atol),
  maxSteps: posInt.default(DEFAULT_SOLVER.maxSteps),
  hmax: z.number().positive().optional(),
});

const save = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('uniform'), n: z.int().min(2) }),
  z.strictObject({ kind: z.literal('log'), n: z.int().min(2), tmin: z.number().positive().optional() }),
  z.strictObject({ kind: z.literal('times'), times: z.array(z.number().nonnegative()).min(1) }),
  z.strictObject({ kind: z.literal('steps') }),
]);

const horizon = z.strictObject({
  t1: z.number().positive(),
  save: save.default({ kind: 'uniform', n: 101 }),
  lossBelow: z.number().positive().optional().describe('stop when the loss falls below this'),
  detFloor: z.number().positive().optional().describe('square problems: stop with status precision-limit when |det W| < detFloor·‖W‖_F^d'),
  precisionGuard: z
    .boolean()
    .optional()
    .describe(
      'default true wherever it applies (factor models with square, nonsingular factors): stop with status precision-limit when a factor’s σ_min/σ_max falls below a million ulps (≈2.2e-10), where the sign of det W is about to be lost to rounding; false runs on',
    ),
});

const tolerance = { atol: z.number().nonnegative().default(0), rtol: z.number().nonnegative().default(0) };
const check = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('series'),
    name: z.string().min(1),
    quantity: z.string().min(1).describe('a trajectory column: loss, erank, sigma1, w11, det, …'),
    expect: z.string().min(1).describe('the prediction, an expression in t, N, the params and modeLaw(N, sigma, s0, t)'),
    ...tolerance,
    window: z.tuple([z.number(), z.number()]).optional().describe('only saved times in [a, b]'),
  }),
  z.strictObject({
    kind: z.literal('final'),
    name: z.string().min(1),
    assert: z.string().min(1).describe('a predicate on final values, e.g. "abs(w11) > 10 and erank < 1.1"'),
  }),
  z.strictObject({
    kind: z.literal('always'),
    name: z.string().min(1),
    assert: z.string().min(1).describe('a predicate that must hold at every saved time, e.g. "det > 0"'),
  }),
  z.strictObject({
    kind: z.literal('invariant'),
    name: z.string().min(1),
    maxDrift: z.number().nonnegative().describe('bound on max_t max_j ‖D_j(t) − D_j(0)‖_F'),
  }),
  z.strictObject({
    kind: z.literal('status'),
    name: z.string().min(1),
    expect: z
      .array(z.enum(['success', 'loss-reached', 't1-reached', 'precision-limit', 'max-steps', 'step-size-underflow', 'non-finite', 'interrupted']))
      .min(1)
      .describe('success: t1 reached by a run without lossBelow; t1-reached: t1 came before the loss fell below lossBelow'),
  }),
  z.strictObject({
    kind: z.literal('ensemble'),
    name: z.string().min(1),
    each: z.string().min(1).describe('a predicate on each run’s final values'),
    min: z.number().min(0).max(1).default(0).describe('lower bound on the fraction of runs satisfying it'),
    max: z.number().min(0).max(1).default(1),
    cells: z.array(z.int().min(0)).optional().describe('only these cells of the sweep grid (default: every cell)'),
    label: z.string().optional().describe('what the predicate means, in words (titles the fraction-per-cell figure; default: the predicate)'),
  }),
  z.strictObject({
    kind: z.literal('aggregate'),
    name: z.string().min(1),
    assert: z
      .string()
      .min(1)
      .describe(
        'a predicate per cell on aggregates of per-run expressions over the runs’ final values: mean(x), median(x), quantile(x, q), std(x), fraction(p), e.g. "median(abs(1 - w12*w21)) < 1e-3"',
      ),
    cells: z.array(z.int().min(0)).optional().describe('only these cells of the sweep grid (default: every cell)'),
  }),
]);

const figure = z.strictObject({
  kind: z
    .enum(['trajectory', 'scatter', 'histogram', 'summary'])
    .describe(
      'trajectory: y against x per run; scatter: final x against final y per run; histogram: final y over runs; summary: mean of final y per cell with 95% CI against the swept field x (a list y: the first per cell; each further one as one line taken from the first cell at each x, for a baseline the other swept fields do not change)',
    ),
  x: z.string().default('t'),
  y: z.union([z.string(), z.array(z.string()).min(1)]),
  title: z.string().optional(),
  logX: z.boolean().default(false),
  logY: z.boolean().default(false),
  hyperbola: z.boolean().default(false).describe('scatter: draw the hyperbola x·y = 1'),
  expr: z.string().optional().describe('histogram: an expression in the final values to histogram instead of the column y (y then names the axis)'),
});

export const scenarioSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  title: z.string().min(1),
  description: z.string().min(1).describe('what it shows, citing its source'),
  params: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.number())
    .default({})
    .describe('named numbers for the checks'),
  energy,
  model,
  init,
  solver: solver.default({ ...DEFAULT_SOLVER }),
  horizon,
  ensemble: z
    .strictObject({
      runs: posInt.max(100_000).default(1).describe('default 1, or the number of starts of an init of kind file'),
      seed: z.int().default(0),
      paired: z
        .boolean()
        .default(false)
        .describe(
          'run i draws the same random numbers in every cell of the sweep (the seed depends on (seed, run) only), so cells are compared on the same starts: e.g. the same W(0) balanced into each depth',
        ),
    })
    .default({ runs: 1, seed: 0, paired: false }),
  sweep: z
    .record(z.string(), z.array(z.union([z.number(), z.literal('inf')])).min(1))
    .default({})
    .describe('a grid: dotted path of a scalar field → values'),
  baseline: z
    .strictObject({
      tol: z.number().positive().max(1e-3).default(1e-8).describe('relative duality gap and infeasibility the nuclear-norm solver stops at'),
      maxIterations: posInt.default(20000).describe('ADMM iteration cap'),
    })
    .optional()
    .describe(
      'sensing and completion: the minimum nuclear norm and minimum Frobenius norm solutions of the measurements, computed once per problem instance and thread; adds the columns nuclearNorm, nuclearNormGap, distToNuclear, distToFrobenius, baselineGap, baselineFeasibility, and with a ground truth recoveryError, nuclearRecoveryError, frobeniusRecoveryError',
    ),
  checks: z.array(check).default([]),
  figures: z.array(figure).default([]),
  quick: z
    .record(z.string(), z.unknown())
    .optional()
    .describe(
      'a reduced profile for `--quick` (what `npm start` runs): dotted paths → values, as `--set` (e.g. {"ensemble.runs": 3, "sweep.model.width": [5, 50]}); `gradflow check FILE` runs the full scenario',
    ),
});

/** A validated scenario (defaults filled in). */
export type Scenario = z.output<typeof scenarioSchema>;
export type Check = Scenario['checks'][number];

/** The scenario schema as JSON Schema (draft 2020-12), for editors. */
export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(scenarioSchema, { io: 'input' });
}
