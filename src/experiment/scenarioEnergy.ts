/**
 * A scenario's energy, built from its `energy:` field by the problem builders in `energies/`: the
 * energy, its target or ground truth when it has one, a data energy's extra columns and data sets,
 * and the linear measurements the convex baselines need. Inconsistencies the schema cannot see are
 * `FieldError`s naming the field.
 */
import { deficiencyMarginOf } from '../analysis/deficiencyMargin.js';
import { entryOperator, sensingOperator, type MeasurementOperator } from '../analysis/measurementOperator.js';
import { expressionEnergy } from '../energies/expressionEnergy.js';
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
import { Rng, mixSeed } from '../init/index.js';
import { dataColumns } from '../simulate/dataDiagnostics.js';
import { drawnData, type DrawnData } from './drawnData.js';
import { FieldError } from '../scenario/errors.js';
import { buildMessages } from './messages.js';
import type { Scenario } from '../scenario/schema.js';

/** A matrix given as rows, flattened row-major; `shape` [rows, cols], when given, is checked. */
export function flat(
  rows: readonly (readonly number[])[],
  path: string,
  shape?: readonly [number, number],
): { data: Float64Array; rows: number; cols: number } {
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
