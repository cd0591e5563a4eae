/**
 * How a run of a scenario may end, beyond success: the statuses other layers branch on. The normal
 * ends are `success`, `t1-reached`, `loss-reached` (horizon.lossBelow), `event` (horizon.stopWhen
 * became true) and `precision-limit`; only the statuses below count as numerical failures.
 */

/**
 * Statuses that mean the numerics failed (exit code 3 unless a `status` check expects them);
 * `invariant-broken`: a conserved quantity of the exact flow drifted beyond what the tolerance explains.
 */
export const FAILURE_STATUSES: ReadonlySet<string> = new Set(['max-steps', 'step-size-underflow', 'non-finite', 'invariant-broken']);

/** The status of a run whose code threw (a bug, exit code 70): recorded so the other runs are kept. */
export const CRASHED = 'error';
