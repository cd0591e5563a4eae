/**
 * Size limits: every case that used to hang, exhaust memory or crash with "Invalid typed array
 * length" is refused at load time, naming the field, with an estimate of memory and time, before
 * anything is allocated; `allowLarge` lifts the default limits but not the absolute ones.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ScenarioError } from '../../src/scenario/errors.js';
import { DEFAULT_LIMITS, largeLimits, limitMessages } from '../../src/scenario/limits.js';
import { parseScenario } from '../../src/experiment/resolve.js';

const base = `id: limits
title: a small scenario
description: for the limit tests
energy: { kind: completion, shape: [2, 2], observed: [[1, 2, 1], [2, 1, 1], [2, 2, 0]] }
model: { depth: 3, width: 2 }
init: { kind: balanced, W0: identity, scale: 1.0e-3 }
horizon: { t1: 10, save: { kind: uniform, n: 5 } }
`;

const refusal = (text: string, overrides: string[] = [], allowLarge = false): string => {
  try {
    parseScenario(text, 'lim.yaml', overrides, { allowLarge });
  } catch (err) {
    assert.ok(err instanceof ScenarioError, `expected a ScenarioError, got ${String(err)}`);
    return err.message;
  }
  assert.fail(`accepted: ${overrides.join(' ')}`);
};

/** [case, --set overrides, the field path and words the message must hold] */
const CASES: [string, string[], RegExp][] = [
  ['depth 1e9', ['model.depth=1e9'], /model\.depth: depth 1\.00e\+9 exceeds the limit 10000/],
  ['depth 1e7', ['model.depth=10000000'], /model\.depth: depth 1\.00e\+7 exceeds the limit 10000/],
  ['width 1e9', ['model.width=1000000000'], /model\.width: width 1\.00e\+9 exceeds the limit 10000/],
  [
    'low-rank shape [1e5, 1e5]',
    ['energy={kind: whitened, target: {kind: low-rank, shape: [100000, 100000], sigma: [1]}}'],
    /energy\.target\.shape: side 100000 exceeds the limit 10000/,
  ],
  [
    'low-rank shape [2, 2^32]',
    ['energy={kind: whitened, target: {kind: low-rank, shape: [2, 4294967296], sigma: [1]}}'],
    /energy\.target\.shape: side 4\.29e\+9 exceeds/,
  ],
  [
    'measurements 1e9',
    ['energy={kind: sensing, target: [[1, 0], [0, 1]], measurements: 1000000000}'],
    /energy\.measurements: measurements 1\.00e\+9 exceeds the limit 100000/,
  ],
  ['save.n 1e9', ['horizon.save.n=1000000000'], /horizon\.save\.n: save points 1\.00e\+9 exceeds the limit 100000/],
  ['data samples 1e9', ['energy={kind: data, teacher: [[1, 0], [0, 1]], inputs: {n: 1000000000, rank: 1}}'], /energy\.inputs\.n: samples 1\.00e\+9 exceeds/],
  [
    'sweep cells',
    [
      'sweep={init.scale: [' +
        Array.from({ length: 101 }, (_, i) => String(i + 1)).join(',') +
        '], solver.rtol: [' +
        Array.from({ length: 101 }, (_, i) => String((i + 1) * 1e-9)).join(',') +
        ']}',
    ],
    /sweep: the sweep grid has cells: 10201 exceeds the limit 10000/,
  ],
  [
    'runs × cells',
    ['ensemble.runs=100000', 'sweep={init.scale: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]}'],
    /ensemble\.runs: runs × cells 1\.10e\+6 exceeds the limit 1\.00e\+6/,
  ],
  ['swept depth', ['sweep.model.depth=[2, 100000]'], /sweep\.model\.depth: depth 100000 exceeds/],
  [
    'a dense Jacobian of a 40800-number state (auto)',
    ['solver.method=auto', 'model.width=200'],
    /solver\.method: this scenario would need about 24\.\d GB of memory \(limit 4\.00 GB\).*dense Jacobian.*dopri5 needs none/,
  ],
];

test(`${String(CASES.length)} oversized scenarios are refused at load, naming the field, with memory and time estimates, allocating nothing`, () => {
  for (const [name, overrides, expected] of CASES) {
    const rss0 = process.memoryUsage().rss;
    const t0 = performance.now();
    const message = refusal(base, overrides);
    // a refusal is a few comparisons: on main these cases took 71 s and up to 15 GB; 5 s and
    // 200 MB leave room for a loaded machine and the garbage collector, not for an allocation
    assert.ok(performance.now() - t0 < 5000, `${name}: took ${String(performance.now() - t0)} ms`);
    assert.ok(process.memoryUsage().rss - rss0 < 200 * 2 ** 20, `${name}: rss grew by ${String(process.memoryUsage().rss - rss0)}`);
    assert.match(message, expected, `${name}: ${message}`);
    assert.match(message, /^lim\.yaml: --set /, `${name}: names the --set flag, not a YAML line: ${message}`);
    assert.match(message, /would need about [\d.e+]+ [kMG]B of memory .* per right-hand-side evaluation/, `${name}: ${message}`);
    assert.match(message, /--allow-large/, name);
  }
});

test('auto on a 25,600-state end-to-end model at finite depth keeps no dense Jacobian (it runs auto-krylov); bdf would need one', () => {
  // 160×160 at depth 3: a dense Jacobian and its LU are 2·25,600²·8 B = 1.05e10 B (9.77 GB as the message
  // counts, 2^30 B each), over the 4 GB limit; the matrix-free path keeps ~30 copies of the state (6 MB)
  const e2e = `id: big
title: a large end-to-end model
description: for the limit tests
energy: { kind: whitened, target: { kind: low-rank, shape: [160, 160], sigma: [1] } }
model: { depth: 3, parametrization: end-to-end }
init: { kind: balanced-random, scale: 1.0e-3 }
horizon: { t1: 10, save: { kind: uniform, n: 5 } }
`;
  assert.doesNotThrow(() => parseScenario(e2e, 'e2e.yaml', ['solver.method=auto']));
  assert.match(refusal(e2e, ['solver.method=bdf']), /solver\.method: this scenario would need about 9\.\d+ GB of memory .*dense Jacobian/);
});

test('the memory estimate of depth 1e9 counts ~30 solver copies of a 4e9-number state', () => {
  const m = /about ([\d.e+]+) GB/.exec(refusal(base, ['model.depth=1e9']))!;
  // state Σ d_j d_{j−1} = 4 (N − 2) + 8 ≈ 4e9 numbers, and the solver keeps ~30 copies: ≥ 30·8·4e9 B
  assert.ok(Number(m[1]) * 2 ** 30 >= 30 * 8 * 4e9, m[0]);
});

test('allowLarge lifts the default limits, not the absolute ones', () => {
  // 200 000 save points: over the default 100 000, fine with allowLarge
  assert.match(refusal(base, ['horizon.save.n=200000']), /horizon\.save\.n: save points 200000 exceeds the limit 100000/);
  const ok = parseScenario(base, 'lim.yaml', ['horizon.save.n=200000'], { allowLarge: true });
  assert.equal(ok.scenario.horizon.save.kind === 'uniform' && ok.scenario.horizon.save.n, 200000);
  // a 2 × 2^32 matrix cannot be allocated at all
  const m = refusal(base, ['energy={kind: whitened, target: {kind: low-rank, shape: [2, 4294967296], sigma: [1]}}'], true);
  assert.match(m, /side 4\.29e\+9 exceeds the limit 2\.15e\+9.*more than this machine can hold/);
  assert.ok(largeLimits().memoryBytes > DEFAULT_LIMITS.memoryBytes / 10);
});

test('YAML alias bombs: more than 100 alias expansions is bad input (exit-2 error), not a ReferenceError', () => {
  let doc = base + 'params: { a0: 1 }\nx0: &x0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n';
  for (let i = 1; i <= 6; i++) doc += `x${String(i)}: &x${String(i)} [${Array.from({ length: 10 }, () => `*x${String(i - 1)}`).join(', ')}]\n`;
  const m = refusal(doc);
  assert.equal(m, `lim.yaml: (top level): ${limitMessages.aliases(DEFAULT_LIMITS.aliases)}`);
  // 20 aliases are fine (the unknown fields they sit in are then reported by the schema)
  const few = base + 'anchors: &a { k: 1 }\n' + Array.from({ length: 20 }, (_, i) => `u${String(i)}: *a\n`).join('');
  assert.match(refusal(few), /unknown fields "anchors", "u0"/);
});

test('a document above 1 MiB is refused before parsing', () => {
  const big = base + `description2: "${'x'.repeat(DEFAULT_LIMITS.documentBytes)}"\n`;
  const t0 = performance.now();
  assert.equal(refusal(big), `lim.yaml: (top level): ${limitMessages.document(Buffer.byteLength(big), DEFAULT_LIMITS.documentBytes)}`);
  assert.ok(performance.now() - t0 < 2000);
});

test('a log save grid with tmin ≥ t1 is refused at validate (it made run throw a RangeError)', () => {
  assert.match(
    refusal(base.replace('{ kind: uniform, n: 5 }', '{ kind: log, n: 5, tmin: 10 }')),
    /^lim\.yaml:7:\d+: horizon\.save\.tmin: 10 must be below t1 = 10: the log grid runs from tmin to t1$/,
  );
  // swept t1: the cell with t1 = 0.5 < tmin is refused
  assert.match(
    refusal(base.replace('{ kind: uniform, n: 5 }', '{ kind: log, n: 5, tmin: 1 }') + 'sweep: { horizon.t1: [10, 0.5] }\n'),
    /horizon\.save\.tmin: 1 must be below t1 = 0\.5/,
  );
});

test('every curated scenario is within the default limits', async () => {
  const { readdirSync, readFileSync } = await import('node:fs');
  // named by their path, so that a starts file beside the scenario is found; landscape files have their own loader and limits
  for (const f of readdirSync('scenarios').filter((n) => n.endsWith('.yaml'))) {
    const text = readFileSync(`scenarios/${f}`, 'utf8');
    if (!/^kind:\s*landscape\b/m.test(text)) parseScenario(text, `scenarios/${f}`);
  }
});

test('a log grid without tmin starts at t1·1e-6, at most 1e-2 (t1 = 1e10 with lossBelow saved from 1e4 on main)', () => {
  const tminOf = (text: string): unknown => {
    const save = parseScenario(text, 'lim.yaml').scenario.horizon.save;
    return save.kind === 'log' ? save.tmin : undefined;
  };
  assert.equal(tminOf(base.replace('{ t1: 10, save: { kind: uniform, n: 5 } }', '{ t1: 1.0e10, lossBelow: 1.0e-6, save: { kind: log, n: 5 } }')), 1e-2);
  assert.equal(tminOf(base.replace('{ kind: uniform, n: 5 }', '{ kind: log, n: 5 }')), 10 * 1e-6);
  // swept t1: the smallest t1 sets it, so every cell's grid is valid
  assert.equal(tminOf(base.replace('{ kind: uniform, n: 5 }', '{ kind: log, n: 5 }') + 'sweep: { horizon.t1: [1.0e6, 2] }\n'), 2 * 1e-6);
});
