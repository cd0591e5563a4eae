/**
 * The 10×10 completion both matrix-free tests run (depthInfKrylov.test.ts at depth ∞,
 * finiteDepthKrylov.test.ts at depths 2 and 3): rank 2, half the entries observed, from a random start
 * of scale 1e-3, in normalised time to τ = 1e3, saved at five times.
 */
import assert from 'node:assert/strict';
import { completionProblem } from '../../src/energies/completionProblem.js';
import { lowRankTarget } from '../../src/energies/lowRankTarget.js';
import { downstairsFlow } from '../../src/flows/downstairs.js';
import { Rng } from '../../src/init/rng.js';
import type { MethodName } from '../../src/ode/methods.js';
import { solve } from '../ode/librarySolve.js';

export const N = 10;
export const TIMES = [10, 30, 100, 300, 1e3];
const truth = lowRankTarget(N, N, [2, 1], new Rng(3, 0));
const problem = completionProblem(truth, N, N, 0.5, new Rng(3, 1));
const W0 = new Rng(3, 2).normals(N * N, 1e-3);

/** One run of the case at `depth` by `method`; the saved W at TIMES and the solver's statistics. */
export function runCase(
  depth: number,
  method: MethodName,
  rtol: number,
  atol: number,
  jacobianAge?: number,
): { W: Float64Array[]; stats: Record<string, number | undefined> } {
  const flow = downstairsFlow(problem.energy, depth, 'normalized');
  const age = jacobianAge === undefined ? {} : { jacobianAge };
  const sol = solve(flow, method, { t0: 0, t1: 1e3, y0: W0, rtol, atol, saveAt: { kind: 'times', times: TIMES }, maxSteps: 1e6, ...age });
  assert.equal(sol.status, 'success', `depth ${String(depth)}, ${method}: ${sol.message}`);
  return { W: sol.y, stats: { ...sol.stats } };
}

/** The largest `|a − b|` over the saved times and entries. */
export function worstDifference(a: readonly Float64Array[], b: readonly Float64Array[]): number {
  let worst = 0;
  for (let k = 0; k < a.length; k++) for (let i = 0; i < a[k]!.length; i++) worst = Math.max(worst, Math.abs(a[k]![i]! - b[k]![i]!));
  return worst;
}
