/** Every text the command line shows besides the scenario's own, as functions (tests compare with these). */

export const cliMessages = {
  usage: (usage: string): string => `usage: ${usage}\n(gradflow --help lists the commands, gradflow <command> --help their options)`,
  internal: (what: string): string =>
    `gradflow: internal error: ${what}\nThis is a bug in gradflow, not in your input. Please report it on the gradflow issue tracker with the command line, the scenario file and the output of the same command with --debug (which adds the stack trace).`,
  crashedRuns: (id: string, n: number): string =>
    `${id}: ${String(n)} run${n === 1 ? '' : 's'} threw instead of ending with a status (results of the other runs are written):`,
  failedRuns: (id: string, n: number): string =>
    `${id}: ${String(n)} run${n === 1 ? '' : 's'} failed numerically (the trajectory up to the failure is kept; a status check that expects it makes this exit 0 or 1):`,
  runLine: (cell: number, run: number, status: string, t: number | undefined, message: string): string =>
    `  cell ${String(cell)}, run ${String(run)}: ${status}${t === undefined ? '' : ` at t = ${String(t)}`} — ${message}`,
  more: (n: number, file: string): string => `  … and ${String(n)} more (see ${file})`,
  noFiles: (paths: readonly string[]): string => `no scenario files in ${paths.join(', ')} (expected *.yaml, *.yml or *.json files, or folders holding them)`,
  skippedFolders: (dir: string, subs: readonly string[]): string =>
    `note: ${dir}: skipped the subfolder${subs.length === 1 ? '' : 's'} ${subs.join(', ')} (only the scenario files directly in a folder are read)`,
  skippedBad: (n: number): string => `${String(n)} scenario file${n === 1 ? ' was' : 's were'} refused (above) and not run; the others ran. Exit code 2.`,
  duplicateId: (file: string, id: string, other: string): string =>
    `${file}: id: "${id}" is also the id of ${other}; ids name output folders and must be unique`,
  badWorkers: (v: string): string => `--workers: expected a positive integer, got "${v}"`,
  badSeed: (v: string): string => `--seed: expected an integer, got "${v}"`,
  badLog: (v: string): string => `--log: expected x, y or xy, got "${v}"`,
  interrupted: (): string => '\ninterrupted: finishing the runs in flight and writing what is done… (Ctrl-C again to quit at once)',
  reports: (index: string, dir: string): string => `Reports: ${index} (open it in a browser; data and figures are in ${dir}/)`,
};

/** Texts of the cluster commands (`run --shard`, `merge`, `slurm`). */
export const clusterMessages = {
  shardDone: (id: string, shard: string, m: { done: number; runs: number; computed: number; reused: number; complete: boolean }, dir: string): string =>
    `${id}: shard ${shard}: ${String(m.done)} of ${String(m.runs)} runs done (${String(m.computed)} computed now, ${String(m.reused)} kept from an earlier attempt)${m.complete ? '' : ', INCOMPLETE'} → ${dir}`,
  merged: (id: string, shards: number, runs: number, dir: string): string =>
    `${id}: merged ${String(shards)} shard${shards === 1 ? '' : 's'} (${String(runs)} runs) → ${dir}`,
  wrote: (files: readonly string[]): string => `wrote ${files.join(' and ')}`,
  submitted: (array: string, n: number, merge: string, out: string): string =>
    `submitted array job ${array} (${String(n)} task${n === 1 ? '' : 's'}) and merge job ${merge} (runs when every task succeeded); outputs: ${out}`,
  sbatchFailed: (what: string, why: string): string => `sbatch failed for ${what}: ${why}`,
  slurmOne: (n: number): string => `gradflow slurm takes one scenario file, got ${String(n)}`,
  badShards: (v: string): string => `--shards: expected a positive integer, got "${v}"`,
  badTime: (v: string): string => `--time: expected HH:MM:SS, D-HH:MM:SS or minutes, got "${v}"`,
  badCpus: (v: string): string => `--cpus-per-task: expected a positive integer, got "${v}"`,
  landscapeNotSharded: (file: string): string => `note: ${file} is a landscape scenario: it is not sharded (run it with gradflow run, in seconds)`,
};
