/** The method registry (methods.ts), the error scale (errorScale.ts) and the linear-algebra interface (linearAlgebra.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorScale, errorScaleSource } from '../../src/ode/errorScale.js';
import { messages } from '../../src/ode/messages.js';
import { findMethod, METHOD_NAMES, METHODS } from '../../src/ode/methods.js';
import { solve } from '../../src/ode/solve.js';
import type { OdeSystem } from '../../src/ode/types.js';
import { odeLinearAlgebra } from '../../src/simulate/odeLinearAlgebra.js';
import { METHODS as TESTED } from './helpers.js';

const decay: OdeSystem = {
  dim: 2,
  rhs: (_t, y, out) => {
    out[0] = -y[0]!;
    out[1] = -2 * y[1]!;
  },
};

test('METHOD_NAMES lists every registered method once, the ones the solver tests run', () => {
  assert.deepEqual([...METHOD_NAMES].sort(), [...TESTED].sort());
  assert.equal(new Set(METHOD_NAMES).size, METHODS.length);
  for (const m of METHODS) {
    assert.equal(findMethod(m.name), m);
    assert.ok(Number.isInteger(m.order) && m.order >= 3, `${m.name}: order ${String(m.order)}`);
  }
  assert.equal(findMethod('nope'), undefined);
});

test('solve names the method it ran, for every registered method', () => {
  for (const name of METHOD_NAMES) {
    const s = solve(decay, name, { t0: 0, t1: 1, y0: [1, 1], linearAlgebra: odeLinearAlgebra });
    assert.equal(s.status, 'success', name);
    assert.equal(s.method, name);
  }
});

test('solve(stiff method) without options.linearAlgebra throws the message naming it; explicit methods need none', () => {
  for (const m of METHODS) {
    const run = (): unknown => solve(decay, m.name, { t0: 0, t1: 1, y0: [1, 1] });
    if (m.needsLinearAlgebra) assert.throws(run, { message: messages.needsLinearAlgebra(m.name) });
    else assert.doesNotThrow(run);
  }
});

test('errorScale and its source text give the same bits', () => {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the module's own source text, compiled as the kernels do
  const scale = new Function('atol', 'rtol', 'ya', 'yb', `return ${errorScaleSource('atol', 'rtol', 'ya', 'yb')};`) as typeof errorScale;
  const values = [0, -0, 1e-300, -3.5, 2, Math.PI, -1e12, Number.NaN, Number.POSITIVE_INFINITY];
  for (const atol of [0, 1e-9, 1e-3]) {
    for (const rtol of [0, 1e-6, 0.1]) {
      for (const ya of values)
        for (const yb of values) assert.ok(Object.is(scale(atol, rtol, ya, yb), errorScale(atol, rtol, ya, yb)), `${String(ya)}, ${String(yb)}`);
    }
  }
  // one state: max(|y|, |y|) = |y|, the form of the initial step and of LSODA's weights
  assert.equal(errorScale(1e-9, 1e-6, -4, -4), 1e-9 + 1e-6 * 4);
});
