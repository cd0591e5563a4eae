/**
 * `gradflow info`: what this installation runs — version, Node, platform, cores, and the linear
 * algebra backend with its library, version, threads and the sizes from which native calls are made.
 */
import os from 'node:os';
import { backendInfo, type BackendInfo } from '../linalg/backend.js';
import * as crossover from '../linalg/crossover.js';
import { gitCommit, packageVersion } from '../report/outputs.js';

/** The facts `gradflow info --json` prints. */
export interface InstallationInfo {
  readonly gradflow: string;
  readonly commit?: string;
  readonly node: string;
  readonly platform: string;
  readonly cores: number;
  readonly backend: BackendInfo;
  /** The sizes from which each operation is native (`src/linalg/crossover.ts`). */
  readonly crossover: Record<string, number>;
}

export function installationInfo(): InstallationInfo {
  const commit = gitCommit();
  return {
    gradflow: packageVersion(),
    ...(commit ? { commit } : {}),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length,
    backend: backendInfo(),
    crossover: { ...crossover },
  };
}

/** The text form. */
export function infoText(i: InstallationInfo): string {
  const b = i.backend;
  const lines = [`gradflow ${i.gradflow}${i.commit ? ` (commit ${i.commit.slice(0, 12)})` : ''} on Node ${i.node}, ${i.platform}, ${String(i.cores)} cores`];
  if (b.name === 'native') {
    lines.push(`linear algebra: native, ${b.vendor ?? 'cblas'} from ${b.library ?? '?'}`);
    lines.push(`  LAPACK:  ${b.lapack ?? 'none loaded (SVD, eigen and LU run in JavaScript)'}`);
    if (b.version) lines.push(`  version: ${b.version}`);
    lines.push(`  threads: ${String(b.threads)} per run (GRADFLOW_BLAS_THREADS; worker threads always use 1)`);
    lines.push(
      `  native from: ${Object.entries(i.crossover)
        .map(([k, v]) => `${k} ${String(v)}`)
        .join(', ')}`,
    );
  } else {
    lines.push('linear algebra: JavaScript kernels');
    if (b.reason) lines.push(`  why: ${b.reason}`);
  }
  lines.push('  choose with GRADFLOW_BLAS=<library path or soname> or GRADFLOW_BLAS=js');
  return lines.join('\n') + '\n';
}
