/**
 * Per-cell statistics of the per-run summary values: mean, std, a Student-t 95% confidence interval
 * of the mean, quantiles, a seeded bootstrap 95% interval of the median, and paired differences
 * between cells (README, "Statistics").
 */
import { createRequire } from 'node:module';
import { Rng } from '../init/rng.js';

export interface Stats {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1). */
  readonly std: number;
  /** 95% confidence interval of the mean, Student t: mean ± t_{0.975, n−1}·std/√n (a point when n = 1). */
  readonly ci95: [number, number];
  readonly min: number;
  readonly q05: number;
  readonly q25: number;
  readonly median: number;
  readonly q75: number;
  readonly q95: number;
  readonly max: number;
}

/**
 * Linear-interpolation quantile (type 7, as NumPy's default) of sorted data, `q` in [0, 1]. Equal
 * neighbours (also two infinities) give their value rather than ∞ − ∞.
 */
export function quantile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a === b || h === lo ? a : a + (h - lo) * (b - a);
}

export function describe(values: readonly number[]): Stats | undefined {
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return undefined;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const std = n > 1 ? Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1)) : 0;
  const half = n > 1 ? (tCritical(n - 1) * std) / Math.sqrt(n) : 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return {
    n,
    mean,
    std,
    ci95: [mean - half, mean + half],
    min: sorted[0]!,
    q05: quantile(sorted, 0.05),
    q25: quantile(sorted, 0.25),
    median: quantile(sorted, 0.5),
    q75: quantile(sorted, 0.75),
    q95: quantile(sorted, 0.95),
    max: sorted[n - 1]!,
  };
}

/** `t_{0.975, ν}`: the two-sided 95% critical value of Student's t with `ν` degrees of freedom. */
export function tCritical(dof: number): number {
  // loaded on first use: its module tree (the incomplete beta function) costs a tenth of a second, which
  // loading and validating a scenario need not pay
  tQuantile ??= createRequire(import.meta.url)('@stdlib/stats-base-dists-t-quantile') as (p: number, dof: number) => number;
  return tQuantile(0.975, dof);
}
let tQuantile: ((p: number, dof: number) => number) | undefined;

/** Bootstrap resamples behind every median interval: enough that the 2.5% and 97.5% quantiles move by less than the data's own spacing. */
export const BOOTSTRAP_RESAMPLES = 2000;

/**
 * Percentile bootstrap 95% interval of the median: `BOOTSTRAP_RESAMPLES` resamples with replacement
 * drawn from `Rng(seed)`, so the interval is the same on every machine and run. Non-finite values are
 * dropped first; fewer than 2 values give `undefined`.
 */
export function bootstrapMedianCI(values: readonly number[], seed: number): [number, number] | undefined {
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  if (n < 2) return undefined;
  const rng = new Rng(seed, 7);
  const medians: number[] = new Array<number>(BOOTSTRAP_RESAMPLES);
  const sample: number[] = new Array<number>(n);
  for (let b = 0; b < BOOTSTRAP_RESAMPLES; b++) {
    for (let i = 0; i < n; i++) sample[i] = xs[Math.min(n - 1, Math.floor(rng.uniform() * n))]!;
    sample.sort((a, c) => a - c);
    medians[b] = quantile(sample, 0.5);
  }
  medians.sort((a, c) => a - c);
  return [quantile(medians, 0.025), quantile(medians, 0.975)];
}

/** Statistics of one quantity in one cell: `describe` plus the bootstrap interval of the median. */
export interface CellStats extends Stats {
  readonly medianCI95?: [number, number];
}

export function cellStats(values: readonly number[], seed: number): CellStats | undefined {
  const d = describe(values);
  if (!d) return undefined;
  const m = bootstrapMedianCI(values, seed);
  return m ? { ...d, medianCI95: m } : d;
}

/**
 * Paired differences `a_i − b_i` over the indices where both are finite (runs with the same index
 * share their data seed and, with `ensemble.paired`, their random start), with their statistics.
 */
export function pairedDifferences(a: readonly number[], b: readonly number[], seed: number): CellStats | undefined {
  const d: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (Number.isFinite(a[i]) && Number.isFinite(b[i])) d.push(a[i]! - b[i]!);
  return cellStats(d, seed);
}
