/**
 * Seeded mutants of the curated scenarios. Mutant `index` of master seed `seed` draws from
 * `new Rng(seed, index)` only, so `mutant(bases, seed, index)` rebuilds it exactly: a failure is
 * reported with (seed, index) and its text. A mutant applies one to three operations to the parsed
 * scenario (drop, retype, extreme numbers, numeric strings, unicode, long strings, expression attacks,
 * hostile parameter names, sizes, kind swaps, unknown fields, sweeps, ids, start-file paths and
 * strings at the file-system limits), then may rewrite the YAML
 * text (alias bombs, deep nesting, duplicate keys, truncation, a second document, JSON form).
 */
import { parse, stringify } from 'yaml';
import { Rng } from '../../../src/init/rng.js';
import { EXPRESSION_ATTACKS, EXTREME_NUMBERS, FS_IDS, FS_LENGTHS, FS_PATHS, HOSTILE_NAMES, NUMERIC_STRINGS, SIZES, UNICODE_STRINGS } from './values.js';

/** A curated scenario, parsed once. */
export interface Base {
  readonly name: string;
  readonly doc: Record<string, unknown>;
}

export interface Mutant {
  readonly seed: number;
  readonly index: number;
  readonly base: string;
  /** What was done, in order (e.g. `number horizon.t1 = 1e308`). */
  readonly ops: string[];
  readonly text: string;
}

export interface MutateOptions {
  /** Clamp ensemble, sweep, step and size fields so that a mutant that validates also runs in seconds. */
  readonly short?: boolean;
}

type Obj = Record<string, unknown>;
type Path = (string | number)[];

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng.uniform() * xs.length)]!;
const MB = 1 << 20;

/** Parses each curated scenario text. */
export function parseBases(files: readonly { name: string; text: string }[]): Base[] {
  return files.map((f) => ({ name: f.name, doc: parse(f.text) as Obj }));
}

/** Every path in the tree below the root (containers and leaves); of a long array, its first 8 items only. */
function paths(v: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(v))
    v.slice(0, 8).forEach((x, i) => {
      out.push([...prefix, i]);
      paths(x, [...prefix, i], out);
    });
  else if (isObj(v))
    for (const [k, x] of Object.entries(v)) {
      out.push([...prefix, k]);
      paths(x, [...prefix, k], out);
    }
  return out;
}

function parentOf(root: Obj, p: Path): unknown {
  let o: unknown = root;
  for (const k of p.slice(0, -1)) o = (o as Record<string | number, unknown>)[k];
  return o;
}

function setAt(root: Obj, p: Path, value: unknown): void {
  (parentOf(root, p) as Record<string | number, unknown>)[p.at(-1)!] = value;
}

function getAt(root: Obj, p: Path): unknown {
  return (parentOf(root, p) as Record<string | number, unknown>)[p.at(-1)!];
}

/** Sets a dotted path, creating objects on the way; `sweep.<path>` keys the sweep record by `<path>`. */
function setDotted(root: Obj, dotted: string, value: unknown): void {
  if (dotted.startsWith('sweep.')) {
    if (!isObj(root.sweep)) root.sweep = {};
    (root.sweep as Obj)[dotted.slice('sweep.'.length)] = value;
    return;
  }
  const keys = dotted.split('.');
  let o = root;
  for (const k of keys.slice(0, -1)) {
    if (!isObj(o[k])) o[k] = {};
    o = o[k] as Obj;
  }
  o[keys.at(-1)!] = value;
}

const show = (p: Path): string => p.map(String).join('.') || '(root)';
const brief = (v: unknown): string => {
  const s = typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) ? `[${String(v.length)} items]` : Object.is(v, -0) ? '-0' : String(v);
  return s.length > 40 ? `${s.slice(0, 37)}…(${String(s.length)} chars)` : s;
};

/** Fields holding expressions, present in this document. */
function expressionPaths(doc: Obj): Path[] {
  const out: Path[] = [];
  if (isObj(doc.energy) && 'E' in doc.energy) out.push(['energy', 'E']);
  const lists: [string, string[]][] = [
    ['checks', ['expect', 'assert', 'each']],
    ['figures', ['expr']],
  ];
  for (const [list, fields] of lists) {
    const xs = doc[list];
    if (Array.isArray(xs))
      xs.forEach((c, i) => {
        if (isObj(c)) for (const f of fields) if (f in c) out.push([list, i, f]);
      });
  }
  return out;
}

const KINDS: Record<string, readonly string[]> = {
  energy: ['completion', 'whitened', 'lp', 'sensing', 'expression', 'data', 'unknown'],
  init: ['balanced', 'balanced-random', 'gaussian', 'orthogonal', 'explicit', 'aligned', 'unknown'],
  save: ['uniform', 'log', 'times', 'steps', 'unknown'],
  check: ['series', 'final', 'always', 'invariant', 'status', 'ensemble', 'unknown'],
  figure: ['trajectory', 'scatter', 'histogram', 'summary', 'unknown'],
};

const RETYPED: readonly unknown[] = ['x', '', 0, -1, 1.5, true, null, [], {}, [1, 2], { a: 1 }, 'inf', [[1]], [[]]];

type TreeOp = (rng: Rng, doc: Obj) => string;

const TREE_OPS: readonly [number, string, TreeOp][] = [
  [
    3,
    'drop',
    (rng, doc) => {
      const p = pick(rng, paths(doc));
      const parent = parentOf(doc, p);
      if (Array.isArray(parent)) parent.splice(p.at(-1) as number, 1);
      else Reflect.deleteProperty(parent as Obj, p.at(-1)!);
      return `drop ${show(p)}`;
    },
  ],
  [
    3,
    'retype',
    (rng, doc) => {
      const p = pick(rng, paths(doc));
      const v = structuredClone(pick(rng, RETYPED));
      setAt(doc, p, v);
      return `retype ${show(p)} = ${brief(v)}`;
    },
  ],
  [
    4,
    'number',
    (rng, doc) => {
      const all = paths(doc);
      const numeric = all.filter((p) => typeof getAt(doc, p) === 'number');
      const p = pick(rng, numeric.length > 0 ? numeric : all);
      const v = pick(rng, EXTREME_NUMBERS);
      setAt(doc, p, v);
      return `number ${show(p)} = ${brief(v)}`;
    },
  ],
  [
    2,
    'numeric-string',
    (rng, doc) => {
      const numeric = paths(doc).filter((p) => typeof getAt(doc, p) === 'number');
      if (numeric.length === 0) return 'numeric-string (none)';
      const p = pick(rng, numeric);
      const v = pick(rng, NUMERIC_STRINGS);
      setAt(doc, p, v);
      return `numeric-string ${show(p)} = ${brief(v)}`;
    },
  ],
  [
    2,
    'unicode',
    (rng, doc) => {
      const strings = paths(doc).filter((p) => typeof getAt(doc, p) === 'string');
      const v = pick(rng, UNICODE_STRINGS);
      if (strings.length === 0 || rng.uniform() < 0.3) {
        const objs = [[] as Path, ...paths(doc).filter((p) => isObj(getAt(doc, p)))];
        const p = pick(rng, objs);
        const target = p.length === 0 ? doc : (getAt(doc, p) as Obj);
        target[v] = 1;
        return `unicode key ${show([...p, v])}`;
      }
      const p = pick(rng, strings);
      setAt(doc, p, rng.uniform() < 0.5 ? v : `${String(getAt(doc, p))}${v}`);
      return `unicode ${show(p)} = ${brief(v)}`;
    },
  ],
  [
    1,
    'long-string',
    (rng, doc) => {
      const strings = paths(doc).filter((p) => typeof getAt(doc, p) === 'string');
      const p = strings.length > 0 ? pick(rng, strings) : ['title'];
      setAt(doc, p, 'x'.repeat(MB));
      return `long-string ${show(p)} (1 MB)`;
    },
  ],
  [
    5,
    'expression',
    (rng, doc) => {
      const v = pick(rng, EXPRESSION_ATTACKS);
      const exprs = expressionPaths(doc);
      if (exprs.length === 0 || rng.uniform() < 0.15) {
        const checks = Array.isArray(doc.checks) ? doc.checks : ((doc.checks = []) as unknown[]);
        const kind = pick(rng, ['final', 'always', 'series', 'ensemble'] as const);
        const field = kind === 'series' ? 'expect' : kind === 'ensemble' ? 'each' : 'assert';
        checks.push({ kind, name: 'fuzz', ...(kind === 'series' ? { quantity: 'loss' } : {}), [field]: v });
        return `expression new ${kind} check ${field} = ${brief(v)}`;
      }
      const p = pick(rng, exprs);
      setAt(doc, p, v);
      return `expression ${show(p)} = ${brief(v)}`;
    },
  ],
  [
    3,
    'hostile-param',
    (rng, doc) => {
      const name = pick(rng, HOSTILE_NAMES);
      const value = rng.uniform() < 0.7 ? 1 : pick(rng, EXTREME_NUMBERS);
      const params = isObj(doc.params) ? doc.params : ((doc.params = {}) as Obj);
      // defineProperty, so that "__proto__" is an own key of the document rather than its prototype
      Object.defineProperty(params, name, { value, enumerable: true, writable: true, configurable: true });
      const exprs = expressionPaths(doc);
      if (exprs.length > 0 && rng.uniform() < 0.7) {
        const p = pick(rng, exprs);
        const use = pick(rng, [name, `${name} + 1`, `${name}()`, `${name} > 0`, `loss < ${name}`]);
        setAt(doc, p, use);
        return `hostile-param params.${name} = ${brief(value)}; ${show(p)} = ${brief(use)}`;
      }
      return `hostile-param params.${name} = ${brief(value)}`;
    },
  ],
  [
    2,
    'size',
    (rng, doc) => {
      const [p, values] = pick(rng, SIZES);
      const v = structuredClone(pick(rng, values));
      setDotted(doc, p, v);
      return `size ${p} = ${brief(v)}`;
    },
  ],
  [
    2,
    'kind',
    (rng, doc) => {
      const owners: [Path, string][] = [];
      if (isObj(doc.energy)) owners.push([['energy'], 'energy']);
      if (isObj(doc.init)) owners.push([['init'], 'init']);
      if (isObj(doc.horizon) && isObj(doc.horizon.save)) owners.push([['horizon', 'save'], 'save']);
      for (const [list, k] of [
        ['checks', 'check'],
        ['figures', 'figure'],
      ] as const) {
        const xs = doc[list];
        if (Array.isArray(xs))
          xs.forEach((x, i) => {
            if (isObj(x)) owners.push([[list, i], k]);
          });
      }
      if (owners.length === 0) return 'kind (none)';
      const [p, k] = pick(rng, owners);
      const v = pick(rng, KINDS[k]!);
      (getAt(doc, p) as Obj).kind = v;
      return `kind ${show(p)}.kind = ${v}`;
    },
  ],
  [
    1,
    'unknown-field',
    (rng, doc) => {
      const objs = [[] as Path, ...paths(doc).filter((p) => isObj(getAt(doc, p)))];
      const p = pick(rng, objs);
      const target = p.length === 0 ? doc : (getAt(doc, p) as Obj);
      const key = pick(rng, ['colour', 'constructor', 'toString', '__proto__', 'prototype', '', ' ']);
      Object.defineProperty(target, key, { value: pick(rng, RETYPED), enumerable: true, writable: true, configurable: true });
      return `unknown-field ${show([...p, key])}`;
    },
  ],
  [
    2,
    'fs-limit',
    (rng, doc) => {
      // the output folders' names and the start files' paths at the file system's limits (issue 28)
      const u = rng.uniform();
      if (u < 0.5) {
        const v = pick(rng, FS_IDS);
        doc.id = v;
        return `fs-limit id = ${brief(v)}`;
      }
      if (u < 0.75) {
        const v = pick(rng, FS_PATHS);
        if (isObj(doc.init) && doc.init.kind === 'file') doc.init.path = v;
        else doc.init = { kind: 'file', path: v };
        return `fs-limit init.path = ${brief(v)}`;
      }
      const strings = paths(doc).filter((p) => typeof getAt(doc, p) === 'string');
      const p = strings.length > 0 ? pick(rng, strings) : ['id'];
      const n = pick(rng, FS_LENGTHS);
      const v = rng.uniform() < 0.5 ? 'x'.repeat(n) : 'é'.repeat(Math.ceil(n / 2));
      setAt(doc, p, v);
      return `fs-limit ${show(p)} = ${brief(v)}`;
    },
  ],
  [
    2,
    'sweep',
    (rng, doc) => {
      const path = pick(rng, [
        'model.depth',
        'model.width',
        'init.scale',
        'init.s0',
        'horizon.t1',
        'horizon.lossBelow',
        'horizon.detFloor',
        'solver.rtol',
        'solver.atol',
        'energy.p',
        'params.s0',
        'params.toString',
        'params.__proto__',
        'energy.shape',
        'checks.0.min',
        'sweep',
        '',
        'model',
        'model.depth.x',
      ]);
      const values = Array.from({ length: 1 + Math.floor(rng.uniform() * 3) }, () => (rng.uniform() < 0.2 ? 'inf' : pick(rng, [...EXTREME_NUMBERS, 1, 2, 3])));
      setDotted(doc, `sweep.${path}`, values);
      return `sweep ${path} = ${JSON.stringify(values)}`;
    },
  ],
];

type TextOp = (rng: Rng, text: string) => [string, string];

/** `a0` repeated 9 times, `a1` nine `a0`s, …: 9^levels strings from a few hundred bytes. */
function billionLaughs(levels: number): string {
  const lines = [`lol0: &a0 [${Array.from({ length: 9 }, () => '"lol"').join(', ')}]`];
  for (let l = 1; l <= levels; l++) lines.push(`lol${String(l)}: &a${String(l)} [${Array.from({ length: 9 }, () => `*a${String(l - 1)}`).join(', ')}]`);
  return lines.join('\n');
}

const TEXT_OPS: readonly [number, string, TextOp][] = [
  [
    2,
    'alias-bomb',
    (rng, text) => {
      const v = pick(rng, ['laughs', 'many', 'merge', 'self'] as const);
      if (v === 'laughs') return [`${text}${billionLaughs(9)}\n`, 'alias-bomb billion laughs (9 levels)'];
      if (v === 'many')
        return [`${text}anchor: &x 1\naliases: [${Array.from({ length: 150 }, () => '*x').join(', ')}]\n`, 'alias-bomb 150 aliases of one scalar'];
      if (v === 'merge') return [`${text}base: &b { depth: 2 }\nmerged: { <<: *b, width: 2 }\n`, 'alias-bomb merge key'];
      return [`${text}self: &s [1, *s]\n`, 'alias-bomb alias inside its own anchor'];
    },
  ],
  [
    1,
    'deep-nest',
    (rng, text) => {
      const depth = pick(rng, [100, 1000, 10000, 100000]);
      const v = rng.uniform() < 0.5 ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`;
      const field = pick(rng, ['sweep', 'params', 'description', 'checks', 'deep']);
      return [`${removeTopLevel(text, field)}${field}: ${v}\n`, `deep-nest ${field} (${String(depth)} levels, flow)`];
    },
  ],
  [
    2,
    'duplicate-key',
    (rng, text) => {
      const v = pick(rng, [
        'id: again',
        '"id": quoted-again',
        'model: { depth: 2, depth: 3 }',
        'params: { a: 1, a: 2 }',
        '__proto__: { x: 1 }\n__proto__: { y: 2 }',
        '? [id]\n: complex-key',
      ]);
      return [`${rng.uniform() < 0.5 ? removeTopLevel(text, v.split(':')[0]!.replace(/"/g, '')) : text}${v}\n`, `duplicate-key ${JSON.stringify(v)}`];
    },
  ],
  [
    1,
    'truncate',
    (rng, text) => {
      const at = Math.floor(rng.uniform() * text.length);
      return [text.slice(0, at), `truncate at ${String(at)} of ${String(text.length)}`];
    },
  ],
  [
    1,
    'junk',
    (rng, text) => {
      const v = pick(rng, [
        '\u0000',
        '\t',
        '\uFEFF',
        '\r',
        '%YAML 1.1\n---\n',
        '---\nid: second\n',
        '--- !!binary\n',
        '!!js/function "x"',
        '&',
        '*undefined',
        '\u2028',
        '\uD800',
      ]);
      const at = Math.floor(rng.uniform() * text.length);
      return [`${text.slice(0, at)}${v}${text.slice(at)}`, `junk ${JSON.stringify(v)} at ${String(at)}`];
    },
  ],
  [
    1,
    'long-line',
    (rng, text) => {
      const v = pick(rng, ['key', 'description', 'comment']);
      if (v === 'key') return [`${text}${'k'.repeat(MB)}: 1\n`, 'long-line 1 MB key'];
      if (v === 'comment') return [`${text}# ${'c'.repeat(MB)}\n`, 'long-line 1 MB comment'];
      return [`${removeTopLevel(text, 'description')}description: |\n${`  ${'d'.repeat(1023)}\n`.repeat(1024)}`, 'long-line 1 MB block description'];
    },
  ],
];

/** Drops a top-level key (and its indented block) from block-style YAML text. */
function removeTopLevel(text: string, key: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let skipping = false;
  for (const line of lines) {
    if (/^\S/.test(line)) skipping = line.startsWith(`${key}:`);
    if (!skipping) out.push(line);
  }
  return out.join('\n');
}

function weighted<T>(rng: Rng, ops: readonly [number, string, T][]): [string, T] {
  const total = ops.reduce((a, [w]) => a + w, 0);
  let u = rng.uniform() * total;
  for (const [w, name, op] of ops) {
    if ((u -= w) < 0) return [name, op];
  }
  const last = ops.at(-1)!;
  return [last[1], last[2]];
}

/**
 * Size limits of a short mutant: dotted path → largest value. They apply to the field and to its values
 * in a sweep, a grid or a list of grids (the research-log studies sweep widths 50–500 over 20 000 samples).
 */
const SHORT_LIMITS: Readonly<Record<string, number>> = {
  'ensemble.runs': 2,
  'solver.maxSteps': 5000,
  'horizon.save.n': 200,
  'model.depth': 6,
  'model.width': 10,
  'energy.inputs.n': 2000,
  'energy.dataSeeds': 2,
  // the long studies run to t1 = 1e4–1e6; depth ∞ on a 50×50 completion turns stiff after its escape
  // (τ ≈ 1/α), where each finite-difference Jacobian is 2500 evaluations and, in scalar JavaScript, a
  // 2500 × 2500 LU of ~10 s
  'horizon.t1': 100,
  // the nuclear-norm baseline's ADMM: 20 000 iterations of a 50×50 SVD are over a minute in scalar JavaScript
  'baseline.maxIterations': 300,
};

/** Clamps sizes so a validated mutant runs in seconds (used for the child-process runs). */
export function shorten(doc: Obj): void {
  const clampPath = (path: string, max: number): void => {
    const keys = path.split('.');
    let o: unknown = doc;
    for (const k of keys.slice(0, -1)) o = isObj(o) ? o[k] : undefined;
    const last = keys.at(-1)!;
    if (isObj(o) && typeof o[last] === 'number' && o[last] > max) o[last] = max;
  };
  if (isObj(doc.solver) || doc.solver === undefined) {
    const s = (doc.solver ??= {}) as Obj;
    if (s.maxSteps === undefined) s.maxSteps = 5000;
  }
  if (isObj(doc.baseline) && doc.baseline.maxIterations === undefined) doc.baseline.maxIterations = 300;
  for (const [p, max] of Object.entries(SHORT_LIMITS)) clampPath(p, max);
  // a grid keeps two values of its first two swept paths and one of the others (at most 4 cells), a list of
  // grids its first two grids: every path stays swept, so figures and checks that name one still validate
  const shortGrid = (grid: Obj): void => {
    Object.keys(grid).forEach((k, i) => {
      const v = grid[k];
      if (!Array.isArray(v)) return;
      const max = SHORT_LIMITS[k];
      const kept = v.slice(0, i < 2 ? 2 : 1).map((x: unknown) => (max !== undefined && typeof x === 'number' && x > max ? max : x));
      grid[k] = [...new Set(kept)];
    });
  };
  if (isObj(doc.sweep)) shortGrid(doc.sweep);
  else if (Array.isArray(doc.sweep)) {
    doc.sweep = doc.sweep.slice(0, 2);
    for (const g of doc.sweep as unknown[]) if (isObj(g)) shortGrid(g);
  }
}

/** Mutant `index` of master seed `seed`: a base chosen by index, one to three tree operations, and with probability 0.3 a text operation. */
export function mutant(bases: readonly Base[], seed: number, index: number, o: MutateOptions = {}): Mutant {
  const rng = new Rng(seed, index);
  const base = bases[index % bases.length]!;
  const doc = structuredClone(base.doc);
  const ops: string[] = [];
  const n = 1 + Math.floor(rng.uniform() * 3);
  for (let k = 0; k < n; k++) {
    const [, op] = weighted(rng, TREE_OPS);
    ops.push(op(rng, doc));
  }
  if (o.short === true) shorten(doc);
  let text = rng.uniform() < 0.1 ? `${JSON.stringify(doc)}\n` : stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
  if (rng.uniform() < 0.3) {
    const [, op] = weighted(rng, TEXT_OPS);
    const [t, what] = op(rng, text);
    text = t;
    ops.push(what);
  }
  return { seed, index, base: base.name, ops, text };
}
