/**
 * `gradflow slurm <scenario> --shards N [--partition P --time T --cpus-per-task C] [--submit]`:
 * validates the scenario, writes `<out>/<id>.slurm/array.sbatch` and `merge.sbatch`
 * (`pipeline/slurmScript.ts`), and with `--submit` submits the array, then the merge job with
 * `--dependency=afterok:<array job id>`.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { checkOutRoot, mkdirBounded, writeFileAtomic } from '../report/outputFolder.js';
import { arrayScript, mergeScript, type SlurmJob } from '../pipeline/slurmScript.js';
import { InputError, UsageError } from './boundary.js';
import { expand } from './expand.js';
import { EXIT, type ExitCode } from './exitCodes.js';
import { loadAll } from './load.js';
import { clusterMessages, cliMessages } from './messages.js';
import { overridesOf } from './overrides.js';

export interface SlurmFlags {
  readonly shards: string;
  readonly out: string;
  readonly partition?: string;
  readonly time?: string;
  readonly cpusPerTask: string;
  readonly submit?: boolean;
  readonly gradflow?: string;
  readonly seed?: string;
  readonly set: string[];
  readonly allowLarge?: boolean;
  readonly quick?: boolean;
  readonly json?: boolean;
}

/** The command that started this gradflow (node, its loader flags, the entry script). */
const thisGradflow = (): string[] => [process.execPath, ...process.execArgv, path.resolve(process.argv[1]!)];

/** Runs `sbatch --parsable …` and returns the job id. */
function sbatch(args: readonly string[], what: string, env: NodeJS.ProcessEnv): string {
  const r = spawnSync('sbatch', ['--parsable', ...args], { encoding: 'utf8', env });
  if (r.error) throw new InputError(clusterMessages.sbatchFailed(what, r.error.message));
  if (r.status !== 0) throw new InputError(clusterMessages.sbatchFailed(what, r.stderr.trim() || `exit ${String(r.status)}`));
  return r.stdout.trim().split(';')[0]!;
}

export function slurmCommand(paths: string[], flags: SlurmFlags, usage: string): ExitCode {
  if (paths.length !== 1) throw new UsageError(clusterMessages.slurmOne(paths.length), usage);
  if (!/^[1-9]\d{0,5}$/.test(flags.shards)) throw new UsageError(clusterMessages.badShards(flags.shards), usage);
  if (!/^[1-9]\d{0,3}$/.test(flags.cpusPerTask)) throw new UsageError(clusterMessages.badCpus(flags.cpusPerTask), usage);
  if (flags.time !== undefined && !/^(\d+-)?\d{1,2}:\d{2}:\d{2}$|^\d+$/.test(flags.time)) throw new UsageError(clusterMessages.badTime(flags.time), usage);
  const overrides = overridesOf(flags, usage);
  const named = expand(paths);
  if (named.files.length !== 1) throw new InputError(named.files.length === 0 ? cliMessages.noFiles(paths) : clusterMessages.slurmOne(named.files.length));
  const { loaded, landscapes } = loadAll(named.files, overrides, { allowLarge: flags.allowLarge === true, quick: flags.quick === true }, (s) =>
    process.stderr.write(s),
  );
  if (landscapes.length > 0) throw new InputError(clusterMessages.landscapeNotSharded(landscapes[0]!.file));
  const l = loaded[0];
  if (l === undefined) return EXIT.badInput;
  checkOutRoot(flags.out);
  const out = path.resolve(flags.out);
  const dir = path.join(out, `${l.scenario.id}.slurm`);
  const logs = path.join(dir, 'logs');
  mkdirBounded(logs);
  const job: SlurmJob = {
    id: l.scenario.id,
    scenario: path.resolve(l.file),
    out,
    shards: Number(flags.shards),
    ...(flags.partition === undefined ? {} : { partition: flags.partition }),
    ...(flags.time === undefined ? {} : { time: flags.time }),
    cpusPerTask: Number(flags.cpusPerTask),
    gradflow: flags.gradflow === undefined ? thisGradflow() : flags.gradflow.split(/\s+/).filter((w) => w !== ''),
    runArgs: [...overrides.flatMap((o) => ['--set', o]), ...(flags.allowLarge === true ? ['--allow-large'] : []), ...(flags.quick === true ? ['--quick'] : [])],
    chdir: process.cwd(),
    logs,
  };
  const arrayFile = path.join(dir, 'array.sbatch');
  const mergeFile = path.join(dir, 'merge.sbatch');
  writeFileAtomic(arrayFile, arrayScript(job));
  writeFileAtomic(mergeFile, mergeScript(job));
  let ids: { array: string; merge: string } | undefined;
  if (flags.submit === true) {
    const array = sbatch([arrayFile], arrayFile, process.env);
    const merge = sbatch([`--dependency=afterok:${array}`, mergeFile], mergeFile, process.env);
    ids = { array, merge };
  }
  if (flags.json === true)
    process.stdout.write(JSON.stringify({ id: job.id, array: arrayFile, merge: mergeFile, shards: job.shards, jobs: ids ?? null }, null, 2) + '\n');
  else {
    process.stdout.write(`${clusterMessages.wrote([arrayFile, mergeFile])}\n`);
    if (ids) process.stdout.write(`${clusterMessages.submitted(ids.array, job.shards, ids.merge, path.join(out, job.id))}\n`);
  }
  return EXIT.ok;
}
