/**
 * The two batch scripts of `gradflow slurm`: an `sbatch` array of N tasks, task i running
 * `gradflow run <scenario> --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT`, and a merge job
 * (submitted with `--dependency=afterok:<array job>`) running `gradflow merge` on the N shard folders.
 * Plain text from plain values: every path and argument is shell-quoted.
 */

/** What the scripts run, and where. */
export interface SlurmJob {
  readonly id: string;
  /** Absolute path of the scenario file. */
  readonly scenario: string;
  /** Absolute output root (shards and the merged folder go there). */
  readonly out: string;
  readonly shards: number;
  readonly partition?: string;
  /** Slurm's time limit (`HH:MM:SS`, `D-HH:MM:SS` or minutes), per task and for the merge job. */
  readonly time?: string;
  readonly cpusPerTask: number;
  /** The command that starts gradflow, as words (`node /…/bin/gradflow.js`). */
  readonly gradflow: readonly string[];
  /** Further `run` arguments (`--set`, `--seed`, `--allow-large`). */
  readonly runArgs: readonly string[];
  /** Folder the jobs start in, and the folder of their logs. */
  readonly chdir: string;
  readonly logs: string;
}

/** One shell word, single-quoted unless it is plainly safe. */
export const shellQuote = (w: string): string => (/^[A-Za-z0-9_./=:@%+,-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);

const words = (ws: readonly string[]): string => ws.map(shellQuote).join(' ');

function header(j: SlurmJob, name: string, log: string, extra: readonly string[]): string[] {
  return [
    '#!/bin/bash',
    `#SBATCH --job-name=${shellQuote(name)}`,
    ...extra,
    ...(j.partition === undefined ? [] : [`#SBATCH --partition=${shellQuote(j.partition)}`]),
    ...(j.time === undefined ? [] : [`#SBATCH --time=${j.time}`]),
    `#SBATCH --chdir=${shellQuote(j.chdir)}`,
    `#SBATCH --output=${shellQuote(`${j.logs}/${log}`)}`,
    'set -euo pipefail',
  ];
}

/** The array job: one task per shard; a requeued or resubmitted task keeps the runs its shard logged. */
export function arrayScript(j: SlurmJob): string {
  return (
    [
      ...header(j, `gradflow-${j.id}`, 'shard-%a.out', [
        `#SBATCH --array=0-${String(j.shards - 1)}`,
        '#SBATCH --ntasks=1',
        `#SBATCH --cpus-per-task=${String(j.cpusPerTask)}`,
      ]),
      `exec ${words(j.gradflow)} run ${shellQuote(j.scenario)} --shard "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT" --out ${shellQuote(j.out)} --workers "\${SLURM_CPUS_PER_TASK:-1}" --quiet${j.runArgs.length > 0 ? ` ${words(j.runArgs)}` : ''}`,
    ].join('\n') + '\n'
  );
}

/** The shard folders' pattern, as `gradflow merge` expands it. */
export const shardPattern = (j: Pick<SlurmJob, 'out' | 'id' | 'shards'>): string => `${j.out}/${j.id}.shard-*-of-${String(j.shards)}`;

/** The merge job: `gradflow merge` of the N shard folders into `<out>/<id>/` (exit 1 when a check fails). */
export function mergeScript(j: SlurmJob): string {
  return (
    [
      ...header(j, `gradflow-${j.id}-merge`, 'merge.out', ['#SBATCH --ntasks=1', '#SBATCH --cpus-per-task=1']),
      `exec ${words(j.gradflow)} merge ${shellQuote(shardPattern(j))} --out ${shellQuote(j.out)} --quiet`,
    ].join('\n') + '\n'
  );
}
