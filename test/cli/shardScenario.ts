/** Shared by the shard, merge, resume and Slurm tests: a short curated-like ensemble and byte comparisons of output folders. */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Balanced-random starts of scale 0.1 on a 2×2 whitened target, depths 2 and 3 (a sweep of 2 cells),
 * `runs` runs per cell, with an ensemble check, an aggregate check and a histogram: every output
 * file kind a one-machine run writes.
 */
export const ensemble = (id = 'ens', runs = 5, t1 = 8): string => `id: ${id}
title: a small ensemble
description: depth sweep of balanced-random starts on a 2×2 target
energy: { kind: whitened, target: [[2, 0.5], [0, 1]] }
model: { depth: 2, width: 2 }
init: { kind: balanced-random, scale: 0.1 }
solver: { method: dopri5, rtol: 1.0e-8, atol: 1.0e-10 }
horizon: { t1: ${String(t1)}, save: { kind: uniform, n: 9 } }
ensemble: { runs: ${String(runs)}, seed: 3 }
sweep: { model.depth: [2, 3] }
checks:
  - { kind: ensemble, name: "some learn", each: "loss < 1e-2", min: 0.1 }
  - { kind: aggregate, name: "median loss", assert: "median(loss) < 1" }
figures:
  - { kind: histogram, y: "log10 loss", expr: "log10(loss)" }
`;

/** The report's per-cell median wall time: the one timing in report.html (it differs between two one-machine runs too). */
const WALL_COLUMN = /<td>[0-9.]+<\/td><\/tr>/g;

/** Every file of an output folder but the manifest (timings), by relative name. */
export function folderFiles(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (rel: string): void => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else if (r !== 'manifest.json') out.set(r, readFileSync(path.join(dir, r)));
    }
  };
  walk('');
  return out;
}

/** Asserts two output folders hold the same files with the same bytes (report.html's wall-time column aside). */
export function assertSameOutputs(a: string, b: string): void {
  const fa = folderFiles(a);
  const fb = folderFiles(b);
  assert.deepEqual([...fb.keys()].sort(), [...fa.keys()].sort());
  for (const [name, bytes] of fa) {
    const other = fb.get(name)!;
    if (name === 'report.html') assert.equal(other.toString().replace(WALL_COLUMN, ''), bytes.toString().replace(WALL_COLUMN, ''), name);
    else assert.ok(bytes.equals(other), `${name} differs between ${a} and ${b}`);
  }
}
