/**
 * Bad input: every malformed scenario is refused with a message naming the file, the field path and
 * what was expected, the CLI exits 2, and no output folder is created.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ScenarioError } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/experiment/resolve.js';
import { tmp } from './helpers.js';

const base = (over: Record<string, string> = {}): string => {
  const parts: Record<string, string> = {
    id: 'id: bad-case',
    title: 'title: a malformed scenario',
    description: 'description: for the tests',
    energy: 'energy: { kind: completion, shape: [2, 2], observed: [[1, 2, 1], [2, 1, 1], [2, 2, 0]] }',
    model: 'model: { depth: 3, width: 2 }',
    init: 'init: { kind: balanced, W0: identity, scale: 1.0e-3, detSign: 1 }',
    solver: 'solver: { method: auto, rtol: 1.0e-8 }',
    horizon: 'horizon: { t1: 10, save: { kind: uniform, n: 5 } }',
    checks: 'checks: [{ kind: final, name: ok, assert: "loss < 1" }]',
    ...over,
  };
  return (
    Object.values(parts)
      .filter((s) => s !== '')
      .join('\n') + '\n'
  );
};

/** [case, scenario text, the field path (and words) the message must contain] */
const CASES: [string, string, RegExp][] = [
  ['wrong type for depth', base({ model: 'model: { depth: three }' }), /model\.depth: /],
  ['unknown top-level field', base({ extra: 'colour: blue' }), /\(top level\): unknown field "colour"/],
  ['unknown nested field', base({ solver: 'solver: { method: auto, tolerance: 1.0e-6 }' }), /solver: unknown field "tolerance"/],
  ['missing energy', base({ energy: '' }), /energy: /],
  ['missing t1', base({ horizon: 'horizon: { save: { kind: uniform, n: 5 } }' }), /horizon\.t1: /],
  ['negative t1', base({ horizon: 'horizon: { t1: -1 }' }), /horizon\.t1: Too small/],
  ['rtol too large', base({ solver: 'solver: { rtol: 0.5 }' }), /solver\.rtol: Too big/],
  ['unknown method', base({ solver: 'solver: { method: euler }' }), /solver\.method: Invalid option/],
  [
    'observed entry outside the shape',
    base({ energy: 'energy: { kind: completion, shape: [2, 2], observed: [[3, 1, 1]] }' }),
    /energy\.observed\.0: entry \(3, 1\) lies outside the 2×2 shape/,
  ],
  ['ragged target rows', base({ energy: 'energy: { kind: whitened, target: [[1, 0], [0]] }' }), /energy\.target\.1: row has 1 entries, expected 2/],
  [
    'explicit factor of the wrong shape',
    base({ init: 'init: { kind: explicit, factors: [[[1, 0], [0, 1]], [[1, 0]], [[1, 0], [0, 1]]] }' }),
    /init\.factors\.1: is 1×2, expected 2×2/,
  ],
  ['hidden widths miscounted', base({ model: 'model: { depth: 3, hidden: [2] }' }), /model\.hidden: lists 1 widths; depth 3 has 2 hidden layers/],
  ['depth inf on factors', base({ model: 'model: { depth: inf }' }), /model\.parametrization: depth "inf" exists only for the end-to-end parametrization/],
  ['unparsable expression energy', base({ energy: 'energy: { kind: expression, shape: [2, 2], E: "w11 +* 2" }' }), /energy\.E: cannot parse/],
  ['unknown symbol in an expression energy', base({ energy: 'energy: { kind: expression, shape: [2, 2], E: "w13^2" }' }), /energy\.E: unknown symbol "w13"/],
  [
    'injection: import in an energy',
    base({ energy: 'energy: { kind: expression, shape: [2, 2], E: "import({}, {override: true})" }' }),
    /energy\.E: function "import" is not allowed/,
  ],
  [
    'injection: evaluate in a check',
    base({ checks: 'checks: [{ kind: series, name: x, quantity: loss, expect: \'evaluate("1+1")\' }]' }),
    /checks\.0\.expect: function "evaluate" is not allowed/,
  ],
  [
    'injection: constructor access in a check',
    base({ checks: 'checks: [{ kind: final, name: x, assert: \'cos["constructor"]("return process")\' }]' }),
    /checks\.0\.assert: only calls of named functions are allowed/,
  ],
  [
    'injection: function definition in a check',
    base({ checks: 'checks: [{ kind: final, name: x, assert: "f(x) = x" }]' }),
    /checks\.0\.assert: functionassignment expressions are not allowed/,
  ],
  [
    'unknown quantity in a check',
    base({ checks: 'checks: [{ kind: series, name: x, quantity: sigma9, expect: "0" }]' }),
    /checks\.0\.quantity: unknown quantity "sigma9"/,
  ],
  ['sweep over a non-scalar field', base({ extra: 'sweep: { energy.shape: [2, 3] }' }), /sweep\.energy\.shape: not a sweepable field/],
  [
    'det sign on a rectangular problem',
    base({ energy: 'energy: { kind: whitened, target: [[1, 0, 0], [0, 1, 0]] }', init: 'init: { kind: gaussian, scale: 0.1, detSign: 1 }' }),
    /init\.detSign: the sign of det W\(0\) is defined for square problems only/,
  ],
  ['aligned start without a target', base({ init: 'init: { kind: aligned, s0: 0.01 }' }), /init\.kind: an aligned start needs an energy with a target/],
  ['bad id', base({ id: 'id: Bad Id' }), /id: lower-case letters, digits and dashes/],
  ['not YAML', 'id: x\ntitle: [unclosed\n', /bad\.yaml:\d+:\d+: \(top level\): not valid YAML/],
  ['zero runs', base({ extra: 'ensemble: { runs: 0 }' }), /ensemble\.runs: Too small/],
  ['save time beyond t1', base({ horizon: 'horizon: { t1: 10, save: { kind: times, times: [1, 20] } }' }), /horizon\.save\.times\.1: 20 lies beyond t1 = 10/],
  [
    'ensemble check on a missing cell',
    base({ checks: 'checks: [{ kind: ensemble, name: x, each: "loss < 1", cells: [3] }]' }),
    /checks\.0\.cells\.0: cell 3 does not exist/,
  ],
  ['duplicate key', base({ extra: 'id: again' }), /bad\.yaml:\d+:\d+: \(top level\): not valid YAML\/JSON: Map keys must be unique/],
];

test(`${String(CASES.length)} malformed scenarios are refused, each naming the field and what was expected`, () => {
  assert.ok(CASES.length >= 20);
  for (const [name, text, expected] of CASES) {
    let caught: unknown;
    try {
      parseScenario(text, 'bad.yaml');
    } catch (err) {
      caught = err;
    }
    assert.ok(caught instanceof ScenarioError, `${name}: expected a ScenarioError, got ${String(caught)}`);
    assert.match(caught.message, expected, `${name}: message was\n${caught.message}`);
    // the file (and the line and column where the YAML has them) come first
    assert.match(caught.message, /^bad\.yaml(:\d+:\d+)?: /, name);
  }
});

test('the CLI exits 2 on malformed scenarios, names each file, and creates no output folder', () => {
  const dir = tmp('gradflow-bad-');
  const out = tmp('gradflow-out-');
  const files = CASES.map(([, text], i) => {
    const f = path.join(dir, `case-${String(i).padStart(2, '0')}.yaml`);
    writeFileSync(f, text);
    return f;
  });
  // one good scenario among them: it must not run either
  const good = path.join(dir, 'good.yaml');
  writeFileSync(good, base());
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'run', good, ...files, '--out', out], { encoding: 'utf8' });
  assert.equal(r.status, 2, r.stderr);
  for (const f of files) assert.ok(r.stderr.includes(path.basename(f)), `stderr does not name ${f}`);
  assert.deepEqual(readdirSync(out), []);
});
