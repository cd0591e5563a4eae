/**
 * Evaluating a landscape scenario (docs/theory.md §6.4–6.5): at every grid point of the family, W from
 * its expressions, its singular values (one-sided Jacobi, which keeps tiny σ to relative accuracy;
 * σ_i ≤ d·ε·σ_1 is set to 0, the numerical rank, since W's entries are only known to rounding), E(W),
 * then for every depth N the entropy S and for every β the free energy F_β = E − S/β; and for every
 * (N, β) the minimiser of F_β over the family's box by bracket-and-refine, with its status
 * (interior, boundary, undefined, not-converged).
 */
import { bracketAndRefine, gridCoordinate, type MinimumStatus, type SearchAxis } from '../analysis/gridMinimiser.js';
import { landscapeEntropy, undefinedEntropyReason } from '../analysis/landscapeEntropy.js';
import { SvdWorkspace } from '../linalg/svd.js';
import { landscapeMessages } from './messages.js';
import type { LoadedLandscape } from './load.js';

/** One row of landscape.csv: N (Infinity for inf), beta, the family parameters, w.., sigma.., E, S, F. */
export type LandscapeRow = Readonly<Record<string, number>>;

/** One row of minimisers.csv. */
export interface MinimiserRow {
  readonly N: number;
  readonly beta: number;
  readonly status: MinimumStatus;
  /** The argmin by family parameter (NaN when undefined). */
  readonly argmin: Readonly<Record<string, number>>;
  readonly F: number;
  readonly E: number;
  readonly S: number;
  /** Which ends of the box the minimiser sits on, e.g. `a:to` or `a:from;b:to` (empty when interior). */
  readonly edge: string;
  /** The best grid point and its value: the bracket. */
  readonly grid: Readonly<Record<string, number>>;
  readonly gridF: number;
  /** Grid points where F_β is not defined (excluded from the search). */
  readonly undefinedPoints: number;
  readonly evaluations: number;
}

/** Why S is undefined at some grid points of a depth: the first reason met and how many points. */
export interface UndefinedEntropy {
  readonly N: number;
  readonly points: number;
  readonly reason: string;
}

export interface LandscapeResult {
  readonly rows: LandscapeRow[];
  readonly minimisers: MinimiserRow[];
  readonly undefinedEntropy: UndefinedEntropy[];
  /** Grid points where W itself is not real (an entry's expression is not a real number). */
  readonly undefinedW: number;
}

/** Computes W, σ and E at a point of the family, into buffers allocated once. */
class PointEvaluator {
  readonly W: Float64Array;
  readonly sigma: Float64Array;
  private readonly svd: SvdWorkspace;
  private readonly scope: Record<string, number>;

  constructor(private readonly l: LoadedLandscape) {
    this.W = new Float64Array(l.d * l.d);
    this.sigma = new Float64Array(l.d);
    this.svd = new SvdWorkspace(l.d, l.d, false, false, 'jacobi');
    this.scope = { ...l.scenario.params };
  }

  /** Evaluates at family values `x` (one per axis); returns E, NaN when W is not real. */
  at(x: ArrayLike<number>): number {
    const { l, W, sigma, scope } = this;
    for (let k = 0; k < l.axes.length; k++) scope[l.axes[k]!.name] = x[k]!;
    let real = true;
    for (let i = 0; i < W.length; i++) {
      W[i] = l.entries[i]!.evaluateOrNaN(scope);
      if (!Number.isFinite(W[i]!)) real = false;
    }
    if (!real) {
      sigma.fill(NaN);
      return NaN;
    }
    const s = this.svd.compute(W).sigma;
    const floor = l.d * Number.EPSILON * s[0]!;
    for (let i = 0; i < l.d; i++) sigma[i] = s[i]! <= floor ? 0 : s[i]!;
    return l.energy.value(W);
  }
}

/** The search coordinate of a family value (its log on a log axis) and back. */
const toSearch = (log: boolean, v: number): number => (log ? Math.log(v) : v);
const fromSearch = (log: boolean, u: number): number => (log ? Math.exp(u) : u);

/** Evaluates the landscape on its grid and locates the minimisers of every F_β. */
export function evaluateLandscape(l: LoadedLandscape): LandscapeResult {
  const s = l.scenario;
  const names = l.axes.map((a) => a.name);
  const search: SearchAxis[] = l.axes.map(({ axis }) => ({ lo: toSearch(axis.log, axis.from), hi: toSearch(axis.log, axis.to), n: axis.n }));
  const points = search.reduce((p, a) => p * a.n, 1);
  const { depths } = l;
  const kind = s.entropy;
  const pe = new PointEvaluator(l);
  // per point: the family values, W's entries, σ and E
  const xs: number[][] = [];
  const Ws: Float64Array[] = [];
  const sigmas: Float64Array[] = [];
  const Es = new Float64Array(points);
  let undefinedW = 0;
  for (let p = 0; p < points; p++) {
    const x: number[] = new Array<number>(search.length);
    let rest = p;
    for (let k = search.length - 1; k >= 0; k--) {
      const ax = l.axes[k]!.axis;
      const i = rest % ax.n;
      // the ends exactly as written, not exp(log(from))
      x[k] = i === 0 ? ax.from : i === ax.n - 1 ? ax.to : fromSearch(ax.log, gridCoordinate(search[k]!, i));
      rest = Math.floor(rest / ax.n);
    }
    Es[p] = pe.at(x);
    if (pe.W.some((w) => !Number.isFinite(w))) undefinedW++;
    xs.push(x);
    Ws.push(Float64Array.from(pe.W));
    sigmas.push(Float64Array.from(pe.sigma));
  }
  const rows: LandscapeRow[] = [];
  const minimisers: MinimiserRow[] = [];
  const undefinedEntropy: UndefinedEntropy[] = [];
  const F = new Float64Array(points);
  const x = new Float64Array(search.length);
  for (const N of depths) {
    const S = new Float64Array(points);
    let bad = 0;
    let reason: string | undefined;
    for (let p = 0; p < points; p++) {
      S[p] = Number.isFinite(Es[p]!) ? landscapeEntropy(sigmas[p]!, N, kind) : NaN;
      if (!Number.isFinite(S[p]!) && Number.isFinite(Es[p]!)) {
        bad++;
        reason ??= undefinedEntropyReason(sigmas[p]!, N, kind);
      }
    }
    if (bad > 0) undefinedEntropy.push({ N, points: bad, reason: reason ?? '' });
    for (const beta of s.betas) {
      for (let p = 0; p < points; p++) {
        F[p] = Es[p]! - S[p]! / beta;
        const row: Record<string, number> = { N, beta };
        names.forEach((n, k) => (row[n] = xs[p]![k]!));
        for (let i = 0; i < l.d; i++) for (let j = 0; j < l.d; j++) row[`w${String(i + 1)}${String(j + 1)}`] = Ws[p]![i * l.d + j]!;
        for (let i = 0; i < l.d; i++) row[`sigma${String(i + 1)}`] = sigmas[p]![i]!;
        row.E = Es[p]!;
        row.S = Number.isFinite(S[p]!) ? S[p]! : NaN;
        row.F = Number.isFinite(F[p]!) ? F[p]! : NaN;
        rows.push(row);
      }
      const free = (u: Float64Array): number => {
        for (let k = 0; k < u.length; k++) x[k] = endValue(l, k, u[k]!) ?? fromSearch(l.axes[k]!.axis.log, u[k]!);
        const e = pe.at(x);
        return e - landscapeEntropy(pe.sigma, N, kind) / beta;
      };
      const m = bracketAndRefine(free, search, F);
      const argmin: Record<string, number> = {};
      const grid: Record<string, number> = {};
      names.forEach((n, k) => {
        const log = l.axes[k]!.axis.log;
        argmin[n] = endValue(l, k, m.point[k]!) ?? fromSearch(log, m.point[k]!);
        grid[n] = endValue(l, k, m.gridPoint[k]!) ?? fromSearch(log, m.gridPoint[k]!);
      });
      let E = NaN;
      let Sm = NaN;
      if (m.status !== 'undefined') {
        E = pe.at(names.map((n) => argmin[n]!));
        Sm = landscapeEntropy(pe.sigma, N, kind);
      }
      const edge = m.edges.map((k) => `${names[k]!}:${m.point[k] === search[k]!.lo ? 'from' : 'to'}`).join(';');
      let undefinedPoints = 0;
      for (let p = 0; p < points; p++) if (!Number.isFinite(F[p]!)) undefinedPoints++;
      minimisers.push({ N, beta, status: m.status, argmin, F: m.value, E, S: Sm, edge, grid, gridF: m.gridValue, undefinedPoints, evaluations: m.evaluations });
    }
  }
  if (undefinedW > 0) undefinedEntropy.push({ N: NaN, points: undefinedW, reason: landscapeMessages.notFinite('W', 'an entry is not a real number') });
  return { rows, minimisers, undefinedEntropy, undefinedW };
}

/** The family value written in the file when search coordinate `u` is an end of axis `k` (exact ends). */
function endValue(l: LoadedLandscape, k: number, u: number): number | undefined {
  const ax = l.axes[k]!.axis;
  if (u === toSearch(ax.log, ax.from)) return ax.from;
  if (u === toSearch(ax.log, ax.to)) return ax.to;
  return undefined;
}
