/**
 * `solve(system, method, options) → Solution`: validates the options, runs a stepper to t1 (or a
 * terminal event), records save-at points, events and the dense interpolant, and reports why it
 * stopped. A numerical failure is a status with the trajectory so far, never an exception;
 * exceptions are for a caller's bug (bad dimensions, bad tolerances, unknown method).
 */
import { AutoStepper, type AutoOptions } from './auto.js';
import { dop853Method } from './dop853.js';
import { dopri5Method } from './dopri5.js';
import { ExplicitRkStepper, type ExplicitStepperOptions } from './explicitRk.js';
import { finish, prepare, type Prepared } from './driver.js';
import { messages } from './messages.js';
import { solveOdex } from './odexAdapter.js';
import { NordsieckStepper, type NordsieckOptions } from './nordsieck.js';
import { RosenbrockStepper } from './rosenbrock.js';
import type { Stepper } from './stepper.js';
import type { MethodName, OdeSystem, Solution, SolveOptions, SolveStatus } from './types.js';

function fail(message: string): never {
  throw new RangeError(message);
}

/** Per-method tuning, for experts and the benchmarks. */
export interface MethodOptions {
  /** dopri5 and dop853. */
  readonly explicit?: ExplicitStepperOptions;
  /** auto-rk's switching thresholds (the key predates the `auto`/`auto-rk` split; it does not tune `auto`). */
  readonly auto?: AutoOptions;
  /** bdf and auto. */
  readonly nordsieck?: Pick<NordsieckOptions, 'norm'>;
}

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
 * @param method `dopri5` | `dop853` (explicit Runge–Kutta), `rodas4` (Rosenbrock), `bdf` (Nordsieck BDF),
 *   `odex` (extrapolation), `auto` (LSODA's Adams ↔ BDF switching), `auto-rk` (DOPRI5 ↔ RODAS4)
 */
export function solve(system: OdeSystem, method: MethodName, options: SolveOptions, tuning: MethodOptions = {}): Solution {
  const p = prepare(system, options);
  const { ctx, y0, t0 } = p;
  // The initial derivative must be finite before any method can start.
  const f0 = new Float64Array(ctx.dim);
  ctx.f(t0, y0, f0);
  p.recorder.start(t0, y0);
  const none = { detected: false, tFirst: undefined, switches: [] };
  if (!isFiniteVec(f0) || !isFiniteVec(y0)) return finish(p, method, 'non-finite', t0, y0, none);
  const h0 = options.h0 === undefined ? {} : { h0: options.h0 };
  switch (method) {
    case 'dopri5':
      return drive(p, new ExplicitRkStepper(dopri5Method, ctx, t0, y0, { ...h0, ...tuning.explicit }, f0));
    case 'dop853':
      return drive(p, new ExplicitRkStepper(dop853Method, ctx, t0, y0, { ...h0, ...tuning.explicit }, f0));
    case 'rodas4':
      return drive(p, new RosenbrockStepper(system, ctx, t0, y0, h0, f0));
    case 'bdf':
    case 'auto':
      return drive(
        p,
        new NordsieckStepper(
          system,
          ctx,
          t0,
          y0,
          {
            family: method === 'auto' ? 'adams-bdf' : 'bdf',
            t1: p.t1,
            ...h0,
            ...tuning.nordsieck,
            ...(p.options.jacobianAge === undefined ? {} : { jacobianAge: p.options.jacobianAge }),
          },
          f0,
        ),
      );
    case 'auto-rk':
      return drive(p, new AutoStepper(system, ctx, t0, y0, { ...h0, ...tuning.auto }, f0));
    case 'odex':
      return solveOdex(p);
    default:
      return fail(messages.badMethod(String(method)));
  }
}
