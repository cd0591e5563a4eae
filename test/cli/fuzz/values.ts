/**
 * The hostile values the scenario fuzzer plants: extreme numbers, numeric-looking strings, unicode,
 * expression attacks, parameter names that shadow object internals, and oversized sizes.
 */

/** Numbers at the edges of double precision and of array and integer limits. */
export const EXTREME_NUMBERS: readonly number[] = [
  1e9, 1e308, -1e308, -0, 2 ** 32, 2 ** 31, 2 ** 53 + 2, 5e-324, 1e-300, 1e-12, 0, -1, 0.5, 1e5, NaN, Infinity, -Infinity,
];

/** Strings a lenient parser might read as numbers. */
export const NUMERIC_STRINGS: readonly string[] = ['.inf', '-.inf', '.nan', 'NaN', 'Infinity', '-Infinity', '1e309', '0x1F', '1_000', ' 1 ', '١٢', '1,5', ''];

/** Text that stresses encoders and regexes: combining marks, bidi overrides, NUL, a lone surrogate, a BOM. */
export const UNICODE_STRINGS: readonly string[] = ['w₁₁', 'ι\u0301d', '\u202Eevil', '😀'.repeat(10), 'a\u0000b', '\uD800', 'ä-id', '\uFEFFid', 'Ω', 'line\nbreak', '\t', '\\u0000'];

/** Parameter names that collide with object internals, symbols of the checks, or functions. */
export const HOSTILE_NAMES: readonly string[] = [
  'toString', 'valueOf', 'constructor', '__proto__', 'hasOwnProperty', '__defineGetter__', 'prototype',
  't', 'N', 'loss', 'sqrt', 'modeLaw', 'pi', 'e', 'Infinity', 'true', 'import', 'evaluate',
];

/**
 * Expression attacks: object internals by name, domain errors, wrong arity, huge exponents,
 * property access, the disabled mathjs functions, non-numeric syntax, and broken text.
 */
export const EXPRESSION_ATTACKS: readonly string[] = [
  'toString', 'valueOf', 'constructor', '__proto__', 'hasOwnProperty', 'toString()', 'constructor(1)', 'valueOf + 1',
  'log(-1)', 'acos(2)', 'asin(-3) > 0', 'sqrt(-1) > 0', 'log(0)', '1/0', '0/0', 'mod(1, 0)', 'Infinity - Infinity', '0^0',
  'log()', 'abs(1, 2)', 'atan2(1)', 'max()', 'min()', 'hypot()', 'sign()', 'round(1, 1e9)', 'round(1, -1)', 'pow(2)',
  'modeLaw(1)', 'modeLaw(1, 2, 3, 4, 5)', 'modeLaw(-1, -1, -1, -1)', 'modeLaw(0, 1, 0.1, 1)', 'modeLaw(1e308, 1e308, 1e308, 1e308)', 'modeLawTau(0.5, 1, 0, 1)', 'riseTime(2, 0, 0)',
  '10^1000', '2^2^2^2^2^2', 'exp(1e308)', 'pow(10, 400)', 'loss^1e308', '1e309', 'e^1000', '(-8)^(1/3)', 'cube(1e200)', 'square(1e300) * 0',
  'loss.constructor', 'loss.toString()', 'cos["constructor"]("return process")()', 'cos.constructor("return 1")()', 'pi["valueOf"]',
  'import({}, {override: true})', 'evaluate("1 + 1")', 'parse("1")', 'createUnit("foo")', 'compile("1")', 'simplify("x")', 'derivative("x^2", "x")', 'reviver', 'resolve(1)',
  '[1, 2]', '{a: 1}', '"text"', "'text'", 'a = 1', 'f(x) = x', '1:3', 'x ? y', 'loss < 1; 2', 'loss\n< 1', '5 cm', '2 inch to cm', 'i', 'sqrt(-4) == 2i', 'factorial(1000)', 'bignumber(1)',
  '1 +', '+', ')', '((((', '', ' ', '#', 'loss < 1 # comment', 'isNaN(loss) ? 1 : 0', 'true and 1e9', 'not not not 0',
  '('.repeat(500) + '1' + ')'.repeat(500), '1+'.repeat(999) + '1', '-'.repeat(1999) + '1', 'x'.repeat(2001), 'sin('.repeat(300) + '1' + ')'.repeat(300),
];

/** Dotted paths of size fields and the oversized or degenerate values to give them. */
export const SIZES: readonly (readonly [string, readonly unknown[]])[] = [
  ['model.depth', [1, 50, 1000, 1e6, 2 ** 31, 2 ** 53]],
  ['model.width', [1, 1000, 1e5, 1e9]],
  ['model.hidden', [[1e9], Array.from({ length: 1000 }, () => 1), [1, 1e6]]],
  ['energy.shape', [[1, 1], [9, 9], [10, 10], [1000, 1000], [1e5, 1e5], [1e9, 1]]],
  ['energy.target.shape', [[1, 1], [1000, 1000], [1e5, 1e5], [1e9, 1]]],
  ['energy.teacher.shape', [[1, 1], [1000, 1000], [1e9, 1]]],
  ['energy.target.sigma', [Array.from({ length: 1000 }, () => 1), [1e308, 1e308], [5e-324]]],
  ['energy.measurements', [1, 1e5, 1e9]],
  ['energy.inputs.n', [1, 1e6, 1e9]],
  ['energy.inputs.rank', [1, 1e9]],
  ['energy.observed', [Array.from({ length: 500 }, (_, k) => [1 + (k % 2), 1 + ((k >> 1) % 2), k])]],
  ['energy.p', [2, 1e9, 1e308]],
  ['horizon.save.n', [2, 1e6, 1e9, 2 ** 32]],
  ['horizon.save.times', [Array.from({ length: 2000 }, (_, k) => k * 5e-4)]],
  ['horizon.t1', [1e-300, 1e308, 5e-324]],
  ['horizon.save.tmin', [1e-300, 1e308]],
  ['ensemble.runs', [100000, 1e9]],
  ['ensemble.seed', [2 ** 53, -(2 ** 53), 2 ** 32]],
  ['solver.maxSteps', [1, 2 ** 53]],
  ['solver.hmax', [5e-324, 1e308]],
  ['init.scale', [1e308, 5e-324]],
  ['init.s0', [1e308, 5e-324, Array.from({ length: 1000 }, () => 1)]],
  ['sweep.model.depth', [Array.from({ length: 1000 }, (_, k) => k + 1), [2, 'inf', 1e6]]],
  ['sweep.init.scale', [Array.from({ length: 300 }, (_, k) => 1e-3 * (k + 1))]],
  ['sweep.params.q', [Array.from({ length: 300 }, (_, k) => k)]],
  ['sweep.solver.rtol', [[1e-300, 0.5, 1]]],
];
