/** The expression language's arithmetic: exact IEEE comparisons, arity at parse time, reserved names, values that are not real. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expressionEnergy } from '../../src/energies/expressionEnergy.js';
import { messages } from '../../src/expr/messages.js';
import { compileRestricted, ExpressionError, ExpressionValueError, reservedNameReason } from '../../src/expr/restricted.js';
import { simulate } from '../../src/simulate/simulate.js';

const value = (text: string, scope: Record<string, number> = {}): number => compileRestricted(text, ['x', 'y', 'det', 'loss']).evaluate(scope);

test('comparisons are exact IEEE comparisons, not mathjs’s relTol 1e-12 / absTol 1e-15 ones', () => {
  // each case is decided the other way by mathjs's default nearlyEqual
  assert.equal(value('det > 0', { det: 1.64e-16 }), 1);
  assert.equal(value('loss < 1e-20', { loss: 5e-21 }), 1);
  assert.equal(value('x >= 1', { x: 1 - 1e-13 }), 0);
  assert.equal(value('x == 0', { x: 1e-16 }), 0);
  assert.equal(value('x != 0', { x: 1e-16 }), 1);
  assert.equal(value('x <= 1', { x: 1 + 2 ** -52 }), 0);
  // neighbouring doubles and subnormals are told apart
  assert.equal(value('x < y', { x: 5e-324, y: 1e-323 }), 1);
  assert.equal(value('x == y', { x: 1, y: 1 + 2 ** -52 }), 0);
  // NaN compares false with everything, itself included
  assert.equal(value('x == x', { x: NaN }), 0);
  assert.equal(value('x != x', { x: NaN }), 1);
  assert.equal(value('true == 1'), 1);
});

test('floor, ceil, round, mod, min and max are exact too (mathjs rounds within its tolerance)', () => {
  const below1 = 1 - 2 ** -53; // the double just below 1
  assert.equal(value('floor(x)', { x: below1 }), 0); // mathjs: 1
  assert.equal(value('ceil(x)', { x: 1 + 2 ** -52 }), 2); // mathjs: 1
  assert.equal(value('mod(x, 1)', { x: below1 }), below1); // mathjs: −1.1e-16
  assert.equal(value('mod(-1, 3)'), 2); // the sign of the divisor, as mathjs
  assert.equal(value('mod(1, -3)'), -2);
  assert.equal(value('round(-2.5)') + value('round(2.5)'), 0); // half away from zero, as mathjs
  assert.equal(value('max(1, x)', { x: 1 + 2 ** -52 }), 1 + 2 ** -52);
  assert.ok(Number.isNaN(value('min(1, x)', { x: NaN })));
});

test('the arity of every call is checked at parse time, and the message says the expected arity', () => {
  assert.throws(() => compileRestricted('sqrt(1, 2)', []), { message: messages.badArity('sqrt', 1, 1, 2) });
  assert.throws(() => compileRestricted('atan2(1)', []), { message: messages.badArity('atan2', 2, 2, 1) });
  assert.throws(() => compileRestricted('log(1, 2, 3)', []), { message: messages.badArity('log', 1, 2, 3) });
  assert.throws(() => compileRestricted('max()', []), { message: messages.badArity('max', 1, Infinity, 0) });
  assert.throws(() => compileRestricted('f(1)', [], { f: (a: number, b: number) => a + b }), { message: messages.badArity('f', 2, 2, 1) });
  assert.equal(messages.badArity('f', 2, 2, 1), 'f() takes 2 arguments, got 1');
  assert.equal(compileRestricted('hypot(3, 4, 12)', []).evaluate({}), 13);
});

test('prototype names are refused as symbols even when declared, and as user names with mathjs built-ins', () => {
  for (const name of ['toString', 'valueOf', 'constructor', '__proto__', 'prototype', 'hasOwnProperty']) {
    assert.throws(() => compileRestricted(name, [name]), ExpressionError, name);
    assert.match(reservedNameReason(name) ?? '', /prototype/);
  }
  assert.throws(() => compileRestricted('toString(1)', []), ExpressionError);
  assert.match(reservedNameReason('gamma') ?? '', /mathjs built-in/); // a mathjs function
  assert.match(reservedNameReason('phi') ?? '', /mathjs built-in/); // a mathjs constant
  assert.match(reservedNameReason('sqrt') ?? '', /function of the expression language/);
  assert.match(reservedNameReason('pi') ?? '', /constant/);
  assert.equal(reservedNameReason('s0'), undefined);
  assert.equal(reservedNameReason('sigma'), undefined);
});

test('a complex value is an ExpressionValueError that shows it; evaluateOrNaN gives NaN', () => {
  for (const [text, shown] of [
    ['log(-1)', 'the complex number 3.141592653589793i'],
    ['sqrt(-1)', 'the complex number i'],
    ['acos(2)', 'the complex number 1.3169578969248166i'],
  ] as const) {
    const e = compileRestricted(text, []);
    assert.throws(
      () => e.evaluate({}),
      (err: unknown) => err instanceof ExpressionValueError && err.shown === shown && err.message === messages.notReal(text, shown),
      text,
    );
    assert.ok(Number.isNaN(e.evaluateOrNaN({})));
  }
  // a comparison of a complex value names the operator and the value
  assert.throws(
    () => value('log(-1) > 0'),
    (err: unknown) => err instanceof ExpressionValueError && err.shown === 'the complex number 3.141592653589793i',
  );
  // a complex intermediate that ends real is fine: |2i| = 2
  assert.equal(value('abs(sqrt(-4))'), 2);
});

test('an expression energy leaving its domain ends the run with status non-finite, the trajectory so far kept', () => {
  // E = sqrt(w11), w' = −1/(2√w) from w = 1: w^{3/2} = 1 − 3t/4 reaches 0 at t = 4/3, after which E is not real
  const E = expressionEnergy(1, 1, 'sqrt(w11)');
  assert.ok(Number.isNaN(E.value(new Float64Array([-1]))));
  const tr = simulate({
    energy: E,
    model: { depth: 1, parametrization: 'end-to-end' },
    start: { endToEnd: [1] },
    t1: 3,
    solver: { method: 'dopri5' },
    saveAt: { kind: 'uniform', n: 31 },
  });
  assert.equal(tr.status, 'non-finite');
  const tEnd = tr.t.at(-1)!;
  // the last accepted step ends at the singular time to within the solver's error there (measured 1e-8)
  assert.ok(Math.abs(tEnd - 4 / 3) < 1e-6, `stopped at t = ${String(tEnd)}`);
  assert.ok(tr.t.length >= 14 && tr.rows.every((r) => Number.isFinite(r.loss)));
  // the kept rows follow the closed form w = (1 − 3t/4)^{2/3}, to the solver's default tolerances (rtol 1e-8) away from the singular end
  for (let k = 0; k < tr.t.length && tr.t[k]! <= 1; k++) assert.ok(Math.abs(tr.W[k]![0]! - (1 - 0.75 * tr.t[k]!) ** (2 / 3)) < 1e-6, `t = ${String(tr.t[k])}`);
});
