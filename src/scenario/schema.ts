/**
 * The scenario schema (DESIGN.md, "Scenarios"): one experiment per YAML/JSON file, validated with
 * zod so that every error names the path of the bad field; unknown fields are rejected everywhere.
 * `scenarioJsonSchema()` gives the same schema as JSON Schema for editor completion.
 */
import { METHOD_NAMES } from '../ode/methods.js';
import { z } from 'zod';
import { DEFAULT_SOLVER } from '../simulate/defaultSolver.js';
import { check, runStatus } from './checkSchema.js';
import { energy, matrix, posInt } from './energySchema.js';
import { optimizer } from './optimizerSchema.js';
import { ID_MAX_BYTES, idFolderProblem } from './folderName.js';

const depth = z
  .union([posInt, z.literal('inf')], { error: 'expected an integer N ≥ 1, or "inf"' })
  .describe('N ≥ 1, or "inf" (end-to-end only, normalised time)');

const model = z.strictObject({
  depth,
  hidden: z.array(posInt).optional().describe('hidden widths d_1 … d_{N−1}'),
  width: posInt.optional().describe('one width for every hidden layer'),
  parametrization: z.enum(['factors', 'end-to-end']).default('factors'),
  coordinates: z
    .enum(['matrix', 'spectral'])
    .optional()
    .describe(
      'end-to-end models of square problems: matrix (default) integrates the entries of W; spectral integrates W = U·diag(e^ℓ)·Vᵀ with ℓ = log σ, which keeps exponentially small singular values and the sign of det W exactly (a start with equal singular values runs in matrix coordinates until they separate; manifest handoff)',
    ),
  time: z.enum(['upstairs', 'normalized']).optional().describe('default upstairs (normalized for depth inf)'),
  regularizer: z
    .strictObject({
      weightDecay: z.number().nonnegative().default(0).describe('λ in λ/2 Σ_j ‖W_j‖_F²'),
      balance: z.number().nonnegative().default(0).describe('μ in μ/4 Σ_j ‖W_{j+1}ᵀW_{j+1} − W_jW_jᵀ‖_F²'),
    })
    .optional()
    .describe('factor models: penalties added to the energy the factors descend (the loss column stays E; the column penalty records R)'),
  compareEndToEnd: z
    .boolean()
    .default(false)
    .describe('factor models: also integrate the downstairs flow from the product of the start and record `mismatch` = ‖W_up − W_down‖_F/‖W_down‖_F'),
  noise: z
    .strictObject({
      beta: z
        .union([z.number().positive(), z.literal('inf')], { error: 'expected a positive number β, or "inf" (no noise)' })
        .describe('inverse temperature β: dW_j = −∇_{W_j} L dt + √(2/β) dB_j; "inf" runs the same integrator without noise'),
      dt: z.number().positive().describe('the fixed step size (each interval between save times is cut into ⌈Δ/dt⌉ equal steps)'),
      method: z
        .enum(['sra1', 'euler-maruyama'])
        .default('sra1')
        .describe('sra1: Rößler’s SRA1, strong order 1.5 for additive noise; euler-maruyama: order 1 for additive noise'),
      adaptive: z
        .strictObject({ rtol: z.number().nonnegative().default(0), atol: z.number().positive() })
        .optional()
        .describe(
          'sra1 only: adaptive steps (dt the first and largest) accepted when the RMS of (SRA1 − Euler–Maruyama)/(atol + rtol·|y|) ≤ 1, rejections resampled from the exact Brownian bridge (RSwM); a local estimate, no global bound',
        ),
    })
    .optional()
    .describe(
      'Langevin dynamics upstairs (factor models, upstairs time): seeded Brownian paths per run; adds the columns normD1… (‖D_j‖_F) and traceD1… (tr D_j)',
    ),
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
  z.strictObject({
    kind: z.literal('gaussian'),
    scale: z
      .union([z.number().positive(), z.array(z.number().positive()).min(1)])
      .optional()
      .describe('every factor i.i.d. N(0, scale²); a list: one scale per factor W_1 … W_N'),
    endToEndScale: z
      .number()
      .positive()
      .optional()
      .describe(
        'instead of scale: the same per-layer scale σ for every factor, chosen so that E‖W_N⋯W_1‖_F² equals that of a shallow N(0, endToEndScale²) start, σ = (s²/∏ hidden widths)^{1/(2N)}: the same end-to-end size at every depth',
      ),
    detSign,
  }),
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

const solver = z
  .strictObject({
    method: z
      .enum(METHOD_NAMES)
      .default(DEFAULT_SOLVER.method)
      .describe(
        'auto: Adams ↔ BDF (LSODA’s algorithm, cheapest per tolerance); auto-rk: DOPRI5 ↔ RODAS4 (more accurate per tolerance); dopri5, dop853: non-stiff; rodas4, bdf, radau5 (Radau IIA, order 5): stiff; odex: extrapolation',
      ),
    rtol: z.number().positive().max(0.1).default(DEFAULT_SOLVER.rtol),
    atol: z.number().positive().default(DEFAULT_SOLVER.atol),
    maxSteps: posInt.default(DEFAULT_SOLVER.maxSteps),
    hmax: z.number().positive().optional(),
    jacobianAge: posInt
      .optional()
      .describe(
        'bdf, auto and their Krylov forms: keep a Jacobian (for bdf-krylov and auto-krylov, the preconditioner’s setup point) for up to this many steps, re-forming the Newton matrix from it (CVODE’s rule, e.g. 50); a convergence failure evaluates it afresh. Default: LSODA’s rule, a new Jacobian with every Newton matrix',
      ),
  })
  .superRefine((s, ctx) => {
    if (s.jacobianAge !== undefined && !['bdf', 'auto', 'bdf-krylov', 'auto-krylov'].includes(s.method))
      ctx.addIssue({
        code: 'custom',
        path: ['jacobianAge'],
        message: `only bdf, auto, bdf-krylov and auto-krylov keep a Jacobian between steps; method ${s.method} has none to keep`,
      });
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
  stopWhen: z
    .string()
    .min(1)
    .optional()
    .describe(
      'a predicate over the columns, e.g. "w11 >= 0.5" or "loss < 1e-3 and erank < 1.5": the run ends with status event at the first time it switches from false to true, located on the solver’s dense output to 1e-12 relative in t (an optimiser: the first step at which it holds); summary.csv’s tEvent is that time. Columns that are functions of the state only (t, loss, frobenius, w11…, sigma1, spectral; sigma2…, nuclear, erank, rank, det, logAbsDet unless the factors are square), the parameters, swept values and N. A predicate already true at the start does not stop the run',
    ),
  precisionGuard: z
    .boolean()
    .optional()
    .describe(
      'default true wherever it applies (factor models with square, nonsingular, balanced factors at depth ≥ 2; end-to-end models of a square problem from a nonsingular start at depth ≥ 2 or inf): stop with status precision-limit where the sign of det W, which the exact flow keeps, can no longer be trusted — factors: a factor’s σ_min/σ_max below a million ulps (≈2.2e-10); end-to-end: σ_min(W)/σ_max(W) below max(10·(rtol + atol/σ_max), 2.2e-10), what the solver resolves in those coordinates; false runs on',
    ),
});

const figure = z.strictObject({
  kind: z
    .enum(['trajectory', 'scatter', 'histogram', 'summary', 'band'])
    .describe(
      'trajectory: y against x per run; scatter: final x against final y per run; histogram: final y over runs; summary: mean of final y per cell with 95% CI against the swept field x; band: y over the runs of each cell at each saved time (see stat)',
    ),
  x: z.string().default('t'),
  y: z.union([z.string(), z.array(z.string()).min(1)]),
  title: z.string().optional(),
  logX: z.boolean().default(false),
  logY: z.boolean().default(false),
  hyperbola: z.boolean().default(false).describe('scatter: draw the hyperbola x·y = 1'),
  expr: z.string().optional().describe('histogram: an expression in the final values to histogram instead of the column y (y then names the axis)'),
  stat: z.enum(['median', 'mean']).default('median').describe('band: median with the 5–95% quantile band, or mean with the band mean ± 3 standard errors'),
  law: z.string().optional().describe('band: an expression per run and saved row (as a series check’s expect), drawn dashed as its mean over the cell’s runs'),
  statuses: z
    .array(runStatus)
    .min(1)
    .optional()
    .describe(
      'summary: only the runs that ended with one of these statuses (e.g. [loss-reached] for steps to ε against a learning rate some rates of which diverge); a cell with none is left out',
    ),
});

const sweepGrid = z.record(z.string(), z.array(z.union([z.number(), z.string()])).min(1));

export const scenarioSchema = z.strictObject({
  kind: z
    .literal('flow', { error: 'expected flow (the default: integrate the flow) or landscape (a free-energy landscape, docs/landscapes.md)' })
    .optional()
    .describe('flow (the default): integrate the gradient flow; `landscape` files follow landscapeSchema.ts'),
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes')
    // the folders named from the id must fit the file systems' limits (folderName.ts)
    .refine((id) => idFolderProblem(id) === undefined, { error: (iss) => idFolderProblem(iss.input as string), when: (p) => p.issues.length === 0 })
    .describe(`names the output folder <out>/<id>/: lower-case letters, digits and dashes, at most ${String(ID_MAX_BYTES)} characters`),
  title: z.string().min(1),
  description: z.string().min(1).optional().describe('what it shows, citing its source (optional)'),
  params: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.number())
    .default({})
    .describe('named numbers for the checks'),
  energy,
  model,
  init,
  solver: solver.default({ ...DEFAULT_SOLVER }),
  horizon,
  optimizer: optimizer.optional(),
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
    .union([sweepGrid, z.array(sweepGrid).min(1)])
    .default({})
    .describe(
      'a grid (dotted path of a scalar field → values), or a list of grids whose cells are taken in turn (e.g. [{model.depth: [1]}, {model.depth: [2, 3], model.width: [5, 50]}]: a shallow cell without a width, then the deep grid)',
    ),
  compare: z
    .strictObject({
      reference: z
        .record(z.string(), z.union([z.number(), z.string()]))
        .describe(
          'swept values that make a cell a reference, e.g. {model.depth: 1}; every other cell is paired with the reference agreeing on its remaining swept values',
        ),
      quantities: z
        .array(z.string().min(1))
        .min(1)
        .describe('columns whose final values get per-cell statistics (cells.csv) and paired differences (paired.csv)'),
    })
    .optional(),
  baseline: z
    .strictObject({
      tol: z.number().positive().max(1e-3).default(1e-8).describe('relative duality gap and infeasibility the nuclear-norm solver stops at'),
      maxIterations: posInt.default(20000).describe('ADMM iteration cap'),
    })
    .optional()
    .describe(
      'sensing and completion: the minimum nuclear norm and minimum Frobenius norm solutions of the measurements, computed once per problem instance; adds the columns nuclearNorm, nuclearNormGap, distToNuclear, distToFrobenius, baselineGap, baselineFeasibility, and with a ground truth recoveryError, nuclearRecoveryError, frobeniusRecoveryError',
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

/**
 * A value a scenario file may write as "inf" (a depth, β, a swept value, a `where:` or reference
 * value), as a number. The resolver (experiment/resolve.ts) applies it once; past it every such
 * value is a number, Infinity for ∞.
 */
export const infinityOf = (v: number | typeof INF): number => (v === INF ? Infinity : v);

/**
 * A swept, `where:` or reference value as the resolver keeps it: numbers (∞ as Infinity, from "inf")
 * and, for the option paths a sweep may take by name (`model.coordinates`, `model.parametrization`,
 * `solver.method`), the option's name.
 */
export const sweptValueOf = (v: number | string): number | string => (v === INF ? Infinity : v);

/** How a scenario file writes ∞, and how the outputs (CSV, JSON, check texts) write it back. */
export const INF = 'inf';

/** The sweep as a list of grids (a single grid is a list of one). */
export function sweepGrids(s: Pick<Scenario, 'sweep'>): Readonly<Record<string, readonly (number | string)[]>>[] {
  return Array.isArray(s.sweep) ? s.sweep : [s.sweep];
}

/** Every swept path, in first-seen order over the grids. */
export function sweepPaths(s: Pick<Scenario, 'sweep'>): string[] {
  return [...new Set(sweepGrids(s).flatMap((g) => Object.keys(g)))];
}

/** Every value a path takes over the grids (first-seen order, no repeats); `undefined` when it is not swept. */
export function sweptValues(s: Pick<Scenario, 'sweep'>, path: string): (number | string)[] | undefined {
  const grids = sweepGrids(s).filter((g) => path in g);
  return grids.length === 0 ? undefined : [...new Set(grids.flatMap((g) => g[path]!))];
}
