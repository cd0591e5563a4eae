/**
 * The update rules of the discrete optimisers run beside the flow (docs/theory.md, "Discrete
 * optimisers against the flow"): gradient descent, heavy-ball momentum and Adam, exactly as
 * PyTorch's `torch.optim.SGD` (dampening 0, no Nesterov) and `torch.optim.Adam` (no weight decay,
 * no AMSGrad) write them. Each rule updates a flat parameter vector in place from its gradient,
 * in buffers allocated once: the step allocates nothing.
 */

/** Gradient descent `θ ← θ − lr·g`. */
export interface GdSpec {
  readonly kind: 'gd';
  /** Learning rate η > 0. */
  readonly lr: number;
}

/** Heavy ball as `torch.optim.SGD(momentum=β)`: `b ← β b + g` (`b = g` at the first step), `θ ← θ − lr·b`. */
export interface MomentumSpec {
  readonly kind: 'momentum';
  readonly lr: number;
  /** β ∈ [0, 1) (default 0.9; PyTorch's default 0 would be plain gradient descent). */
  readonly beta?: number;
}

/**
 * `torch.optim.Adam`: `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`, `θ ← θ − lr·m̂/(√v̂ + ε)` with
 * `m̂ = m/(1−β₁^k)`, `v̂ = v/(1−β₂^k)` at step k = 1, 2, ….
 */
export interface AdamSpec {
  readonly kind: 'adam';
  readonly lr: number;
  /** Default 0.9 (PyTorch's). */
  readonly beta1?: number;
  /** Default 0.999 (PyTorch's). */
  readonly beta2?: number;
  /** Default 1e-8 (PyTorch's). */
  readonly eps?: number;
}

/** One of the three update rules. */
export type StepRule = GdSpec | MomentumSpec | AdamSpec;

/** PyTorch's defaults for the rules' constants (momentum: 0.9, see `MomentumSpec.beta`). */
export const STEP_DEFAULTS = { beta: 0.9, beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;

/** An update rule bound to its state: `step(θ, g)` applies one update to `θ` in place. */
export interface Stepper {
  /** Applies update k + 1 (k = number of steps taken so far) to `theta` from the gradient `g`. Allocation-free. */
  step(theta: Float64Array, g: Float64Array): void;
  /** Number of updates applied. */
  readonly count: number;
}

/**
 * One class for the three rules, so that the optimiser's loop calls one `step` method whichever rule
 * runs: a call site that has seen one class stays monomorphic and optimised (separate closures per rule
 * made it polymorphic, and the deoptimised loop boxed its doubles: ~80 bytes per step, measured).
 */
class RuleStepper implements Stepper {
  count = 0;
  private readonly rule: 0 | 1 | 2;
  private readonly lr: number;
  private readonly beta: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly eps: number;
  /** Momentum buffer (heavy ball), or first moment (Adam). */
  private readonly m: Float64Array;
  /** Second moment (Adam). */
  private readonly v: Float64Array;
  /** β₁^k and β₂^k (Adam's bias corrections). */
  private pow1 = 1;
  private pow2 = 1;

  constructor(
    r: StepRule,
    private readonly dim: number,
  ) {
    this.rule = r.kind === 'gd' ? 0 : r.kind === 'momentum' ? 1 : 2;
    this.lr = r.lr;
    this.beta = r.kind === 'momentum' ? (r.beta ?? STEP_DEFAULTS.beta) : 0;
    this.beta1 = r.kind === 'adam' ? (r.beta1 ?? STEP_DEFAULTS.beta1) : 0;
    this.beta2 = r.kind === 'adam' ? (r.beta2 ?? STEP_DEFAULTS.beta2) : 0;
    this.eps = r.kind === 'adam' ? (r.eps ?? STEP_DEFAULTS.eps) : 0;
    this.m = new Float64Array(r.kind === 'gd' ? 0 : dim);
    this.v = new Float64Array(r.kind === 'adam' ? dim : 0);
  }

  step(theta: Float64Array, g: Float64Array): void {
    const { dim, lr, m } = this;
    if (this.rule === 0) {
      for (let i = 0; i < dim; i++) theta[i] = theta[i]! - lr * g[i]!;
    } else if (this.rule === 1) {
      // PyTorch: the buffer starts as the first gradient itself
      const beta = this.count === 0 ? 0 : this.beta;
      for (let i = 0; i < dim; i++) {
        m[i] = beta * m[i]! + g[i]!;
        theta[i] = theta[i]! - lr * m[i]!;
      }
    } else {
      const { beta1, beta2, eps, v } = this;
      // β^k by repeated products (β^k as PyTorch computes it differs by a few ulp at most)
      this.pow1 *= beta1;
      this.pow2 *= beta2;
      const c1 = 1 - this.pow1;
      const sqrtC2 = Math.sqrt(1 - this.pow2);
      for (let i = 0; i < dim; i++) {
        const gi = g[i]!;
        m[i] = beta1 * m[i]! + (1 - beta1) * gi;
        v[i] = beta2 * v[i]! + (1 - beta2) * gi * gi;
        // PyTorch's order of operations: θ −= (lr/c1)·m / (√v/√c2 + ε)
        theta[i] = theta[i]! - ((lr / c1) * m[i]!) / (Math.sqrt(v[i]!) / sqrtC2 + eps);
      }
    }
    this.count++;
  }
}

/** A stepper for `rule` on `dim` parameters, with its state (momentum buffer, moments) zeroed. */
export function stepperOf(rule: StepRule, dim: number): Stepper {
  return new RuleStepper(rule, dim);
}
