/**
 * Which runs a shard computes. Task k of a scenario is (cell ⌊k / runs⌋, run k mod runs), cell by
 * cell as in `allTasks`; shard I of N computes the tasks with k mod N = I. Consecutive tasks go to
 * consecutive shards, so every cell is spread evenly over the shards (each shard gets ⌊R/N⌋ or
 * ⌈R/N⌉ runs of a cell of R runs, and a sweep of one run per cell deals its cells round-robin): a slow
 * cell (a deep network, a long horizon) is shared by all shards instead of landing on one. The
 * assignment depends only on (I, N) and the scenario's size, never on the machine.
 */
import { allTasks, type Task } from '../experiment/runner.js';
import type { Scenario } from '../scenario/schema.js';
import { pipelineMessages } from './messages.js';

/** Shard `index` of `count` (0-based). */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

/** Parses `I/N` (0 ≤ I < N); throws a `RangeError` with the message to show otherwise. */
export function parseShard(text: string): ShardSpec {
  const m = /^(\d{1,9})\/(\d{1,9})$/.exec(text.trim());
  if (!m) throw new RangeError(pipelineMessages.badShard(text));
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count) throw new RangeError(pipelineMessages.badShard(text));
  return { index, count };
}

/** The tasks of shard `I` of `N` among `tasks` (in `allTasks` order): those at positions k ≡ I (mod N). */
export function shardTasks(tasks: readonly Task[], shard: ShardSpec): Task[] {
  return tasks.filter((_t, k) => k % shard.count === shard.index);
}

/** The tasks of a shard of a scenario. */
export function tasksOfShard(scenario: Scenario, cells: number, shard: ShardSpec): Task[] {
  return shardTasks(allTasks(scenario, cells), shard);
}

/** `I/N` as written on the command line. */
export const shardLabel = (s: ShardSpec): string => `${String(s.index)}/${String(s.count)}`;
