/**
 * Bytes a function allocates per call, counted in V8's young generation.
 *
 * A hot path that allocates (a view, an array of arguments, a boxed number) allocates short-lived
 * objects, and V8 places those in the young generation (`new_space`, and `new_large_object_space` for
 * large ones). The heap's total also grows when code is compiled: bytecode, feedback and
 * deoptimisation data go to old and code space, by amounts that depend on when background
 * compilation finishes (up to 12 bytes per call was measured on dgemm alone, in old space, in some of
 * a dozen attempts). Counting the young generation only leaves that out.
 *
 * Collections during the loop are accounted for, not ignored: `v8.GCProfiler` reports the young
 * generation's size before and after every collection, so the bytes allocated are the sum of its
 * growth between collections. A loop that allocates enough to trigger a scavenge is still counted
 * in full.
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

const YOUNG = new Set(['new_space', 'new_large_object_space']);

function youngUsedNow(): number {
  let used = 0;
  for (const s of v8.getHeapSpaceStatistics()) if (YOUNG.has(s.space_name)) used += s.space_used_size;
  return used;
}

interface ProfiledSpace {
  spaceName: string;
  spaceUsedSize: number;
}
interface ProfiledCollection {
  beforeGC: { heapSpaceStatistics: ProfiledSpace[] };
  afterGC: { heapSpaceStatistics: ProfiledSpace[] };
}

function youngUsedIn(spaces: ProfiledSpace[]): number {
  let used = 0;
  for (const s of spaces) if (YOUNG.has(s.spaceName)) used += s.spaceUsedSize;
  return used;
}

let gc: (() => void) | undefined;

/** Young-generation bytes allocated per call over `calls` calls of `round`, from an emptied young generation. */
export function youngBytesPerCall(round: () => void, calls: number): number {
  if (gc === undefined) {
    v8.setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
  const profiler = new v8.GCProfiler();
  profiler.start();
  const start = youngUsedNow();
  for (let i = 0; i < calls; i++) round();
  const end = youngUsedNow();
  const collections = profiler.stop().statistics as unknown as ProfiledCollection[];
  let allocated = 0;
  let from = start;
  for (const c of collections) {
    allocated += youngUsedIn(c.beforeGC.heapSpaceStatistics) - from;
    from = youngUsedIn(c.afterGC.heapSpaceStatistics);
  }
  allocated += end - from;
  return allocated / calls;
}

/**
 * The least of up to `attempts` measurements of `youngBytesPerCall(round, calls)`, stopping at the
 * first below `below`. An allocation in `round` itself recurs in every attempt; the least of several
 * leaves out the boxed numbers of code that is still waiting for its optimised version on a loaded
 * machine, which stop once that version is installed.
 */
export function leastYoungBytesPerCall(round: () => void, calls: number, attempts: number, below: number): number {
  let least = Infinity;
  for (let a = 0; a < attempts && least >= below; a++) least = Math.min(least, youngBytesPerCall(round, calls));
  return least;
}
