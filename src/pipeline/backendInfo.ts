/**
 * HOOK (issue 12): the linear-algebra backend that computed the runs, as `manifest.json` records it
 * (`{"name": "openblas", "library": "libopenblas.so.0", "version": …, "threads": …}`). Shard
 * manifests record it and `gradflow merge` compares it between shards. Until src/linalg exposes its
 * backend, every run uses the JavaScript kernels and this returns `undefined` (recorded as absent);
 * once it does, return the same value the manifest's `backend` field is taken from.
 */
export function backendInfo(): unknown {
  return undefined;
}
