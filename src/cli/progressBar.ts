/** The per-scenario progress bar of `run` and `run --shard`: on stderr, only on a terminal and when not quiet. */
import cliProgress from 'cli-progress';

/** A bar for scenario `id`, or undefined when stderr is not a terminal or output is quiet/JSON. */
export function progressBar(id: string, flags: { readonly quiet?: boolean; readonly json?: boolean }): cliProgress.SingleBar | undefined {
  if (!process.stderr.isTTY || flags.quiet === true || flags.json === true) return undefined;
  return new cliProgress.SingleBar({ format: `${id.padEnd(28)} [{bar}] {value}/{total} runs`, stream: process.stderr }, cliProgress.Presets.shades_classic);
}
