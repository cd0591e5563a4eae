/**
 * Per-method tuning, for experts and the benchmarks: the fourth argument of `solve`. Each method
 * reads its own key; every default reproduces gradflow's published step sequences.
 */
import type { ExplicitStepperOptions } from './explicitRk.js';
import type { NordsieckOptions } from './nordsieck.js';

/**
 * auto-rk's switching thresholds. The defaults were chosen on Van der Pol μ = 1e3 and Robertson;
 * BENCHMARKS.md reports auto-rk's cost against LSODA's with them but records no sweep of the two numbers.
 */
export interface AutoOptions {
  readonly h0?: number;
  /** Consecutive stability-limited DOPRI5 steps before switching to RODAS4 (default 5). */
  readonly switchAfter?: number;
  /** Consecutive RODAS4 steps with h·‖J‖∞ < 3.25 before switching back (default 3). */
  readonly backAfter?: number;
}

/** Per-method tuning. */
export interface MethodOptions {
  /** dopri5 and dop853: stiffness-test period and the step-size controller (`controller.kind`: `pi`, the default, or `pid`). */
  readonly explicit?: ExplicitStepperOptions;
  /** auto-rk's switching thresholds (the key predates the `auto`/`auto-rk` split; it does not tune `auto`). */
  readonly auto?: AutoOptions;
  /** bdf and auto. */
  readonly nordsieck?: Pick<NordsieckOptions, 'norm'>;
}
