/**
 * Which linear algebra runs: the native CBLAS + LAPACK found by `nativeLibrary.ts`, or the
 * JavaScript kernels. Loaded once per thread, lazily, on the first operation large enough to want it
 * (or on `backendInfo()`), so the 2×2 problems never pay for loading it.
 *
 * Threads: one BLAS thread by default, everywhere. Ensembles parallelise across runs (one worker
 * per core), so workers × BLAS threads never exceeds the cores, and the same scenario gives the same
 * bits with 1 or 2 workers. `GRADFLOW_BLAS_THREADS=n` lets one large run use n threads (in-process
 * runs only: worker threads always use one).
 */
import { isMainThread } from 'node:worker_threads';
import { linalgMessages } from './messages.js';
import { loadNative, type NativeLibrary, type NativeLoad } from './nativeLibrary.js';

/** What ran, for `gradflow info`, manifests and reports. */
export interface BackendInfo {
  /** `native` (a CBLAS + LAPACK through koffi) or `js` (the JavaScript kernels). */
  readonly name: 'native' | 'js';
  /** `openblas`, `blis`, `mkl`, `accelerate`, `cblas`; absent for `js`. */
  readonly vendor?: string;
  /** The library loaded (path or soname). */
  readonly library?: string;
  /** Where LAPACK came from; absent when only BLAS loaded (the SVD then runs in JavaScript). */
  readonly lapack?: string;
  /** The library's version or configuration string. */
  readonly version?: string;
  /** BLAS threads in this thread (1 for `js`). */
  readonly threads: number;
  /** Why the JavaScript kernels run, when they do. */
  readonly reason?: string;
}

let state: NativeLoad | undefined;

/** The native library, loading it on first use; undefined when the JavaScript kernels run. */
export function nativeLibrary(): NativeLibrary | undefined {
  if (state === undefined) {
    state = loadNative();
    if (state.native) state.native.setThreads(requestedThreads());
  }
  return state.native;
}

/** The thread count this thread should use: 1 in workers, else `GRADFLOW_BLAS_THREADS` (default 1). */
export function requestedThreads(env: NodeJS.ProcessEnv = process.env): number {
  if (!isMainThread) return 1;
  const raw = env['GRADFLOW_BLAS_THREADS'];
  if (raw === undefined || raw.trim() === '') return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(linalgMessages.badThreads(raw));
  return n;
}

/** Describes the backend of this thread (loading it if needed). */
export function backendInfo(): BackendInfo {
  const lib = nativeLibrary();
  if (!lib) {
    const s = state;
    return { name: 'js', threads: 1, ...(s && !s.native ? { reason: s.reason } : {}) };
  }
  return {
    name: 'native',
    vendor: lib.vendor,
    library: lib.library,
    ...(lib.lapack ? { lapack: lib.lapack } : {}),
    ...(lib.version ? { version: lib.version } : {}),
    threads: lib.threads() ?? requestedThreads(),
  };
}
