/** Every text the expression language shows a user, as functions, so tests compare with these and not with copies. */

const arity = (min: number, max: number): string =>
  min === max ? String(min) : max === Infinity ? `at least ${String(min)}` : `${String(min)} to ${String(max)}`;

export const messages = {
  badText: (): string => 'expected a non-empty expression of at most 2000 characters',
  cannotParse: (text: string, why: string): string => `cannot parse "${text}": ${why}`,
  badConstant: (v: unknown): string => `only numbers are allowed as constants, found ${JSON.stringify(v)}`,
  unknownSymbol: (name: string, allowed: readonly string[]): string => `unknown symbol "${name}"; allowed: ${allowed.join(', ')}`,
  reservedSymbol: (name: string): string => `"${name}" is a reserved name (a JavaScript prototype name) and cannot be a symbol`,
  badOperator: (op: string): string => `operator "${op}" is not allowed`,
  namedCallsOnly: (): string => 'only calls of named functions are allowed',
  unknownFunction: (name: string, allowed: readonly string[]): string => `function "${name}" is not allowed; allowed: ${allowed.join(', ')}`,
  badArity: (name: string, min: number, max: number, got: number): string =>
    `${name}() takes ${arity(min, max)} argument${min === 1 && max === 1 ? '' : 's'}, got ${String(got)}`,
  notAllowed: (what: string): string => `${what} expressions are not allowed`,
  notReal: (text: string, shown: string): string => `"${text}" evaluated to ${shown}, not a real number`,
  badOperand: (op: string, shown: string): string => `${op} needs real numbers, got ${shown}`,
  reservedName: (name: string, why: string): string => `"${name}" cannot be used as a name: ${why}`,
  columnArgument: (fn: string, allowed: readonly string[]): string => `the first argument of ${fn}() must be a column name, one of ${allowed.join(', ')}`,
};
