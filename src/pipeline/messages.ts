/** Every text the pipeline layer shows (shards, merge, resume), as functions (tests compare with these). */

const plural = (n: number, word: string): string => `${String(n)} ${word}${n === 1 ? '' : 's'}`;

export const pipelineMessages = {
  badShard: (v: string): string => `--shard: expected I/N with 0 ≤ I < N (0-based shard I of N), got "${v}"`,
  shardOtherRun: (dir: string, diff: string): string =>
    `${dir} holds runs of another computation (${diff}); remove it or choose another --out to compute this shard`,
  resumeOtherRun: (dir: string, diff: string): string =>
    `--resume: ${dir} holds runs of another computation (${diff}); remove it, or run without --resume to start afresh`,
  shardForeignRuns: (file: string, n: number): string =>
    `${file}: ${plural(n, 'record')} of runs outside this shard; remove the folder to compute the shard afresh`,
  notAShard: (dir: string, why: string): string => `${dir}: not a shard folder (${why}); expected a folder written by gradflow run --shard I/N`,
  incompleteShard: (dir: string, shard: string, done: number, runs: number): string =>
    `${dir}: shard ${shard} is incomplete (${String(done)} of ${plural(runs, 'run')} done); rerun the same gradflow run … --shard ${shard} to finish it (finished runs are kept)`,
  damagedShard: (file: string, have: number, want: number): string =>
    `${file}: ${String(have)} intact records of the ${String(want)} this shard's manifest lists; rerun the shard to recompute the missing ones`,
  otherComputation: (a: string, b: string, diff: string): string =>
    `${a} and ${b} come from different computations (${diff}): only shards of one scenario and one gradflow merge`,
  mergerDiffers: (dir: string, diff: string): string =>
    `${dir} was computed by another gradflow than this one (${diff}); merge with the gradflow that computed the shards, for byte-identical outputs`,
  missingShards: (shards: readonly string[], n: number): string =>
    `missing shard${shards.length === 1 ? '' : 's'} ${shards.join(', ')} (of ${String(n)}): every run must be covered once; add the folder${shards.length === 1 ? '' : 's'} of ${shards.length === 1 ? 'that shard' : 'those shards'}`,
  doubledShard: (shard: string, dirs: readonly string[]): string => `shard ${shard} given twice: ${dirs.join(' and ')}; give each shard once`,
  missingRuns: (runs: readonly string[], total: number): string =>
    `${plural(total, 'run')} covered by no shard given (cell/run: ${runs.join(', ')}${total > runs.length ? ', …' : ''}); add the shards that hold them`,
  doubledRuns: (runs: readonly string[], total: number, dirs: readonly string[]): string =>
    `${plural(total, 'run')} covered twice (cell/run: ${runs.join(', ')}${total > runs.length ? ', …' : ''}) by ${dirs.join(' and ')}; give each run once`,
  noShards: (args: readonly string[]): string =>
    `no shard folders in ${args.join(', ')} (expected folders written by gradflow run --shard I/N, or a glob matching them)`,
  backendsDiffer: (list: readonly string[]): string =>
    `note: the shards were computed with different linear-algebra backends (${list.join('; ')}): results agree to rounding, not bit for bit with one machine's run`,
  notAnOutputFolder: (dir: string, why: string): string => `${dir}: not an output folder of gradflow run or merge (${why})`,
  recheckDiffers: (dir: string): string => `note: ${dir}: the checks evaluated again differ from its checks.json (written by another gradflow, or edited)`,
  logFailed: (file: string, why: string): string => `could not log finished runs to ${file} (${why}): this run cannot be resumed from where it stops`,
  rebuilt: (file: string): string =>
    `the scenario recorded in the shards (${file}) no longer resolves to the same scenario (its starts file changed?); merge refused`,
};
