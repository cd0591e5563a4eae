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

/** A stepper for `rule` on `dim` parameters, with its state (momentum buffer, moments) zeroed. */
export function stepperOf(rule: StepRule, dim: number): Stepper {
  let count = 0;
  const lr = rule.lr;
  switch (rule.kind) {
    case 'gd':
      return {
        step(theta, g) {
          for (let i = 0; i < dim; i++) theta[i] = theta[i]! - lr * g[i]!;
          count++;
        },
        get count() {
          return count;
        },
      };
    case 'momentum': {
      const beta = rule.beta ?? STEP_DEFAULTS.beta;
      const b = new Float64Array(dim);
      return {
        step(theta, g) {
          // PyTorch: the buffer starts as the first gradient itself (not β·0 + g, which is the same here)
          for (let i = 0; i < dim; i++) {
            b[i] = count === 0 ? g[i]! : beta * b[i]! + g[i]!;
            theta[i] = theta[i]! - lr * b[i]!;
          }
          count++;
        },
        get count() {
          return count;
        },
      };
    }
    case 'adam': {
      const beta1 = rule.beta1 ?? STEP_DEFAULTS.beta1;
      const beta2 = rule.beta2 ?? STEP_DEFAULTS.beta2;
      const eps = rule.eps ?? STEP_DEFAULTS.eps;
      const m = new Float64Array(dim);
      const v = new Float64Array(dim);
      return {
        step(theta, g) {
          count++;
          const c1 = 1 - beta1 ** count;
          const sqrtC2 = Math.sqrt(1 - beta2 ** count);
          for (let i = 0; i < dim; i++) {
            const gi = g[i]!;
            m[i] = beta1 * m[i]! + (1 - beta1) * gi;
            v[i] = beta2 * v[i]! + (1 - beta2) * gi * gi;
            // PyTorch's order of operations: θ −= (lr/c1)·m / (√v/√c2 + ε)
            theta[i] = theta[i]! - ((lr / c1) * m[i]!) / (Math.sqrt(v[i]!) / sqrtC2 + eps);
          }
        },
        get count() {
          return count;
        },
      };
    }
  }
}
