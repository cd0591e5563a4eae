/**
 * Everything `simulate` needs for one run of a cell: its energy, model, start and solver options.
 * Inconsistencies the schema cannot see (shapes that disagree, a rank above a hidden width) are
 * reported as `FieldError`s naming the field.
 */
import type { Energy } from '../energies/index.js';
import type { Cell } from '../checks/cell.js';
import type { SaveAt } from '../ode/types.js';
// the modules themselves, not the simulate/ barrel: loading and validating a scenario need not load the solvers
import { langevinProblems } from '../simulate/langevin.js';
import type { OptionProblem } from '../simulate/messages.js';
import { modelProblems, optionProblems } from '../simulate/optionProblems.js';
import type { SimulateOptions } from '../simulate/simulate.js';
import { FieldError } from '../scenario/errors.js';
import { buildMessages } from './messages.js';
import { buildEnergy, type BuiltEnergy } from './scenarioEnergy.js';
import { checkOptimizer } from './optimizer/spec.js';
import { startOf } from './runStart.js';
import { runRng } from './seeds.js';

/** Widths `d_0 … d_N` of the model (depth ∞: `[d_0, d_N]`). */
export function widthsOf(cell: Cell, energy: Energy): number[] {
  const s = cell.scenario;
  const N = cell.depth;
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
  const widths = widthsOf(cell, energy);
  const N = cell.depth;
  const rng = runRng(s, cell.index, run);
  const start = startOf(cell, run, built, widths, rng, mode);
  const h = s.horizon;
  const saveAt: SaveAt = h.save.kind === 'log' ? { kind: 'log', n: h.save.n, ...(h.save.tmin === undefined ? {} : { tmin: h.save.tmin }) } : h.save;
  const options: SimulateOptions = {
    energy,
    model: {
      depth: N,
      hidden: widths.slice(1, -1),
      parametrization: s.model.parametrization,
      ...(s.model.coordinates === undefined ? {} : { coordinates: s.model.coordinates }),
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
  return options;
}

/**
 * Refuses options `simulate` would refuse, as a `FieldError` at the scenario's field: what the
 * resolver checks once per cell (on its first run: the runs of a cell differ only in their draws).
 */
export function checkRun(cell: Cell, options: SimulateOptions): void {
  throwFirst(optionProblems(options));
  // an optimizer block runs on the same options: refuse here a model it cannot run, naming the field
  if (cell.scenario.optimizer) checkOptimizer(cell.scenario, options);
  if (cell.noise) throwFirst(langevinProblems({ ...options, noise: cell.noise }));
}
