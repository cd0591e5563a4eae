/**
 * Vega-Lite spec builders: pure functions from tidy rows to a standalone `TopLevelSpec` with its data
 * inline (so every `.vl.json` re-plots on its own). Axis titles name the quantity and, for time, the
 * convention. Log axes drop non-positive values explicitly (and say so) rather than let Vega warn.
 */
import type { TopLevelSpec } from 'vega-lite';
import { PALETTE, THEME } from './theme.js';

export type Row = Readonly<Record<string, number | string>>;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** The axis title of time in a convention. */
export function timeTitle(time: string): string {
  return time === 'normalized' ? 'τ = N t (normalised time)' : 't (upstairs time)';
}

const LABELS: Record<string, string> = {
  loss: 'loss E(W)',
  erank: 'effective rank of W',
  invariantDrift: 'max_j ‖D_j(t) − D_j(0)‖_F',
  mismatch: '‖W_up − W_down‖_F / ‖W_down‖_F',
  det: 'det W',
  nuclear: 'nuclear norm ‖W‖_*',
  frobenius: 'Frobenius norm ‖W‖_F',
};

export function label(q: string, time: string): string {
  if (q === 't' || q === 'tau') return timeTitle(time);
  if (LABELS[q]) return LABELS[q];
  const s = /^sigma(\d+)$/.exec(q);
  if (s) return `σ${s[1]!} (singular value of W)`;
  const w = /^w(\d)(\d)$/.exec(q);
  if (w) return `w${w[1]!}${w[2]!} (entry of W)`;
  return q;
}

/**
 * A quantitative scale: log scales are not "niced" (a run to t = 12 keeps its axis at 12, not 100)
 * and label only the powers of ten, plainly between 1e-3 and 1e4 and as `1e-8` beyond. Given the
 * values the axis shows, a log axis spanning less than 1.5 decades (learning rates 0.02–0.08, which
 * hold no power of ten) labels 2, 3 and 5 times the powers of ten as well.
 */
export function scaleAxis(log: boolean | undefined, values?: readonly number[]): { scale: Record<string, unknown>; axis?: Record<string, unknown> } {
  if (log !== true) return { scale: { zero: false } };
  const exponent = 'log(datum.value) / LN10';
  const decade = `abs(${exponent} - round(${exponent})) < 1e-6`;
  const positives = (values ?? []).filter((v) => v > 0 && Number.isFinite(v));
  const narrow = positives.length > 0 && Math.max(...positives) / Math.min(...positives) < 10 ** 1.5;
  // mantissa m ∈ [1, 10): 1, 2, 3 or 5 up to rounding
  const mantissa = `datum.value / pow(10, floor(${exponent} + 1e-9))`;
  const labelled = narrow ? `(${decade} || ${[2, 3, 5].map((m) => `abs(${mantissa} - ${String(m)}) < 1e-6`).join(' || ')})` : decade;
  return {
    scale: { type: 'log', nice: false },
    axis: {
      labelExpr: `${labelled} ? (datum.value >= 1e-3 && datum.value < 1e4 ? format(datum.value, '~g') : replace(format(datum.value, '.0e'), 'e+', 'e')) : ''`,
      // grid lines at the decades only; the minor ticks stay as ticks
      gridOpacity: { condition: { test: decade, value: 1 }, value: 0 },
    },
  };
}

const positive = (rows: readonly Row[], fields: readonly string[]): Row[] => rows.filter((r) => fields.every((f) => typeof r[f] === 'number' && r[f] > 0));

export interface LineOptions {
  readonly title: string;
  readonly time: string;
  readonly x: string;
  readonly y: readonly string[];
  readonly logX?: boolean;
  readonly logY?: boolean;
  /** Series field (default: the quantity when several y, else `series`). */
  readonly color?: string;
  /** Analytic overlay rows with fields x, `value`, `quantity` (drawn dashed). */
  readonly analytic?: readonly Row[];
  /**
   * Every value the colour field can take, in order (the scenario's cells): each keeps its colour
   * (`PALETTE[i]`) in every figure that passes the same list, also when it is alone in one.
   */
  readonly colorDomain?: readonly string[];
  /**
   * The runs that stopped early, by series name, with their status: each line of such a series ends
   * in a marker, labelled with the status (once per status and colour).
   */
  readonly stopped?: Readonly<Record<string, string>>;
  /** On a log y axis, values exactly 0 are drawn at the axis floor (a decade below the smallest positive value) and labelled so, instead of left out. */
  readonly zeroAtFloor?: boolean;
  readonly source: string;
}

/** The colour of each value of `domain`: the palette in order, repeated when there are more values than colours. */
export const colorRange = (domain: readonly string[]): string[] => domain.map((_, i) => PALETTE[i % PALETTE.length]!);

/** The power of ten a decade below the smallest positive finite value (1 when there is none): where exact zeros are drawn on a log axis. */
export function axisFloor(values: readonly number[]): number {
  let min = Infinity;
  for (const v of values) if (v > 0 && v < min && Number.isFinite(v)) min = v;
  // `1e-18`, not 10 ** -18 (9.999999999999999e-18)
  return Number.isFinite(min) ? Number(`1e${String(Math.floor(Math.log10(min)) - 1)}`) : 1;
}

/** Lines of one or more quantities against x, long format, optional dashed analytic overlay. */
export function lineSpec(rows: readonly Row[], o: LineOptions): TopLevelSpec {
  const long: Row[] = [];
  for (const r of rows)
    for (const q of o.y)
      if (typeof r[q] === 'number')
        long.push({ x: r[o.x]!, value: r[q], quantity: q, series: String(r.series ?? ''), group: String(r.group ?? r.series ?? ''), kind: 'numerical' });
  const logFields = [...(o.logX === true ? ['x'] : []), ...(o.logY === true ? ['value'] : [])];
  // exact zeros on a log y axis (a conserved quantity that does not drift at all): at the axis floor, labelled
  const floor = o.zeroAtFloor === true && o.logY === true ? axisFloor(long.map((r) => Number(r.value))) : undefined;
  const drawable = (r: Row): boolean => logFields.every((f) => typeof r[f] === 'number' && r[f] > 0);
  const atFloor = (r: Row): boolean => floor !== undefined && r.value === 0 && (o.logX !== true || (typeof r.x === 'number' && r.x > 0));
  const data: Row[] = long.flatMap((r) => (drawable(r) ? [r] : atFloor(r) ? [{ ...r, value: floor!, atFloor: 1 }] : []));
  const floored = data.filter((r) => r.atFloor === 1);
  const overlay = o.analytic
    ? positive(
        o.analytic.map((r) => ({ ...r, kind: 'analytic' })),
        logFields,
      )
    : [];
  // colour: the quantity when there are several; else each series, or each group (cell) when the
  // series are too many to tell apart (an ensemble: one colour per cell, every run drawn)
  const nGroups = new Set(long.map((r) => r.group)).size;
  const color = o.color ?? (o.y.length > 1 ? 'quantity' : new Set(long.map((r) => r.series)).size > 12 && nGroups <= 12 ? 'group' : 'series');
  const x = {
    field: 'x',
    type: 'quantitative' as const,
    title: label(o.x, o.time),
    ...scaleAxis(
      o.logX,
      [...data, ...overlay].map((r) => Number(r.x)),
    ),
  };
  const yTitle = o.y.length === 1 ? label(o.y[0]!, o.time) : o.y.map((q) => label(q, o.time).split(' (')[0]).join(', ');
  const y = {
    field: 'value',
    type: 'quantitative' as const,
    title: yTitle,
    ...scaleAxis(
      o.logY,
      [...data, ...overlay].map((r) => Number(r.value)),
    ),
  };
  const layers: TopLevelSpec[] = [];
  const nSeries = new Set(data.map((r) => r.series)).size;
  // colour: a fixed one per value of the domain (the same cell, the same colour in every figure)
  const domain = o.colorDomain !== undefined && (color === 'group' || color === 'series') ? o.colorDomain : undefined;
  const present = new Set(data.map((r) => String(r[color])));
  // the last point drawn of each quantity of each stopped series
  const stopped = o.stopped ?? {};
  const stops = [
    ...new Map(data.filter((r) => Object.hasOwn(stopped, String(r.series))).map((r) => [`${String(r.series)}\u0000${String(r.quantity)}`, r])).values(),
  ].map((r): Row => ({ ...r, status: stopped[String(r.series)]!, kind: 'stopped' }));
  const notes = [
    ...(data.length < long.length ? [`${String(long.length - data.length)} non-positive values are left out of the log axis.`] : []),
    ...(floored.length > 0 ? [`${String(floored.length)} values exactly 0 are drawn at the axis floor ${String(floor)}, with a note.`] : []),
    ...(stops.length > 0 ? ['A marker ends each run that stopped early, labelled with its status.'] : []),
  ];
  const base = {
    $schema: SCHEMA,
    title: o.title,
    description: `From ${o.source}.${notes.map((n) => ` ${n}`).join('')}`,
    config: THEME,
  };
  // several quantities and a few series: colour tells the quantity, the dash pattern the series
  const dash =
    color === 'quantity' && nSeries > 1 && nSeries <= 6
      ? { strokeDash: { field: 'series', type: 'nominal' as const, title: null, legend: { labelLimit: 400 } } }
      : {};
  // one series needs no legend (with a domain: it keeps its own colour)
  const alone = (color === 'series' && nSeries <= 1) || (color === 'group' && new Set(data.map((r) => r.group)).size <= 1);
  const colour = alone
    ? { value: domain !== undefined && present.size === 1 ? (colorRange(domain)[domain.indexOf([...present][0]!)] ?? PALETTE[0]!) : PALETTE[0]! }
    : {
        field: color,
        type: 'nominal' as const,
        title: color === 'series' ? 'series' : null,
        sort: null,
        // cell labels name every swept field (two cells may differ only in the last): 400 px, not vega's 160
        legend: { labelLimit: 400 },
        ...(domain !== undefined ? { scale: { domain: [...domain], range: colorRange(domain) } } : {}),
      };
  const line = {
    mark: { type: 'line' as const, interpolate: 'linear' as const },
    encoding: { x, y, color: colour, detail: { field: 'series', type: 'nominal' as const }, ...dash },
  };
  if (overlay.length === 0 && floored.length === 0 && stops.length === 0) return { ...base, data: { values: data }, ...line };
  layers.push({ data: { values: data }, ...line });
  if (overlay.length > 0)
    layers.push({
      data: { values: overlay },
      mark: { type: 'line', strokeDash: [5, 4], color: '#000000', strokeWidth: 1.1 },
      encoding: { x, y, detail: { field: 'quantity', type: 'nominal' } },
    });
  // one note at the floor, at its left end (the colour of a line lying there tells whose it is)
  if (floored.length > 0)
    layers.push({
      data: { values: [{ x: Math.min(...floored.map((r) => Number(r.x))), value: floor!, note: 'exactly 0, drawn at the axis floor' }] },
      mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 3, dy: -3, fontSize: 10, color: '#555555' },
      encoding: { x, y, text: { field: 'note' } },
    });
  if (stops.length > 0) {
    // a stop takes its line's colour; its status is written once per status and colour
    const labelled = [...new Map(stops.map((r) => [`${String(r.status)}\u0000${String(r[color] ?? '')}`, r])).values()];
    layers.push({
      data: { values: stops },
      mark: { type: 'point', shape: 'diamond', filled: true, size: 70, opacity: 1 },
      encoding: { x, y, color: colour, detail: { field: 'series', type: 'nominal' } },
    });
    layers.push({
      data: { values: labelled },
      mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 5, dy: -4, fontSize: 10 },
      encoding: { x, y, text: { field: 'status' }, color: colour },
    });
  }
  return { ...base, layer: layers } as TopLevelSpec;
}

/** Endpoints in a plane (e.g. (a, b) = (w12, w21)), one panel per cell, with optional curves drawn. */
export function scatterSpec(
  rows: readonly Row[],
  o: {
    title: string;
    x: string;
    y: string;
    facet?: string;
    facetTitle?: string;
    facetOrder?: readonly string[];
    curves?: readonly Row[];
    source: string;
    time: string;
  },
): TopLevelSpec {
  const points = rows
    .filter((r) => typeof r[o.x] === 'number' && typeof r[o.y] === 'number')
    .map((r) => ({ x: r[o.x]!, y: r[o.y]!, panel: o.facet ? String(r[o.facet]) : '', kind: 'endpoint' }));
  const curves = (o.curves ?? []).flatMap((c) =>
    o.facet ? [...new Set(points.map((p) => p.panel))].map((panel) => ({ ...c, panel })) : [{ ...c, panel: '' }],
  );
  const xEnc = { field: 'x', type: 'quantitative' as const, title: label(o.x, o.time), scale: { zero: false } };
  const yEnc = { field: 'y', type: 'quantitative' as const, title: label(o.y, o.time), scale: { zero: false } };
  const layer = [
    {
      data: { values: curves },
      mark: { type: 'line', color: '#555555', strokeDash: [4, 3], strokeWidth: 1 },
      encoding: { x: xEnc, y: yEnc, detail: { field: 'branch', type: 'nominal' }, order: { field: 'order', type: 'quantitative' } },
    },
    { data: { values: points }, mark: { type: 'point' }, encoding: { x: xEnc, y: yEnc, color: { value: '#0072B2' } } },
  ];
  const spec: Record<string, unknown> = { $schema: SCHEMA, title: o.title, description: `From ${o.source}.`, config: THEME };
  if (!o.facet) return { ...spec, layer } as TopLevelSpec;
  // one panel per cell: a facet over a layered spec needs the data at the top, so tag the rows
  const all = [...points, ...curves.map((c) => ({ ...c, kind: 'curve' }))];
  return {
    ...spec,
    data: { values: all },
    facet: { field: 'panel', type: 'ordinal', title: o.facetTitle ?? o.facet, sort: o.facetOrder ? [...o.facetOrder] : 'ascending' },
    columns: 3,
    spec: {
      width: 200,
      height: 200,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'curve'" }],
          mark: { type: 'line', color: '#555555', strokeDash: [4, 3], strokeWidth: 1 },
          encoding: { x: xEnc, y: yEnc, detail: { field: 'branch', type: 'nominal' }, order: { field: 'order', type: 'quantitative' } },
        },
        { transform: [{ filter: "datum.kind === 'endpoint'" }], mark: { type: 'point' }, encoding: { x: xEnc, y: yEnc, color: { value: '#0072B2' } } },
      ],
    },
  };
}

/** A histogram of one value per run; one panel per cell (in grid order) when `by` is given. */
export function histogramSpec(
  rows: readonly Row[],
  o: { title: string; field: string; xTitle: string; by?: string; byTitle?: string; order?: readonly string[]; source: string },
): TopLevelSpec {
  const values = rows
    .filter((r) => typeof r[o.field] === 'number' && Number.isFinite(r[o.field]))
    .map((r) => ({ v: r[o.field]!, group: o.by ? String(r[o.by]) : 'all' }));
  const base = { $schema: SCHEMA, title: o.title, description: `From ${o.source}.`, config: THEME, data: { values } };
  const layer = {
    mark: { type: 'bar', color: '#0072B2' },
    encoding: {
      x: { field: 'v', type: 'quantitative', bin: { maxbins: 30 }, title: o.xTitle },
      y: { aggregate: 'count', type: 'quantitative', title: 'runs' },
    },
  };
  if (!o.by) return { ...base, ...layer } as TopLevelSpec;
  return {
    ...base,
    facet: { field: 'group', type: 'ordinal', title: o.byTitle ?? o.by, sort: o.order ? [...o.order] : 'ascending' },
    columns: 3,
    spec: { width: 200, height: 140, ...layer },
  } as TopLevelSpec;
}

/** A per-cell fraction with its 95% confidence interval (Wilson score) against a swept value. */
export function fractionSpec(
  points: readonly { x: number | string; fraction: number; lo: number; hi: number; n: number }[],
  o: { title: string; xTitle: string; yTitle: string; source: string },
): TopLevelSpec {
  const values = points.map((p) => ({ ...p, x: typeof p.x === 'number' && !Number.isFinite(p.x) ? '∞' : String(p.x) }));
  // cell labels (`depth = 2, scale = 0.1`) are slanted, with room for each
  const long = values.some((v) => v.x.length > 6);
  const x = {
    field: 'x',
    type: 'ordinal' as const,
    title: o.xTitle,
    sort: null,
    axis: long ? { labelAngle: -40, labelAlign: 'right' as const } : { labelAngle: 0 },
  };
  return {
    $schema: SCHEMA,
    title: o.title,
    width: long ? Math.max(320, 28 * values.length) : 320,
    description: `From ${o.source}. Error bars: 95% Wilson score intervals over n runs per cell.`,
    config: THEME,
    data: { values },
    layer: [
      {
        mark: { type: 'rule', color: '#0072B2' },
        encoding: { x, y: { field: 'lo', type: 'quantitative', title: o.yTitle, scale: { domain: [0, 1] } }, y2: { field: 'hi' } },
      },
      { mark: { type: 'point', filled: true, size: 50, color: '#0072B2', opacity: 1 }, encoding: { x, y: { field: 'fraction', type: 'quantitative' } } },
    ],
  };
}

/** The 95% Wilson score interval of a binomial fraction. */
export function wilson(k: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const z = 1.959963984540054;
  const p = k / n;
  const den = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / den;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / den;
  // at k = 0 (k = n) the lower (upper) end is exactly 0 (1); centre ∓ half leaves a rounding there (5.6e-17 at 0/7)
  return [k === 0 ? 0 : Math.max(0, centre - half), k === n ? 1 : Math.min(1, centre + half)];
}

/** Mean of a final value per cell with its 95% CI, against a swept value, one colour per group. */
export function summarySpec(
  points: readonly { x: number; group: string; mean: number; lo: number; hi: number; n: number }[],
  o: { title: string; xTitle: string; yTitle: string; groupTitle: string; logX?: boolean; logY?: boolean; source: string },
): TopLevelSpec {
  const drawn = points.filter((p) => Number.isFinite(p.x) && p.n > 0);
  const x = {
    field: 'x',
    type: 'quantitative' as const,
    title: o.xTitle,
    ...scaleAxis(
      o.logX,
      drawn.map((p) => p.x),
    ),
  };
  const { scale: yScale, axis: yAxis } = scaleAxis(
    o.logY,
    points.filter((p) => p.n > 0).flatMap((p) => [p.lo, p.mean, p.hi]),
  );
  // the legend's symbols at full opacity whatever the first layer's (the reference band is faint)
  const color = { field: 'group', type: 'nominal' as const, title: o.groupTitle, legend: { symbolOpacity: 1, labelLimit: 400 } };
  // on a log axis an interval reaching 0 or below (a t interval from 2 runs) is drawn down to the axis floor
  if (o.logY) {
    const positive = points.flatMap((p) => [p.lo, p.mean, p.hi]).filter((v) => v > 0);
    const floor = positive.length > 0 ? Math.min(...positive) / 2 : 1;
    points = points.map((p) => (p.lo > 0 || !Number.isFinite(p.lo) ? p : { ...p, lo: floor }));
  }
  // cells that do not sweep x (a shallow reference beside a width sweep) span the whole axis: a band and a dashed line
  const references = points.filter((p) => Number.isNaN(p.x)); // no x at all (an infinite x, e.g. depth ∞, is left out as before)
  const referenceLayers =
    references.length === 0
      ? []
      : [
          {
            data: { values: references },
            mark: { type: 'rect' as const, opacity: 0.12 },
            encoding: { y: { field: 'lo', type: 'quantitative' as const, scale: yScale }, y2: { field: 'hi' }, color },
          },
          {
            data: { values: references },
            mark: { type: 'rule' as const, strokeDash: [6, 3] },
            encoding: { y: { field: 'mean', type: 'quantitative' as const, scale: yScale }, color },
          },
        ];
  return {
    $schema: SCHEMA,
    title: o.title,
    description: `From ${o.source}. Error bars: the Student-t 95% interval of the mean, mean ± t(0.975, n−1)·std/√n, over the runs of each cell${references.length > 0 ? '; cells without the x field: a dashed line (mean) and a band (interval) across the axis' : ''}.`,
    config: THEME,
    data: { values: points.filter((p) => Number.isFinite(p.x) && p.n > 0) },
    layer: [
      ...referenceLayers,
      {
        mark: { type: 'rule' },
        encoding: {
          x,
          y: { field: 'lo', type: 'quantitative', title: o.yTitle, scale: yScale, ...(yAxis ? { axis: yAxis } : {}) },
          y2: { field: 'hi' },
          color,
        },
      },
      { mark: { type: 'line', point: { filled: true, size: 40 } }, encoding: { x, y: { field: 'mean', type: 'quantitative', scale: yScale }, color } },
    ],
  };
}

/** One point of a band figure: at `x`, per group, a centre line and a band from `lo` to `hi`. */
export interface BandPoint {
  readonly x: number;
  readonly group: string;
  readonly mid: number;
  readonly lo: number;
  readonly hi: number;
}

/**
 * An ensemble summarised over time: per group (cell), a shaded band from `lo` to `hi` and its centre
 * line (median and 5–95% quantiles, or mean ± 3 standard errors: `bandTitle` says which), with an
 * optional law drawn dashed (rows with fields x, `value`, `group`).
 */
export function bandSpec(
  points: readonly BandPoint[],
  o: {
    title: string;
    time: string;
    x: string;
    yTitle: string;
    bandTitle: string;
    law?: readonly Row[];
    logX?: boolean;
    logY?: boolean;
    /** The groups (cells) in order: each keeps its colour in every figure (as `LineOptions.colorDomain`). */
    colorDomain?: readonly string[];
    source: string;
  },
): TopLevelSpec {
  const logFields = [...(o.logX === true ? ['x'] : []), ...(o.logY === true ? ['mid', 'lo', 'hi'] : [])];
  const data = positive(
    points.filter((p) => Number.isFinite(p.mid)).map((p): Row => ({ ...p })),
    logFields,
  );
  const x = { field: 'x', type: 'quantitative' as const, title: label(o.x, o.time), ...scaleAxis(o.logX) };
  const { scale: yScale, axis: yAxis } = scaleAxis(o.logY);
  const groups = [...new Set(data.map((p) => p.group))];
  const domain = o.colorDomain;
  const color =
    groups.length > 1
      ? {
          field: 'group',
          type: 'nominal' as const,
          title: null,
          sort: null,
          legend: { labelLimit: 400 },
          ...(domain !== undefined ? { scale: { domain: [...domain], range: colorRange(domain) } } : {}),
        }
      : {
          value:
            domain !== undefined && groups.length === 1 && domain.includes(String(groups[0]))
              ? colorRange(domain)[domain.indexOf(String(groups[0]))]!
              : PALETTE[0]!,
        };
  const layers: TopLevelSpec[] = [
    {
      data: { values: data },
      mark: { type: 'area', opacity: 0.25 },
      encoding: {
        x,
        y: { field: 'lo', type: 'quantitative', title: `${o.yTitle} (${o.bandTitle})`, scale: yScale, ...(yAxis ? { axis: yAxis } : {}) },
        y2: { field: 'hi' },
        color,
        detail: { field: 'group', type: 'nominal' },
      },
    },
    {
      data: { values: data },
      mark: { type: 'line' },
      encoding: { x, y: { field: 'mid', type: 'quantitative', scale: yScale }, color, detail: { field: 'group', type: 'nominal' } },
    },
  ];
  const law = o.law ? positive(o.law, o.logY === true ? ['value'] : []) : [];
  if (law.length > 0)
    layers.push({
      data: { values: law },
      mark: { type: 'line', strokeDash: [5, 4], color: '#000000', strokeWidth: 1.1 },
      encoding: { x, y: { field: 'value', type: 'quantitative', scale: yScale }, detail: { field: 'group', type: 'nominal' } },
    });
  return {
    $schema: SCHEMA,
    title: o.title,
    description: `From ${o.source}. Band: ${o.bandTitle} over the runs of each cell at each saved time${law.length > 0 ? '; dashed: the law' : ''}.`,
    config: THEME,
    layer: layers,
  } as TopLevelSpec;
}
