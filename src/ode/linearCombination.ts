/**
 * The explicit Runge–Kutta steppers' vector arithmetic as kernels specialised to fixed
 * coefficients: stage arguments `y + h Σ a_j K_j`, weighted sums of stages (dense output) and the
 * error sums of the embedded estimates. Each kernel is generated once per coefficient row, with
 * only the nonzero coefficients written into its source as numeric literals, so a call is one pass
 * over flat arrays with no loop over stages and no branch inside.
 *
 * Summation order is the order of the coefficients (left to right), the order the loops over
 * stages used before: results are the same bit for bit, except that a sum whose every term is ±0
 * may now be −0 where `0 + …` gave +0.
 */
import { errorScale, errorScaleSource } from './errorScale.js';
import type { OdeBlas } from './linearAlgebra.js';
import { messages } from './messages.js';

/**
 * `out[i] = y[i] + h · Σ_j c_j K_j[i]` for `i < n`, over the nonzero `c_j` in index order.
 * `K` holds the stages one after another: `K_j[i]` is `K[j·n + i]` (one array is markedly faster
 * in V8 than one per stage: a single base pointer and length to check).
 */
export type StageKernel = (out: Float64Array, y: Float64Array, h: number, K: Float64Array, n: number) => void;

/** `out[offset + r·n + i] = h · Σ_j c_rj K_j[i]` for every row `r` and `i < n` (each `K_j[i]` read once). */
export type CombinationKernel = (out: Float64Array, offset: number, h: number, K: Float64Array, n: number) => void;

/**
 * `sums[m] = Σ_i ((h · Σ_j w_mj K_j[i]) / sc_i)²` with `sc_i = atol_i + rtol_i · max(|ya_i|, |yb_i|)`,
 * every estimate `m` in one pass.
 */
export type ErrorSumsKernel = (
  sums: Float64Array,
  h: number,
  K: Float64Array,
  ya: Float64Array,
  yb: Float64Array,
  atol: Float64Array,
  rtol: Float64Array,
  n: number,
) => void;

/** A coefficient as a JavaScript literal that reads back to the same double. */
function literal(c: number, what: string): string {
  if (!Number.isFinite(c)) throw new Error(messages.badKernelCoefficient(what, c));
  const s = String(c); // shortest round-trip representation
  return c < 0 ? `(${s})` : s;
}

/** Indices of the nonzero coefficients of the rows, ascending. */
function usedStages(rows: readonly (readonly number[])[]): number[] {
  const used = new Set<number>();
  for (const row of rows) row.forEach((c, j) => (c !== 0 ? used.add(j) : undefined));
  return [...used].sort((a, b) => a - b);
}

/** `c_a·v_a + c_b·v_b + …` over the nonzero entries of `row`, `value(j)` naming stage `j`'s value. */
function weightedSum(row: readonly number[], what: string, value: (j: number) => string): string {
  const terms: string[] = [];
  row.forEach((c, j) => {
    if (c !== 0) terms.push(`${literal(c, `${what}[${String(j)}]`)} * ${value(j)}`);
  });
  if (terms.length === 0) throw new Error(messages.badKernelCoefficient(what, 0));
  return terms.join(' + ');
}

/** Compiles `function (params) { body }`; the caller states the kernel's type. */
function compile(what: string, params: string, body: string): unknown {
  const name = what.replace(/[^A-Za-z0-9]+/g, '_'); // e.g. dop853_a_3_: names the kernel in profiles
  // The source is built from finite numeric literals and fixed identifiers only (no caller text),
  // so evaluating it is safe; a generated function lets V8 see each row's coefficients as constants.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const factory = new Function(`"use strict"; return function ${name}(${params}) {\n${body}\n};`) as () => unknown;
  return factory();
}

/**
 * Every kernel is called `warmUpCalls(size)` times with `n = 1` when generated. Called only once per
 * step with a long loop, a kernel would otherwise run only on-stack-replacement code, entered anew
 * from the interpreter on every call (measured: 1.6–4 kB of boxed numbers per DOP853 step at 5000
 * unknowns, 4–10× the loops it replaced), and the error kernels' OSR code, compiled before the
 * stores after the loop had run, deoptimised at every loop exit. After many short calls V8
 * optimises the kernel as a whole, with feedback from every access (measured: 50–220 B a step).
 * The generic kernels (small n, many calls) get fewer: they cost a process's first solve ~7 ms
 * instead of ~50 ms; a size-specialised family costs ~50 ms once per size, beside a long run.
 */
const warmUpCalls = (size: number | undefined): number => (size === undefined ? 500 : 2000);

/** A stage array of ones for warm-up calls, shared while a family of kernels is generated. */
let warmStages: Float64Array | undefined;

/** Arguments for a warm-up call with `n = 1`: one-element vectors and a stage array reaching stage `last`. */
function warmUpData(last: number, size: number | undefined): { K: Float64Array; v: () => Float64Array } {
  const length = last * (size ?? 1) + 1;
  if (!warmStages || warmStages.length < length) warmStages = new Float64Array(length).fill(1);
  return { K: warmStages, v: () => new Float64Array(1).fill(1) };
}

/**
 * Declares each used stage's offset `o_j = j·n` in the flat stage array: a literal for a kernel
 * specialised to one size (see {@link bySize}), which must then be called with `n = size`.
 */
const prologue = (stages: readonly number[], size: number | undefined): string =>
  `const ${stages.map((j) => `o${String(j)} = ${size === undefined ? `${String(j)} * n` : String(j * size)}`).join(', ')};`;

/** `const v_j = K_j[i];` for every used stage. */
const loads = (stages: readonly number[]): string => stages.map((j) => `const v${String(j)} = K[o${String(j)} + i];`).join(' ');

/**
 * Generates the stage kernel of one tableau row (`what` names it in errors, e.g. `dop853 a[3]`).
 * With `size`, the kernel is specialised to `n = size` (see {@link bySize}) and must be called with it.
 */
export function stageKernel(row: readonly number[], what: string, size?: number): StageKernel {
  const sum = weightedSum(row, what, (j) => `K[o${String(j)} + i]`);
  const stages = usedStages([row]);
  const kernel = compile(what, 'out, y, h, K, n', `${prologue(stages, size)}\nfor (let i = 0; i < n; i++) out[i] = y[i] + h * (${sum});`) as StageKernel;
  const { K, v } = warmUpData(Math.max(...stages), size);
  const out = v();
  const y = v();
  for (let w = 0, calls = warmUpCalls(size); w < calls; w++) kernel(out, y, 0.5, K, 1);
  return kernel;
}

/** Generates a kernel writing `h · Σ_j c_rj K_j` for several rows `r` in one pass. */
export function combinationKernel(rows: readonly (readonly number[])[], what: string, size?: number): CombinationKernel {
  const stages = usedStages(rows);
  const stores = rows
    .map((row, r) => `out[offset + ${String(r)} * n + i] = h * (${weightedSum(row, `${what}[${String(r)}]`, (j) => `v${String(j)}`)});`)
    .join('\n  ');
  const kernel = compile(
    what,
    'out, offset, h, K, n',
    `${prologue(stages, size)}\nfor (let i = 0; i < n; i++) {\n  ${loads(stages)}\n  ${stores}\n}`,
  ) as CombinationKernel;
  const { K } = warmUpData(Math.max(...stages), size);
  const out = new Float64Array(rows.length);
  for (let w = 0, calls = warmUpCalls(size); w < calls; w++) kernel(out, 0, 0.5, K, 1);
  return kernel;
}

/** `const r_m = (h · e_m) / sc; s_m += r_m²` for every weight vector, over the loaded stage values. */
function errorTerms(weights: readonly (readonly number[])[], what: string, h: string): string {
  return weights
    .map((w, m) => {
      const e = weightedSum(w, `${what}[${String(m)}]`, (j) => `v${String(j)}`);
      return `const r${String(m)} = (${h} * (${e})) / sc;\n  s${String(m)} += r${String(m)} * r${String(m)};`;
    })
    .join('\n  ');
}

/** Generates the fused error-sums kernel of one or more error-weight vectors. */
export function errorSumsKernel(weights: readonly (readonly number[])[], what: string, size?: number): ErrorSumsKernel {
  const stages = usedStages(weights);
  const sums = weights.map((_, m) => `s${String(m)} = 0`).join(', ');
  const results = weights.map((_, m) => `sums[${String(m)}] = s${String(m)};`).join(' ');
  const kernel = compile(
    what,
    'sums, h, K, ya, yb, atol, rtol, n',
    `${prologue(stages, size)}\nlet ${sums};\nfor (let i = 0; i < n; i++) {\n  ${loads(stages)}\n  const sc = ${errorScaleSource('atol[i]', 'rtol[i]', 'ya[i]', 'yb[i]')};\n  ${errorTerms(weights, what, 'h')}\n}\n${results}`,
  ) as ErrorSumsKernel;
  const { K, v } = warmUpData(Math.max(...stages), size);
  const warm = [new Float64Array(weights.length), v(), v(), v(), v()] as const;
  for (let w = 0, calls = warmUpCalls(size); w < calls; w++) kernel(warm[0], 1, K, warm[1], warm[2], warm[3], warm[4], 1);
  return kernel;
}

/**
 * The solution update fused with the error sums, for a method whose error estimate does not use
 * the FSAL stage (DOP853): `yNew[i] = y[i] + h Σ_j b_j K_j[i]`, then
 * `sums[m] = Σ_i (Σ_j w_mj K_j[i] / sc_i)²` with `sc_i = atol_i + rtol_i · max(|y_i|, |yNew_i|)` —
 * the same values as the update kernel followed by the error-sums kernel with `h = 1`, in one pass.
 */
export type UpdateErrorKernel = (
  sums: Float64Array,
  yNew: Float64Array,
  y: Float64Array,
  h: number,
  K: Float64Array,
  atol: Float64Array,
  rtol: Float64Array,
  n: number,
) => void;

/** Generates the fused update and error-sums kernel (see {@link UpdateErrorKernel}). */
export function updateErrorKernel(b: readonly number[], weights: readonly (readonly number[])[], what: string, size?: number): UpdateErrorKernel {
  const stages = usedStages([b, ...weights]);
  const sums = weights.map((_, m) => `s${String(m)} = 0`).join(', ');
  const results = weights.map((_, m) => `sums[${String(m)}] = s${String(m)};`).join(' ');
  const update = weightedSum(b, `${what} b`, (j) => `v${String(j)}`);
  const kernel = compile(
    what,
    'sums, yNew, y, h, K, atol, rtol, n',
    `${prologue(stages, size)}\nlet ${sums};\nfor (let i = 0; i < n; i++) {\n  ${loads(stages)}\n  const yi = y[i];\n  const yn = yi + h * (${update});\n  yNew[i] = yn;\n  const sc = ${errorScaleSource('atol[i]', 'rtol[i]', 'yi', 'yn')};\n  ${errorTerms(weights, what, '1')}\n}\n${results}`,
  ) as UpdateErrorKernel;
  const { K, v } = warmUpData(Math.max(...stages), size);
  const warm = [new Float64Array(weights.length), v(), v(), v(), v()] as const;
  for (let w = 0, calls = warmUpCalls(size); w < calls; w++) kernel(warm[0], warm[1], warm[2], 1, K, warm[3], warm[4], 1);
  return kernel;
}

/** The kernels of one explicit tableau: one per stage row (row 0 has none) and the solution update. */
export interface TableauKernels {
  /** `stages[i]` computes stage `i`'s argument, `i = 1..s−1`. */
  readonly stages: readonly (StageKernel | undefined)[];
  /** `yNew = y + h Σ b_j K_j`. */
  readonly update: StageKernel;
}

/**
 * From this many unknowns on, kernels are generated for each size, with the length and the stage
 * offsets as literals (V8 then folds them into the addressing: ~20% less time per stage at 50 000
 * unknowns); below it one generic kernel serves every size and stays warm.
 */
export const SPECIALISE_FROM = 4096;

/**
 * A kernel family by size: `make(undefined)` for small `n`, `make(n)` (cached, a few sizes at a time)
 * from {@link SPECIALISE_FROM} on.
 */
export function bySize<T>(make: (size: number | undefined) => T): (n: number) => T {
  const generic = make(undefined);
  const sized = new Map<number, T>();
  return (n: number): T => {
    if (n < SPECIALISE_FROM) return generic;
    let k = sized.get(n);
    if (k === undefined) {
      if (sized.size >= 8) sized.clear();
      k = make(n);
      warmStages = undefined; // the warm-up's stage array (n per stage) is not kept
      sized.set(n, k);
    }
    return k;
  };
}

/**
 * From this many unknowns on, when a native BLAS is given (`OdeLinearAlgebra.nativeBlas`), the stage arguments and the update are one
 * `cblas_dgemv` each over the flat stage array (`out = y; out += h·Kᵀc`), as SciPy's solvers do with
 * NumPy: vectorised, ~1.8× faster than the scalar kernels at 5 000 unknowns and ~2–4× at 50 000 (measured
 * with bench/stageArithmetic.ts). The summation order is
 * then the library's (last bits differ from the JavaScript kernels); below it, and without a BLAS,
 * the generated kernels run and results are bit for bit the loops they replaced.
 */
export const NATIVE_STAGES_FROM = 4096;

/** The stage kernel of one row as `dgemv` on the stages it uses (rows of the flat stage array). */
function gemvStageKernel(row: readonly number[], lib: OdeBlas): StageKernel {
  const coef = trimmedRow(row);
  return (out, y, h, K, n) => {
    out.set(y);
    lib.dgemv(true, coef.length, n, h, K, n, coef, 1, out);
  };
}

/** The BLAS for `n` unknowns: `blas` from {@link NATIVE_STAGES_FROM} unknowns on, else undefined (the JavaScript kernels). */
export const stageBlas = (n: number, blas: OdeBlas | undefined): OdeBlas | undefined => (n >= NATIVE_STAGES_FROM ? blas : undefined);

/** True when `n` unknowns take the native path (a BLAS given and `n ≥ NATIVE_STAGES_FROM`). */
export const nativeStages = (n: number, blas: OdeBlas | undefined): boolean => stageBlas(n, blas) !== undefined;

/** Error vectors of the native path, one per estimate, reallocated only when the size changes. */
let errorScratch: Float64Array[] = [];

/**
 * The error sums of {@link ErrorSumsKernel} on the native path, from {@link NATIVE_STAGES_FROM}
 * unknowns on: each estimate `h·Σ_j w_mj K_j` is one `dgemv` into a scratch vector, then one pass
 * forms the scales and the sums. Returns false (and does nothing) when the JavaScript kernel should
 * run: below that size or without a native BLAS.
 */
export function nativeErrorSums(
  blas: OdeBlas | undefined,
  weights: readonly Float64Array[],
  sums: Float64Array,
  h: number,
  K: Float64Array,
  ya: Float64Array,
  yb: Float64Array,
  atol: Float64Array,
  rtol: Float64Array,
  n: number,
): boolean {
  const lib = stageBlas(n, blas);
  if (!lib) return false;
  if (errorScratch.length < weights.length || errorScratch[0]!.length !== n) errorScratch = weights.map(() => new Float64Array(n));
  for (let m = 0; m < weights.length; m++) lib.dgemv(true, weights[m]!.length, n, h, K, n, weights[m]!, 0, errorScratch[m]!);
  const e0 = errorScratch[0]!;
  if (weights.length === 1) {
    let s0 = 0;
    for (let i = 0; i < n; i++) {
      const r = e0[i]! / errorScale(atol[i]!, rtol[i]!, ya[i]!, yb[i]!);
      s0 += r * r;
    }
    sums[0] = s0;
    return true;
  }
  const e1 = errorScratch[1]!;
  let s0 = 0;
  let s1 = 0;
  for (let i = 0; i < n; i++) {
    const sc = errorScale(atol[i]!, rtol[i]!, ya[i]!, yb[i]!);
    const r0 = e0[i]! / sc;
    const r1 = e1[i]! / sc;
    s0 += r0 * r0;
    s1 += r1 * r1;
  }
  sums[0] = s0;
  sums[1] = s1;
  return true;
}

/** A coefficient row without its trailing zeros, for `dgemv` over the stages it uses. */
export const trimmedRow = (row: readonly number[]): Float64Array => {
  let used = row.length;
  while (used > 0 && row[used - 1] === 0) used--;
  return Float64Array.from(row.slice(0, used));
};

const cache = new WeakMap<object, (n: number) => TableauKernels>();
/** Native kernels by BLAS, then by tableau. */
const nativeCache = new WeakMap<OdeBlas, WeakMap<object, TableauKernels>>();

/**
 * The kernels of `tab` for `n` unknowns, generated on first use and shared by every stepper of that
 * tableau and size: `dgemv` on `blas` from {@link NATIVE_STAGES_FROM} unknowns on when a BLAS is given.
 */
export function tableauKernels(
  tab: { readonly name: string; readonly a: readonly (readonly number[])[]; readonly b: readonly number[] },
  n: number,
  blas?: OdeBlas,
): TableauKernels {
  const lib = stageBlas(n, blas);
  if (lib) {
    let byTab = nativeCache.get(lib);
    if (!byTab) nativeCache.set(lib, (byTab = new WeakMap()));
    let k = byTab.get(tab);
    if (!k) {
      k = { stages: tab.a.map((row, i) => (i === 0 ? undefined : gemvStageKernel(row, lib))), update: gemvStageKernel(tab.b, lib) };
      byTab.set(tab, k);
    }
    return k;
  }
  let family = cache.get(tab);
  if (!family) {
    family = bySize((size) => ({
      stages: tab.a.map((row, i) => (i === 0 ? undefined : stageKernel(row, `${tab.name} a[${String(i)}]`, size))),
      update: stageKernel(tab.b, `${tab.name} b`, size),
    }));
    cache.set(tab, family);
  }
  return family(n);
}
