/**
 * The progress of a one-machine run, kept so that it can be resumed: `<out>/<id>.partial/` holds
 * `progress.json` (what is being computed: scenario hash, gradflow version and commit) and
 * `runs.jsonl`, the log every finished run is appended to (`runLog.ts`). The folder has no
 * `manifest.json` and a dotted name, so it is never taken for a finished output folder; it is removed
 * once the output folder is written with every run. `--resume` keeps the logged runs of the same
 * computation and computes only the others; without it an earlier log is discarded.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { mkdirBounded, OutputError, writeFileAtomic } from '../report/outputFolder.js';
import { allTasks, type Task } from '../experiment/runner.js';
import type { RunResult } from '../checks/runResult.js';
import type { Scenario } from '../scenario/schema.js';
import { CRASHED } from '../checks/statuses.js';
import { identityDifference, identityOf, type RunIdentity } from './identity.js';
import { pipelineMessages } from './messages.js';
import { openRunLog, taskKey } from './runLog.js';

/** The progress folder of scenario `id` under an output root. */
export const progressFolder = (outRoot: string, id: string): string => path.join(outRoot, `${id}.partial`);

export interface Progress {
  /** The tasks still to compute, in order. */
  readonly todo: Task[];
  /** The logged runs kept (resume), in log order. */
  readonly reused: RunResult[];
  /** Logs one finished run (runs that threw are not logged: a resume computes them again). */
  readonly append: (r: RunResult) => void;
  readonly close: () => void;
  /** Why logging stopped, if it did (a full disk): the run went on, but cannot be resumed from where it was. */
  readonly problem: () => string | undefined;
  /** Removes the progress folder (the output folder holds every run). */
  readonly remove: () => void;
  /** What the manifest records about a resumed run: the runs reused (cell/run) and how many were computed. */
  readonly summary: (computed: number) => { reused: string[]; computed: number; dropped: number };
}

/** A run without a log (its progress folder could not be made): every task computed, nothing resumable. */
export function noProgress(s: Scenario, cells: number, why: string): Progress {
  return {
    todo: allTasks(s, cells),
    reused: [],
    append: () => undefined,
    problem: () => why,
    close: () => undefined,
    remove: () => undefined,
    summary: (computed) => ({ reused: [], computed, dropped: 0 }),
  };
}

/** Opens (creating) the progress folder of `s` under `outRoot`; `resume` keeps its runs. */
export function openProgress(outRoot: string, s: Scenario, cells: number, resume: boolean): Progress {
  const dir = progressFolder(outRoot, s.id);
  mkdirBounded(dir);
  const identity = identityOf(s);
  const idFile = path.join(dir, 'progress.json');
  let keep = false;
  if (resume) {
    let earlier: RunIdentity | undefined;
    try {
      earlier = JSON.parse(readFileSync(idFile, 'utf8')) as RunIdentity;
    } catch {
      earlier = undefined; // nothing to resume: every run is computed
    }
    if (earlier !== undefined) {
      const diff = identityDifference(earlier, identity);
      if (diff !== undefined) throw new OutputError(pipelineMessages.resumeOtherRun(dir, diff));
      keep = true;
    }
  }
  writeFileAtomic(idFile, JSON.stringify({ scenario: s.id, ...identity }, null, 2) + '\n');
  const log = openRunLog(path.join(dir, 'runs.jsonl'), keep);
  const tasks = allTasks(s, cells);
  const planned = new Set(tasks.map((t) => taskKey(t.cell, t.run)));
  const reused = [...log.done.values()].filter((r) => planned.has(taskKey(r.cell, r.run)));
  const todo = tasks.filter((t) => !log.done.has(taskKey(t.cell, t.run)));
  let broken: string | undefined;
  return {
    todo,
    reused,
    append: (r) => {
      if (r.status === CRASHED || broken !== undefined) return;
      try {
        log.append(r);
      } catch (err) {
        broken = (err as Error).message; // the run goes on; only its resumability is lost, and the user is told
      }
    },
    problem: () => (broken === undefined ? undefined : pipelineMessages.logFailed(log.file, broken)),
    close: () => {
      log.close();
    },
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
    summary: (computed) => ({ reused: reused.map((r) => taskKey(r.cell, r.run)), computed, dropped: log.dropped }),
  };
}
