/**
 * A run's result from its trajectory, for a flow run (runOne.ts) and an optimiser run
 * (optimizerRun.ts) alike: the status, one tidy row per saved state (`quantitiesOf`, then the
 * columns of the run's kind), the solver's statistics and what its events located.
 */
import type { Cell } from '../checks/cell.js';
import { quantitiesOf } from '../checks/quantities.js';
import type { RunResult } from '../checks/runResult.js';
import type { Energy } from '../energies/energy.js';
import type { DiagnosticsRow } from '../simulate/diagnostics.js';
import type { LocatedEvent } from '../simulate/simulate.js';
import type { RunEvents } from './crossingEvents.js';

/** What both kinds of trajectory have. */
export interface SavedRun {
  readonly status: RunResult['status'];
  readonly message: string;
  readonly time: RunResult['time'];
  readonly depth: number;
  readonly t: readonly number[];
  readonly rows: readonly DiagnosticsRow[];
  readonly W: readonly Float64Array[];
  readonly events: readonly LocatedEvent[];
  readonly tEvent?: number | undefined;
}

/**
 * The result of run `run` of `cell`: `columns(q, row, k)` adds the kind's own columns to the
 * quantities `q` of saved state k.
 */
export function runResultOf(
  cell: Cell,
  run: number,
  energy: Pick<Energy, 'rows' | 'cols'>,
  tr: SavedRun,
  columns: (q: Record<string, number>, row: DiagnosticsRow, k: number) => void,
  solver: Pick<RunResult, 'stats' | 'method'>,
  events: RunEvents | undefined,
): RunResult {
  return {
    cell: cell.index,
    run,
    status: tr.status,
    message: tr.message,
    time: tr.time,
    depth: tr.depth,
    rows: tr.rows.map((r, k) => {
      const q = quantitiesOf(r, tr.W[k]!, energy.rows, energy.cols, tr.time);
      columns(q, r, k);
      return q;
    }),
    stats: solver.stats,
    method: solver.method,
    ...(events ? events.finish(tr.events, tr.tEvent, tr.t[0] ?? 0) : {}),
  };
}
