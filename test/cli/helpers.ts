/** Shared by the CLI tests: the command in a child process, temporary folders removed after the file's tests, a small scenario. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';

export const CLI = ['--import', 'tsx', 'src/cli/main.ts'];

export const cli = (...args: string[]): { status: number | null; stdout: string; stderr: string } =>
  spawnSync(process.execPath, [...CLI, ...args], { encoding: 'utf8' });

const made: string[] = [];
after(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** A temporary folder, removed when the test file ends. */
export const tmp = (prefix = 'gradflow-'): string => {
  const d = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(d);
  return d;
};

/** A logistic-mode scenario (depth 2, 2×2, σ = 2 and 1) with a final check. */
export const small = (id = 'small', extra = ''): string => `id: ${id}
title: a small scenario
description: the logistic mode law on a 2×2 target
params: { s0: 0.01 }
energy: { kind: whitened, target: [[2, 0], [0, 1]] }
model: { depth: 2, width: 2 }
init: { kind: aligned, s0: 0.01 }
solver: { method: dopri5, rtol: 1.0e-10, atol: 1.0e-12 }
horizon: { t1: 6, save: { kind: uniform, n: 31 } }
checks:
  - { kind: final, name: "learned", assert: "loss < 1e-3" }
${extra}`;

/** No stack trace: no line that starts with "at " after spaces. */
export const NO_STACK = /\n\s+at /;
