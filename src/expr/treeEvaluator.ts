/**
 * Evaluation of a checked expression tree (one `parseRestricted` accepted, or rewritten from one)
 * by walking it: each node becomes a closure once, and evaluation calls them. Only the node types
 * `parseRestricted` allows are understood (anything else throws), and a call can reach only a
 * function of the scope, of the caller's `functions`, of `exact` or one of mathjs's named in
 * `allowed`. Numbers keep mathjs's semantics, because the arithmetic and the functions are mathjs's
 * own (`sqrt(-1)` is a complex number, booleans count as 0/1), with the two rules of mathjs's
 * expression compiler repeated here: `and`/`or` evaluate their right side only when the left does not
 * decide (its `and`/`or` transforms), and a condition is true when it is non-zero (`testCondition`).
 * This replaces compiling the text again in a second mathjs instance: building that instance's
 * parser and importing the exact comparisons cost about 0.1 s of every command that evaluates an
 * expression, and its layer of disabled functions is not needed when nothing reaches mathjs's compiler.
 */
import type { MathJsInstance, MathNode } from 'mathjs';
import { CONSTANT_VALUES } from './constants.js';

/** A scope: the values of symbols and the functions the expression may call by name. */
export type Scope = Readonly<Record<string, unknown>>;

/**
 * Evaluation in scopes layered over each other: a name is looked up in the first layer that has it,
 * so a row's values can sit over its run's without copying both into one object per row.
 */
type Evaluate = (layers: readonly Scope[]) => unknown;
type Callable = (...a: unknown[]) => unknown;

/** Where a tree's calls find their functions. */
export interface Library {
  /** mathjs's instance that gives the arithmetic and the allowed functions (not modified). */
  readonly math: MathJsInstance;
  /** Functions that replace mathjs's of the same name (exact comparisons, `min`, `floor`, …). */
  readonly exact: Readonly<Record<string, Callable>>;
  /** The names of mathjs's functions and operators a tree may call. */
  readonly allowed: ReadonlySet<string>;
}

const own = (o: object, name: string): boolean => Object.prototype.hasOwnProperty.call(o, name);

/** The closure that evaluates `node` in layered scopes, looking names up in them, then in `functions`, then in `lib`. */
export function treeEvaluator(node: MathNode, lib: Library, functions: Scope = {}): Evaluate {
  const named = (name: string): Callable => {
    if (own(lib.exact, name)) return lib.exact[name]!;
    if (!lib.allowed.has(name)) throw new Error(`Undefined function ${name}`);
    return (lib.math as unknown as Record<string, Callable>)[name]!;
  };
  const truthy = (v: unknown): boolean => {
    if (typeof v === 'number' || typeof v === 'boolean') return Boolean(v);
    if (v === null || v === undefined) return false;
    const c = v as { type?: string; re?: number; im?: number };
    if (c.type === 'Complex') return Boolean(c.re) || Boolean(c.im);
    throw new TypeError(`Unsupported type of condition "${typeof v}"`);
  };
  const build = (n: MathNode): Evaluate => {
    switch (n.type) {
      case 'ConstantNode': {
        const v = (n as unknown as { value: unknown }).value;
        return () => v;
      }
      case 'SymbolNode': {
        const name = (n as unknown as { name: string }).name;
        const constant = CONSTANT_VALUES.get(name);
        return (layers) => {
          for (const scope of layers) if (own(scope, name)) return scope[name];
          if (own(functions, name)) return functions[name];
          if (constant !== undefined) return constant;
          throw new Error(`Undefined symbol ${name}`);
        };
      }
      case 'ParenthesisNode':
        return build((n as unknown as { content: MathNode }).content);
      case 'ConditionalNode': {
        const c = n as unknown as { condition: MathNode; trueExpr: MathNode; falseExpr: MathNode };
        const [test, yes, no] = [build(c.condition), build(c.trueExpr), build(c.falseExpr)];
        return (scope) => (truthy(test(scope)) ? yes(scope) : no(scope));
      }
      case 'OperatorNode': {
        const op = n as unknown as { fn: string; args: MathNode[] };
        const args = op.args.map(build);
        const f = named(op.fn);
        if (op.fn === 'and' || op.fn === 'or') {
          const [a, b] = args as [Evaluate, Evaluate];
          // the transforms: the left side decides when it is false (and) or true (or)
          if (op.fn === 'and')
            return (scope) => {
              const l = a(scope);
              return f(l, true) ? f(l, b(scope)) : false;
            };
          return (scope) => {
            const l = a(scope);
            return f(l, false) ? true : f(l, b(scope));
          };
        }
        return call(() => f, args);
      }
      case 'FunctionNode': {
        const fn = n as unknown as { fn: MathNode & { name?: string }; args: MathNode[] };
        if (fn.fn.type !== 'SymbolNode') throw new Error('only calls of named functions are allowed');
        const name = fn.fn.name!;
        const args = fn.args.map(build);
        const fallback = own(functions, name) ? (functions[name] as Callable) : own(lib.exact, name) || lib.allowed.has(name) ? named(name) : undefined;
        return call((layers) => {
          let f: unknown = fallback;
          for (const scope of layers)
            if (own(scope, name)) {
              f = scope[name];
              break;
            }
          if (typeof f === 'function') return f as Callable;
          if (f === undefined) throw new Error(`Undefined function ${name}`);
          throw new TypeError(`'${name}' is not a function`);
        }, args);
      }
      default:
        throw new Error(`${n.type} cannot be evaluated`);
    }
  };
  return build(node);
}

/** A call of the function `resolve` gives, with the arguments evaluated left to right. */
function call(resolve: (layers: readonly Scope[]) => Callable, args: readonly Evaluate[]): Evaluate {
  switch (args.length) {
    case 1: {
      const [a] = args as [Evaluate];
      return (scope) => resolve(scope)(a(scope));
    }
    case 2: {
      const [a, b] = args as [Evaluate, Evaluate];
      return (scope) => resolve(scope)(a(scope), b(scope));
    }
    default:
      return (scope) => resolve(scope)(...args.map((a) => a(scope)));
  }
}
