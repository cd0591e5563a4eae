/**
 * The `gradflow` command (commander): run, check, validate, list, plot, info, notebook, schema. Results go to stdout
 * (`--json`: one JSON document), logs and progress to stderr. Every failure passes through one
 * boundary (`boundary.ts`) and ends with one exit code (`exitCodes.ts`): 0 ok, 1 a check failed,
 * 2 bad input, 3 numerical failure, 64 usage, 70 internal error, 130 interrupted.
 *
 * Start-up: this file loads only commander and the error boundary. Each action imports what its
 * command needs when it runs (`import()`), so `--version` and `--help` load no scenario, solver or
 * report code, and `validate` no solver pipeline or figure renderer (issue 25; `npm run bench`,
 * "Command-line start-up").
 */
import os from 'node:os';
import { Command, Option } from 'commander';
import { InputError, internalReport, reportError, UsageError } from './boundary.js';
import { EXIT, worst, type ExitCode } from './exitCodes.js';
import { cliMessages } from './messages.js';
import type { RunFlags } from './runFlags.js';
import { addClusterCommands } from './clusterCommands.js';

const usageOf = (c: Command): string => `gradflow ${c.name()} ${c.usage()}`;

const setOption = (): Option =>
  new Option('--set <key=value>', 'override a field (dotted path; under sweep the rest is one key: sweep.model.depth=[2,3]), repeatable')
    .default([])
    .argParser((v: string, prev: string[]) => [...prev, v]);

/**
 * Starts the figure threads, and their imports of Vega, before `run` and `check` load the pipeline,
 * so that the imports run on the other cores while this thread loads, solves and checks.
 */
async function startFigures(): Promise<void> {
  (await import('../report/figureThread.js')).startFigureThreads();
}

/** The options `run` and `check` share. */
function runOptions(cmd: Command, cores: number): Command {
  return cmd
    .option('--out <dir>', 'output root', 'notebooks-out')
    .option('--json', 'print one JSON document on stdout')
    .option('--quiet', 'no progress or per-check lines on stderr')
    .option('--seed <n>', 'override ensemble.seed')
    .addOption(setOption())
    .option('--workers <n>', 'worker threads for the runs, shared by every scenario of the command', String(cores))
    .option('--allow-large', 'lift the default size limits (docs/cli.md, "Limits")')
    .option('--quick', "apply each scenario's reduced `quick:` profile (what npm start runs)")
    .option('--resume', 'keep the runs an interrupted earlier run finished, compute only the others')
    .option('--no-notebook', 'do not write report.ipynb')
    .option('--strict', 'exit 1 when a check is not evaluated (its selection holds no run), as when one fails');
}

/** `run` and `check`. */
function addRunCommands(p: Command, result: { code: ExitCode }, debug: () => boolean, cores: number): void {
  const run = runOptions(p.command('run').description('run scenarios and write notebooks-out/<id>/').argument('<scenario...>', 'files or directories'), cores);
  run.option('--shard <I/N>', 'compute only shard I of N (0-based) into <out>/<id>.shard-I-of-N/, for gradflow merge');
  run.action(async (paths: string[], flags: RunFlags & { shard?: string }) => {
    const f = { ...flags, debug: debug() };
    if (f.shard === undefined) {
      await startFigures();
      result.code = await (await import('./run.js')).runCommand(paths, f, usageOf(run));
    } else result.code = await (await import('./shardRun.js')).shardCommand(paths, { ...f, shard: f.shard }, usageOf(run));
  });
  const check = runOptions(
    p.command('check').description('run scenarios and exit 1 when a check fails').argument('[scenario...]', 'files or directories (default: scenarios/)'),
    cores,
  );
  check.action(async (paths: string[], flags: RunFlags) => {
    await startFigures();
    const [{ checkFolders, isOutputFolder }, { runCommand }] = await Promise.all([import('./checkFolders.js'), import('./run.js')]);
    // output folders (a merged cluster result): their checks are evaluated again from their data
    const folders = paths.filter(isOutputFolder);
    const scenarios = paths.filter((p) => !isOutputFolder(p));
    const codes = folders.length > 0 ? [checkFolders(folders, flags)] : [];
    if (scenarios.length > 0 || folders.length === 0)
      codes.push(await runCommand(scenarios.length > 0 ? scenarios : ['scenarios'], { ...flags, debug: debug() }, usageOf(check)));
    result.code = worst(codes);
  });
}

/** `validate` and `list`: scenario files read, nothing run. */
function addScenarioCommands(p: Command, result: { code: ExitCode }): void {
  const validate = p
    .command('validate')
    .description('validate scenario files without running them')
    .argument('<file...>', 'files or directories')
    .option('--json', 'print one JSON document on stdout')
    .option('--seed <n>', 'override ensemble.seed')
    .addOption(setOption())
    .option('--allow-large', 'lift the default size limits')
    .option('--quick', 'validate the reduced `quick:` profile instead of the full scenario');
  validate.action(async (files: string[], flags: { json?: boolean; seed?: string; set: string[]; allowLarge?: boolean; quick?: boolean }) => {
    const [{ expand }, { loadAll }, { overridesOf }] = await Promise.all([import('./expand.js'), import('./load.js'), import('./overrides.js')]);
    const named = expand(files);
    for (const s of named.skipped) process.stderr.write(`${cliMessages.skippedFolders(s.dir, s.subs)}\n`);
    if (named.files.length === 0) throw new InputError(cliMessages.noFiles(files));
    const { loaded, landscapes, refused } = loadAll(
      named.files,
      overridesOf(flags, usageOf(validate)),
      { allowLarge: flags.allowLarge === true, quick: flags.quick === true },
      (s) => process.stderr.write(s),
    );
    const all = [...loaded, ...landscapes];
    if (flags.json === true) process.stdout.write(JSON.stringify({ valid: all.map((l) => l.file), refused }) + '\n');
    else for (const l of all) process.stdout.write(`${l.file}: ok (${l.scenario.id})\n`);
    result.code = refused > 0 ? EXIT.badInput : EXIT.ok;
  });
  p.command('list')
    .description('list the scenarios in a folder')
    .argument('[dir]', 'folder', 'scenarios')
    .option('--json', 'print one JSON document on stdout')
    .action(async (dir: string, flags: { json?: boolean }) => {
      const [{ expand }, { loadAll }] = await Promise.all([import('./expand.js'), import('./load.js')]);
      const { loaded, landscapes, refused } = loadAll(expand([dir]).files, [], {}, (s) => process.stderr.write(s));
      const items = [
        ...loaded.map((l) => ({ id: l.scenario.id, title: l.scenario.title, file: l.file, runs: l.scenario.ensemble.runs })),
        ...landscapes.map((l) => ({ id: l.scenario.id, title: l.scenario.title, file: l.file, runs: 1 })),
      ];
      if (flags.json === true) process.stdout.write(JSON.stringify(items, null, 2) + '\n');
      else for (const i of items) process.stdout.write(`${i.id.padEnd(28)} ${i.title}\n`);
      result.code = refused > 0 ? EXIT.badInput : EXIT.ok;
    });
}

/** `plot` and `info`. */
function addPlotCommands(p: Command): void {
  const plot = p
    .command('plot')
    .description('re-draw a figure from a tidy trajectory.csv (or summary.csv)')
    .argument('<csv>')
    .option('--x <column>', 'x column', 't')
    .requiredOption('--y <columns>', 'y column(s), comma-separated')
    .option('--log <axes>', 'log axes: x, y or xy')
    .option('--color <column>', 'column separating the series (default: run, or cell)')
    .option('--title <text>', 'figure title')
    .option('--out <file>', 'output .svg, .png or .vl.json (default: plot-<y>.svg in the current folder)');
  plot.action(async (csv: string, f: { x: string; y: string; log?: string; color?: string; title?: string; out?: string }) => {
    if (f.log !== undefined && !/^(x|y|xy|yx)$/.test(f.log)) throw new UsageError(cliMessages.badLog(f.log), usageOf(plot));
    const { plotCsv } = await import('../report/plot.js');
    const written = await plotCsv(csv, {
      x: f.x,
      y: f.y.split(',').map((s) => s.trim()),
      ...(f.log ? { log: f.log } : {}),
      ...(f.color ? { color: f.color } : {}),
      ...(f.title ? { title: f.title } : {}),
      ...(f.out ? { out: f.out } : {}),
    });
    process.stdout.write(`${written}\n`);
  });
  p.command('info')
    .description('print the version, platform and the linear algebra backend that runs (library, version, threads)')
    .option('--json', 'print one JSON document on stdout')
    .action(async (flags: { json?: boolean }) => {
      const { infoText, installationInfo } = await import('./info.js');
      const info = installationInfo();
      process.stdout.write(flags.json === true ? JSON.stringify(info, null, 2) + '\n' : infoText(info));
    });
}

/** `notebook` and `schema`. */
function addNotebookCommands(p: Command): void {
  p.command('notebook')
    .description('(re)write report.ipynb from an output folder (and index.ipynb, given the output root)')
    .argument('<folder>', 'notebooks-out/<id>, or notebooks-out')
    .action(async (folder: string) => {
      const { writeNotebooks } = await import('./notebookFolders.js');
      for (const f of writeNotebooks(folder)) process.stdout.write(`${f}\n`);
    });
  p.command('schema')
    .description('print the scenario JSON Schema (for editor completion)')
    .addOption(new Option('--kind <kind>', 'flow scenarios, or kind: landscape files').choices(['flow', 'landscape']).default('flow'))
    .action(async (flags: { kind: string }) => {
      const schema =
        flags.kind === 'landscape'
          ? (await import('../landscape/schema.js')).landscapeJsonSchema()
          : (await import('../scenario/schema.js')).scenarioJsonSchema();
      process.stdout.write(JSON.stringify(schema, null, 2) + '\n');
    });
}

/** The command tree; each action stores its exit code in `result.code`. */
export function program(result: { code: ExitCode } = { code: EXIT.ok }): Command {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const p = new Command('gradflow')
    .description('Continuous gradient flow for deep linear networks, checked against closed forms.')
    .version('0.1.0')
    .option('--debug', 'on an internal error, print the stack trace')
    .exitOverride();
  const debug = (): boolean => p.opts<{ debug?: boolean }>().debug === true;
  addRunCommands(p, result, debug, cores);
  addScenarioCommands(p, result);
  addPlotCommands(p);
  addClusterCommands(p, result, usageOf);
  addNotebookCommands(p);
  // commander's own errors (unknown option, missing argument) get the command's usage line and exit 64
  for (const c of [p, ...p.commands])
    c.exitOverride().configureOutput({
      outputError: (str, write) => {
        write(`${str.trimEnd()}\n${cliMessages.usage(c === p ? 'gradflow <command> [options]' : usageOf(c))}\n`);
      },
    });
  return p;
}

/** Runs the command line through the error boundary and returns the exit code. */
export async function main(argv: readonly string[]): Promise<ExitCode> {
  const result = { code: EXIT.ok as ExitCode };
  try {
    await program(result).parseAsync([...argv]);
    return result.code;
  } catch (err) {
    return reportError(err, argv.includes('--debug'));
  }
}

if (process.argv[1] !== undefined && /(main\.ts|gradflow(\.js)?)$/.test(process.argv[1])) {
  const debug = process.argv.includes('--debug');
  const fatal = (err: unknown): void => {
    process.stderr.write(`${internalReport(err, debug)}\n`);
    process.exit(EXIT.internal);
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  process.exitCode = await main(process.argv);
}
