/** `baseline:` in scenarios: the columns against closed forms, random-mask completion, per-run instances, and the errors. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sensingOperator } from '../../src/analysis/measurementOperator.js';
import { analysisMessages } from '../../src/analysis/messages.js';
import { minFrobenius } from '../../src/analysis/minFrobenius.js';
import { frobeniusDistance, frobeniusNorm } from '../../src/linalg/norms.js';
import { buildRun } from '../../src/experiment/runPlan.js';
import { cellsOf } from '../../src/experiment/resolveCells.js';
import { buildEnergy } from '../../src/experiment/scenarioEnergy.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/experiment/resolve.js';
import { buildMessages } from '../../src/experiment/messages.js';
import { runOne } from '../../src/experiment/runOne.js';
import { sensingProblem } from '../../src/energies/sensingProblem.js';
import { lowRankTarget } from '../../src/energies/lowRankTarget.js';
import { Rng } from '../../src/init/rng.js';

const head = 'id: b\ntitle: t\ndescription: d\n';

test('depth 1 ends at X_F + (W(0) − Π W(0)): distToFrobenius is the closed form; the baseline columns are the certified solution', () => {
  const text = `${head}energy: { kind: sensing, target: { kind: low-rank, shape: [8, 8], sigma: [2, 1], seed: 4 }, measurements: 40, seed: 5 }
model: { depth: 1 }
init: { kind: balanced-random, scale: 0.1 }
solver: { method: dop853, rtol: 1.0e-11, atol: 1.0e-14 }
horizon: { t1: 1000, save: { kind: times, times: [0, 1000] } }
baseline: {}
`;
  const loaded = parseScenario(text, 'b.yaml');
  for (const c of ['nuclearNorm', 'nuclearNormGap', 'distToNuclear', 'distToFrobenius', 'baselineGap', 'recoveryError', 'nuclearRecoveryError'])
    assert.ok(loaded.quantities.includes(c), c);
  const cell = cellsOf(loaded.scenario)[0]!;
  const result = runOne(cell, 0);
  const last = result.rows.at(-1)!;
  // the closed form, built independently of runOne: the flow dW/dt = −𝒜*(𝒜(W) − y) moves W(0) only
  // inside range 𝒜*, to the feasible point W(0) − 𝒜*(𝒜𝒜*)⁻¹(𝒜(W(0)) − y)
  const T = lowRankTarget(8, 8, [2, 1], new Rng(4));
  const p = sensingProblem(T, 8, 8, 40, new Rng(5, 1));
  const op = sensingOperator(8, 8, p.A);
  const opts = buildRun(cell, 0, buildEnergy(cell.scenario));
  const W0 = (opts.start as { factors: Float64Array[] }).factors[0]!;
  const r = new Float64Array(40);
  const mu = new Float64Array(40);
  const Wend = new Float64Array(64);
  op.apply(W0, r);
  for (let k = 0; k < 40; k++) r[k] = r[k]! - p.y[k]!;
  op.gramPinv(r, mu);
  op.adjoint(mu, Wend);
  for (let i = 0; i < 64; i++) Wend[i] = W0[i]! - Wend[i]!;
  const XF = minFrobenius(op, p.y);
  const expected = frobeniusDistance(Wend, XF) / frobeniusNorm(XF);
  // the slowest rate is λ_min(𝒜𝒜*) ≈ (√64 − √40)²/40 ≈ 0.07: e^{−70} left at t = 1000; the
  // integration error at rtol 1e-11 over O(1) rates stays below 1e-9 of ‖W‖
  assert.ok(expected > 0.01, `the start leaves a visible null-space part: ${String(expected)}`);
  assert.ok(Math.abs(last.distToFrobenius! - expected) < 1e-8, `distToFrobenius ${String(last.distToFrobenius)} vs ${String(expected)}`);
  assert.ok(Math.abs(last.recoveryError! - frobeniusDistance(Wend, T) / frobeniusNorm(T)) < 1e-8);
  // the baseline is certified to the solver's tolerance (gap 1e-8) and meets the measurements to rounding
  assert.ok(last.baselineGap! <= 1e-8 && last.baselineFeasibility! < 1e-12);
  // ‖W‖_* − ‖X_*‖_* ≥ 0 for every feasible W: nuclearNormGap ≥ −(certificate gap)
  assert.ok(last.nuclearNormGap! >= -1e-8, `nuclearNormGap ${String(last.nuclearNormGap)}`);
});

test('a random-mask completion observing every entry has the truth as its nuclear-norm baseline; perRun draws a new instance per run', () => {
  const text = `${head}energy: { kind: completion, shape: [6, 6], truth: { kind: low-rank, shape: [6, 6], sigma: [1], seed: 2 }, observedFraction: 1, perRun: true }
model: { depth: 2, width: 6 }
init: { kind: balanced-random, scale: 1.0e-3 }
horizon: { t1: 50, save: { kind: times, times: [0, 50] } }
baseline: {}
ensemble: { runs: 2 }
`;
  const cell = cellsOf(parseScenario(text, 'c.yaml').scenario)[0]!;
  const [a, b] = [runOne(cell, 0).rows.at(-1)!, runOne(cell, 1).rows.at(-1)!];
  // observedFraction 1: the single feasible point is the truth, ‖T‖_* = σ = 1 (run 0: seed 2) to the 1e-8 gap
  assert.ok(Math.abs(a.nuclearNorm! - 1) < 1e-8 && a.nuclearRecoveryError! < 1e-12 && a.frobeniusRecoveryError! < 1e-12);
  // run 1 sees the truth of seed 3: the same σ, other singular vectors, so the flow's end point differs
  assert.ok(Math.abs(b.nuclearNorm! - 1) < 1e-8);
  assert.ok(Math.abs(a.w11! - b.w11!) > 1e-3, 'a different instance per run');
});

test('completion and baseline errors name the field', () => {
  const bad = (energy: string, extra = ''): string => {
    try {
      parseScenario(`${head}energy: ${energy}\nmodel: { depth: 1 }\ninit: { kind: gaussian, scale: 1 }\nhorizon: { t1: 1 }\n${extra}`, 'e.yaml');
    } catch (err) {
      assert.ok(err instanceof ScenarioError);
      return err.message;
    }
    assert.fail('accepted');
  };
  const truth = 'truth: [[1, 2], [3, 4]]';
  /** The loader prefixes file, line and column where it knows them: compare the field and the message. */
  const at = (message: string, path: string, text: string): void => {
    assert.ok(message.startsWith('e.yaml') && message.endsWith(` ${path}: ${text}`), message);
  };
  at(bad(`{ kind: completion, shape: [2, 2], observed: [[1, 1, 1]], ${truth}, observedFraction: 0.5 }`), 'energy.observed', buildMessages.observedAndTruth());
  at(bad(`{ kind: completion, shape: [2, 2], ${truth} }`), 'energy.observedFraction', buildMessages.completionNeeds('observedFraction', 'truth'));
  at(bad('{ kind: completion, shape: [2, 2] }'), 'energy.observed', buildMessages.completionEntries());
  at(bad(`{ kind: completion, shape: [3, 2], ${truth}, observedFraction: 0.5 }`), 'energy.truth', buildMessages.matrixShape(2, 2, 3, 2));
  at(bad('{ kind: whitened, target: [[1, 0], [0, 1]] }', 'baseline: {}\n'), 'baseline', buildMessages.baselineNeedsMeasurements('whitened'));
  at(
    bad('{ kind: completion, shape: [2, 2], observed: [[1, 1, 1], [1, 1, 2]] }', 'baseline: {}\n'),
    'energy.observed',
    analysisMessages.repeatedEntry(1, 0, 0),
  );
});
