/**
 * The comparisons inside a check's predicate, so that a check can show what it measured: for
 * `abs(sigma5 - 1) < 1e-6 and erank < 1.1`, the two comparisons with their sides compiled, giving
 * `abs(sigma5 - 1) = 3.1e-9 < 1e-6` at the run and time where the comparison came closest to failing.
 */
import { isConstant } from '../expr/constants.js';
import type { MathNode } from 'mathjs';
import { compileNode, type CompiledExpression } from '../expr/restricted.js';

const RELATIONS: Readonly<Record<string, string>> = {
  smaller: '<',
  smallerEq: '<=',
  larger: '>',
  largerEq: '>=',
  equal: '==',
  unequal: '!=',
};

/** One comparison `lhs op rhs` of a predicate, with both sides compiled. */
export interface Comparison {
  readonly text: string;
  readonly op: string;
  readonly lhs: CompiledExpression;
  readonly rhs: CompiledExpression;
}

/** A comparison's sides at one place, and its slack: how far it is from flipping (negative: false). */
export interface SidesAt {
  readonly lhs: number;
  readonly rhs: number;
  readonly slack: number;
}

/**
 * The slack of `lhs op rhs`: the margin by which it holds (≥ 0 when true; NaN sides count as −∞). For
 * `!=` and `==` the margin is |lhs − rhs| and −|lhs − rhs|.
 */
export function slackOf(op: string, lhs: number, rhs: number): number {
  if (Number.isNaN(lhs) || Number.isNaN(rhs)) return -Infinity;
  if (lhs === rhs) return op === '<' || op === '>' || op === '!=' ? -0 : 0;
  const d = op === '<' || op === '<=' ? rhs - lhs : op === '>' || op === '>=' ? lhs - rhs : op === '!=' ? Math.abs(lhs - rhs) : -Math.abs(lhs - rhs);
  return Number.isNaN(d) ? -Infinity : d;
}

/** Whether `lhs op rhs` holds. */
export function holds(op: string, lhs: number, rhs: number): boolean {
  switch (op) {
    case '<':
      return lhs < rhs;
    case '<=':
      return lhs <= rhs;
    case '>':
      return lhs > rhs;
    case '>=':
      return lhs >= rhs;
    case '==':
      return lhs === rhs;
    default:
      return lhs !== rhs;
  }
}

const unwrap = (n: MathNode): MathNode => (n.type === 'ParenthesisNode' ? unwrap((n as unknown as { content: MathNode }).content) : n);

/**
 * The comparisons of a predicate's tree (through and, or, not, xor and parentheses; a chain
 * `a < b < c` gives `a < b` and `b < c`), each side compiled with `functions`. Comparisons inside a
 * function's arguments are not listed (they are values, not the predicate's clauses).
 */
export function comparisonsOf(node: MathNode, functions: Readonly<Record<string, (...a: number[]) => number>>): Comparison[] {
  const out: Comparison[] = [];
  const add = (l: MathNode, op: string, r: MathNode): void => {
    const lt = l.toString();
    const rt = r.toString();
    out.push({ text: `${lt} ${op} ${rt}`, op, lhs: compileNode(l, lt, functions), rhs: compileNode(r, rt, functions) });
  };
  const visit = (raw: MathNode): void => {
    const n = unwrap(raw);
    if (n.type === 'OperatorNode') {
      const o = n as unknown as { fn: string; args: MathNode[] };
      if (o.fn === 'and' || o.fn === 'or' || o.fn === 'xor' || o.fn === 'not') {
        o.args.forEach(visit);
        return;
      }
      const op = RELATIONS[o.fn];
      if (op !== undefined && o.args.length === 2) add(o.args[0]!, op, o.args[1]!);
      return;
    }
    if (n.type === 'RelationalNode') {
      const r = n as unknown as { conditionals: string[]; params: MathNode[] };
      r.conditionals.forEach((c, k) => {
        const op = RELATIONS[c];
        if (op !== undefined) add(r.params[k]!, op, r.params[k + 1]!);
      });
    }
  };
  visit(node);
  return out;
}

/**
 * The disjuncts of a predicate that test only the cell (its depth, index or swept values): in
 * `N != 3 or loss < 1e-6` the guard `N != 3` makes the predicate true in every cell it excludes, so
 * the check would pass there without being evaluated. `where:` selects cells instead.
 */
export function cellGuards(node: MathNode, cellSymbols: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const onlyCell = (n: MathNode): boolean => {
    let symbols = 0;
    let other = false;
    n.traverse((m, path, parent) => {
      if (m.type !== 'SymbolNode' || ((parent as MathNode | null)?.type === 'FunctionNode' && path === 'fn')) return;
      const name = (m as unknown as { name: string }).name;
      if (cellSymbols.has(name)) symbols++;
      else if (!isConstant(name) || name === 'NaN') other = true;
    });
    return symbols > 0 && !other;
  };
  node.traverse((m) => {
    const n = unwrap(m);
    if (n.type !== 'OperatorNode' || (n as unknown as { fn: string }).fn !== 'or') return;
    for (const a of (n as unknown as { args: MathNode[] }).args) {
      const d = unwrap(a);
      if (d.type === 'OperatorNode' && (d as unknown as { fn: string }).fn === 'or') continue; // visited on its own
      if (onlyCell(d)) out.push(d.toString());
    }
  });
  return [...new Set(out)];
}
