/**
 * The `gradflow` command (commander): run, check, validate, list, schema. Results go to stdout
 * (`--json`: one JSON document), logs and progress to stderr. Exit codes: 0 ok, 1 a check failed,
 * 2 bad input, 3 numerical failure, 130 interrupted.
 */
import { readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import { writeIndex } from '../report/gallery.js';
import { plotCsv } from '../report/plot.js';
import { cellsOf } from '../scenario/build.js';
import { executeScenario, type ScenarioReport } from '../scenario/execute.js';
import { ScenarioError } from '../scenario/errors.js';
import { loadScenario, type Loaded } from '../scenario/load.js';
import { scenarioJsonSchema } from '../scenario/schema.js';

interface RunFlags {
  out: string;
  json?: boolean;
  quiet?: boolean;
  seed?: string;
  set: string[];
  workers: string;
}

/** Files named on the command line; a directory stands for its *.yaml, *.yml and *.json files. */
function expand(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      out.push(p); // reported as unreadable by the loader
      continue;
    }
    if (st.isDirectory())
      out.push(...readdirSync(p).filter((f) => /\.(ya?ml|json)$/.test(f)).sort().map((f) => path.join(p, f)));
    else out.push(p);
  }
  return out;
}

function loadAll(files: readonly string[], flags: Pick<RunFlags, 'seed' | 'set'>): Loaded[] {
  const overrides = [...flags.set, ...(flags.seed === undefined ? [] : [`ensemble.seed=${flags.seed}`])];
  const errors: ScenarioError[] = [];
  const loaded: Loaded[] = [];
  for (const f of files) {
    try {
      loaded.push(loadScenario(f, overrides));
    } catch (err) {
      if (err instanceof ScenarioError) errors.push(err);
      else throw err;
    }
  }
  if (errors.length > 0) {
    for (const e of errors) process.stderr.write(`${e.message}\n`);
    process.exit(2);
  }
  const ids = new Map<string, string>();
  for (const l of loaded) {
    const prev = ids.get(l.scenario.id);
    if (prev !== undefined) {
      process.stderr.write(`${l.file}: id: "${l.scenario.id}" is also the id of ${prev}; ids name output folders and must be unique\n`);
      process.exit(2);
    }
    ids.set(l.scenario.id, l.file);
  }
  return loaded;
}

const fmtMs = (ms: number): string => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(1)} s`);

function table(reports: readonly ScenarioReport[]): string {
  const rows = reports.map((r) => [r.id, String(r.runs), `${String(r.checks.filter((c) => c.passed).length)}/${String(r.checks.length)}`, r.checks.some((c) => !c.passed) ? 'FAIL' : r.numericalFailure ? 'NUMERICAL FAILURE' : r.interrupted ? 'INTERRUPTED' : 'ok', fmtMs(r.wallMs)]);
  const head = ['scenario', 'runs', 'checks passed', 'verdict', 'wall time'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(w[i]!)).join('  ');
  return [line(head), line(w.map((n) => '-'.repeat(n))), ...rows.map(line)].join('\n');
}

async function runCommand(paths: string[], flags: RunFlags): Promise<void> {
  const files = expand(paths);
  if (files.length === 0) {
    process.stderr.write('no scenario files given\n');
    process.exit(2);
  }
  const loaded = loadAll(files, flags);
  const workers = Number(flags.workers);
  if (!Number.isInteger(workers) || workers < 1) {
    process.stderr.write(`--workers: expected a positive integer, got "${flags.workers}"\n`);
    process.exit(2);
  }
  const controller = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('\ninterrupted: finishing the runs in flight and writing what is done…\n');
    controller.abort();
  });
  const reports: ScenarioReport[] = [];
  const showBars = process.stderr.isTTY && flags.quiet !== true && flags.json !== true;
  for (const l of loaded) {
    if (controller.signal.aborted) break;
    const bar = showBars ? new cliProgress.SingleBar({ format: `${l.scenario.id.padEnd(28)} [{bar}] {value}/{total} runs`, stream: process.stderr }, cliProgress.Presets.shades_classic) : undefined;
    const total = l.scenario.ensemble.runs * cellsOf(l.scenario).length;
    bar?.start(total, 0);
    const report = await executeScenario(l, flags.out, { workers, signal: controller.signal, onProgress: (done) => bar?.update(done) });
    bar?.stop();
    reports.push(report);
    if (flags.quiet !== true && flags.json !== true) {
      for (const c of report.checks) process.stderr.write(`  ${c.passed ? 'pass' : 'FAIL'}  ${report.id}: ${c.name} — ${c.detail}\n`);
    }
  }
  if (reports.length > 0) writeIndex(flags.out);
  if (flags.json === true) process.stdout.write(JSON.stringify({ passed: reports.every((r) => r.passed && !r.numericalFailure), scenarios: reports }, null, 2) + '\n');
  else process.stdout.write(`${table(reports)}\n\nReports: ${path.join(flags.out, 'index.html')} (open it in a browser; data and figures are in ${path.join(flags.out, '<id>')}/)\n`);
  if (controller.signal.aborted) process.exit(130);
  if (reports.some((r) => r.numericalFailure)) process.exit(3);
  if (reports.some((r) => !r.passed)) process.exit(1);
}

export function program(): Command {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const runOptions = (cmd: Command): Command =>
    cmd
      .option('--out <dir>', 'output root', 'notebooks-out')
      .option('--json', 'print one JSON document on stdout')
      .option('--quiet', 'no progress or per-check lines on stderr')
      .option('--seed <n>', 'override ensemble.seed')
      .addOption(new Option('--set <key=value>', 'override a field (dotted path), repeatable').default([]).argParser((v: string, prev: string[]) => [...prev, v]))
      .option('--workers <n>', 'worker threads for ensembles and sweeps', String(cores));
  const p = new Command('gradflow').description('Continuous gradient flow for deep linear networks, checked against closed forms.').version('0.1.0');
  runOptions(p.command('run').description('run scenarios and write notebooks-out/<id>/').argument('<scenario...>', 'files or directories')).action((paths: string[], flags: RunFlags) => runCommand(paths, flags));
  runOptions(p.command('check').description('run scenarios and exit 1 when a check fails').argument('[scenario...]', 'files or directories (default: scenarios/)')).action((paths: string[], flags: RunFlags) => runCommand(paths.length > 0 ? paths : ['scenarios'], flags));
  p.command('validate')
    .description('validate scenario files without running them')
    .argument('<file...>')
    .option('--json', 'print one JSON document on stdout')
    .action((files: string[], flags: { json?: boolean }) => {
      const loaded = loadAll(expand(files), { set: [] });
      if (flags.json === true) process.stdout.write(JSON.stringify({ valid: loaded.map((l) => l.file) }) + '\n');
      else for (const l of loaded) process.stdout.write(`${l.file}: ok (${l.scenario.id})\n`);
    });
  p.command('list')
    .description('list the scenarios in a folder')
    .argument('[dir]', 'folder', 'scenarios')
    .option('--json', 'print one JSON document on stdout')
    .action((dir: string, flags: { json?: boolean }) => {
      const loaded = loadAll(expand([dir]), { set: [] });
      const items = loaded.map((l) => ({ id: l.scenario.id, title: l.scenario.title, file: l.file, runs: l.scenario.ensemble.runs }));
      if (flags.json === true) process.stdout.write(JSON.stringify(items, null, 2) + '\n');
      else for (const i of items) process.stdout.write(`${i.id.padEnd(28)} ${i.title}\n`);
    });
  p.command('plot')
    .description('re-draw a figure from a tidy trajectory.csv (or summary.csv)')
    .argument('<csv>')
    .option('--x <column>', 'x column', 't')
    .requiredOption('--y <columns>', 'y column(s), comma-separated')
    .option('--log <axes>', 'log axes: x, y or xy')
    .option('--color <column>', 'column separating the series (default: run, or cell)')
    .option('--title <text>', 'figure title')
    .option('--out <file>', 'output .svg, .png or .vl.json (default: plot-<y>.svg beside the CSV)')
    .action(async (csv: string, f: { x: string; y: string; log?: string; color?: string; title?: string; out?: string }) => {
      if (f.log !== undefined && !/^(x|y|xy|yx)$/.test(f.log)) {
        process.stderr.write(`--log: expected x, y or xy, got "${f.log}"\n`);
        process.exit(2);
      }
      try {
        const written = await plotCsv(csv, { x: f.x, y: f.y.split(',').map((s) => s.trim()), ...(f.log ? { log: f.log } : {}), ...(f.color ? { color: f.color } : {}), ...(f.title ? { title: f.title } : {}), ...(f.out ? { out: f.out } : {}) });
        process.stdout.write(`${written}\n`);
      } catch (err) {
        process.stderr.write(`${(err as Error).message}\n`);
        process.exit(2);
      }
    });
  p.command('schema')
    .description('print the scenario JSON Schema (for editor completion)')
    .action(() => {
      process.stdout.write(JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
    });
  return p;
}

if (process.argv[1] !== undefined && /(main\.ts|gradflow(\.js)?)$/.test(process.argv[1])) {
  await program().parseAsync(process.argv);
}
