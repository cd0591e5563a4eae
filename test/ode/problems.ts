/**
 * Standard test problems with their reference data, shared by the ODE tests and bench/run.ts.
 * Test data, not library code: nothing in src/ imports it.
 * @see E. Hairer, S. P. Nørsett, G. Wanner, Solving ODEs I, §II.0 (Arenstorf orbit).
 * @see E. Hairer, G. Wanner, Solving ODEs II, §IV.10 and the test set at
 *      http://www.unige.ch/~hairer/testset (VDPOL, ROBER; reference values copied from there).
 * @see F. Mazzia, C. Magherini, Test Set for Initial Value Problem Solvers, release 2.4, University
 *      of Bari (2008), problem HIRES, file hires.f, subroutine solut (reference values copied from there).
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

/**
 * HIRES: Schäfer's "high irradiance response" of photomorphogenesis, 8 chemical species, stiff
 * (Hairer–Wanner §IV.10), with its Jacobian. y(0) = (1, 0, 0, 0, 0, 0, 0, 0.0057) on [0, 321.8122].
 */
export function hires(withJacobian = true): OdeSystem {
  const sys: OdeSystem = {
    dim: 8,
    autonomous: true,
    rhs(_t, y, dy) {
      const r = 280 * y[5]! * y[7]!;
      dy[0] = -1.71 * y[0]! + 0.43 * y[1]! + 8.32 * y[2]! + 0.0007;
      dy[1] = 1.71 * y[0]! - 8.75 * y[1]!;
      dy[2] = -10.03 * y[2]! + 0.43 * y[3]! + 0.035 * y[4]!;
      dy[3] = 8.32 * y[1]! + 1.71 * y[2]! - 1.12 * y[3]!;
      dy[4] = -1.745 * y[4]! + 0.43 * y[5]! + 0.43 * y[6]!;
      dy[5] = -r + 0.69 * y[3]! + 1.71 * y[4]! - 0.43 * y[5]! + 0.69 * y[6]!;
      dy[6] = r - 1.81 * y[6]!;
      dy[7] = -dy[6];
    },
  };
  if (!withJacobian) return sys;
  return {
    ...sys,
    jacobian(_t, y, J) {
      J.fill(0);
      const at = (i: number, j: number, v: number): void => {
        J[8 * i + j] = v;
      };
      at(0, 0, -1.71);
      at(0, 1, 0.43);
      at(0, 2, 8.32);
      at(1, 0, 1.71);
      at(1, 1, -8.75);
      at(2, 2, -10.03);
      at(2, 3, 0.43);
      at(2, 4, 0.035);
      at(3, 1, 8.32);
      at(3, 2, 1.71);
      at(3, 3, -1.12);
      at(4, 4, -1.745);
      at(4, 5, 0.43);
      at(4, 6, 0.43);
      at(5, 3, 0.69);
      at(5, 4, 1.71);
      at(5, 5, -0.43 - 280 * y[7]!);
      at(5, 6, 0.69);
      at(5, 7, -280 * y[5]!);
      at(6, 5, 280 * y[7]!);
      at(6, 6, -1.81);
      at(6, 7, 280 * y[5]!);
      at(7, 5, -280 * y[7]!);
      at(7, 6, 1.81);
      at(7, 7, -280 * y[5]!);
    },
  };
}
export const HIRES_Y0 = [1, 0, 0, 0, 0, 0, 0, 0.0057];
export const HIRES_T1 = 321.8122;
/** HIRES reference at t = 321.8122 (Bari test set: RADAU5 in quadruple-like precision, rtol = atol = 1.1e-18). */
export const HIRES_REF = [
  0.7371312573325668e-3, 0.1442485726316185e-3, 0.5888729740967575e-4, 0.1175651343283149e-2, 0.2386356198831331e-2, 0.6238968252742796e-2,
  0.2849998395185769e-2, 0.2850001604814231e-2,
];
