/**
 * Safe evaluation of user expressions (scenario checks and expression energies), in mathjs syntax.
 * Two layers, following mathjs's security documentation:
 * 1. the text is parsed on the host and every node of the tree is checked against an allowlist:
 *    numbers, declared symbols, arithmetic/comparison/logical operators, parentheses, the ternary
 *    operator and calls of a short list of pure functions by name. Assignments, function
 *    definitions, property access, indexing, objects, matrices, ranges, blocks and strings are refused.
 * 2. evaluation runs in a mathjs instance whose `import`, `createUnit`, `evaluate`, `parse`,
 *    `simplify`, `derivative`, `compile`, `reviver` and `resolve` throw.
 * mathjs loads lazily (~0.5 s cold), only when a scenario has an expression.
 * @see https://mathjs.org/docs/expressions/security.html
 */
import { createRequire } from 'node:module';
import type { MathJsInstance, MathNode } from 'mathjs';

const require = createRequire(import.meta.url);

/** Functions an expression may call. Everything else is refused. */
export const ALLOWED_FUNCTIONS = [
  'abs', 'sqrt', 'cbrt', 'exp', 'expm1', 'log', 'log1p', 'log10', 'log2', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2',
  'sinh', 'cosh', 'tanh', 'min', 'max', 'pow', 'sign', 'floor', 'ceil', 'round', 'mod', 'hypot', 'square', 'cube',
  'isNaN',
] as const;

/** Operators by their mathjs function names (`+` is `add`, `>` is `larger`, …). */
const OPERATORS = new Set(['add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus', 'larger', 'smaller', 'largerEq', 'smallerEq', 'equal', 'unequal', 'and', 'or', 'not', 'xor', 'mod']);

interface Instances {
  full: MathJsInstance;
  safe: MathJsInstance;
  compile: MathJsInstance['compile'];
}
let cached: Instances | undefined;

function instances(): Instances {
  if (cached) return cached;
  const mathjs = require('mathjs') as typeof import('mathjs');
  const full = mathjs.create(mathjs.all!, {});
  const safe = mathjs.create(mathjs.all!, {});
  const compile = safe.compile.bind(safe); // kept before it is disabled below
  const disabled = (name: string) => () => {
    throw new Error(`function ${name} is disabled in gradflow expressions`);
  };
  safe.import(
    Object.fromEntries(['import', 'createUnit', 'evaluate', 'parse', 'simplify', 'derivative', 'compile', 'reviver', 'resolve'].map((n) => [n, disabled(n)])),
    { override: true },
  );
  cached = { full, safe, compile };
  return cached;
}

/** Why an expression was refused. */
export class ExpressionError extends Error {}

/**
 * Parses `text` and checks every node. `symbols`: the names the expression may use as variables;
 * `functions`: extra callable names (e.g. `modeLaw`) beyond `ALLOWED_FUNCTIONS`.
 */
export function parseRestricted(text: string, symbols: readonly string[], functions: readonly string[] = []): MathNode {
  if (typeof text !== 'string' || text.length === 0 || text.length > 2000) throw new ExpressionError('expected a non-empty expression of at most 2000 characters');
  let node: MathNode;
  try {
    node = instances().full.parse(text);
  } catch (e) {
    throw new ExpressionError(`cannot parse "${text}": ${(e as Error).message}`);
  }
  const allowedFns = new Set<string>([...ALLOWED_FUNCTIONS, ...functions]);
  const allowedSyms = new Set<string>([...symbols, 'pi', 'e', 'Infinity', 'inf', 'true', 'false']);
  const visit = (n: MathNode): void => {
    const t = n.type;
    switch (t) {
      case 'ConstantNode': {
        const v = (n as unknown as { value: unknown }).value;
        if (typeof v !== 'number' && typeof v !== 'boolean') throw new ExpressionError(`only numbers are allowed as constants, found ${JSON.stringify(v)}`);
        return;
      }
      case 'SymbolNode': {
        const name = (n as unknown as { name: string }).name;
        if (!allowedSyms.has(name)) throw new ExpressionError(`unknown symbol "${name}"; allowed: ${[...allowedSyms].join(', ')}`);
        return;
      }
      case 'ParenthesisNode':
        visit((n as unknown as { content: MathNode }).content);
        return;
      case 'OperatorNode': {
        const op = n as unknown as { fn: string; args: MathNode[] };
        if (!OPERATORS.has(op.fn)) throw new ExpressionError(`operator "${(n as unknown as { op: string }).op}" is not allowed`);
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
        if (f.fn.type !== 'SymbolNode') throw new ExpressionError('only calls of named functions are allowed');
        const name = (f.fn as unknown as { name: string }).name;
        if (!allowedFns.has(name)) throw new ExpressionError(`function "${name}" is not allowed; allowed: ${[...allowedFns].join(', ')}`);
        f.args.forEach(visit);
        return;
      }
      default:
        throw new ExpressionError(`${t.replace(/Node$/, '').toLowerCase()} expressions are not allowed`);
    }
  };
  visit(node);
  return node;
}

/** A compiled, checked expression: `evaluate(scope)` returns a number (booleans as 0/1). */
export interface CompiledExpression {
  readonly text: string;
  evaluate(scope: Readonly<Record<string, number | ((...a: number[]) => number)>>): number;
}

export function compileRestricted(text: string, symbols: readonly string[], functions: Readonly<Record<string, (...a: number[]) => number>> = {}): CompiledExpression {
  const node = parseRestricted(text, symbols, Object.keys(functions));
  const code = instances().compile(node.toString());
  return {
    text,
    evaluate(scope) {
      const v: unknown = code.evaluate({ ...functions, ...scope });
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (typeof v !== 'number') throw new ExpressionError(`"${text}" did not evaluate to a number`);
      return v;
    },
  };
}

/** The symbolic derivative of a checked expression with respect to `variable`, as a checked expression text. */
export function derivativeText(text: string, symbols: readonly string[], variable: string): string {
  const node = parseRestricted(text, symbols);
  return instances().full.derivative(node, variable).toString();
}
