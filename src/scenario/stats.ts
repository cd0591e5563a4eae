/** Per-cell statistics of the per-run summary values: mean, std, 95% confidence interval, quantiles. */

export interface Stats {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1). */
  readonly std: number;
  /** 95% confidence interval of the mean, normal approximation: mean ± 1.96·std/√n. */
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
  const half = (1.96 * std) / Math.sqrt(n);
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
