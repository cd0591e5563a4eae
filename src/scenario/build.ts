/**
 * From a validated scenario to runnable experiments: one cell per point of the sweep grid, and for
 * each run of the ensemble an energy, a model, a start and solver options. Inconsistencies the
 * schema cannot see (shapes that disagree, a rank above a hidden width, expressions that do not
 * parse) are reported as `FieldError`s naming the field.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { deficiencyMarginOf } from '../analysis/deficiencyMargin.js';
import { expressionEnergy } from '../energies/expressionEnergy.js';
import { entryOperator, sensingOperator, type MeasurementOperator } from '../analysis/measurementOperator.js';
import {
  completionProblem,
  dataProblem,
  energiesMessages,
  lazyEnergy,
  lowRankTarget,
  lpDesignRegression,
  lpRegression,
  matrixCompletion,
  sensingProblem,
  whitenedRegression,
  type Energy,
} from '../energies/index.js';
import {
  Rng,
  alignedEndToEnd,
  balancedFactors,
  checkBalancedShapes,
  balancedRandomFactors,
  checkBalancedRandomWidths,
  checkStartShapes,
  fixDeterminantSign,
  gaussianFactors,
  endToEndGaussianScale,
  initMessages,
  mixSeed,
  orthogonalFactors,
  parseStartsFile,
  productOf,
  type StartsFile,
} from '../init/index.js';
import type { SaveAt } from '../ode/types.js';
// the modules themselves, not the simulate/ barrel: loading and validating a scenario need not load the solvers
import { dataColumns } from '../simulate/dataDiagnostics.js';
import { langevinProblems, type NoiseSpec } from '../simulate/langevin.js';
import { optionMessages, type OptionProblem } from '../simulate/messages.js';
import { modelProblems, optionProblems } from '../simulate/optionProblems.js';
import type { SimulateOptions } from '../simulate/simulate.js';
import { drawnData, type DrawnData } from './drawnData.js';
import { FieldError } from './errors.js';
import { pathProblem } from './folderName.js';
import { buildMessages } from './messages.js';
import { optimizerOptions } from './optimizerSpec.js';
import { scenarioSchema, sweepGrids, type Scenario } from './schema.js';

/** One point of the sweep grid. */
export interface Cell {
  readonly index: number;
  /** The swept values at this point, by dotted path (`inf` as Infinity). */
  readonly values: Readonly<Record<string, number>>;
  readonly scenario: Scenario;
}

/** Every sweep path must name a scalar field that exists (or may exist) in the scenario. */
const SWEEPABLE =
  /^(model\.(depth|width|noise\.beta|noise\.dt)|model\.regularizer\.(weightDecay|balance)|init\.(scale|s0|endToEndScale)|energy\.noise\.std|horizon\.(t1|lossBelow|detFloor)|solver\.(rtol|atol)|optimizer\.(lr|steps|beta|beta1|beta2|eps)|energy\.(p|measurements|observedFraction)|params\.[A-Za-z_][A-Za-z0-9_]*)$/;

/** Fields whose schema spells infinity as the literal "inf" (a sweep value `inf` stays that literal there). */
const INF_LITERAL = new Set(['model.depth', 'model.noise.beta']);

function setPath(obj: Record<string, unknown>, path: string, value: unknown, at: string): void {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    const next = o[k];
    if (typeof next !== 'object' || next === null) throw new FieldError(at, buildMessages.notAnObject(k));
    o = next as Record<string, unknown>;
  }
  o[keys.at(-1)!] = value;
}

/**
 * The sweep's cells: each grid row-major over its paths in file order, the grids of a list in turn.
 * A cell's `values` hold the paths its own grid sweeps (a path another grid sweeps keeps the
 * scenario's value there).
 */
export function cellsOf(s: Scenario): Cell[] {
  const grids = sweepGrids(s);
  const multi = Array.isArray(s.sweep);
  const cells: Cell[] = [];
  // each cell's scenario is a copy with its swept values set; the sweep itself is shared, not copied
  // (a fuzzed sweep of 1009 depths × 5 scales copied its 1014 values into each of 5050 cells: 3 s)
  const { sweep, ...rest } = s;
  const bare = (): Record<string, unknown> => structuredClone(rest);
  grids.forEach((grid, g) => {
    const at = (p: string): string => (multi ? `sweep.${String(g)}.${p}` : `sweep.${p}`);
    const paths = Object.keys(grid);
    for (const p of paths) if (!SWEEPABLE.test(p)) throw new FieldError(at(p), buildMessages.notSweepable());
    // each swept value must be what the schema accepts in that field (a sweep cannot smuggle in
    // t1 = inf or a negative atol): checked once per value, the field set alone
    paths.forEach((p) => {
      grid[p]!.forEach((v, i) => {
        const copy = bare();
        setPath(copy, p, INF_LITERAL.has(p) || v !== 'inf' ? v : Infinity, at(p));
        const r = scenarioSchema.safeParse(copy);
        if (!r.success) throw new FieldError(`${at(p)}.${String(i)}`, buildMessages.badSweepValue(String(v), p, r.error.issues[0]!.message));
      });
    });
    const recurse = (k: number, values: Record<string, number>): void => {
      if (k === paths.length) {
        const copy = bare();
        for (const [p, v] of Object.entries(values)) setPath(copy, p, INF_LITERAL.has(p) && v === Infinity ? 'inf' : v, at(p));
        cells.push({ index: cells.length, values: { ...values }, scenario: { ...copy, sweep } as unknown as Scenario });
        return;
      }
      const p = paths[k]!;
      for (const v of grid[p]!) recurse(k + 1, { ...values, [p]: v === 'inf' ? Infinity : v });
    };
    recurse(0, {});
  });
  return cells;
}

function flat(rows: readonly (readonly number[])[], path: string, shape?: readonly [number, number]): { data: Float64Array; rows: number; cols: number } {
  const r = rows.length;
  const c = rows[0]!.length;
  rows.forEach((row, i) => {
    if (row.length !== c) throw new FieldError(`${path}.${String(i)}`, buildMessages.raggedRow(row.length, c));
  });
  if (shape && (shape[0] !== r || shape[1] !== c)) throw new FieldError(path, buildMessages.matrixShape(r, c, shape[0], shape[1]));
  const data = new Float64Array(r * c);
  rows.forEach((row, i) => {
    data.set(row, i * c);
  });
  return { data, rows: r, cols: c };
}

type Target = Scenario['energy'] extends infer E ? (E extends { target: infer T } ? T : never) : never;

/**
 * The seed of data set `k` (`energy.dataSeeds`) drawn from a field's `seed`: the seed itself for
 * `k = 0`, so a scenario with one data set keeps its data; a mixed seed otherwise.
 */
export function dataSetSeed(seed: number, k: number): number {
  return k === 0 ? seed : mixSeed(seed, 0x5eed + k);
}

function buildTarget(t: Target, path: string, dataSet = 0): { data: Float64Array; rows: number; cols: number } {
  if (Array.isArray(t)) return flat(t, path);
  const [m, n] = t.shape;
  try {
    return { data: lowRankTarget(m, n, t.sigma, new Rng(dataSetSeed(t.seed, dataSet))), rows: m, cols: n };
  } catch (err) {
    throw new FieldError(`${path}.sigma`, (err as Error).message);
  }
}

/** What a scenario's energy brings: the energy, its target when it has one, and extra columns. */
export interface BuiltEnergy {
  readonly energy: Energy;
  readonly target?: { data: Float64Array; rows: number; cols: number };
  /** Extra per-state columns (data energies: nullX, errSupport, errNull, errMixed). */
  readonly extras?: (W: Float64Array) => Record<string, number>;
  /** Whitened energies with a square target: the deficiency margin `σ_min(Φ) − ‖W − Φ‖_F` (columns deficiencyMargin, convergenceBound). */
  readonly margin?: (W: Float64Array) => number;
  /** Sensing and completion: the linear measurements `𝒜(X) = y` (the operator is built on the call), for the convex baselines. */
  readonly measurements?: () => { op: MeasurementOperator; y: Float64Array };
  /** The ground truth the measurements observe, when there is one (a sensing target, a completion truth). */
  readonly truth?: Float64Array;
}

/**
 * The energy of a scenario (from the problem builders in `energies/`), its target when it has one,
 * and a data energy's extra columns. `dataSet` picks one of a data energy's `dataSeeds` data sets
 * (`dataSetOf`); other energies ignore it.
 */
export function buildEnergy(s: Pick<Scenario, 'energy'> & { readonly baseline?: Scenario['baseline'] }, dataSet = 0): BuiltEnergy {
  const built = energyOf(s, dataSet);
  if (s.baseline && !built.measurements) throw new FieldError('baseline', buildMessages.baselineNeedsMeasurements(s.energy.kind));
  return built;
}

function energyOf(s: Pick<Scenario, 'energy'> & { readonly baseline?: Scenario['baseline'] }, dataSet: number): BuiltEnergy {
  const e = s.energy;
  switch (e.kind) {
    case 'completion': {
      const [m, n] = e.shape;
      if (e.truth !== undefined || e.observedFraction !== undefined) {
        if (e.observed) throw new FieldError('energy.observed', buildMessages.observedAndTruth());
        if (e.truth === undefined) throw new FieldError('energy.truth', buildMessages.completionNeeds('truth', 'observedFraction'));
        if (e.observedFraction === undefined) throw new FieldError('energy.observedFraction', buildMessages.completionNeeds('observedFraction', 'truth'));
        const t = buildTarget(e.truth, 'energy.truth');
        if (t.rows !== m || t.cols !== n) throw new FieldError('energy.truth', buildMessages.matrixShape(t.rows, t.cols, m, n));
        const p = completionProblem(t.data, m, n, e.observedFraction, new Rng(e.seed ?? 0, 3));
        return { energy: p.energy, target: t, truth: t.data, measurements: () => ({ op: entryOperator(m, n, p.index), y: p.y }) };
      }
      if (!e.observed) throw new FieldError('energy.observed', buildMessages.completionEntries());
      if (e.seed !== undefined) throw new FieldError('energy.seed', buildMessages.completionNeeds('seed', 'truth'));
      const observed = e.observed;
      observed.forEach(([i, j], k) => {
        if (i > m || j > n) throw new FieldError(`energy.observed.${String(k)}`, buildMessages.observedOutside(i, j, m, n));
      });
      const index = Int32Array.from(observed, ([i, j]) => (i - 1) * n + (j - 1));
      const y = Float64Array.from(observed, (o) => o[2]);
      if (s.baseline)
        try {
          entryOperator(m, n, index);
        } catch (err) {
          throw new FieldError('energy.observed', (err as Error).message);
        }
      return {
        energy: matrixCompletion(
          m,
          n,
          observed.map(([i, j, value]) => ({ i: i - 1, j: j - 1, value })),
        ),
        measurements: () => ({ op: entryOperator(m, n, index), y }),
      };
    }
    case 'whitened': {
      const t = buildTarget(e.target, 'energy.target');
      const energy = whitenedRegression(t.rows, t.cols, t.data);
      return t.rows === t.cols ? { energy, target: t, margin: deficiencyMarginOf(t.data, t.rows) } : { energy, target: t };
    }
    case 'lp': {
      const t = buildTarget(e.target, 'energy.target');
      if (!e.design) return { energy: lpRegression(t.rows, t.cols, t.data, e.p), target: t };
      const X = new Rng(e.design.seed, 3).normals(t.cols * e.design.n);
      return { energy: lpDesignRegression(t.rows, t.cols, t.data, X, e.design.n, e.p), target: t };
    }
    case 'sensing': {
      const t = buildTarget(e.target, 'energy.target');
      const p = sensingProblem(t.data, t.rows, t.cols, e.measurements, new Rng(e.seed, 1));
      return { energy: p.energy, target: t, truth: t.data, measurements: () => ({ op: sensingOperator(t.rows, t.cols, p.A), y: p.y }) };
    }
    case 'data': {
      const t = buildTarget(e.teacher, 'energy.teacher', dataSet);
      // the data are drawn on first use (validation needs only the shapes): what can fail is checked here
      if (e.inputs.rank > t.cols) throw new FieldError('energy.inputs.rank', energiesMessages.inputRank(e.inputs.rank, t.cols));
      let problem: DrawnData | undefined;
      const data = (): DrawnData =>
        (problem ??= drawnData(JSON.stringify([e, dataSet]), () => {
          const noise = e.noise ? { std: e.noise.std, rng: new Rng(dataSetSeed(e.noise.seed, dataSet), 3) } : undefined;
          return dataProblem(t.data, t.rows, t.cols, e.inputs, new Rng(dataSetSeed(e.inputs.seed, dataSet), 2), noise);
        }));
      let columns: ReturnType<typeof dataColumns> | undefined;
      const energy = lazyEnergy(
        'data-regression',
        t.rows,
        t.cols,
        () => ({ name: 'data-regression', rows: t.rows, cols: t.cols, samples: e.inputs.n }),
        () => data().energy,
      );
      return { energy, target: t, extras: (W) => ({ ...(columns ??= dataColumns(t.data, t.rows, t.cols, data().covariances.Sxx))(W) }) };
    }
    case 'expression': {
      try {
        return { energy: expressionEnergy(e.shape[0], e.shape[1], e.E) };
      } catch (err) {
        throw new FieldError('energy.E', (err as Error).message);
      }
    }
  }
}

/** The data set run `run` uses (`energy.dataSeeds`; 0 for energies without data). */
export function dataSetOf(s: Scenario, run: number): number {
  return s.energy.kind === 'data' ? run % s.energy.dataSeeds : 0;
}

/** Widths `d_0 … d_N` of the model (depth ∞: `[d_0, d_N]`). */
export function widthsOf(s: Scenario, energy: Energy): number[] {
  const N = s.model.depth === 'inf' ? Infinity : s.model.depth;
  if (Number.isFinite(N) && s.model.hidden && s.model.width !== undefined) throw new FieldError('model.width', buildMessages.hiddenAndWidth());
  const width = s.model.width;
  const hidden = s.model.hidden ?? (width === undefined || !Number.isFinite(N) ? undefined : new Array<number>(Math.max(0, N - 1)).fill(width));
  const { widths, problems } = modelProblems(
    { depth: N, parametrization: s.model.parametrization, ...(hidden ? { hidden } : {}), ...(s.model.time ? { time: s.model.time } : {}) },
    energy.rows,
    energy.cols,
  );
  throwFirst(problems);
  return widths;
}

/** Where each `SimulateOptions` path of `optionProblems` comes from in a scenario. */
function scenarioPath(path: string): string {
  const [head, ...rest] = path.split('.');
  const tail = rest.length > 0 ? `.${rest.join('.')}` : '';
  switch (head) {
    case 'start':
      return path.startsWith('start.factors') ? `init.factors${path.slice('start.factors'.length)}` : 'init';
    case 'saveAt':
      return `horizon.save${tail}`;
    case 'detFloor':
    case 'lossBelow':
    case 'precisionGuard':
    case 't1':
      return `horizon.${path}`;
    default:
      return path;
  }
}

/** The first problem `optionProblems`/`modelProblems` found, as a `FieldError` at its scenario path. */
function throwFirst(problems: readonly OptionProblem[]): void {
  const p = problems[0];
  if (p) throw new FieldError(scenarioPath(p.path), p.message);
}

/**
 * The run's seed: derived from the scenario seed, the cell and the run index only. With
 * `ensemble.paired` the cell drops out — every cell draws cell 0's numbers for run i — so run i has
 * the same start in every cell where the shapes agree (balanced-random: the same W(0) balanced into
 * each depth; gaussian, orthogonal: the same draws in the same order, so W_1, W_2, … coincide where
 * their shapes do).
 */
export function runRng(s: Scenario, cell: number, run: number): Rng {
  return new Rng(mixSeed(s.ensemble.seed, s.ensemble.paired ? 0 : cell), run);
}

/** Starts files read once per thread, by absolute path. */
const startsCache = new Map<string, StartsFile>();

function readStarts(path: string, given = path): StartsFile {
  let f = startsCache.get(path);
  if (f) return f;
  // what the platform refuses, and what exists but is no file (a FIFO would block, /dev/zero never end)
  const tooLong = pathProblem(path);
  if (tooLong !== undefined) throw new FieldError('init.path', buildMessages.badPath(path, tooLong));
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new FieldError('init.path', buildMessages.missing(path, given));
    throw new FieldError('init.path', buildMessages.read(path, (err as Error).message));
  }
  if (!isFile) throw new FieldError('init.path', buildMessages.notAFile(path));
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new FieldError('init.path', buildMessages.read(path, (err as Error).message));
  }
  try {
    f = parseStartsFile(path, bytes);
  } catch (err) {
    throw new FieldError('init.path', buildMessages.parse(path, (err as Error).message));
  }
  startsCache.set(path, f);
  return f;
}

/**
 * For an init of kind `file`: resolves `init.path` against the scenario file's folder (in place),
 * reads the starts, and sets `ensemble.runs` to their number unless the document gave it (then it
 * may not exceed it). Called by the loader before the cells are built.
 */
export function resolveStartsFile(s: Scenario, raw: unknown, file: string): void {
  if (s.init.kind !== 'file') return;
  const written = s.init.path;
  s.init.path = resolve(dirname(file), written);
  const count = readStarts(s.init.path, written).starts.length;
  const given = (raw as { ensemble?: { runs?: unknown } }).ensemble?.runs !== undefined;
  if (!given) s.ensemble.runs = count;
  else if (s.ensemble.runs > count) throw new FieldError('ensemble.runs', buildMessages.runs(s.ensemble.runs, count, s.init.path));
}

/** Zeros that shape-only starts view (grown to the largest factor asked for; never written). */
let zeroBuffer = new ArrayBuffer(0);

/**
 * `Float64Array` views of the right lengths on one shared buffer of zeros: what the shape checks of a
 * start read (`length`), without the storage (a fuzzed sweep of 5000 cells at depths up to 1000 of
 * 50 × 50 factors allocated 100 GB of zero factors in turn: 35 s of validation).
 */
function zeroViews(widths: readonly number[]): Float64Array[] {
  const lengths = widths.slice(1).map((w, j) => w * widths[j]!);
  const bytes = 8 * Math.max(0, ...lengths);
  if (bytes > zeroBuffer.byteLength) zeroBuffer = new ArrayBuffer(bytes);
  return lengths.map((n) => new Float64Array(zeroBuffer, 0, n));
}

/**
 * Everything `simulate` needs for one run of one cell. With `shapesOnly` (the loader's checks), random
 * starts without a sign to fix are zero factors of the right shapes, views of one shared buffer: such
 * options are for checking, never for simulating. Validating a width-500 scenario then draws no
 * random numbers and allocates no factor.
 */
export function buildRun(
  cell: Cell,
  run: number,
  built: BuiltEnergy = buildEnergy(cell.scenario),
  mode: { readonly shapesOnly?: boolean } = {},
): SimulateOptions {
  const s = cell.scenario;
  const { energy, target } = built;
  const widths = widthsOf(s, energy);
  const N = s.model.depth === 'inf' ? Infinity : s.model.depth;
  const rng = runRng(s, cell.index, run);
  const init = s.init;
  const factorWidths = Number.isFinite(N) ? widths : [energy.cols, energy.rows];
  let start: SimulateOptions['start'];
  const skipDraws =
    mode.shapesOnly === true && (init.kind === 'gaussian' || init.kind === 'orthogonal' || init.kind === 'balanced-random') && init.detSign === undefined;
  if (init.kind === 'gaussian') {
    if ((init.scale === undefined) === (init.endToEndScale === undefined)) throw new FieldError('init', buildMessages.gaussianScale());
    if (Array.isArray(init.scale) && init.scale.length !== factorWidths.length - 1)
      throw new FieldError('init.scale', initMessages.scaleCount(init.scale.length, factorWidths.length - 1));
  }
  try {
    if (skipDraws) {
      // what a balanced-random start can refuse is checked without drawing it
      if (init.kind === 'balanced-random') checkBalancedRandomWidths(factorWidths);
      start = { factors: zeroViews(factorWidths) };
    } else
      switch (init.kind) {
        case 'balanced': {
          const W0 = init.W0 === 'identity' ? identityLike(energy.rows, energy.cols) : flat(init.W0, 'init.W0', [energy.rows, energy.cols]).data;
          for (let i = 0; i < W0.length; i++) W0[i] = W0[i]! * init.scale;
          if (mode.shapesOnly === true && init.detSign === undefined) {
            // the loader's checks: what balancedFactors would refuse, without its O(N) products per cell
            checkBalancedShapes(factorWidths, W0);
            start = { factors: zeroViews(factorWidths) };
          } else start = { factors: balancedFactors(factorWidths, W0, init.randomFactors ? { rng } : {}) };
          break;
        }
        case 'balanced-random':
          start = { factors: balancedRandomFactors(factorWidths, init.scale, rng) };
          break;
        case 'gaussian': {
          const scale = init.scale ?? endToEndGaussianScale(factorWidths, init.endToEndScale!);
          start = { factors: gaussianFactors(factorWidths, scale, rng) };
          break;
        }
        case 'orthogonal':
          start = { factors: orthogonalFactors(factorWidths, init.scale, rng) };
          break;
        case 'explicit': {
          if (init.factors.length !== factorWidths.length - 1)
            throw new FieldError('init.factors', optionMessages.factorCount(init.factors.length, factorWidths.length - 1));
          start = { factors: init.factors.map((F, j) => flat(F, `init.factors.${String(j)}`, [factorWidths[j + 1]!, factorWidths[j]!]).data) };
          break;
        }
        case 'file': {
          const f = readStarts(init.path);
          try {
            checkStartShapes(f, energy.rows, energy.cols);
          } catch (err) {
            throw new FieldError('init.path', buildMessages.parse(init.path, (err as Error).message));
          }
          const W0 = f.starts[run];
          if (!W0) throw new FieldError('ensemble.runs', buildMessages.runs(run + 1, f.starts.length, init.path));
          const scaled = W0.map((v) => v * init.scale);
          // end-to-end models start from W(0) itself (start for start); factor models from its balanced factors
          start =
            Number.isFinite(N) && s.model.parametrization === 'factors'
              ? { factors: balancedFactors(factorWidths, scaled, init.randomFactors ? { rng } : {}) }
              : { endToEnd: scaled };
          break;
        }
        case 'aligned': {
          if (!target) throw new FieldError('init.kind', buildMessages.alignedNeedsTarget());
          const W0 = alignedEndToEnd(target.data, target.rows, target.cols, init.s0);
          start = Number.isFinite(N) && s.model.parametrization === 'factors' ? { factors: balancedFactors(widths, W0) } : { endToEnd: W0 };
          break;
        }
      }
  } catch (err) {
    if (err instanceof FieldError) throw err;
    throw new FieldError('init', (err as Error).message);
  }
  if ('detSign' in init && init.detSign !== undefined && 'factors' in start) {
    if (energy.rows !== energy.cols) throw new FieldError('init.detSign', buildMessages.detSignSquare());
    try {
      start = { factors: fixDeterminantSign(factorWidths, start.factors as Float64Array[], init.detSign) };
    } catch (err) {
      throw new FieldError('init.detSign', (err as Error).message);
    }
  }
  if (!Number.isFinite(N) && 'factors' in start) start = { endToEnd: productOf(factorWidths, start.factors) };
  const h = s.horizon;
  const saveAt: SaveAt = h.save.kind === 'log' ? { kind: 'log', n: h.save.n, ...(h.save.tmin === undefined ? {} : { tmin: h.save.tmin }) } : h.save;
  const options: SimulateOptions = {
    energy,
    model: {
      depth: N,
      hidden: widths.slice(1, -1),
      parametrization: s.model.parametrization,
      ...(s.model.time === undefined ? {} : { time: s.model.time }),
      ...(s.model.regularizer === undefined ? {} : { regularizer: s.model.regularizer }),
    },
    start,
    solver: {
      method: s.solver.method,
      rtol: s.solver.rtol,
      atol: s.solver.atol,
      maxSteps: s.solver.maxSteps,
      ...(s.solver.hmax === undefined ? {} : { hmax: s.solver.hmax }),
      ...(s.solver.jacobianAge === undefined ? {} : { jacobianAge: s.solver.jacobianAge }),
    },
    t1: h.t1,
    saveAt,
    ...(h.lossBelow === undefined ? {} : { lossBelow: h.lossBelow }),
    ...(h.detFloor === undefined ? {} : { detFloor: h.detFloor }),
    ...(h.precisionGuard === undefined ? {} : { precisionGuard: h.precisionGuard }),
  };
  throwFirst(optionProblems(options));
  // an optimizer block runs on the same options: refuse here a model it cannot run, naming the field
  if (s.optimizer) optimizerOptions(s, options);
  const noise = noiseOf(s);
  if (noise) throwFirst(langevinProblems({ ...options, noise }));
  return options;
}

/** The scenario's Langevin noise (`model.noise`), or undefined for a gradient flow. */
export function noiseOf(s: Scenario): NoiseSpec | undefined {
  const n = s.model.noise;
  return n && { beta: n.beta === 'inf' ? Infinity : n.beta, dt: n.dt, method: n.method, ...(n.adaptive ? { adaptive: n.adaptive } : {}) };
}

/**
 * The source of run `run`'s Brownian path: like `runRng`, a function of (seed, cell, run) only (of
 * (seed, run) with `ensemble.paired`: run i then has the same path in every cell, scaled by √(2/β)),
 * on a stream of its own, so adding noise leaves the starts unchanged.
 */
export function noiseRng(s: Scenario, cell: number, run: number): Rng {
  return new Rng(mixSeed(mixSeed(s.ensemble.seed, s.ensemble.paired ? 0 : cell), NOISE_STREAM), run);
}

/** Separates the noise streams from the starts' streams (any constant other than the cells' indices would do). */
const NOISE_STREAM = 0x1a9e;

function identityLike(m: number, n: number): Float64Array {
  const W = new Float64Array(m * n);
  for (let i = 0; i < Math.min(m, n); i++) W[i * n + i] = 1;
  return W;
}
