/** The restricted evaluator against the attacks in mathjs's security documentation, and its arithmetic. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileRestricted, ExpressionError, ExpressionValueError } from '../../src/expr/restricted.js';
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

// Expressions without comparisons near a tie, where mathjs's tolerant functions and the exact ones agree.
const SEMANTICS = [
  'x + y * 2 - x / y',
  '-x^2 + (x - y)^3',
  'exp(x) * log(abs(y) + 1) - sqrt(abs(x))',
  'x > y ? sin(x) : cos(y)',
  'x > 0 and y > 0',
  'x > 0 or y > 0',
  'not (x > y) xor y < 0',
  'max(x, y, 1) - min(x, y, -1) + hypot(x, y)',
  'atan2(x, y) + tanh(x) + sinh(y / 3) + cosh(x / 3)',
  'log(abs(x) + 2, 3) + log10(abs(y) + 1) + log2(abs(x) + 1) + log1p(abs(y)) + expm1(x / 4)',
  'sign(x) * floor(y) + ceil(x) - round(y * 3) + mod(x * 7, 3)',
  'square(x) + cube(y) + cbrt(x) + pow(abs(y), 1.5)',
  'asin(x / 10) + acos(y / 10) + atan(x * y) + tan(x / 5)',
  'true + (x > 1) * 2 - false',
  '(x > y) * pi + e * (y >= x)',
  'isNaN(x) ? 0 : x * Infinity > 0',
];

test('the tree evaluator gives mathjs’s own values: 16 expressions × 200 random scopes against mathjs’s compiler, bit for bit', async () => {
  // an independent computation: mathjs compiling the same text in its own instance, with the exact
  // comparisons imported as gradflow did before it walked the trees itself; the same functions on the
  // same doubles in the same order must give the same double (NaN included)
  const mathjs = await import('mathjs');
  const math = mathjs.create(mathjs.all!, {});
  const exact: Record<string, (...a: number[]) => number | boolean> = {
    larger: (a, b) => a > b,
    smaller: (a, b) => a < b,
    largerEq: (a, b) => a >= b,
    smallerEq: (a, b) => a <= b,
    equal: (a, b) => a === b,
    unequal: (a, b) => a !== b,
    min: (...a) => Math.min(...a),
    max: (...a) => Math.max(...a),
    floor: (x) => Math.floor(x),
    ceil: (x) => Math.ceil(x),
    round: (x) => (x < 0 ? -Math.round(-x) : Math.round(x)),
    mod: (x, y) => {
      if (y === 0) return x;
      const r = x % y;
      return r !== 0 && r < 0 !== y < 0 ? r + y : r;
    },
  };
  math.import(exact, { override: true });
  const rng = new Rng(7);
  let compared = 0;
  for (const text of SEMANTICS) {
    const ours = compileRestricted(text, ['x', 'y']);
    const theirs = math.compile(text);
    for (let k = 0; k < 200; k++) {
      const [a, b] = rng.normals(2, 3);
      const scope = { x: k === 0 ? NaN : a!, y: b! };
      const want = theirs.evaluate({ ...scope }) as unknown;
      const w = typeof want === 'boolean' ? Number(want) : (want as number);
      assert.ok(Object.is(ours.evaluateOrNaN(scope), typeof w === 'number' ? w : NaN), `${text} at x = ${String(scope.x)}, y = ${String(scope.y)}`);
      compared++;
    }
  }
  assert.equal(compared, SEMANTICS.length * 200);
});

test('and / or evaluate their right side only when the left does not decide; a condition is true when non-zero', () => {
  const f = (text: string, scope: Record<string, number>): number => compileRestricted(text, ['x']).evaluate(scope);
  // sqrt(-4) is complex: comparing it is an error, which the left side avoids
  assert.equal(f('x > 0 and sqrt(x) > 1', { x: -4 }), 0);
  assert.equal(f('x <= 0 or sqrt(x) > 1', { x: -4 }), 1);
  assert.throws(() => f('x < 0 and sqrt(x) > 1', { x: -4 }), ExpressionValueError);
  assert.equal(f('x ? 1 : 2', { x: NaN }), 2);
  assert.equal(f('x ? 1 : 2', { x: -0.5 }), 1);
  assert.throws(() => compileRestricted('x + y', ['x', 'y']).evaluate({ x: 1 }), /Undefined symbol y/);
});
