/** How a run of a scenario may end, beyond success: the statuses other layers branch on. */

/** Statuses that mean the numerics failed (exit code 3 unless a `status` check expects them). */
export const FAILURE_STATUSES: ReadonlySet<string> = new Set(['max-steps', 'step-size-underflow', 'non-finite']);

/** The status of a run whose code threw (a bug, exit code 70): recorded so the other runs are kept. */
export const CRASHED = 'error';
