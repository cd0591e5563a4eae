/**
 * Size limits of a scenario, checked after the schema and before anything is allocated: depth,
 * widths, shapes, the state size Σ d_j d_{j−1}, measurements, samples, save points, sweep cells,
 * ensemble runs (× cells), YAML aliases and the document size. Each refusal names the field and
 * gives an estimate of the memory and the time it would take. `--allow-large` lifts the default
 * limits to the absolute ones: what a typed array and this machine's memory can hold.
 */
import os from 'node:os';
import { FieldError } from './errors.js';
import { infinityOf, sweepGrids, sweptValues, type Scenario } from './schema.js';
import { KRYLOV_MIN_STATES } from '../simulate/methodChoice.js';

/** The limits in force: counts, except `documentBytes` and `memoryBytes`. */
export interface Limits {
  /** Depth N of the network. */
  readonly depth: number;
  /** Each hidden width d_1 … d_{N−1}, and each side of the end-to-end matrix. */
  readonly width: number;
  /** Entries of the end-to-end matrix, d_N · d_0. */
  readonly matrixEntries: number;
  /** Numbers in the ODE state: Σ d_j d_{j−1} (factors) or d_N d_0 (end-to-end). */
  readonly stateSize: number;
  /** Sensing measurements, and measurements × entries (the stored A_k). */
  readonly measurements: number;
  readonly measurementEntries: number;
  /** Data samples n, and n × d_0 (the stored inputs). */
  readonly samples: number;
  readonly sampleEntries: number;
  /** Save points per run (uniform/log n, or the number of listed times). */
  readonly savePoints: number;
  /** Cells of the sweep grid. */
  readonly sweepCells: number;
  /** Runs in all: ensemble.runs × cells. */
  readonly totalRuns: number;
  /** Saved numbers in all: runs × save points × columns (they are kept in memory and written). */
  readonly savedValues: number;
  /** YAML alias expansions. */
  readonly aliases: number;
  /** Size of the scenario text in bytes. */
  readonly documentBytes: number;
  /** Nesting of YAML/JSON flow collections (`[`, `{`): the parser's memory grows with it. */
  readonly nesting: number;
  /** The estimated memory of a scenario. */
  readonly memoryBytes: number;
}

/** The default limits: generous for every curated scenario, far below what hangs or exhausts memory. */
export const DEFAULT_LIMITS: Limits = {
  depth: 10_000,
  width: 10_000,
  matrixEntries: 62_500,
  stateSize: 1_000_000,
  measurements: 100_000,
  measurementEntries: 20_000_000,
  samples: 1_000_000,
  sampleEntries: 5_000_000,
  savePoints: 100_000,
  sweepCells: 10_000,
  totalRuns: 1_000_000,
  savedValues: 50_000_000,
  aliases: 100,
  documentBytes: 1 << 20,
  nesting: 64,
  memoryBytes: 4 * 2 ** 30,
};

/** The longest Float64Array worth trying (V8 caps typed arrays near 2^32 elements). */
const TYPED_ARRAY_MAX = 2 ** 31;

/** With `--allow-large`: only what cannot be allocated at all, or needs more than 80% of this machine's memory. */
export function largeLimits(): Limits {
  return {
    depth: TYPED_ARRAY_MAX,
    width: TYPED_ARRAY_MAX,
    matrixEntries: TYPED_ARRAY_MAX,
    stateSize: TYPED_ARRAY_MAX,
    measurements: TYPED_ARRAY_MAX,
    measurementEntries: TYPED_ARRAY_MAX,
    samples: TYPED_ARRAY_MAX,
    sampleEntries: TYPED_ARRAY_MAX,
    savePoints: TYPED_ARRAY_MAX,
    sweepCells: 10_000_000,
    totalRuns: TYPED_ARRAY_MAX,
    savedValues: TYPED_ARRAY_MAX,
    aliases: 100_000,
    documentBytes: 512 * 2 ** 20,
    nesting: 1000,
    memoryBytes: 0.8 * os.totalmem(),
  };
}

/** The limits for a flag value. */
export const limitsFor = (allowLarge: boolean): Limits => (allowLarge ? largeLimits() : DEFAULT_LIMITS);

/** Scalar JavaScript reaches about 1e9 multiply-adds a second here (README, the 50×500 product). */
const FLOPS_PER_SECOND = 1e9;

const bytes = (b: number): string =>
  b >= 2 ** 30 ? `${(b / 2 ** 30).toPrecision(3)} GB` : b >= 2 ** 20 ? `${(b / 2 ** 20).toPrecision(3)} MB` : `${(b / 1024).toPrecision(3)} kB`;
const seconds = (s: number): string =>
  s >= 3600
    ? `${(s / 3600).toPrecision(3)} h`
    : s >= 1
      ? `${s.toPrecision(3)} s`
      : s >= 1e-3
        ? `${(s * 1000).toPrecision(3)} ms`
        : `${(s * 1e6).toPrecision(3)} µs`;
const count = (n: number): string => (n >= 1e6 ? n.toExponential(2) : String(n));

/** Every text the limits show, as functions (tests compare with these). */
export const limitMessages = {
  over: (what: string, value: number, limit: number, cost: Cost, allowLarge: boolean): string =>
    `${what} ${count(value)} exceeds the limit ${count(limit)}: this scenario would need about ${bytes(cost.memoryBytes)} of memory and ${seconds(cost.secondsPerEvaluation)} per right-hand-side evaluation` +
    (allowLarge ? ', more than this machine can hold' : '; pass --allow-large to lift the default limits (docs/cli.md, "Limits")'),
  memory: (cost: Cost, limit: number, allowLarge: boolean, stiff: boolean): string =>
    `this scenario would need about ${bytes(cost.memoryBytes)} of memory (limit ${bytes(limit)}) and ${seconds(cost.secondsPerEvaluation)} per right-hand-side evaluation` +
    (stiff ? ' (mostly the dense Jacobian that auto, auto-rk, bdf, rodas4 and radau5 keep: an explicit method such as dopri5 needs none)' : '') +
    (allowLarge ? ', more than this machine can hold' : '; pass --allow-large to lift the default limits (docs/cli.md, "Limits")'),
  document: (size: number, limit: number): string => `the document is ${bytes(size)}, above the limit of ${bytes(limit)}; pass --allow-large to lift it`,
  nesting: (limit: number): string =>
    `not valid YAML/JSON here: lists or maps nested more than ${String(limit)} levels deep; pass --allow-large to allow up to ${String(largeLimits().nesting)}`,
  aliases: (limit: number): string =>
    `not valid YAML/JSON: more than ${String(limit)} alias expansions (an alias bomb?); pass --allow-large to allow up to ${String(largeLimits().aliases)}`,
};

/** What a scenario costs, estimated from its sizes alone. */
export interface Cost {
  readonly memoryBytes: number;
  readonly secondsPerEvaluation: number;
}

/** Rows and columns of the end-to-end matrix, read from the energy without building it. */
export function shapeOf(e: Scenario['energy']): { rows: number; cols: number; path: string } {
  switch (e.kind) {
    case 'completion':
    case 'expression':
      return { rows: e.shape[0], cols: e.shape[1], path: 'energy.shape' };
    case 'data':
      return Array.isArray(e.teacher)
        ? { rows: e.teacher.length, cols: e.teacher[0]?.length ?? 0, path: 'energy.teacher' }
        : { rows: e.teacher.shape[0], cols: e.teacher.shape[1], path: 'energy.teacher.shape' };
    default:
      return Array.isArray(e.target)
        ? { rows: e.target.length, cols: e.target[0]?.length ?? 0, path: 'energy.target' }
        : { rows: e.target.shape[0], cols: e.target.shape[1], path: 'energy.target.shape' };
  }
}

const STIFF = new Set(['auto', 'auto-rk', 'bdf', 'rodas4', 'radau5']);

/** Dense n × n matrices a stiff method keeps: the Jacobian and its factorisation; radau5 the real and the 2n × 2n complex-stage system. */
const denseMatrices = (method: string): number => (method === 'radau5' ? 6 : 2);

/**
 * Whether the run keeps a dense Jacobian: a stiff-capable ODE method, and no Langevin noise (whose
 * integrators need none); `auto` on an end-to-end model in matrix coordinates (at any depth, and every
 * model at depth ∞) of `KRYLOV_MIN_STATES` states or more runs auto-krylov, which keeps none
 * (`simulate/methodChoice.ts`; a start held below full rank keeps the dense path, which this estimate ignores).
 */
const usesJacobian = (s: Scenario, state: number, depth: number): boolean => {
  const endToEnd = (s.model.parametrization === 'end-to-end' || depth === Infinity) && s.model.coordinates !== 'spectral';
  return STIFF.has(s.solver.method) && s.model.noise === undefined && !(s.solver.method === 'auto' && endToEnd && state >= KRYLOV_MIN_STATES);
};

/** Save points per run, when the grid fixes them (`steps` saves every accepted step: bounded by maxSteps). */
function savePointsOf(s: Scenario): number {
  const save = s.horizon.save;
  if (save.kind === 'times') return save.times.length;
  if (save.kind === 'steps') return Math.min(s.solver.maxSteps, 10_000);
  return save.n + 1;
}

/**
 * The estimated memory and time of the largest cell: state S = Σ d_j d_{j−1}; the solver keeps
 * ~30 copies of it, and the stiff-capable methods (auto, auto-rk, bdf, rodas4) a dense Jacobian
 * and its factorisation (2 S² numbers; radau5 also the 2S × 2S complex-stage matrix: 6 S²); energies store their data; every saved value is kept
 * (≈ 48 bytes as a JS number in a row plus its CSV text). Time: ≈ 8 S·max d flops per evaluation
 * for factors, ≈ 20 m n min(m, n) for the end-to-end SVD.
 */
export function costOf(s: Scenario, depth: number, maxWidth: number | undefined, cells: number): Cost & { state: number; widths: number; columns: number } {
  const { rows, cols } = shapeOf(s.energy);
  const factors = s.model.parametrization === 'factors' && Number.isFinite(depth);
  const hiddenWidth = s.model.hidden ? Math.max(0, ...s.model.hidden) : (maxWidth ?? Math.max(rows, cols));
  const layers = Number.isFinite(depth) ? depth : 1;
  const state = factors
    ? layers === 1
      ? rows * cols
      : cols * hiddenWidth + Math.max(0, layers - 2) * hiddenWidth * hiddenWidth + hiddenWidth * rows
    : rows * cols;
  const widest = Math.max(rows, cols, factors ? hiddenWidth : 0);
  let energyNumbers = 0;
  if (s.energy.kind === 'sensing')
    energyNumbers =
      Math.max(s.energy.measurements, ...(sweptValues(s, 'energy.measurements') ?? []).filter((v): v is number => typeof v === 'number')) * rows * cols;
  if (s.energy.kind === 'data') energyNumbers = s.energy.inputs.n * (rows + cols);
  if (s.energy.kind === 'lp' && s.energy.design) energyNumbers = s.energy.design.n * (2 * rows + cols);
  const columns = 12 + Math.min(rows, cols) + (rows <= 9 && cols <= 9 ? rows * cols : 0) + (factors ? 2 * layers : 0) + (s.model.noise ? 2 * layers : 0);
  const saved = s.ensemble.runs * cells * savePointsOf(s) * columns;
  const workspace =
    30 * state +
    (usesJacobian(s, state, depth) ? denseMatrices(s.solver.method) * state * state : 0) +
    (factors ? 4 * layers * widest * cols + widest * widest : 10 * widest * widest);
  const memoryBytes = 8 * (workspace + energyNumbers + (Number.isFinite(depth) ? depth : 0)) + 48 * saved;
  const flops = factors ? 8 * state * widest : 20 * rows * cols * Math.min(rows, cols);
  return { memoryBytes, secondsPerEvaluation: flops / FLOPS_PER_SECOND, state, widths: widest, columns };
}

/** Numbers of the sweep: the cell count, and the largest swept depth and width. */
function sweepExtremes(s: Scenario): { cells: number; depth: number; width: number | undefined; depthPath: string; widthPath: string } {
  const grids = sweepGrids(s);
  let cells = 0;
  for (const g of grids) cells += Object.values(g).reduce((c, values) => c * values.length, 1);
  const num = (v: number | string): number => (typeof v === 'number' ? v : v === 'inf' ? Infinity : NaN);
  const finite = (vs: readonly number[]): number[] => vs.filter((v) => Number.isFinite(v));
  const base = infinityOf(s.model.depth);
  // a grid that does not sweep a field runs the scenario's own value of it
  const depths = grids.flatMap((g) => (g['model.depth'] ? g['model.depth'].map(num) : [base]));
  const widths = grids.flatMap((g) => (g['model.width'] ? g['model.width'].map(num) : s.model.width === undefined ? [] : [s.model.width]));
  const swept = (p: string): boolean => sweptValues(s, p) !== undefined;
  const sweptAt = (p: string): string => (Array.isArray(s.sweep) ? 'sweep' : `sweep.${p}`);
  return {
    cells,
    depth: Math.max(0, ...finite(depths)),
    width: widths.length > 0 ? Math.max(...finite(widths)) : undefined,
    depthPath: swept('model.depth') ? sweptAt('model.depth') : 'model.depth',
    widthPath: swept('model.width') ? sweptAt('model.width') : 'model.width',
  };
}

/**
 * Checks a schema-valid scenario against the limits, before any cell is built. Throws a
 * `FieldError` at the first field over its limit, with the estimated memory and time.
 */
export function checkLimits(s: Scenario, limits: Limits, allowLarge: boolean): void {
  const sw = sweepExtremes(s);
  const { rows, cols, path: shapePath } = shapeOf(s.energy);
  const depth = sw.depth === 0 ? 1 : sw.depth;
  const cost = costOf(s, depth, sw.width, sw.cells);
  const over = (path: string, what: string, value: number, limit: number): void => {
    if (value > limit) throw new FieldError(path, limitMessages.over(what, value, limit, cost, allowLarge));
  };
  over('sweep', 'the sweep grid has cells:', sw.cells, limits.sweepCells);
  over(sw.depthPath, 'depth', depth, limits.depth);
  if (sw.width !== undefined) over(sw.widthPath, 'width', sw.width, limits.width);
  s.model.hidden?.forEach((w, i) => {
    over(`model.hidden.${String(i)}`, 'width', w, limits.width);
  });
  over(shapePath, 'side', Math.max(rows, cols), limits.width);
  over(shapePath, 'the end-to-end matrix has entries:', rows * cols, limits.matrixEntries);
  over('model', 'the state (Σ d_j d_{j−1}) has numbers:', cost.state, limits.stateSize);
  if (s.energy.kind === 'sensing') {
    // the largest count any cell uses: a swept energy.measurements counts too
    const swept = (sweptValues(s, 'energy.measurements') ?? []).filter((v): v is number => typeof v === 'number');
    const K = Math.max(s.energy.measurements, ...swept);
    const at = K > s.energy.measurements ? (Array.isArray(s.sweep) ? 'sweep' : 'sweep.energy.measurements') : 'energy.measurements';
    over(at, 'measurements', K, limits.measurements);
    over(at, 'the measurement matrices have entries:', K * rows * cols, limits.measurementEntries);
  }
  if (s.energy.kind === 'data') {
    over('energy.inputs.n', 'samples', s.energy.inputs.n, limits.samples);
    over('energy.inputs.n', 'the inputs have entries:', s.energy.inputs.n * cols, limits.sampleEntries);
  }
  if (s.energy.kind === 'lp' && s.energy.design) {
    over('energy.design.n', 'samples', s.energy.design.n, limits.samples);
    over('energy.design.n', 'the design has entries:', s.energy.design.n * cols, limits.sampleEntries);
  }
  const save = s.horizon.save;
  if (save.kind === 'uniform' || save.kind === 'log') over('horizon.save.n', 'save points', save.n, limits.savePoints);
  if (save.kind === 'times') over('horizon.save.times', 'save points', save.times.length, limits.savePoints);
  over('ensemble.runs', 'runs × cells', s.ensemble.runs * sw.cells, limits.totalRuns);
  const saved = s.ensemble.runs * sw.cells * savePointsOf(s) * cost.columns;
  over(
    save.kind === 'uniform' || save.kind === 'log' ? 'horizon.save.n' : 'ensemble.runs',
    'saved values (runs × save points × columns)',
    saved,
    limits.savedValues,
  );
  if (cost.memoryBytes > limits.memoryBytes) {
    const stiff = usesJacobian(s, cost.state, sw.depth) && 16 * cost.state * cost.state > cost.memoryBytes / 2;
    throw new FieldError(stiff ? 'solver.method' : 'model', limitMessages.memory(cost, limits.memoryBytes, allowLarge, stiff));
  }
}
