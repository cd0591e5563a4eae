/**
 * Command-line start-up (issue 25): whole-process wall times of `gradflow --version`, `--help`,
 * `validate` and `run` of a curated scenario (figures, report and notebook included), medians of
 * `runs` fresh processes each, beside `node -e 0` (the floor of any Node command) and a SciPy script
 * that answers the same question (bench/mode_law_peer.py). Runs the compiled CLI (bin/gradflow.js →
 * dist/): build first (`npm run build`). Called by bench/run.ts; `node --import tsx/esm bench/startup.ts` prints
 * the section alone.
 */
import { median } from './median.js';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SCENARIO = 'scenarios/logistic-mode-law.yaml';

interface Command {
  readonly label: string;
  readonly argv: readonly string[];
  /** Target wall time in seconds (issue 25), none for the references. */
  readonly target?: number;
}

/** Wall time of one fresh process, in seconds; throws when it fails. */
function wall(argv: readonly string[]): number {
  const a = performance.now();
  const r = spawnSync(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const s = (performance.now() - a) / 1000;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${String(r.status)}: ${r.stderr}`);
  return s;
}

/** The load average over the last minute, per core: above ~0.5 the machine was busy. */
const loadPerCore = (): number => os.loadavg()[0]! / os.cpus().length;

/** Median wall times (s) of each command, and the section's lines for docs/benchmarks.md. */
export function startupBenchmarks(runs: number): { lines: string[]; medians: Record<string, number> } {
  const out = mkdtempSync(path.join(os.tmpdir(), 'gradflow-startup-'));
  const gradflow = [process.execPath, 'bin/gradflow.js'];
  const commands: Command[] = [
    { label: '`node -e 0`', argv: [process.execPath, '-e', '0'] },
    { label: `SciPy script (bench/mode_law_peer.py)`, argv: ['/usr/bin/python3', 'bench/mode_law_peer.py'] },
    { label: '`gradflow --version`', argv: [...gradflow, '--version'], target: 0.25 },
    { label: '`gradflow --help`', argv: [...gradflow, '--help'], target: 0.25 },
    { label: `\`gradflow validate ${SCENARIO}\``, argv: [...gradflow, 'validate', SCENARIO], target: 0.4 },
    { label: `\`gradflow run ${SCENARIO}\``, argv: [...gradflow, 'run', SCENARIO, '--quiet', '--out', out], target: 1.2 },
  ];
  try {
    const load0 = loadPerCore();
    for (const c of commands) wall(c.argv); // warm the file cache (and Python's bytecode cache)
    const times = new Map<Command, number[]>(commands.map((c) => [c, []]));
    // interleaved, so that a burst of load on the machine hits every command alike
    for (let r = 0; r < runs; r++) for (const c of commands) times.get(c)!.push(wall(c.argv));
    const load1 = loadPerCore();
    const medians = Object.fromEntries(commands.map((c) => [c.label, median(times.get(c)!)]));
    const node = medians[commands[0]!.label]!;
    const scipy = medians[commands[1]!.label]!;
    const lines = ['## Command-line start-up', ''];
    lines.push(
      `Whole processes, started fresh: median of ${String(runs)} runs each, interleaved, after one warm-up run (file cache). \`run\` writes figures (SVG and PNG), report and notebook (\`--quiet\`: no per-check lines). The SciPy script answers the same question (the modes against the logistic law) without figures. Load average per core ${load0.toFixed(2)} before and ${load1.toFixed(2)} after${Math.max(load0, load1) > 0.5 ? ': the machine was busy, so these times are higher than on a quiet one' : ''}.`,
      '',
    );
    lines.push('| command | median wall time | / `node -e 0` | / SciPy script | target | verdict |', '|---|---|---|---|---|---|');
    for (const c of commands) {
      const m = medians[c.label]!;
      const verdict = c.target === undefined ? '' : m <= c.target ? 'met' : '**not met**';
      lines.push(
        `| ${c.label} | ${m.toFixed(3)} s | ${(m / node).toFixed(1)} | ${(m / scipy).toFixed(2)} | ${c.target === undefined ? '' : `≤ ${c.target.toFixed(2)} s`} | ${verdict} |`,
      );
    }
    lines.push('');
    return { lines, medians };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('startup.ts')) console.log(startupBenchmarks(Number(process.env.BENCH_RUNS ?? 5)).lines.join('\n'));
