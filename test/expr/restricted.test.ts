/** The restricted evaluator against the attacks in mathjs's security documentation, and its arithmetic. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileRestricted, ExpressionError } from '../../src/expr/restricted.js';
import { expressionEnergy } from '../../src/energies/expressionEnergy.js';
import { matrixCompletion } from '../../src/energies/matrixCompletion.js';
import { Rng } from '../../src/init/rng.js';

// https://mathjs.org/docs/expressions/security.html and published mathjs advisories (CVE-2017-1001002/3,
// CVE-2020-7743, the 2025 typed-function and `evaluate` escapes): code execution through the
// Function constructor, property access, imports, unit definitions and nested parsers.
const ATTACKS = [
  'cos.constructor("return process")()',
  'cos["constructor"]("return process")()',
  '[].map.constructor("return this")()',
  'eval("1")',
  'evaluate("1 + 1")',
  'parse("1").compile().evaluate()',
  'compile("1").evaluate()',
  'simplify("x")',
  'derivative("x^2", "x")',
  'import({ evil: 1 }, { override: true })',
  'createUnit("foo")',
  'f(x) = x',
  'x = 1',
  'unit("5 cm")',
  '"abc"',
  '{ a: 1 }',
  '[1, 2, 3]',
  '1:3',
  'x; y',
  'chain(1).done()',
  'typed("f", { "number": _ => 1 })',
  'reviver("x", 1)',
  'resolve("x", {})',
  'help("sin")',
  'matrix([1])',
  'x.y',
  'x[1]',
  'config({ number: "BigNumber" })',
];

test(`every one of ${String(ATTACKS.length)} known attack shapes is refused before anything is evaluated`, () => {
  for (const a of ATTACKS) assert.throws(() => compileRestricted(a, ['x', 'y']), ExpressionError, a);
});

test('allowed expressions evaluate as written: arithmetic, comparisons, logic, ternary, pure functions', () => {
  const cases: [string, Record<string, number>, number][] = [
    ['2^10 - 24', {}, 1000],
    ['abs(x) > 10 and y < 1.1', { x: -12, y: 1 }, 1],
    ['abs(x) > 10 and y < 1.1', { x: 3, y: 1 }, 0],
    ['x > 0 ? sqrt(x) : -1', { x: 16 }, 4],
    ['max(x, y) + min(x, y)', { x: 2, y: 5 }, 7],
    ['log(e) + exp(0) + cos(pi)', {}, 1],
    ['not (x == y) or x != y', { x: 1, y: 1 }, 0],
    ['-x^2', { x: 3 }, -9],
  ];
  for (const [text, scope, want] of cases) assert.equal(compileRestricted(text, ['x', 'y']).evaluate(scope), want, text);
});

test('an expression energy equals the built-in completion energy: value, gradient and Hessian (symbolic derivatives)', () => {
  const E = expressionEnergy(2, 2, '0.5*((w12 - 1)^2 + (w21 - 1)^2 + w22^2)');
  const C = matrixCompletion(2, 2, [
    { i: 0, j: 1, value: 1 },
    { i: 1, j: 0, value: 1 },
    { i: 1, j: 1, value: 0 },
  ]);
  const rng = new Rng(1);
  for (let k = 0; k < 20; k++) {
    const W = rng.normals(4, 2);
    const V = rng.normals(4);
    // the same polynomial evaluated in a different order: agreement to a few ulps of O(10) values
    assert.ok(Math.abs(E.value(W) - C.value(W)) < 1e-13 * (1 + C.value(W)));
    const g1 = new Float64Array(4);
    const g2 = new Float64Array(4);
    E.gradient(W, g1);
    C.gradient(W, g2);
    for (let i = 0; i < 4; i++) assert.ok(Math.abs(g1[i]! - g2[i]!) < 1e-13, `gradient ${String(i)}`);
    E.hessianVector(W, V, g1);
    C.hessianVector(W, V, g2);
    for (let i = 0; i < 4; i++) assert.ok(Math.abs(g1[i]! - g2[i]!) < 1e-13, `Hessian ${String(i)}`);
  }
});
