/**
 * From a validated scenario to runnable experiments: one cell per point of the sweep grid, and for
 * each run of the ensemble an energy, a model, a start and solver options. Inconsistencies the
 * schema cannot see (shapes that disagree, a rank above a hidden width, expressions that do not
 * parse) are reported as `FieldError`s naming the field.
 */
import type { Energy } from '../energies/index.js';
import { Rng, mixSeed } from '../init/index.js';
import type { SaveAt } from '../ode/types.js';
// the modules themselves, not the simulate/ barrel: loading and validating a scenario need not load the solvers
import { langevinProblems, type NoiseSpec } from '../simulate/langevin.js';
import type { OptionProblem } from '../simulate/messages.js';
import { modelProblems, optionProblems } from '../simulate/optionProblems.js';
import type { SimulateOptions } from '../simulate/simulate.js';
import { FieldError } from './errors.js';
import { buildMessages } from './messages.js';
import { buildEnergy, type BuiltEnergy } from './scenarioEnergy.js';
import { optimizerOptions } from './optimizerSpec.js';
import { startOf } from './runStart.js';
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
  const { energy } = built;
  const widths = widthsOf(s, energy);
  const N = s.model.depth === 'inf' ? Infinity : s.model.depth;
  const rng = runRng(s, cell.index, run);
  const start = startOf(s, run, built, widths, rng, mode);
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
