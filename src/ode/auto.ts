/**
 * The `auto-rk` method: automatic stiffness switching between one-step methods, as OrdinaryDiffEq's
 * AutoTsit5 does (LSODA's idea with multistep methods is `auto`, nordsieck.ts): start with DOPRI5,
 * switch to RODAS4 when Hairer's stiffness test flags `switchAfter` consecutive stability-limited
 * steps, switch back when the Rosenbrock step size times ‖J‖∞ (a bound on the spectral radius)
 * stays inside DOPRI5's stability interval (h·ρ < 3.25) for `backAfter` steps; when stiffness returns
 * within 50 explicit steps of a switch back, that count doubles (damping ping-pong).
 * @see L. Petzold, "Automatic selection of methods for solving stiff and nonstiff systems of ODEs",
 *      SIAM J. Sci. Stat. Comput. 4 (1983) 136–148 (LSODA).
 * @see E. Hairer, G. Wanner, Solving ODEs II, §IV.2 (stiffness detection for DOPRI5).
 */
import { dopri5Method } from './dopri5.js';
import { ExplicitRkStepper } from './explicitRk.js';
import { RODAS4 } from './rodas4.js';
import { RosenbrockStepper } from './rosenbrock.js';
import type { LiveSegment, Stepper, StepperContext, StepOutcome } from './stepper.js';
import type { AutoOptions } from './tuning.js';
import type { OdeSystem, StiffnessReport } from './types.js';

export type { AutoOptions } from './tuning.js';

export class AutoStepper implements Stepper {
  readonly name = 'auto-rk';
  private readonly explicit: ExplicitRkStepper;
  private stiff: RosenbrockStepper | undefined;
  private current: ExplicitRkStepper | RosenbrockStepper;
  private readonly switchAfter: number;
  private readonly backAfter: number;
  private nonstiffRun = 0;
  private stiffRun = 0;
  private calmRun = 0;
  /** Explicit steps taken since the last switch back; a quick return to stiffness doubles `backAfter`. */
  private explicitSinceBack = Number.POSITIVE_INFINITY;
  private backAfterNow: number;
  private readonly switches: { t: number; to: string }[] = [];

  constructor(
    private readonly system: OdeSystem,
    private readonly ctx: StepperContext,
    t0: number,
    y0: Float64Array,
    options: AutoOptions = {},
    f0?: Float64Array,
  ) {
    const h0 = options.h0 === undefined ? {} : { h0: options.h0 };
    this.explicit = new ExplicitRkStepper(dopri5Method, ctx, t0, y0, { nstiff: 1, ...h0 }, f0);
    this.current = this.explicit;
    this.lastSegment = this.explicit.segment;
    this.switchAfter = options.switchAfter ?? 5;
    this.backAfter = options.backAfter ?? 3;
    this.backAfterNow = this.backAfter;
  }

  get t(): number {
    return this.current.t;
  }
  get y(): Float64Array {
    return this.current.y;
  }
  get hNext(): number {
    return this.current.hNext;
  }
  /** The segment of the step just taken (by whichever method took it). */
  get segment(): LiveSegment {
    return this.lastSegment;
  }
  private lastSegment: LiveSegment;
  get stiffness(): StiffnessReport {
    return { detected: this.switches.length > 0, tFirst: this.switches[0]?.t, switches: this.switches };
  }

  step(tBound: number): StepOutcome {
    const out = this.current.step(tBound);
    if (out !== 'accepted') return out;
    this.lastSegment = this.current.segment;
    if (this.current === this.explicit) {
      this.explicitSinceBack++;
      // count stability-limited steps: h·|λ| near DOPRI5's stability boundary (3.3 on the real axis)
      const hl = this.explicit.lastHLambda;
      if (hl > 0.8 * dopri5Method.stiffThreshold) {
        this.stiffRun++;
        this.calmRun = 0;
      } else if (++this.calmRun >= 6) {
        this.stiffRun = 0;
      }
      if (this.stiffRun >= this.switchAfter) {
        this.stiffRun = 0;
        this.calmRun = 0;
        // ping-pong damping: stiffness came back within 50 explicit steps, so demand a longer
        // non-stiff stretch before the next switch back
        if (this.explicitSinceBack < 50) this.backAfterNow *= 2;
        const f = this.explicit.fCurrent;
        if (this.stiff === undefined) {
          this.stiff = new RosenbrockStepper(this.system, this.ctx, this.explicit.t, this.explicit.y, { h0: this.explicit.hNext, tableau: RODAS4 }, f);
        } else {
          this.stiff.restart(this.explicit.t, this.explicit.y, f, this.explicit.hNext);
        }
        this.current = this.stiff;
        this.nonstiffRun = 0;
        this.switches.push({ t: this.explicit.t, to: 'rodas4' });
      }
    } else if (this.current instanceof RosenbrockStepper) {
      const stiff = this.current;
      const hr = stiff.jacobianNormInf() * stiff.hNext;
      this.nonstiffRun = hr < dopri5Method.stiffThreshold ? this.nonstiffRun + 1 : 0;
      if (this.nonstiffRun >= this.backAfterNow) {
        this.explicitSinceBack = 0;
        this.explicit.restart(stiff.t, stiff.y, stiff.fCurrent, stiff.hNext);
        this.current = this.explicit;
        this.switches.push({ t: stiff.t, to: 'dopri5' });
      }
    }
    return 'accepted';
  }
}
