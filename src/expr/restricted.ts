/**
 * Safe evaluation of user expressions (scenario checks and expression energies), in mathjs syntax.
 * Two layers, following mathjs's security documentation:
 * 1. the text is parsed on the host and every node of the tree is checked against an allowlist:
 *    numbers, declared symbols, arithmetic/comparison/logical operators, parentheses, the ternary
 *    operator and calls of a short list of pure functions by name. Assignments, function
 *    definitions, property access, indexing, objects, matrices, ranges, blocks and strings are refused.
 * 2. the checked tree is evaluated by walking it (`treeEvaluator.ts`), never by mathjs's compiler:
 *    a call reaches only a function of the scope or of the allowlist, and the comparisons (and `min`,
 *    `max`, `floor`, `ceil`, `round`, `mod`) are exact IEEE operations instead of mathjs's tolerant
 *    ones. The arity of every call is checked at parse time; a value that is not a real number (e.g.
 *    `sqrt(-1)`) is an `ExpressionValueError` that shows the value.
 * mathjs loads lazily, only when a scenario has an expression, and from its one-file bundle
 * (`mathjs/lib/browser/math.js`, the same release): its main entry reads ~1,300 files and builds
 * every typed function at load (~0.8 s cold), the bundle ~0.07 s, its functions built on first use.
 * One instance, the bundle's own, parses and gives the functions; it is never modified.
 * @see https://mathjs.org/docs/expressions/security.html
 */
import { createRequire } from 'node:module';
import type { MathJsInstance, MathNode } from 'mathjs';
import { CONSTANTS } from './constants.js';
import { messages } from './messages.js';
import { treeEvaluator, type Library, type Scope } from './treeEvaluator.js';

const require = createRequire(import.meta.url);

/** Functions an expression may call, with their arities `[min, max]`. Everything else is refused. */
export const FUNCTION_ARITY: Readonly<Record<string, readonly [number, number]>> = {
  abs: [1, 1],
  sqrt: [1, 1],
  cbrt: [1, 1],
  exp: [1, 1],
  expm1: [1, 1],
  log: [1, 2],
  log1p: [1, 1],
  log10: [1, 1],
  log2: [1, 1],
  sin: [1, 1],
  cos: [1, 1],
  tan: [1, 1],
  asin: [1, 1],
  acos: [1, 1],
  atan: [1, 1],
  atan2: [2, 2],
  sinh: [1, 1],
  cosh: [1, 1],
  tanh: [1, 1],
  min: [1, Infinity],
  max: [1, Infinity],
  pow: [2, 2],
  sign: [1, 1],
  floor: [1, 1],
  ceil: [1, 1],
  round: [1, 1],
  mod: [2, 2],
  hypot: [1, Infinity],
  square: [1, 1],
  cube: [1, 1],
  isNaN: [1, 1],
};

/** Functions an expression may call. Everything else is refused. */
export const ALLOWED_FUNCTIONS = Object.keys(FUNCTION_ARITY);

export { CONSTANTS } from './constants.js';

/** Names that reach JavaScript's object machinery: refused as symbols and as user-chosen names. */
export const PROTOTYPE_NAMES: ReadonlySet<string> = new Set([
  'toString',
  'valueOf',
  'constructor',
  '__proto__',
  'prototype',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

/** Operators by their mathjs function names (`+` is `add`, `>` is `larger`, …). */
const OPERATORS = new Set([
  'add',
  'subtract',
  'multiply',
  'divide',
  'pow',
  'unaryMinus',
  'unaryPlus',
  'larger',
  'smaller',
  'largerEq',
  'smallerEq',
  'equal',
  'unequal',
  'and',
  'or',
  'not',
  'xor',
  'mod',
]);

/**
 * A function callable from expressions. Its arity is `fn.length` unless it carries `arity`
 * (`[min, max]`, `max` = Infinity for variadic functions; see `variadic`).
 */
export type ExprFunction = ((...a: number[]) => number) & { arity?: readonly [number, number] };

/** Marks `fn` as taking `min` or more arguments. */
export function variadic(fn: (...a: number[]) => number, min: number): ExprFunction {
  return Object.assign(fn, { arity: [min, Infinity] as const });
}

const arityOf = (f: ExprFunction): readonly [number, number] => f.arity ?? [f.length, f.length];

/** The bundle's default instance (see `full`). */
let fullInstance: MathJsInstance | undefined;

let lib: Library | undefined;
/** Where checked trees find their functions: mathjs's, with `EXACT` in place of the tolerant ones. */
const library = (): Library => (lib ??= { math: full(), exact: EXACT, allowed: new Set([...Object.keys(FUNCTION_ARITY), ...OPERATORS]) });

/** A value as a user reads it: numbers in full precision, complex numbers as `a + bi`. */
export function showValue(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return String(v);
  if (v !== null && typeof v === 'object') {
    const m = full();
    const kind = (v as { type?: string }).type ?? (v as { constructor?: { name?: string } }).constructor?.name ?? 'object';
    return `${kind === 'Complex' ? 'the complex number' : `a ${kind}`} ${m.format(v, { precision: 17 })}`;
  }
  return String(v);
}

/** Why an expression was refused. */
export class ExpressionError extends Error {}

/** Why a value was refused: not a real number (e.g. complex). `shown` is the value as text. */
export class ExpressionValueError extends ExpressionError {
  constructor(
    message: string,
    readonly shown: string,
  ) {
    super(message);
  }
}

/** A real number from a mathjs value (booleans as 0/1, complex numbers with zero imaginary part as their real part), or undefined. */
function real(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v !== null && typeof v === 'object' && (v as { type?: string }).type === 'Complex' && (v as { im: number }).im === 0) return (v as { re: number }).re;
  return undefined;
}

const operand = (op: string, v: unknown): number => {
  const x = real(v);
  if (x === undefined) {
    const shown = showValue(v);
    throw new ExpressionValueError(messages.badOperand(op, shown), shown);
  }
  return x;
};

/**
 * Exact IEEE comparisons and the functions mathjs computes with its `relTol`/`absTol` (1e-12/1e-15):
 * mathjs's own `larger(1.64e-16, 0)` is false and `floor(1 − 2⁻⁵³)` is 1. `relTol: 0` is refused by
 * mathjs ("Relative tolerance must be greater than 0") and `relTol: 5e-324` breaks `round`/`floor`,
 * so these replace the mathjs functions in the evaluating instance.
 */
const EXACT: Record<string, (...a: unknown[]) => unknown> = {
  larger: (a, b) => operand('>', a) > operand('>', b),
  smaller: (a, b) => operand('<', a) < operand('<', b),
  largerEq: (a, b) => operand('>=', a) >= operand('>=', b),
  smallerEq: (a, b) => operand('<=', a) <= operand('<=', b),
  equal: (a, b) => operand('==', a) === operand('==', b),
  unequal: (a, b) => operand('!=', a) !== operand('!=', b),
  compare: (a, b) => {
    const [x, y] = [operand('compare', a), operand('compare', b)];
    return x > y ? 1 : x < y ? -1 : x === y ? 0 : NaN;
  },
  min: (...a) => Math.min(...a.map((v) => operand('min', v))),
  max: (...a) => Math.max(...a.map((v) => operand('max', v))),
  floor: (a) => Math.floor(operand('floor', a)),
  ceil: (a) => Math.ceil(operand('ceil', a)),
  // half away from zero, as mathjs
  round: (a) => {
    const x = operand('round', a);
    return x < 0 ? -Math.round(-x) : Math.round(x);
  },
  // the sign of the divisor, as mathjs; mod(x, 0) = x
  mod: (a, b) => {
    const [x, y] = [operand('mod', a), operand('mod', b)];
    if (y === 0) return x;
    const r = x % y;
    return r !== 0 && r < 0 !== y < 0 ? r + y : r;
  },
};

/**
 * The bundle's own default instance, never modified: it parses, gives the functions a checked tree
 * calls (`treeEvaluator.ts`), `derivative`, `format` and the names of the built-ins.
 */
function full(): MathJsInstance {
  fullInstance ??= require('mathjs/lib/browser/math.js') as MathJsInstance;
  return fullInstance;
}

/**
 * Why `name` cannot be a user-chosen name (a parameter, a swept field) in expressions, or undefined
 * when it can: a prototype name, a function or constant of the language, or any mathjs built-in it
 * would shadow (`gamma`, `phi`, `i`, …).
 */
export function reservedNameReason(name: string, extraFunctions: readonly string[] = []): string | undefined {
  if (PROTOTYPE_NAMES.has(name) || name.startsWith('__')) return 'a JavaScript prototype name';
  if (name in FUNCTION_ARITY || extraFunctions.includes(name)) return 'a function of the expression language';
  if (CONSTANTS.includes(name)) return 'a constant of the expression language';
  if (name in full()) return `a mathjs built-in it would shadow`;
  return undefined;
}

/**
 * A call whose arguments the caller rewrites before compiling (e.g. `firstCrossing(loss, 1e-3)`,
 * `median(expr)`): its arity, and whether its first argument must be one of `columns`.
 */
export interface SpecialForm {
  readonly arity: readonly [number, number];
  readonly columns?: readonly string[];
}

/** What `parseRestricted` accepts beyond numbers, operators and `ALLOWED_FUNCTIONS`. */
export interface ParseOptions {
  readonly functions?: Readonly<Record<string, ExprFunction>>;
  readonly forms?: Readonly<Record<string, SpecialForm>>;
}

/**
 * Parses `text` and checks every node, including the arity of every call. `symbols`: the names the
 * expression may use as variables; `o.functions`: extra callable names (e.g. `modeLaw`) beyond
 * `ALLOWED_FUNCTIONS`; `o.forms`: calls the caller rewrites (checked for arity and column arguments).
 */
export function parseRestricted(text: string, symbols: readonly string[], o: ParseOptions = {}): MathNode {
  if (typeof text !== 'string' || text.length === 0 || text.length > 2000) throw new ExpressionError(messages.badText());
  let node: MathNode;
  try {
    node = full().parse(text);
  } catch (e) {
    throw new ExpressionError(messages.cannotParse(text, (e as Error).message));
  }
  const arities = new Map<string, readonly [number, number]>(Object.entries(FUNCTION_ARITY));
  for (const [name, f] of Object.entries(o.functions ?? {})) arities.set(name, arityOf(f));
  for (const [name, f] of Object.entries(o.forms ?? {})) arities.set(name, f.arity);
  const allowedSyms = new Set<string>([...symbols.filter((s) => !PROTOTYPE_NAMES.has(s)), ...CONSTANTS]);
  const visit = (n: MathNode): void => {
    const t = n.type;
    switch (t) {
      case 'ConstantNode': {
        const v = (n as unknown as { value: unknown }).value;
        if (typeof v !== 'number' && typeof v !== 'boolean') throw new ExpressionError(messages.badConstant(v));
        return;
      }
      case 'SymbolNode': {
        const name = (n as unknown as { name: string }).name;
        if (PROTOTYPE_NAMES.has(name)) throw new ExpressionError(messages.reservedSymbol(name));
        if (!allowedSyms.has(name)) throw new ExpressionError(messages.unknownSymbol(name, [...allowedSyms]));
        return;
      }
      case 'ParenthesisNode':
        visit((n as unknown as { content: MathNode }).content);
        return;
      case 'OperatorNode': {
        const op = n as unknown as { fn: string; args: MathNode[] };
        if (!OPERATORS.has(op.fn)) throw new ExpressionError(messages.badOperator((n as unknown as { op: string }).op));
        op.args.forEach(visit);
        return;
      }
      case 'ConditionalNode': {
        const c = n as unknown as { condition: MathNode; trueExpr: MathNode; falseExpr: MathNode };
        visit(c.condition);
        visit(c.trueExpr);
        visit(c.falseExpr);
        return;
      }
      case 'FunctionNode': {
        const f = n as unknown as { fn: MathNode; args: MathNode[] };
        if (f.fn.type !== 'SymbolNode') throw new ExpressionError(messages.namedCallsOnly());
        const name = (f.fn as unknown as { name: string }).name;
        const arity = PROTOTYPE_NAMES.has(name) ? undefined : arities.get(name);
        if (!arity) throw new ExpressionError(messages.unknownFunction(name, [...arities.keys()]));
        if (f.args.length < arity[0] || f.args.length > arity[1]) throw new ExpressionError(messages.badArity(name, arity[0], arity[1], f.args.length));
        const form = o.forms?.[name];
        if (form?.columns) {
          const first = f.args[0]!;
          if (first.type !== 'SymbolNode' || !form.columns.includes((first as unknown as { name: string }).name))
            throw new ExpressionError(messages.columnArgument(name, form.columns));
          f.args.slice(1).forEach(visit);
          return;
        }
        f.args.forEach(visit);
        return;
      }
      default:
        throw new ExpressionError(messages.notAllowed(t.replace(/Node$/, '').toLowerCase()));
    }
  };
  visit(node);
  return node;
}

/** The values of an expression's symbols and the functions it calls by name. */
export type ExpressionScope = Readonly<Record<string, number | ((...a: number[]) => number)>>;

/**
 * Scopes layered over each other: a name is looked up in the first that has it (e.g. a row's values
 * over its run's), as if they were one object with the earlier ones written last.
 */
export type LayeredScope = readonly [ExpressionScope, ...ExpressionScope[]];

/** A compiled, checked expression: `evaluate(scope)` returns a number (booleans as 0/1). */
export interface CompiledExpression {
  readonly text: string;
  /** The value in `scope` (one, or layered); throws `ExpressionValueError` (showing the value) when it is not a real number, e.g. complex. */
  evaluate(scope: ExpressionScope | LayeredScope): number;
  /** The value, NaN when it is not a real number (for right-hand sides, where NaN becomes a run status). */
  evaluateOrNaN(scope: ExpressionScope | LayeredScope): number;
}

/** Compiles a tree `parseRestricted` accepted (or one rewritten from it) into a `CompiledExpression` named `text`. */
export function compileNode(node: MathNode, text: string, functions: Readonly<Record<string, (...a: number[]) => number>> = {}): CompiledExpression {
  // built on the first evaluation: validation only parses
  let code: ((layers: readonly Scope[]) => unknown) | undefined;
  // a single scope is passed as the one layer of this array, so that an evaluation allocates nothing
  // (expression energies evaluate in right-hand sides); no evaluation of this expression nests in another
  const one: Scope[] = [{}];
  const run = (scope: ExpressionScope | LayeredScope): number => {
    let v: unknown;
    try {
      code ??= treeEvaluator(node, library(), functions);
      if (Array.isArray(scope)) v = code(scope as LayeredScope);
      else {
        one[0] = scope as ExpressionScope;
        v = code(one);
      }
    } catch (e) {
      if (e instanceof ExpressionValueError) throw new ExpressionValueError(`"${text}": ${e.message}`, e.shown);
      throw e;
    }
    const x = real(v);
    if (x !== undefined) return x;
    const shown = showValue(v);
    throw new ExpressionValueError(messages.notReal(text, shown), shown);
  };
  return {
    text,
    evaluate: run,
    evaluateOrNaN(scope) {
      try {
        return run(scope);
      } catch (e) {
        if (e instanceof ExpressionValueError) return NaN;
        throw e;
      }
    },
  };
}

export function compileRestricted(text: string, symbols: readonly string[], functions: Readonly<Record<string, ExprFunction>> = {}): CompiledExpression {
  return compileNode(parseRestricted(text, symbols, { functions }), text, functions);
}

/** The symbolic derivative of a checked expression with respect to `variable`, as a checked expression text. */
export function derivativeText(text: string, symbols: readonly string[], variable: string): string {
  parseRestricted(text, symbols);
  const m = full();
  return m.derivative(m.parse(text), variable).toString();
}
