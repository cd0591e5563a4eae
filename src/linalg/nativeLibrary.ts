/**
 * The machine's CBLAS and LAPACK, loaded through koffi (a foreign-function interface whose binaries
 * ship inside its npm package: no compiler, no download). Discovery, in order: `GRADFLOW_BLAS` (a
 * library path or name; `js` forces the JavaScript kernels), then OpenBLAS, BLIS, MKL, and Apple's
 * Accelerate. LAPACK symbols come from the same library, else from `liblapack.so.3`. A library that
 * loads but fails a small self-test (a product and an SVD against the JavaScript kernels) is refused.
 * Nothing here throws: when no library loads, `loadNative` returns the reasons and the JavaScript
 * kernels run.
 *
 * Conventions: every wrapper takes row-major arrays (already offset: see `views.ts`). CBLAS is called
 * with `CblasRowMajor`; LAPACK is column-major, so a row-major `m × n` buffer is passed as the
 * column-major `n × m` transpose and the wrappers say how results come back. Fortran arguments go
 * by pointer, through scratch cells allocated once; character arguments get gfortran's hidden
 * length arguments appended (harmless for libraries that do not read them).
 * @see OpenBLAS, https://github.com/OpenMathLib/OpenBLAS; LAPACK Users' Guide, 3rd ed. (dgesdd, dsyevd, dgetrf, dgetrs).
 */
import { createRequire } from 'node:module';
import { linalgMessages } from './messages.js';

/** A loaded CBLAS + LAPACK. */
export interface NativeLibrary {
  /** What was loaded: the path or soname given to the dynamic loader. */
  readonly library: string;
  /** `openblas`, `blis`, `mkl`, `accelerate`, or `cblas` for an unrecognised library. */
  readonly vendor: string;
  /** The library's own version or configuration string, when it reports one. */
  readonly version: string | undefined;
  /** Where LAPACK came from (the same library, `liblapack.so.3`), or undefined when no LAPACK loaded. */
  readonly lapack: string | undefined;
  /** Sets the library's thread count; false when the library offers no way to. */
  setThreads(n: number): boolean;
  /** The library's thread count, when it reports one. */
  threads(): number | undefined;
  /** Row-major `C = α op(A) op(B) + β C` (`op(A)` is `m × k`, `op(B)` is `k × n`). */
  dgemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    alpha: number,
    A: Float64Array,
    lda: number,
    B: Float64Array,
    ldb: number,
    beta: number,
    C: Float64Array,
    ldc: number,
  ): void;
  /** Row-major `y = α op(A) x + β y` for `A` of shape `m × n`. */
  dgemv(trans: boolean, m: number, n: number, alpha: number, A: Float64Array, lda: number, x: Float64Array, beta: number, y: Float64Array): void;
  readonly lapackCalls: LapackCalls | undefined;
}

/** LAPACK's Fortran routines, column-major, every scalar through a one-element array. */
export interface LapackCalls {
  dgesdd(
    jobz: Uint8Array,
    m: Int32Array,
    n: Int32Array,
    a: Float64Array,
    lda: Int32Array,
    s: Float64Array,
    u: Float64Array,
    ldu: Int32Array,
    vt: Float64Array,
    ldvt: Int32Array,
    work: Float64Array,
    lwork: Int32Array,
    iwork: Int32Array,
    info: Int32Array,
  ): void;
  dsyevd(
    jobz: Uint8Array,
    uplo: Uint8Array,
    n: Int32Array,
    a: Float64Array,
    lda: Int32Array,
    w: Float64Array,
    work: Float64Array,
    lwork: Int32Array,
    iwork: Int32Array,
    liwork: Int32Array,
    info: Int32Array,
  ): void;
  dgetrf(m: Int32Array, n: Int32Array, a: Float64Array, lda: Int32Array, ipiv: Int32Array, info: Int32Array): void;
  dgetrs(
    trans: Uint8Array,
    n: Int32Array,
    nrhs: Int32Array,
    a: Float64Array,
    lda: Int32Array,
    ipiv: Int32Array,
    b: Float64Array,
    ldb: Int32Array,
    info: Int32Array,
  ): void;
}

/** The outcome of discovery: the library, or why none was used. */
export type NativeLoad =
  | { readonly native: NativeLibrary; readonly tried: readonly string[] }
  | { readonly native: undefined; readonly tried: readonly string[]; readonly reason: string };

const ROW_MAJOR = 101;
const NO_TRANS = 111;
const TRANS = 112;

/** The libraries tried when `GRADFLOW_BLAS` is unset, in order, for this platform. */
export function candidateLibraries(platform: NodeJS.Platform = process.platform): string[] {
  if (platform === 'darwin')
    return ['/System/Library/Frameworks/Accelerate.framework/Accelerate', 'libopenblas.dylib', '/opt/homebrew/opt/openblas/lib/libopenblas.dylib'];
  if (platform === 'win32') return ['libopenblas.dll', 'mkl_rt.2.dll'];
  return ['libopenblas.so.0', 'libopenblas.so', 'libblis.so.4', 'libblis.so', 'libmkl_rt.so.2', 'libmkl_rt.so'];
}

interface Koffi {
  load(path: string): KoffiLib;
}
interface KoffiLib {
  func(decl: string): (...args: unknown[]) => unknown;
}

/** Loads koffi lazily (a cold load costs ~10 ms; small problems never need it). */
function loadKoffi(): Koffi | string {
  try {
    return createRequire(import.meta.url)('koffi') as Koffi;
  } catch (e) {
    return linalgMessages.koffiMissing(e instanceof Error ? e.message : String(e));
  }
}

function vendorOf(name: string, has: (sym: string) => boolean): string {
  if (has('openblas_get_config')) return 'openblas';
  if (has('bli_info_get_version_str')) return 'blis';
  if (has('MKL_Get_Version_String')) return 'mkl';
  if (/accelerate/i.test(name)) return 'accelerate';
  return 'cblas';
}

/** Binds the CBLAS + LAPACK routines of one library; throws when a required symbol is missing. */
function bind(koffi: Koffi, name: string): NativeLibrary {
  const lib = koffi.load(name);
  const has = (sym: string): boolean => {
    try {
      lib.func(`void ${sym}()`);
      return true;
    } catch {
      return false;
    }
  };
  const gemm = lib.func('void cblas_dgemm(int, int, int, int, int, int, double, const double *, int, const double *, int, double, double *, int)');
  const gemv = lib.func('void cblas_dgemv(int, int, int, int, double, const double *, int, const double *, int, double, double *, int)');
  const vendor = vendorOf(name, has);
  let version: string | undefined;
  let setThreads: (n: number) => boolean = () => false;
  let threads: () => number | undefined = () => undefined;
  if (vendor === 'openblas') {
    version = String(lib.func('const char *openblas_get_config()')());
    const set = lib.func('void openblas_set_num_threads(int)');
    const get = lib.func('int openblas_get_num_threads()');
    setThreads = (n) => (set(n), true);
    threads = () => Number(get());
  } else if (vendor === 'blis') {
    version = `BLIS ${String(lib.func('const char *bli_info_get_version_str()')())}`;
    const set = lib.func('void bli_thread_set_num_threads(int64_t)');
    setThreads = (n) => (set(n), true);
  } else if (vendor === 'mkl') {
    const set = lib.func('void MKL_Set_Num_Threads(int)');
    const get = lib.func('int MKL_Get_Max_Threads()');
    setThreads = (n) => (set(n), true);
    threads = () => Number(get());
  }
  let lapackCalls: LapackCalls | undefined;
  let lapack: string | undefined;
  for (const source of [name, 'liblapack.so.3']) {
    try {
      const l = source === name ? lib : koffi.load(source);
      const gesdd = l.func(
        'void dgesdd_(uint8_t *, int *, int *, double *, int *, double *, double *, int *, double *, int *, double *, int *, int *, int *, size_t)',
      );
      const syevd = l.func('void dsyevd_(uint8_t *, uint8_t *, int *, double *, int *, double *, double *, int *, int *, int *, int *, size_t, size_t)');
      const getrf = l.func('void dgetrf_(int *, int *, double *, int *, int *, int *)');
      const getrs = l.func('void dgetrs_(uint8_t *, int *, int *, double *, int *, int *, double *, int *, int *, size_t)');
      // explicit parameters, not rest arguments: a call allocates nothing
      lapackCalls = {
        dgesdd: (jobz, m, n, a, lda, s, u, ldu, vt, ldvt, work, lwork, iwork, info) => {
          gesdd(jobz, m, n, a, lda, s, u, ldu, vt, ldvt, work, lwork, iwork, info, 1);
        },
        dsyevd: (jobz, uplo, n, a, lda, w, work, lwork, iwork, liwork, info) => {
          syevd(jobz, uplo, n, a, lda, w, work, lwork, iwork, liwork, info, 1, 1);
        },
        dgetrf: (m, n, a, lda, ipiv, info) => {
          getrf(m, n, a, lda, ipiv, info);
        },
        dgetrs: (trans, n, nrhs, a, lda, ipiv, b, ldb, info) => {
          getrs(trans, n, nrhs, a, lda, ipiv, b, ldb, info, 1);
        },
      };
      lapack = source;
      break;
    } catch {
      // no LAPACK here: try the next source; without one, the SVD and friends stay in JavaScript
    }
  }
  return {
    library: name,
    vendor,
    version,
    lapack,
    setThreads,
    threads,
    dgemm: (tA, tB, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc) => {
      gemm(ROW_MAJOR, tA ? TRANS : NO_TRANS, tB ? TRANS : NO_TRANS, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
    },
    dgemv: (t, m, n, alpha, A, lda, x, beta, y) => {
      gemv(ROW_MAJOR, t ? TRANS : NO_TRANS, m, n, alpha, A, lda, x, 1, beta, y, 1);
    },
    lapackCalls,
  };
}

/** A 2×3 by 3×2 product and the singular values of a 2×2 matrix, against values worked by hand. */
function selfTest(lib: NativeLibrary): string | undefined {
  const A = Float64Array.from([1, 2, 3, 4, 5, 6]);
  const B = Float64Array.from([7, 8, 9, 10, 11, 12]);
  const C = new Float64Array(4);
  lib.dgemm(false, false, 2, 2, 3, 1, A, 3, B, 2, 0, C, 2);
  const want = [58, 64, 139, 154];
  if (C.some((v, i) => v !== want[i])) return linalgMessages.selfTest('dgemm', Array.from(C), want);
  const y = new Float64Array(3);
  lib.dgemv(true, 2, 3, 1, A, 3, Float64Array.from([1, 1]), 0, y);
  if (y[0] !== 5 || y[1] !== 7 || y[2] !== 9) return linalgMessages.selfTest('dgemv', Array.from(y), [5, 7, 9]);
  const l = lib.lapackCalls;
  if (!l) return undefined;
  // diag(3, 4) rotated: singular values 4 and 3
  const M = Float64Array.from([0, 4, 3, 0]);
  const s = new Float64Array(2);
  const u = new Float64Array(4);
  const vt = new Float64Array(4);
  const two = Int32Array.of(2);
  const lwork = Int32Array.of(-1);
  const work = new Float64Array(1);
  const iwork = new Int32Array(16);
  const info = new Int32Array(1);
  const jobz = Uint8Array.of(65); // 'A'
  l.dgesdd(jobz, two, two, M, two, s, u, two, vt, two, work, lwork, iwork, info);
  const size = Math.max(1, Math.ceil(work[0]!));
  const work2 = new Float64Array(size);
  lwork[0] = size;
  l.dgesdd(jobz, two, two, M, two, s, u, two, vt, two, work2, lwork, iwork, info);
  if (info[0] !== 0 || Math.abs(s[0]! - 4) > 1e-14 || Math.abs(s[1]! - 3) > 1e-14) return linalgMessages.selfTest('dgesdd', Array.from(s), [4, 3]);
  return undefined;
}

/**
 * Finds and loads a CBLAS + LAPACK: `GRADFLOW_BLAS` (a path, or `js`), else the platform's
 * candidates. Sets one BLAS thread (see `backend.ts`).
 */
export function loadNative(env: NodeJS.ProcessEnv = process.env): NativeLoad {
  const forced = env['GRADFLOW_BLAS']?.trim();
  if (forced === 'js') return { native: undefined, tried: [], reason: linalgMessages.forcedJs() };
  const koffi = loadKoffi();
  if (typeof koffi === 'string') return { native: undefined, tried: [], reason: koffi };
  const names = forced ? [forced] : candidateLibraries();
  const failures: string[] = [];
  for (const name of names) {
    let lib: NativeLibrary;
    try {
      lib = bind(koffi, name);
    } catch (e) {
      failures.push(`${name}: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]!}`);
      continue;
    }
    let bad: string | undefined;
    try {
      bad = selfTest(lib);
    } catch (e) {
      bad = e instanceof Error ? e.message : String(e);
    }
    if (bad) {
      failures.push(`${name}: ${bad}`);
      continue;
    }
    lib.setThreads(1);
    return { native: lib, tried: names };
  }
  return { native: undefined, tried: names, reason: forced ? linalgMessages.forcedFailed(forced, failures) : linalgMessages.noneLoaded(failures) };
}
