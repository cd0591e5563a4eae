/**
 * The schema of a `kind: landscape` scenario (README, "Free-energy landscapes"; docs/theory.md §6.4–6.5):
 * E, S and F_β = E − S/β on a 1-D or 2-D family of square end-to-end matrices given by expressions in
 * its parameters, for grids of β and N, with the minimisers of F_β located in the family's box.
 * The energy is the `energy:` field of flow scenarios. Validated with zod like the flow schema, so
 * every error names the path of the bad field; unknown fields are rejected.
 */
import { z } from 'zod';
import { checkEvidenceFields } from '../scenario/checkSchema.js';
import { energy } from '../scenario/energySchema.js';
import { scenarioSchema } from '../scenario/schema.js';

const depth = z
  .union([z.int().min(1), z.literal('inf')], { error: 'expected an integer N ≥ 1, or "inf"' })
  .describe('N ≥ 1, or "inf" (the N → ∞ limit, docs/theory.md §6.4)');

/** One parameter of the family: `n` grid points from `from` to `to`, uniform in the value or (log) in its logarithm. */
export const landscapeAxis = z.strictObject({
  from: z.number(),
  to: z.number(),
  n: z.int().min(2).describe('grid points, ends included'),
  log: z.boolean().default(false).describe('points uniform in log (needs 0 < from); the minimiser search runs in log too'),
});

const entry = z.union([z.string().min(1), z.number()]);

const family = z
  .object({
    W: z
      .array(z.array(entry).min(1))
      .min(1)
      .describe('the square end-to-end matrix, entries as expressions in the family parameters and params (mathjs syntax), e.g. [["1", "a"], ["b", "1"]]'),
  })
  .catchall(landscapeAxis)
  .describe('W and one or two parameters, each {from, to, n, log?}: e.g. {W: [["x", "1"], ["1", "0"]], x: {from: -5, to: 5, n: 201}}');

const tolerance = { atol: z.number().nonnegative().default(0), rtol: z.number().nonnegative().default(0) };
const filters = {
  depths: z.array(depth).min(1).optional().describe('only these depths (default: every depth)'),
  betas: z.array(z.number().positive()).min(1).optional().describe('only these β (default: every β)'),
};

const landscapeCheck = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('series'),
    name: z.string().min(1),
    ...checkEvidenceFields(),
    quantity: z.string().min(1).describe('a column of landscape.csv: E, S, F, sigma1, w12, …'),
    expect: z.string().min(1).describe('its prediction at every grid point, an expression in the family parameters, N, beta, params and the columns'),
    ...tolerance,
    ...filters,
  }),
  z.strictObject({
    kind: z.literal('minimisers'),
    name: z.string().min(1),
    ...checkEvidenceFields(),
    assert: z
      .string()
      .min(1)
      .describe('a predicate on every row of minimisers.csv: N, beta, the argmin (family parameters), F, E, S, interior, boundary, defined (1/0), params'),
    ...filters,
  }),
]);

export const landscapeSchema = z.strictObject({
  kind: z.literal('landscape'),
  id: scenarioSchema.shape.id,
  title: z.string().min(1),
  description: z.string().min(1).optional().describe('what it shows, citing its source (optional)'),
  params: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.number())
    .default({})
    .describe('named numbers for W and the checks'),
  energy,
  family,
  depths: z.array(depth).min(1).describe('depths N of the entropy'),
  betas: z.array(z.number().positive()).min(1).describe('inverse temperatures β of F_β = E − S/β'),
  entropy: z
    .enum(['orbit', 'orbit+element'])
    .default('orbit')
    .describe('orbit: S = log vol(O_W) (docs/theory.md §6.2); orbit+element: plus the log of the volume element at W (§6.1)'),
  checks: z.array(landscapeCheck).default([]),
  quick: scenarioSchema.shape.quick,
});

/** A validated landscape scenario (defaults filled in). */
export type LandscapeScenario = z.output<typeof landscapeSchema>;
export type LandscapeCheck = LandscapeScenario['checks'][number];
export type LandscapeAxis = z.output<typeof landscapeAxis>;

/** The landscape schema as JSON Schema (draft 2020-12), for editors (`gradflow schema --kind landscape`). */
export function landscapeJsonSchema(): unknown {
  return z.toJSONSchema(landscapeSchema, { io: 'input' });
}
