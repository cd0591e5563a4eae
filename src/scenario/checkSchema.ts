/**
 * The schema of a scenario's `checks:` (DESIGN.md, "Scenarios"): one entry per kind (`series`,
 * `final`, `always`, `invariant`, `status`, `ensemble`, `paired`, `aggregate`), each with the cells it
 * reads (`where`) and its evidence (`basis`, with `source` or `measured`).
 */
import { z } from 'zod';

const tolerance = { atol: z.number().nonnegative().default(0), rtol: z.number().nonnegative().default(0) };
/** How a run may end (the status column). */
export const runStatus = z.enum([
  'success',
  'loss-reached',
  't1-reached',
  'event',
  'precision-limit',
  'invariant-broken',
  'max-steps',
  'step-size-underflow',
  'non-finite',
  'interrupted',
]);

/** A selection of sweep cells by their swept values (every check kind). */
const cellWhere = z
  .record(z.string(), z.array(z.union([z.number(), z.string()])).min(1))
  .optional()
  .describe(
    'only cells whose swept values are among these, e.g. {model.depth: [2], model.width: [5, 50]}: a check whose selection holds no run is not evaluated (never a pass)',
  );

/**
 * What every check states besides its criterion: which cells it reads (`where`) and its evidence
 * (`basis`): derived from a closed form, theorem or independent computation (`source` says which),
 * or measured by gradflow itself and kept as a regression guard (`measured` says from what).
 */
const checkCommon = {
  name: z.string().min(1),
  where: cellWhere,
  ...checkEvidenceFields(),
};

/** `basis`, `source` and `measured`: what a check's criterion rests on (flow and landscape checks alike). */
export function checkEvidenceFields() {
  return {
    basis: z
      .enum(['derived', 'measured'])
      .optional()
      .describe(
        'derived: the criterion comes from a closed form, a theorem or an independent computation (say which in source); measured: it restates a value gradflow measured (a regression guard; say from what in measured). Default: derived for series and invariant checks, measured otherwise',
      ),
    source: z.string().min(1).optional().describe('where a derived criterion comes from, e.g. "docs/theory.md §4.2 (the mode law)"'),
    measured: z
      .strictObject({
        runs: z.int().positive().describe('how many runs the value was measured from'),
        commit: z
          .string()
          .regex(/^[0-9a-f]{7,40}$/, 'a git commit hash (7 to 40 hexadecimal digits)')
          .describe('the commit whose runs measured it'),
      })
      .optional()
      .describe('a measured criterion’s provenance: the runs and the commit it was measured from'),
    quick: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        'the check’s quick form: fields (name, criterion, where, evidence) that replace its own under --quick, when the reduced profile runs an instance the full criterion does not describe. It names what it checks; a measured one gives its own measured: {runs, commit}',
      ),
  };
}

/** A check: its criterion by kind, the cells it reads and its evidence. */
export const check = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('series'),
    ...checkCommon,
    quantity: z.string().min(1).describe('a trajectory column: loss, erank, sigma1, w11, det, …'),
    expect: z.string().min(1).describe('the prediction, an expression in t, N, the params and modeLaw(N, sigma, s0, t)'),
    ...tolerance,
    window: z.tuple([z.number(), z.number()]).optional().describe('only saved times in [a, b]'),
  }),
  z.strictObject({
    kind: z.literal('final'),
    ...checkCommon,
    assert: z.string().min(1).describe('a predicate on final values, e.g. "abs(w11) > 10 and erank < 1.1"'),
  }),
  z.strictObject({
    kind: z.literal('always'),
    ...checkCommon,
    assert: z.string().min(1).describe('a predicate that must hold at every saved time, e.g. "det > 0"'),
  }),
  z.strictObject({
    kind: z.literal('invariant'),
    ...checkCommon,
    maxDrift: z.number().nonnegative().describe('bound on max_t max_j ‖D_j(t) − D_j(0)‖_F'),
  }),
  z.strictObject({
    kind: z.literal('status'),
    ...checkCommon,
    expect: z
      .array(runStatus)
      .min(1)
      .describe(
        'success: t1 reached by a run without lossBelow; t1-reached: t1 came before the loss fell below lossBelow; event: horizon.stopWhen became true',
      ),
  }),
  z.strictObject({
    kind: z.literal('ensemble'),
    ...checkCommon,
    each: z.string().min(1).describe('a predicate on each run’s final values'),
    min: z.number().min(0).max(1).default(0).describe('lower bound on the fraction of runs satisfying it'),
    max: z.number().min(0).max(1).default(1),
    cells: z.array(z.int().min(0)).optional().describe('only these cells of the sweep grid (default: every cell)'),
    label: z.string().optional().describe('what the predicate means, in words (titles the fraction-per-cell figure; default: the predicate)'),
  }),
  z.strictObject({
    kind: z.literal('paired'),
    ...checkCommon,
    quantity: z.string().min(1).describe('a column; its final value is compared, run i against run i of the reference cell (see compare)'),
    statistic: z
      .enum(['mean', 'median'])
      .default('mean')
      .describe('the interval checked: Student t of the mean difference, or seeded bootstrap of the median difference'),
    below: z.number().optional().describe('passes only if the 95% interval lies below this (e.g. 0: significantly lower than the reference)'),
    above: z.number().optional().describe('passes only if the 95% interval lies above this'),
    cells: z.array(z.int().min(0)).optional().describe('only these cells (default: every cell with a reference)'),
    claim: z
      .strictObject({
        text: z.string().min(1).describe('the claim in words, as its source states it'),
        direction: z.enum(['below', 'above']).describe('the claim says the cells are below (or above) their reference'),
      })
      .optional()
      .describe('the report states whether the measured intervals support the claim (holds / does not hold / not resolved), with the numbers'),
  }),
  z.strictObject({
    kind: z.literal('aggregate'),
    ...checkCommon,
    assert: z
      .string()
      .min(1)
      .describe(
        'a predicate per cell on aggregates of per-run expressions over the runs’ final values (or at every saved time, see times): mean(x), median(x), quantile(x, q), std(x), sem(x) (std/√n), fraction(p), e.g. "median(abs(1 - w12*w21)) < 1e-3"',
      ),
    cells: z.array(z.int().min(0)).optional().describe('only these cells of the sweep grid (default: every cell)'),
    times: z
      .enum(['final', 'all'])
      .default('final')
      .describe('final: on the runs’ final values; all: at every saved row index, with t the saved time (all runs of a cell must share the save grid)'),
  }),
]);
