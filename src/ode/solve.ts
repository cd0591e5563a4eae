/**
 * `solve(system, method, options) → Solution`: validates the options, looks the method up in the
 * registry (methods.ts), runs its stepper to t1 (or a terminal event), records save-at points,
 * events and the dense interpolant, and reports why it stopped. A numerical failure is a status
 * with the trajectory so far, never an exception; exceptions are for a caller's bug (bad
 * dimensions, bad tolerances, unknown method, a stiff method without linear algebra).
 */
import { finish, prepare, type Prepared } from './driver.js';
import { requireLinearAlgebra } from './linearAlgebra.js';
import { messages } from './messages.js';
import { findMethod, METHOD_NAMES, type MethodName } from './methods.js';
import type { Stepper } from './stepper.js';
import type { MethodOptions } from './tuning.js';
import type { OdeSystem, Solution, SolveOptions, SolveStatus } from './types.js';

export type { MethodOptions } from './tuning.js';

function isFiniteVec(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) return false;
  return true;
}

/** Runs a stepper to the end of the span, a terminal event or a failure. */
function drive(p: Prepared, stepper: Stepper): Solution {
  const { recorder, t1, options } = p;
  const signal = options.signal;
  for (;;) {
    if (signal?.aborted === true) return finish(p, stepper.name, 'interrupted', stepper.t, stepper.y, stepper.stiffness);
    if (stepper.t === t1) return finish(p, stepper.name, 'success', stepper.t, stepper.y, stepper.stiffness);
    const out = stepper.step(t1);
    if (out !== 'accepted') {
      const status: SolveStatus = out === 'underflow' ? 'step-size-underflow' : out;
      return finish(p, stepper.name, status, stepper.t, stepper.y, stepper.stiffness, stepper.hNext);
    }
    if (!isFiniteVec(stepper.y)) return finish(p, stepper.name, 'non-finite', stepper.t, stepper.y, stepper.stiffness);
    if (recorder.step(stepper.segment, stepper.t, stepper.y)) return finish(p, stepper.name, 'event', stepper.t, stepper.y, stepper.stiffness);
  }
}

/**
 * Integrates `y' = f(t, y)` from `t0` to `t1` with the named method.
 * @param system the right-hand side (and optionally its Jacobian)
 * @param method one of {@link METHOD_NAMES}: `dopri5` | `dop853` (explicit Runge–Kutta), `rodas4`
 *   (Rosenbrock), `radau5` (Radau IIA), `bdf` (Nordsieck BDF), `odex` (extrapolation), `auto` (LSODA's Adams ↔ BDF
 *   switching), `auto-rk` (DOPRI5 ↔ RODAS4)
 * @param options span, start, tolerances, save-at, events and (for the stiff methods) `linearAlgebra`
 */
export function solve(system: OdeSystem, method: MethodName, options: SolveOptions, tuning: MethodOptions = {}): Solution {
  const description = findMethod(method);
  if (description === undefined) throw new RangeError(messages.badMethod(method, METHOD_NAMES));
  if (description.needsLinearAlgebra) requireLinearAlgebra(options.linearAlgebra, method);
  const p = prepare(system, options);
  const { ctx, y0, t0 } = p;
  // The initial derivative must be finite before any method can start.
  const f0 = new Float64Array(ctx.dim);
  ctx.f(t0, y0, f0);
  p.recorder.start(t0, y0);
  const none = { detected: false, tFirst: undefined, switches: [] };
  if (!isFiniteVec(f0) || !isFiniteVec(y0)) return finish(p, method, 'non-finite', t0, y0, none);
  const algorithm = description.algorithm;
  if (algorithm.kind === 'driver') return algorithm.run(p);
  const start = { system, ctx, t0, t1: p.t1, y0, f0, h0: options.h0, jacobianAge: options.jacobianAge, tuning };
  return drive(p, algorithm.start(start));
}
