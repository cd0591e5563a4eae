/** The constants of the expression language: mathjs's own, and `inf` for the infinity the scenario files write. */
export const CONSTANT_VALUES: ReadonlyMap<string, number | boolean> = new Map<string, number | boolean>([
  ['pi', Math.PI],
  ['e', Math.E],
  ['Infinity', Infinity],
  ['inf', Infinity],
  ['NaN', NaN],
  ['true', true],
  ['false', false],
]);

/** The constants' names, in the order above. */
export const CONSTANTS: readonly string[] = [...CONSTANT_VALUES.keys()];

/** Whether a symbol names a constant of the expression language. */
export const isConstant = (name: string): boolean => CONSTANT_VALUES.has(name);
