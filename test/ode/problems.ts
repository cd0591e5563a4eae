/**
 * Standard test problems with their reference data, shared by the ODE tests and bench/run.ts.
 * Test data, not library code: nothing in src/ imports it.
 * @see E. Hairer, S. P. Nørsett, G. Wanner, Solving ODEs I, §II.0 (Arenstorf orbit).
 * @see E. Hairer, G. Wanner, Solving ODEs II, §IV.10 and the test set at
 *      http://www.unige.ch/~hairer/testset (VDPOL, ROBER; reference values copied from there).
 */
import type { OdeSystem } from '../../src/ode/types.js';

/** Arenstorf orbit: a periodic three-body orbit, period T. */
export const ARENSTORF_T = 17.0652165601579625588917206249;
export const ARENSTORF_Y0 = [0.994, 0, 0, -2.00158510637908252240537862224];
export function arenstorf(): OdeSystem {
  const mu = 0.012277471;
  const mup = 1 - mu;
  return {
    dim: 4,
    autonomous: true,
    rhs(_t, y, dy) {
      const x = y[0]!;
      const yy = y[1]!;
      const d1 = ((x + mu) ** 2 + yy ** 2) ** 1.5;
      const d2 = ((x - mup) ** 2 + yy ** 2) ** 1.5;
      dy[0] = y[2]!;
      dy[1] = y[3]!;
      dy[2] = x + 2 * y[3]! - (mup * (x + mu)) / d1 - (mu * (x - mup)) / d2;
      dy[3] = yy - 2 * y[2]! - (mup * yy) / d1 - (mu * yy) / d2;
    },
  };
}

/** Van der Pol in the general form y1' = y2, y2' = p(1 − y1²) y2 − q y1, with its Jacobian. */
function vanDerPol(p: number, q: number, withJacobian: boolean): OdeSystem {
  const sys: OdeSystem = {
    dim: 2,
    autonomous: true,
    rhs(_t, y, dy) {
      dy[0] = y[1]!;
      dy[1] = p * (1 - y[0]! ** 2) * y[1]! - q * y[0]!;
    },
  };
  if (!withJacobian) return sys;
  return {
    ...sys,
    jacobian(_t, y, J) {
      J[0] = 0;
      J[1] = 1;
      J[2] = -2 * p * y[0]! * y[1]! - q;
      J[3] = p * (1 - y[0]! ** 2);
    },
  };
}

/** Van der Pol in Hairer's scaling: y2' = ((1 − y1²) y2 − y1)/ε. */
export function vanDerPolEps(eps: number, withJacobian = true): OdeSystem {
  return vanDerPol(1 / eps, 1 / eps, withJacobian);
}
/** Hairer's VDPOL, ε = 1e-6, y(0) = (2, 0), reference y(2). */
export const VDPOL_REF = [0.1706167732170483e1, -0.8928097010247975];

/** Van der Pol in SciPy's form: y2' = μ(1 − y1²) y2 − y1 (benchmarks use μ = 1e3). */
export function vanDerPolMu(mu: number, withJacobian = true): OdeSystem {
  return vanDerPol(mu, 1, withJacobian);
}

/** Robertson's chemical kinetics (ROBER). */
export function robertson(withJacobian = true): OdeSystem {
  const sys: OdeSystem = {
    dim: 3,
    autonomous: true,
    rhs(_t, y, dy) {
      const a = 0.04 * y[0]!;
      const b = 1e4 * y[1]! * y[2]!;
      const c = 3e7 * y[1]! ** 2;
      dy[0] = -a + b;
      dy[1] = a - b - c;
      dy[2] = c;
    },
  };
  if (!withJacobian) return sys;
  return {
    ...sys,
    jacobian(_t, y, J) {
      J[0] = -0.04;
      J[1] = 1e4 * y[2]!;
      J[2] = 1e4 * y[1]!;
      J[3] = 0.04;
      J[4] = -1e4 * y[2]! - 6e7 * y[1]!;
      J[5] = -1e4 * y[1]!;
      J[6] = 0;
      J[7] = 6e7 * y[1]!;
      J[8] = 0;
    },
  };
}
/** ROBER reference at t = 1e11 (Hairer/Bari test set). */
export const ROBER_REF = [0.2083340149701255e-7, 0.8333360770334713e-13, 0.999999979166505];

/** A linear system y' = A y with a known matrix exponential: a damped rotation plus a decay. */
export function linear3(): { system: OdeSystem; exact: (t: number, y0: readonly number[]) => number[] } {
  // A = [[-a, w, 0], [-w, -a, 0], [0, 0, -b]]
  const a = 0.1;
  const w = 2;
  const b = 0.5;
  return {
    system: {
      dim: 3,
      autonomous: true,
      rhs(_t, y, dy) {
        dy[0] = -a * y[0]! + w * y[1]!;
        dy[1] = -w * y[0]! - a * y[1]!;
        dy[2] = -b * y[2]!;
      },
      jacobian(_t, _y, J) {
        J.set([-a, w, 0, -w, -a, 0, 0, 0, -b]);
      },
    },
    exact(t, y0) {
      const e = Math.exp(-a * t);
      const c = Math.cos(w * t);
      const s = Math.sin(w * t);
      return [e * (c * y0[0]! + s * y0[1]!), e * (-s * y0[0]! + c * y0[1]!), Math.exp(-b * t) * y0[2]!];
    },
  };
}

/** Harmonic oscillator y'' = −y as a first-order system; exact (cos t, −sin t) from (1, 0). */
export function harmonic(): OdeSystem {
  return {
    dim: 2,
    autonomous: true,
    rhs(_t, y, dy) {
      dy[0] = y[1]!;
      dy[1] = -y[0]!;
    },
  };
}
