/** The commands for work beyond one machine: `merge` and `slurm` (`run --shard` is an option of `run`). */
import { Option, type Command } from 'commander';
import type { ExitCode } from './exitCodes.js';
import type { MergeFlags } from './merge.js';
import type { SlurmFlags } from './slurm.js';

/** Adds `merge` and `slurm` to the command tree; each action stores its exit code in `result.code` (and loads its module when it runs). */
export function addClusterCommands(p: Command, result: { code: ExitCode }, usageOf: (c: Command) => string): void {
  p.command('merge')
    .description('merge complete shard folders into <out>/<id>/, the same files as one run of the whole scenario')
    .argument('<shards...>', 'shard folders, or globs such as "notebooks-out/<id>.shard-*"')
    .option('--out <dir>', 'output root', 'notebooks-out')
    .option('--json', 'print one JSON document on stdout')
    .option('--quiet', 'no per-check lines on stderr')
    .option('--strict', 'exit 1 when a check is not evaluated, as when one fails')
    .action(async (shards: string[], flags: MergeFlags) => {
      result.code = await (await import('./merge.js')).mergeCommand(shards, flags);
    });
  const slurm = p
    .command('slurm')
    .description('write (and with --submit submit) a Slurm array job of N shards and a dependent merge job')
    .argument('<scenario>', 'scenario file')
    .requiredOption('--shards <n>', 'number of shards (array tasks)')
    .option('--out <dir>', 'output root (shards, merged folder, scripts in <out>/<id>.slurm/)', 'notebooks-out')
    .option('--partition <p>', 'Slurm partition')
    .option('--time <t>', 'time limit per task and for the merge job (HH:MM:SS)')
    .option('--cpus-per-task <c>', 'CPUs (and gradflow workers) per task', '1')
    .option('--submit', 'submit with sbatch: the array, then the merge job with --dependency=afterok')
    .option('--gradflow <command>', 'the command that starts gradflow on the nodes (default: this one)')
    .option('--seed <n>', 'override ensemble.seed')
    .addOption(new Option('--set <key=value>', 'override a field, repeatable (as for run)').default([]).argParser((v: string, prev: string[]) => [...prev, v]))
    .option('--allow-large', 'lift the default size limits')
    .option('--quick', 'run the reduced `quick:` profile')
    .option('--json', 'print one JSON document on stdout');
  slurm.action(async (paths: string, flags: SlurmFlags) => {
    result.code = (await import('./slurm.js')).slurmCommand([paths], flags, usageOf(slurm));
  });
}
