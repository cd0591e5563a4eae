/** The size limits know that Langevin runs keep no Jacobian. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ScenarioError } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/experiment/resolve.js';

const text = (noise: string): string => `id: big-langevin
title: a wide factor model
description: state 2·700·2 + 700² = 492 800 numbers
energy: { kind: whitened, target: [[1, 0], [0, 2]] }
model: { depth: 3, width: 700${noise} }
init: { kind: gaussian, scale: 0.1 }
solver: { method: auto }
horizon: { t1: 0.01, save: { kind: uniform, n: 2 } }
`;

test('a wide model is refused for the dense Jacobian of a stiff method, and accepted with noise, which needs none', () => {
  // 16·S² = 3.9e12 bytes of Jacobian (and its LU) for S = 492 800: over the 4 GB default
  assert.throws(
    () => parseScenario(text(''), 'big.yaml'),
    (e: unknown) => e instanceof ScenarioError && /solver\.method/.test(e.message),
  );
  // with noise: ~30 copies of the state, 118 MB
  const l = parseScenario(text(', noise: { beta: 10, dt: 0.005 }'), 'big.yaml');
  assert.ok(l.quantities.includes('normD2') && l.quantities.includes('traceD1'));
});
