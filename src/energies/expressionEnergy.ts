/**
 * An energy written as a formula in the entries of W (docs/theory.md §1, "expression"):
 * `{kind: expression, shape: [2, 2], E: "0.5*((w11 - 1)^2 + (w22 - 1)^2)"}`. Entries are named
 * `w<i><j>` (1-based, shapes up to 9×9). The gradient and the Hessian come from mathjs's symbolic
 * derivative, each compiled once, in the restricted evaluator of `expr/restricted.ts`. Outside the
 * formula's real domain (`sqrt(w11)` at w11 < 0) the value and gradient are NaN, which the solvers
 * turn into the run status `non-finite` with the trajectory so far kept.
 */
import { compileRestricted, derivativeText, type CompiledExpression } from '../expr/restricted.js';
import type { Energy } from './energy.js';
import { energiesMessages } from './messages.js';

/** The variable names of a `rows × cols` matrix: `w11, w12, …`. */
export function entryNames(rows: number, cols: number): string[] {
  if (rows > 9 || cols > 9) throw new RangeError(energiesMessages.expressionShape(rows, cols));
  const out: string[] = [];
  for (let i = 1; i <= rows; i++) for (let j = 1; j <= cols; j++) out.push(`w${String(i)}${String(j)}`);
  return out;
}

export function expressionEnergy(rows: number, cols: number, text: string): Energy {
  const names = entryNames(rows, cols);
  const value = compileRestricted(text, names);
  const gradTexts = names.map((v) => derivativeText(text, names, v));
  const grad = gradTexts.map((g) => compileRestricted(g, names));
  let hess: CompiledExpression[][] | undefined;
  const scope: Record<string, number> = {};
  const fill = (W: Float64Array): Record<string, number> => {
    for (let k = 0; k < names.length; k++) scope[names[k]!] = W[k]!;
    return scope;
  };
  return {
    name: 'expression',
    rows,
    cols,
    minimum: undefined,
    value: (W) => value.evaluateOrNaN(fill(W)),
    gradient(W, G) {
      const s = fill(W);
      for (let k = 0; k < names.length; k++) G[k] = grad[k]!.evaluateOrNaN(s);
    },
    hessianVector(W, V, out) {
      hess ??= gradTexts.map((g) => names.map((v) => compileRestricted(derivativeText(g, names, v), names)));
      const s = fill(W);
      for (let a = 0; a < names.length; a++) {
        let acc = 0;
        for (let b = 0; b < names.length; b++) acc += hess[a]![b]!.evaluateOrNaN(s) * V[b]!;
        out[a] = acc;
      }
    },
    describe: () => ({ name: 'expression', rows, cols, E: text }),
  };
}
