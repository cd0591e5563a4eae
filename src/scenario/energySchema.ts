/**
 * The schema of a scenario's `energy:` field (shared with landscape scenarios, `landscapeSchema.ts`),
 * and the integers, shapes and matrices the other fields take too.
 */
import { z } from 'zod';

export const posInt = z.int().min(1);
export const shape = z.tuple([posInt, posInt]).describe('[rows, cols] of the end-to-end matrix (d_N, d_0)');
export const matrix = z.array(z.array(z.number())).min(1).describe('a matrix as a list of rows');

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

/** The `energy:` field, shared with landscape scenarios (`landscapeSchema.ts`). */
export const energy = z.discriminatedUnion('kind', [
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
  z
    .strictObject({
      kind: z.literal('lp'),
      target,
      p: z.number().min(2),
      design: z
        .strictObject({
          n: posInt.describe('number of samples (columns of X)'),
          seed: z.int().default(0).describe('seed of the design X: i.i.d. standard normal, d_0 × n'),
        })
        .optional()
        .describe(
          'regression on a fixed Gaussian design X: E = (1/(p n)) Σ |((W − target) X)_ok|^p, the target a realisable teacher (default: E = (1/p) Σ |W − target|^p)',
        ),
    })
    .describe('ℓp regression (p ≥ 2)'),
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
        directions: z
          .enum(['gaussian', 'orthonormal'])
          .default('gaussian')
          .describe(
            'X = B H with H (rank × n) i.i.d. N(0, 1) and B (d_0 × rank) i.i.d. N(0, 1) (gaussian: Σ_xx spreads like BBᵀ) or with orthonormal columns (orthonormal: Σ_xx ≈ the projector on the spanned directions)',
          ),
      }),
      noise: z
        .strictObject({ std: z.number().nonnegative().describe('standard deviation of the label noise'), seed: z.int().default(0) })
        .optional()
        .describe('label noise: Y = A* X + std·Z, Z i.i.d. N(0, 1) (seeded)'),
      dataSeeds: posInt
        .max(100_000)
        .default(1)
        .describe(
          'number of independent data sets (teacher, inputs, noise): run i uses data set i mod dataSeeds, in every cell, so runs with the same index share their data and cells compare paired (1: every run the same data)',
        ),
    })
    .describe('regression from data, E = (1/2n)‖WX − Y‖²; adds the columns nullX, nullXChange, errSupport, errNull, errMixed'),
]);
