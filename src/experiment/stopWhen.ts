/**
 * `horizon.stopWhen: "<predicate over the columns>"`: the run ends at the first time the predicate
 * switches from false to true, located as a terminal event on the solver's dense output (Brent's
 * method, to 1e-12 relative in t; under a discrete optimiser, the first step at which it holds), with
 * status `event` and the time in `tEvent`.
 *
 * The predicate is compiled here to a plain closure over the state columns (`stateColumns.ts`), so
 * that the event function allocates nothing; parameters, swept values, N, run and cell are numbers
 * fixed per run. The event function is a continuous *margin*, positive exactly where the predicate
 * holds, wherever the predicate allows: `a < b` and `a <= b` give `b − a`, `a > b` and `a >= b` give
 * `a − b`, `p and q` the minimum of the margins, `p or q` the maximum, `not p` the negation. Whatever
 * is not continuous this way (`==`, `!=`, `xor`, a conditional, a number used as a truth value)
 * becomes the indicator ±1, whose switch Brent's method then brackets down to the same tolerance
 * (bisection on the dense output between the two steps). A predicate that already holds at the
 * start has no switch to find: the run goes on.
 */
import { CONSTANT_VALUES } from '../expr/constants.js';
import type { MathNode } from 'mathjs';
import { ALLOWED_FUNCTIONS, parseRestricted } from '../expr/restricted.js';
import type { StateColumn, StateColumns } from './stateColumns.js';

type Fn = (t: number, W: Float64Array) => number;

const MATH: Readonly<Record<string, (...a: number[]) => number>> = {
  abs: Math.abs,
  sqrt: Math.sqrt,
  cbrt: Math.cbrt,
  exp: Math.exp,
  expm1: Math.expm1,
  log1p: Math.log1p,
  log10: Math.log10,
  log2: Math.log2,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  atan2: Math.atan2,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  pow: Math.pow,
  sign: Math.sign,
  floor: Math.floor,
  ceil: Math.ceil,
  round: Math.round,
  square: (x) => x * x,
  cube: (x) => x * x * x,
  isNaN: (x) => (Number.isNaN(x) ? 1 : 0),
  mod: (a, b) => (b === 0 ? a : a - b * Math.floor(a / b)),
};

const CONSTANTS: Readonly<Record<string, number>> = Object.fromEntries([...CONSTANT_VALUES].map(([k, v]) => [k, Number(v)]));

/**
 * Compiles `text` for one run: `columns` gives the state columns, `scope` the numbers fixed per run
 * (parameters, swept values, N, run, cell). Returns the margin `g(t, W)` (positive where the predicate
 * holds); throws an `Error` naming what is not available.
 */
export function compileStopWhen(text: string, columns: StateColumns, scope: Readonly<Record<string, unknown>>, allColumns: readonly string[] = []): Fn {
  const fixed = Object.keys(scope).filter((k) => typeof scope[k] === 'number');
  const state = new Map<string, StateColumn>();
  const names = [...new Set(text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [])];
  for (const n of names) {
    if (fixed.includes(n)) continue;
    const c = columns.column(n);
    if (c) state.set(n, c);
  }
  // parse with every name it may use; a column that is not a state column is named in the error
  const known = [...fixed, ...state.keys()];
  const unavailable = names.filter((n) => allColumns.includes(n) && !known.includes(n));
  if (unavailable.length > 0) {
    const usable = allColumns.filter((c) => columns.column(c) !== undefined);
    throw new Error(
      `${unavailable.map((n) => `"${n}"`).join(', ')}: not a function of the state of this run, so no event can follow it; stopWhen may use the columns ${usable.join(', ')}, and the parameters and swept values`,
    );
  }
  return margin({ state, scope }, parseRestricted(text, known));
}

/** What a predicate's symbols stand for in one run: state columns, and numbers fixed per run. */
interface Env {
  readonly state: ReadonlyMap<string, StateColumn>;
  readonly scope: Readonly<Record<string, unknown>>;
}

/** The value of `n` as a function of (t, W). */
function value(env: Env, n: MathNode): Fn {
  switch (n.type) {
    case 'ConstantNode': {
      const v = Number((n as unknown as { value: number | boolean }).value);
      return () => v;
    }
    case 'SymbolNode': {
      const name = (n as unknown as { name: string }).name;
      const c = env.state.get(name);
      if (c) return c;
      const v = typeof env.scope[name] === 'number' ? env.scope[name] : CONSTANTS[name];
      if (v === undefined) throw new Error(`unknown symbol "${name}"`);
      return () => v;
    }
    case 'ParenthesisNode':
      return value(env, (n as unknown as { content: MathNode }).content);
    case 'ConditionalNode': {
      const c = n as unknown as { condition: MathNode; trueExpr: MathNode; falseExpr: MathNode };
      const p = margin(env, c.condition);
      const a = value(env, c.trueExpr);
      const b = value(env, c.falseExpr);
      return (t, W) => (p(t, W) > 0 ? a(t, W) : b(t, W));
    }
    case 'FunctionNode':
      return callValue(env, n as unknown as { fn: { name: string }; args: MathNode[] });
    case 'OperatorNode':
      return operatorValue(env, n);
    default:
      throw new Error(`${n.type.replace(/Node$/, '').toLowerCase()} is not available in stopWhen`);
  }
}

/** The value of a call of an allowed function. */
function callValue(env: Env, f: { fn: { name: string }; args: MathNode[] }): Fn {
  const args = f.args.map((a) => value(env, a));
  const name = f.fn.name;
  if (name === 'min' || name === 'max' || name === 'hypot') {
    const op = (x: number, y: number): number => (name === 'min' ? Math.min(x, y) : name === 'max' ? Math.max(x, y) : Math.hypot(x, y));
    if (args.length === 1) return args[0]!;
    if (args.length === 2) {
      const [a, b] = [args[0]!, args[1]!];
      return (t, W) => op(a(t, W), b(t, W));
    }
    return (t, W) => {
      let r = args[0]!(t, W);
      for (let i = 1; i < args.length; i++) r = op(r, args[i]!(t, W));
      return r;
    };
  }
  if (name === 'log') {
    const a = args[0]!;
    const b = args[1];
    return b ? (t, W) => Math.log(a(t, W)) / Math.log(b(t, W)) : (t, W) => Math.log(a(t, W));
  }
  const m = MATH[name];
  if (!m || !ALLOWED_FUNCTIONS.includes(name)) throw new Error(`the function ${name}() is not available in stopWhen`);
  if (args.length === 1) {
    const a = args[0]!;
    return (t, W) => m(a(t, W));
  }
  const [a, b] = [args[0]!, args[1]!];
  return (t, W) => m(a(t, W), b(t, W));
}

/** The value of an arithmetic operator, or the truth value (1 or 0) of a comparison or logical operator. */
function operatorValue(env: Env, n: MathNode): Fn {
  const op = n as unknown as { fn: string; args: MathNode[] };
  const [a, b] = op.args.map((x) => value(env, x)) as [Fn, Fn | undefined];
  switch (op.fn) {
    case 'add':
      return (t, W) => a(t, W) + b!(t, W);
    case 'subtract':
      return (t, W) => a(t, W) - b!(t, W);
    case 'multiply':
      return (t, W) => a(t, W) * b!(t, W);
    case 'divide':
      return (t, W) => a(t, W) / b!(t, W);
    case 'pow':
      return (t, W) => a(t, W) ** b!(t, W);
    case 'unaryMinus':
      return (t, W) => -a(t, W);
    case 'unaryPlus':
      return a;
    case 'mod':
      return (t, W) => MATH.mod!(a(t, W), b!(t, W));
    default: {
      // a truth value: 1 where the margin is positive, else 0
      const p = margin(env, n);
      return (t, W) => (p(t, W) > 0 ? 1 : 0);
    }
  }
}

/** ±1: 1 where the value of `n` is a true number (non-zero, not NaN). */
function indicator(env: Env, n: MathNode): Fn {
  const v = value(env, n);
  return (t, W) => {
    const x = v(t, W);
    return x !== 0 && !Number.isNaN(x) ? 1 : -1;
  };
}

/** Positive exactly where `n` is true; continuous where the predicate allows it. */
function margin(env: Env, n: MathNode): Fn {
  if (n.type === 'ParenthesisNode') return margin(env, (n as unknown as { content: MathNode }).content);
  if (n.type !== 'OperatorNode') return indicator(env, n);
  const op = n as unknown as { fn: string; args: MathNode[] };
  const values = (): [Fn, Fn] => op.args.map((x) => value(env, x)) as [Fn, Fn];
  const margins = (): [Fn, Fn] => op.args.map((x) => margin(env, x)) as [Fn, Fn];
  switch (op.fn) {
    case 'larger':
    case 'largerEq': {
      const [a, b] = values();
      return (t, W) => a(t, W) - b(t, W);
    }
    case 'smaller':
    case 'smallerEq': {
      const [a, b] = values();
      return (t, W) => b(t, W) - a(t, W);
    }
    case 'and': {
      const [p, q] = margins();
      return (t, W) => Math.min(p(t, W), q(t, W));
    }
    case 'or': {
      const [p, q] = margins();
      return (t, W) => Math.max(p(t, W), q(t, W));
    }
    case 'not': {
      const p = margin(env, op.args[0]!);
      return (t, W) => -p(t, W);
    }
    case 'equal':
    case 'unequal':
    case 'xor': {
      const [a, b] = op.fn === 'xor' ? margins() : values();
      const test =
        op.fn === 'equal'
          ? (x: number, y: number): boolean => x === y
          : op.fn === 'unequal'
            ? (x: number, y: number): boolean => x !== y
            : (x: number, y: number): boolean => x > 0 !== y > 0;
      return (t, W) => (test(a(t, W), b(t, W)) ? 1 : -1);
    }
    default:
      return indicator(env, n);
  }
}
