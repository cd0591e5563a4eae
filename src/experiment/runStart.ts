/**
 * A run's start, from the scenario's `init:` field: balanced, random (Gaussian, orthogonal, balanced
 * random), explicit factors, a starts file or aligned with the target, with the determinant's sign
 * fixed when asked. Inconsistencies are `FieldError`s naming the field.
 */
import type { Cell } from '../checks/cell.js';
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
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
  orthogonalFactors,
  parseStartsFile,
  productOf,
  type Rng,
  type StartsFile,
} from '../init/index.js';
import { optionMessages } from '../simulate/messages.js';
import type { SimulateOptions } from '../simulate/simulate.js';
import { FieldError } from '../scenario/errors.js';
import { pathProblem } from '../scenario/folderName.js';
import { buildMessages } from './messages.js';
import { flat, type BuiltEnergy } from './scenarioEnergy.js';
import type { Scenario } from '../scenario/schema.js';

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
 * The start of run `run` of a cell (its scenario's `init:`), as `buildRun` describes it: factors
 * for factor models, the end-to-end matrix for end-to-end models and depth ∞ (the product of drawn
 * factors, when the init draws factors). `widths`: the model's, `rng`: the run's (`runRng`).
 */
export function startOf(
  cell: Cell,
  run: number,
  built: BuiltEnergy,
  widths: readonly number[],
  rng: Rng,
  mode: { readonly shapesOnly?: boolean },
): SimulateOptions['start'] {
  const { energy, target } = built;
  const s = cell.scenario;
  const N = cell.depth;
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
  return start;
}

function identityLike(m: number, n: number): Float64Array {
  const W = new Float64Array(m * n);
  for (let i = 0; i < Math.min(m, n); i++) W[i * n + i] = 1;
  return W;
}
