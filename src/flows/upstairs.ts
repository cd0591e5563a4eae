/**
 * The "upstairs" gradient flow on the factors (docs/theory.md §2):
 * `dW_j/dt = −(W_N ⋯ W_{j+1})ᵀ G (W_{j−1} ⋯ W_1)ᵀ`, `G = ∇E(W_N ⋯ W_1)`.
 * One forward pass of prefix products `P_j = W_j ⋯ W_1` and one backward pass `B_{j−1} = W_jᵀ B_j`
 * (`B_N = G`) give every gradient as `B_j P_{j−1}ᵀ`: `3(N − 1)` products per evaluation, in
 * workspace allocated once. The exact Jacobian comes from the same passes differentiated once:
 * `jvp` for one direction, and the dense Jacobian with every column's passes batched
 * (factorJacobian.ts), for the stiff solvers.
 */
import type { Energy } from '../energies/energy.js';
import { matmul, matmulNT, matmulTN } from '../linalg/products.js';
import type { OdeSystem } from '../ode/types.js';
import { factorJacobian } from './factorJacobian.js';
import { factorLayout, type FactorLayout } from './layout.js';
import { velocityScale, type TimeConvention } from './time.js';
import { flowsMessages } from './messages.js';
import { isZeroRegularizer, regularizerTerms, type Regularizer, type RegularizerTerms } from './regularizer.js';

/** The upstairs flow as an ODE system, with the helpers analysis needs. */
export interface FactorFlow extends OdeSystem {
  readonly layout: FactorLayout;
  readonly energy: Energy;
  readonly time: TimeConvention;
  /** Writes `W_N ⋯ W_1` into `out` (`d_N × d_0`). */
  endToEnd(y: Float64Array, out: Float64Array): void;
  /** The exact Jacobian-vector product `∂f/∂y · v` into `out` (the flow is autonomous: `t` is unused). */
  jvp(t: number, y: Float64Array, v: Float64Array, out: Float64Array): void;
  /** The regulariser's value `R(y)` (0 without one): the flow descends `E + R`. */
  penalty(y: Float64Array): number;
}

/**
 * The products one evaluation at `y` shares, in workspace allocated once: the prefix products
 * `P_j = W_j ⋯ W_1`, `W = W_N ⋯ W_1`, `G = ∇E(W)` and the backward products `B_{j−1} = W_jᵀ B_j`,
 * with room for their directional derivatives (`dP`, `dB`, `dG`, `dW`) and one scratch matrix.
 */
interface FactorPasses {
  readonly P: Float64Array[];
  readonly dP: Float64Array[];
  readonly B: Float64Array[];
  readonly dB: Float64Array[];
  readonly G: Float64Array;
  readonly dG: Float64Array;
  readonly Wend: Float64Array;
  readonly dW: Float64Array;
  readonly tmp: Float64Array;
  /** Forward pass: fills P and Wend. */
  readonly forward: (y: Float64Array) => void;
  /**
   * At `y`: the prefix products, `G = ∇E(W)` and `B_{j−1} = W_jᵀ B_j` for `j = N … 3` (`B_N = G`): all
   * the field's derivative needs. `B_1` is formed only by the field itself, straight into `dy/dt`.
   */
  readonly linearise: (y: Float64Array) => void;
}

function factorPasses(energy: Energy, layout: FactorLayout): FactorPasses {
  const { depth: N, offsets } = layout;
  const d = layout.widths;
  const d0 = d[0]!;
  const dN = d[N]!;
  // P[j] = W_j ⋯ W_1 (d_j × d_0) for j ≥ 2; P_1 is W_1 itself, read in place from the state.
  const P: Float64Array[] = [];
  const dP: Float64Array[] = [];
  const B: Float64Array[] = [];
  const dB: Float64Array[] = [];
  for (let j = 0; j <= N; j++) {
    P.push(new Float64Array(j >= 2 ? d[j]! * d0 : 0));
    dP.push(new Float64Array(j >= 1 ? d[j]! * d0 : 0));
    B.push(new Float64Array(j >= 1 ? d[j]! * d0 : 0));
    dB.push(new Float64Array(j >= 1 ? d[j]! * d0 : 0));
  }
  const G = B[N]!;
  const Wend = new Float64Array(dN * d0);

  const forward = (y: Float64Array): void => {
    if (N === 1) {
      for (let i = 0; i < dN * d0; i++) Wend[i] = y[i]!;
      return;
    }
    let prev = y;
    let prevOff = offsets[0]!;
    for (let j = 2; j <= N; j++) {
      const out = j === N ? Wend : P[j]!;
      matmul(y, prev, out, d[j]!, d[j - 1]!, d0, offsets[j - 1], prevOff, 0);
      if (j < N) {
        prev = P[j]!;
        prevOff = 0;
      }
    }
  };

  const linearise = (y: Float64Array): void => {
    forward(y);
    energy.gradient(Wend, G);
    for (let j = N; j >= 3; j--) matmulTN(y, B[j]!, B[j - 1]!, d[j - 1]!, d[j]!, d0, offsets[j - 1], 0, 0);
  };

  const tmp = new Float64Array(Math.max(...d) * Math.max(...d));
  return { P, dP, B, dB, G, dG: dB[N]!, Wend, dW: new Float64Array(dN * d0), tmp, forward, linearise };
}

/**
 * `∂f/∂y · v` into `out`, at the point `linearise` was last called with (`y` itself): the passes
 * differentiated once, forward `dP_j = V_j P_{j−1} + W_j dP_{j−1}`, backward
 * `dB_{j−1} = V_jᵀ B_j + W_jᵀ dB_j`, and `d grad_j = dB_j P_{j−1}ᵀ + B_j dP_{j−1}ᵀ`.
 */
function factorDirectional(
  energy: Energy,
  layout: FactorLayout,
  passes: FactorPasses,
  scale: number,
  reg: RegularizerTerms | undefined,
): (y: Float64Array, v: Float64Array, out: Float64Array) => void {
  const { depth: N, offsets } = layout;
  const d = layout.widths;
  const d0 = d[0]!;
  const { P, dP, B, dB, dG, Wend, dW, tmp } = passes;
  return (y, v, out) => {
    // forward: dP_j = V_j P_{j−1} + W_j dP_{j−1}, dP_1 = V_1
    const n1 = d[1]! * d0;
    const dP1 = dP[1]!;
    for (let i = 0; i < n1; i++) dP1[i] = v[offsets[0]! + i]!;
    for (let j = 2; j <= N; j++) {
      const prev = j === 2 ? y : P[j - 1]!;
      const prevOff = j === 2 ? offsets[0]! : 0;
      const target = j === N ? dW : dP[j]!;
      matmul(v, prev, target, d[j]!, d[j - 1]!, d0, offsets[j - 1], prevOff, 0);
      matmul(y, dP[j - 1]!, tmp, d[j]!, d[j - 1]!, d0, offsets[j - 1], 0, 0);
      for (let i = 0; i < d[j]! * d0; i++) target[i] = target[i]! + tmp[i]!;
      if (j === N) dP[N]!.set(dW);
    }
    if (N === 1) dW.set(dP1);
    energy.hessianVector(Wend, dW, dG);
    // backward: dB_{j−1} = V_jᵀ B_j + W_jᵀ dB_j
    for (let j = N; j >= 2; j--) {
      const len = d[j - 1]! * d0;
      matmulTN(v, B[j]!, dB[j - 1]!, d[j - 1]!, d[j]!, d0, offsets[j - 1], 0, 0);
      matmulTN(y, dB[j]!, tmp, d[j - 1]!, d[j]!, d0, offsets[j - 1], 0, 0);
      const t = dB[j - 1]!;
      for (let i = 0; i < len; i++) t[i] = t[i]! + tmp[i]!;
    }
    // d grad_j = dB_j P_{j−1}ᵀ + B_j dP_{j−1}ᵀ; d grad_1 = dB_1
    for (let j = 1; j <= N; j++) {
      const o = offsets[j - 1]!;
      const n = d[j]! * d[j - 1]!;
      if (j === 1) {
        const t = dB[1]!;
        for (let i = 0; i < n; i++) out[o + i] = -scale * t[i]!;
        continue;
      }
      const prev = j === 2 ? y : P[j - 1]!;
      const prevOff = j === 2 ? offsets[0]! : 0;
      matmulNT(dB[j]!, prev, out, d[j]!, d0, d[j - 1]!, 0, prevOff, o);
      matmulNT(B[j]!, dP[j - 1]!, tmp, d[j]!, d0, d[j - 1]!, 0, 0, 0);
      for (let i = 0; i < n; i++) out[o + i] = -scale * (out[o + i]! + tmp[i]!);
    }
    reg?.addDirectional(y, v, out, -scale);
  };
}

/**
 * The upstairs flow of `energy` through a network of the given widths `d_0 … d_N`
 * (`d_0 = energy.cols`, `d_N = energy.rows`), plus an optional regulariser on the factors.
 */
export function upstairsFlow(energy: Energy, widths: readonly number[], time: TimeConvention = 'upstairs', regularizer?: Regularizer): FactorFlow {
  const layout = factorLayout(widths);
  const { depth: N, offsets, dim } = layout;
  const d = layout.widths;
  const d0 = d[0]!;
  const dN = d[N]!;
  if (d0 !== energy.cols || dN !== energy.rows) throw new RangeError(flowsMessages.widthsVsEnergy(d0, dN, energy.rows, energy.cols));
  const scale = velocityScale(N, time);
  const reg = isZeroRegularizer(regularizer) ? undefined : regularizerTerms(layout, regularizer!);
  const passes = factorPasses(energy, layout);
  const { P, B, G, Wend, forward, linearise } = passes;

  const endToEnd = (y: Float64Array, out: Float64Array): void => {
    forward(y);
    out.set(Wend);
  };

  const rhs = (_t: number, y: Float64Array, dydt: Float64Array): void => {
    linearise(y);
    // grad_j = B_j P_{j−1}ᵀ (d_j × d_{j−1}); grad_1 = B_1 = W_2ᵀ B_2; each formed with the factor −scale
    // inside the product (one pass over the output, not two)
    for (let j = 1; j <= N; j++) {
      const o = offsets[j - 1]!;
      if (j === 1) {
        if (N === 1) {
          for (let i = 0; i < d[1]! * d0; i++) dydt[o + i] = -scale * G[i]!;
        } else {
          matmulTN(y, B[2]!, dydt, d[1]!, d[2]!, d0, offsets[1], 0, o, -scale);
        }
      } else {
        const prev = j === 2 ? y : P[j - 1]!;
        const prevOff = j === 2 ? offsets[0]! : 0;
        matmulNT(B[j]!, prev, dydt, d[j]!, d0, d[j - 1]!, 0, prevOff, o, -scale);
      }
    }
    reg?.addGradient(y, dydt, -scale);
  };

  const directional = factorDirectional(energy, layout, passes, scale, reg);

  const jvp = (_t: number, y: Float64Array, v: Float64Array, out: Float64Array): void => {
    linearise(y);
    directional(y, v, out);
  };

  const jacobianAt = factorJacobian(energy, layout, passes, scale, reg);
  const jacobian = (_t: number, y: Float64Array, J: Float64Array): void => {
    linearise(y); // once: every column shares the products, G and B at y
    jacobianAt(y, J);
  };

  const penalty = (y: Float64Array): number => (reg ? reg.value(y) : 0);

  return { dim, rhs, jacobian, autonomous: true, layout, energy, time, endToEnd, jvp, penalty };
}
