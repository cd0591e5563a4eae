/**
 * bdf-krylov (bdfKrylov.ts: the Nordsieck BDF with GMRES on Jacobian-vector products) against the
 * dense `bdf`, dop853 and exact solutions: a 2-D heat equation with a known solution (exact `jvp`, a
 * line preconditioner, or difference quotients), Robertson, the statuses, and a 30,000-state problem
 * no dense method could hold.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseScenario } from '../../src/experiment/resolve.js';
import { messages } from '../../src/ode/messages.js';
import type { OdePreconditioner, OdeSystem, Solution } from '../../src/ode/types.js';
import { odeLinearAlgebra } from '../../src/simulate/odeLinearAlgebra.js';
import { errorInTolUnits } from './helpers.js';
import { solve as odeSolve } from '../../src/ode/solve.js';
import { solve } from './librarySolve.js';
import { ROBER_REF, robertson } from './problems.js';

interface Variant {
  /** Give the system its exact Jacobian-vector product (else the method differences f). */
  readonly jvp: boolean;
  /** Give it a preconditioner. */
  readonly precondition: boolean;
}

/**
 * The 2-D heat equation u_t = Δu + g on (0, 1)², u = 0 on the boundary, by the method of lines on an
 * N × N interior grid (5-point Laplacian, spacing dx = 1/(N + 1)). The grid functions
 * φ_jk(a, b) = sin(jπ a dx) sin(kπ b dx) are eigenvectors of the discrete Laplacian with
 * λ_jk = −(4/dx²)(sin²(jπ dx/2) + sin²(kπ dx/2)), so with g = −λ_11 φ_11 the semi-discrete system has
 * the exact solution u(t) = φ_11 + Σ c_m e^{λ_m t} φ_m: it relaxes to the steady state φ_11 through
 * modes from λ_11 ≈ −20 to λ_NN ≈ −8/dx² (stiffness ratio ≈ 4N²/π²).
 * The preconditioner inverts I − γ(D_xx − 2/dx²) exactly, line by line (Thomas algorithm): the
 * x-coupling and the diagonal of the y-coupling, a block-Jacobi preconditioner in one direction.
 * @see R. J. LeVeque, Finite Difference Methods for Ordinary and Partial Differential Equations,
 *      SIAM (2007), §3.4 (the eigenpairs of the 2-D discrete Laplacian).
 */
function heat2d(N: number, variant: Variant): { system: OdeSystem; exact: (t: number) => Float64Array } {
  const n = N * N;
  const dx = 1 / (N + 1);
  const c = 1 / (dx * dx);
  const lambda = (j: number, k: number): number => -4 * c * (Math.sin((j * Math.PI * dx) / 2) ** 2 + Math.sin((k * Math.PI * dx) / 2) ** 2);
  const mode = (j: number, k: number): Float64Array =>
    Float64Array.from({ length: n }, (_, i) => Math.sin(j * Math.PI * ((i % N) + 1) * dx) * Math.sin(k * Math.PI * (Math.floor(i / N) + 1) * dx));
  const phi11 = mode(1, 1);
  const g = phi11.map((v) => -lambda(1, 1) * v);
  const modes = (
    [
      [1, 1, 0.5],
      [2, 3, 0.5],
      [7, 4, 0.3],
      [N, N, 0.1],
    ] as const
  ).map(([j, k, amplitude]) => ({ rate: lambda(j, k), amplitude, phi: mode(j, k) }));
  const laplacian = (y: Float64Array, out: Float64Array): void => {
    for (let b = 0; b < N; b++) {
      for (let a = 0; a < N; a++) {
        const i = b * N + a;
        let s = -4 * y[i]!;
        if (a > 0) s += y[i - 1]!;
        if (a < N - 1) s += y[i + 1]!;
        if (b > 0) s += y[i - N]!;
        if (b < N - 1) s += y[i + N]!;
        out[i] = c * s;
      }
    }
  };
  // the tridiagonal I − γ(D_xx − 2c): diagonal 1 + 4γc, off-diagonals −γc; LU factors of one line
  const cp = new Float64Array(N);
  const den = new Float64Array(N);
  let off = 0;
  const preconditioner: OdePreconditioner = {
    setup(_t, _y, gamma) {
      const d = 1 + 4 * gamma * c;
      off = -gamma * c;
      den[0] = d;
      cp[0] = off / d;
      for (let a = 1; a < N; a++) {
        den[a] = d - off * cp[a - 1]!;
        cp[a] = off / den[a]!;
      }
    },
    apply(r, z) {
      for (let b = 0; b < N; b++) {
        const o = b * N;
        z[o] = r[o]! / den[0]!;
        for (let a = 1; a < N; a++) z[o + a] = (r[o + a]! - off * z[o + a - 1]!) / den[a]!;
        for (let a = N - 2; a >= 0; a--) z[o + a] = z[o + a]! - cp[a]! * z[o + a + 1]!;
      }
    },
  };
  const system: OdeSystem = {
    dim: n,
    autonomous: true,
    rhs(_t, y, out) {
      laplacian(y, out);
      for (let i = 0; i < n; i++) out[i] = out[i]! + g[i]!;
    },
    ...(variant.jvp
      ? {
          jvp: (_t: number, _y: Float64Array, v: Float64Array, out: Float64Array): void => {
            laplacian(v, out);
          },
        }
      : {}),
    ...(variant.precondition ? { preconditioner } : {}),
  };
  const exact = (t: number): Float64Array => {
    const u = Float64Array.from(phi11);
    for (const m of modes) {
      const e = m.amplitude * Math.exp(m.rate * t);
      for (let i = 0; i < n; i++) u[i] = u[i]! + e * m.phi[i]!;
    }
    return u;
  };
  return { system, exact };
}

const VARIANTS: readonly (Variant & { name: string })[] = [
  { name: 'jvp + preconditioner', jvp: true, precondition: true },
  { name: 'jvp', jvp: true, precondition: false },
  { name: 'difference quotients', jvp: false, precondition: false },
  { name: 'difference quotients + preconditioner', jvp: false, precondition: true },
];

function statsLine(s: Solution): string {
  const st = s.stats;
  return `${s.method}: steps ${String(st.naccepted)}+${String(st.nrejected)}, nfev ${String(st.nfev)}, jvps ${String(st.jvps)}, linear ${String(st.linearIterations)}`;
}

test('bdf-krylov on the 2-D heat equation (400 states) matches the exact solution, bdf and dop853, with and without jvp and preconditioner', () => {
  const N = 20;
  const t1 = 2;
  const rtol = 1e-10;
  const atol = 1e-12;
  const opts = { t0: 0, t1, rtol, atol, dense: false, saveAt: { kind: 'times', times: [0.01, 0.1, t1] } } as const;
  const { system: dense, exact } = heat2d(N, { jvp: false, precondition: false });
  const y0 = exact(0);
  const bdf = solve(dense, 'bdf', { ...opts, y0 });
  const dop853 = solve(dense, 'dop853', { ...opts, y0, rtol: 1e-13, atol: 1e-15 });
  assert.equal(bdf.status, 'success');
  assert.equal(dop853.status, 'success');
  const worst = (s: Solution, ref: (k: number) => Float64Array): number => Math.max(...s.t.map((_, k) => errorInTolUnits(s.y[k]!, ref(k), rtol, atol)));
  // the references: dop853 at a 1000× tighter tolerance is exact at this scale (measured 0.04 units,
  // in 1164 explicit steps against bdf's 704: the stiff modes bound its step)
  assert.ok(worst(dop853, (k) => exact(dop853.t[k]!)) < 0.1);
  const bdfError = worst(bdf, (k) => exact(bdf.t[k]!));
  const linear: Record<string, number> = {};
  for (const v of VARIANTS) {
    const { system } = heat2d(N, v);
    const s = solve(system, 'bdf-krylov', { ...opts, y0 });
    assert.equal(s.status, 'success', v.name);
    assert.equal(s.method, 'bdf-krylov');
    // the same BDF formulas, order and step control as bdf: its global error is the same multiple of
    // the tolerance (measured 3.7–3.8 units, bdf 3.8: a multistep code's global error, cf.
    // accuracy.test.ts); 20 fails on a corrector that stops short of the Newton tolerance
    const e = worst(s, (k) => exact(s.t[k]!));
    assert.ok(e < 20, `${v.name}: ${e.toFixed(2)} tolerance units against the exact solution (bdf ${bdfError.toFixed(2)}); ${statsLine(s)}`);
    // against the two other integrators at the saved times, the sum of the two errors bounds the gap
    // (measured 0.1–0.3 units from bdf)
    assert.ok(worst(s, (k) => dop853.y[k]!) < 20 + 0.1);
    assert.ok(worst(s, (k) => bdf.y[k]!) < 20 + bdfError);
    // matrix-free: no factorisation; one product per GMRES iteration (zero initial guess)
    assert.equal(s.stats.nlu, 0);
    assert.equal(s.stats.jvps, s.stats.linearIterations);
    // njev counts the preconditioner's setups, made where bdf would form its Newton matrix
    if (v.precondition) assert.ok(s.stats.njev > 0);
    else assert.equal(s.stats.njev, 0);
    // difference quotients cost one evaluation of f each, which nfev includes
    if (!v.jvp) assert.ok(s.stats.nfev > s.stats.jvps!, statsLine(s));
    linear[v.name] = s.stats.linearIterations!;
  }
  // the line preconditioner removes the x-direction stiffness from the Krylov iteration
  assert.ok(linear['jvp + preconditioner']! < linear.jvp!, JSON.stringify(linear));
});

/**
 * Robertson with the extras the matrix-free method can use: `jvp` from the analytic Jacobian, and an
 * exact preconditioner (I − γJ)⁻¹ by a 3 × 3 LU at the setup point.
 */
function robertsonKrylov(variant: Variant): OdeSystem {
  const base = robertson(true);
  const J = new Float64Array(9);
  const P = new Float64Array(9);
  const piv = new Int32Array(3);
  const preconditioner: OdePreconditioner = {
    setup(t, y, gamma) {
      base.jacobian!(t, y, P);
      for (let k = 0; k < 9; k++) P[k] = -gamma * P[k]!;
      for (let i = 0; i < 3; i++) P[4 * i] = P[4 * i]! + 1;
      return odeLinearAlgebra.luFactor(P, 3, piv);
    },
    apply(r, z) {
      z.set(r);
      odeLinearAlgebra.luSolve(P, 3, piv, z);
    },
  };
  return {
    dim: 3,
    autonomous: true,
    rhs: base.rhs.bind(base),
    ...(variant.jvp
      ? {
          jvp(t: number, y: Float64Array, v: Float64Array, out: Float64Array) {
            base.jacobian!(t, y, J);
            for (let i = 0; i < 3; i++) out[i] = J[3 * i]! * v[0]! + J[3 * i + 1]! * v[1]! + J[3 * i + 2]! * v[2]!;
          },
        }
      : {}),
    ...(variant.precondition ? { preconditioner } : {}),
  };
}

test('bdf-krylov takes Robertson to t = 1e11 as bdf does, conserving mass, with and without jvp and preconditioner', () => {
  const rtol = 1e-8;
  const atol = [1e-12, 1e-16, 1e-12];
  const times = [1e-3, 0.1, 1, 40, 1e3, 1e5, 1e7, 1e9, 1e11];
  const opts = { t0: 0, t1: 1e11, y0: [1, 0, 0], rtol, atol, saveAt: { kind: 'times', times } } as const;
  /** The largest |y_i − ref_i| / (atol_i + rtol·|ref_i|). */
  const units = (y: ArrayLike<number>, ref: ArrayLike<number>): number =>
    Math.max(...[0, 1, 2].map((i) => Math.abs(y[i]! - ref[i]!) / (atol[i]! + rtol * Math.abs(ref[i]!))));
  const bdf = solve(robertson(), 'bdf', opts);
  // the transient by dop853 at a 1e4× tighter tolerance (29,000 explicit steps to t = 40)
  const dop853 = solve(robertson(), 'dop853', {
    ...opts,
    t1: 40,
    rtol: 1e-12,
    atol: atol.map((a) => a * 1e-4),
    maxSteps: 1e6,
    saveAt: { kind: 'times', times: times.slice(0, 4) },
  });
  assert.equal(bdf.status, 'success');
  assert.equal(dop853.status, 'success');
  const linear: Record<string, number> = {};
  for (const v of VARIANTS) {
    const s = solve(robertsonKrylov(v), 'bdf-krylov', opts);
    assert.equal(s.status, 'success', v.name);
    // bdf's budget in stiff.test.ts (measured bdf 2002 steps; bdf-krylov ≈ 1300: its corrector is a
    // full Newton iteration at the iterate, so fewer convergence failures cut the step)
    assert.ok(s.stats.nsteps < 2500, `${v.name}: ${statsLine(s)}`);
    // y1 + y2 + y3 = 1 is linear and J's columns sum to zero, so every Krylov vector keeps it too
    for (const y of s.y) assert.ok(Math.abs(y[0]! + y[1]! + y[2]! - 1) < 1e-10, v.name);
    // the end point against the test set and the transient against dop853: a multistep code's global
    // error at this tolerance, a few units (measured 1.6–2.4 and 3.9–4.5; bdf 2.1 and 3.2); 20 is the
    // bound stiff.test.ts and accuracy.test.ts allow such codes, and fails on a loose corrector
    const eRef = units(s.yFinal, ROBER_REF);
    assert.ok(eRef < 20, `${v.name}: ${eRef.toFixed(2)} units from the reference (bdf ${units(bdf.yFinal, ROBER_REF).toFixed(2)})`);
    const eDop = Math.max(...dop853.y.map((y, k) => units(s.y[k]!, y)));
    assert.ok(eDop < 20, `${v.name}: ${eDop.toFixed(2)} units from dop853`);
    // every saved point against bdf: two such errors, so twice the bound (measured 6.4–7.0)
    const eBdf = Math.max(...bdf.y.map((y, k) => units(s.y[k]!, y)));
    assert.ok(eBdf < 40, `${v.name}: ${eBdf.toFixed(2)} units from bdf`);
    linear[v.name] = s.stats.linearIterations!;
  }
  // GMRES needs few iterations here even unpreconditioned (3 states, a loose linear tolerance):
  // measured 2962 iterations for about 2500 Newton iterations; the exact preconditioner 2234
  assert.ok(linear['jvp + preconditioner']! < linear.jvp!, JSON.stringify(linear));
});

/** y' = y², y(0) = 1: blows up at t = 1. */
const blowup: OdeSystem = {
  dim: 1,
  autonomous: true,
  rhs(_t, y, dy) {
    dy[0] = y[0]! * y[0]!;
  },
};

test('bdf-krylov reports max-steps, a blow-up and a NaN right-hand side as bdf does', () => {
  for (const m of ['bdf', 'bdf-krylov'] as const) {
    const capped = solve(blowup, m, { t0: 0, t1: 0.9, y0: [1], maxSteps: 5 });
    assert.equal(capped.status, 'max-steps', m);
    assert.equal(capped.message, messages.maxSteps(5, capped.tFinal));
    assert.ok(capped.tFinal > 0 && capped.tFinal < 0.9);
    assert.equal(capped.t[capped.t.length - 1], capped.tFinal);
    const blown = solve(blowup, m, { t0: 0, t1: 2, y0: [1], rtol: 1e-8, atol: 1e-8, maxSteps: 1e6 });
    assert.ok(blown.status === 'step-size-underflow' || blown.status === 'non-finite', `${m}: ${blown.status}`);
    // it got within a hair of the singularity at t = 1 and kept what it had (as status.test.ts)
    assert.ok(blown.tFinal > 0.999 && blown.tFinal < 1.001, `${m}: ${String(blown.tFinal)}`);
    const nan: OdeSystem = {
      dim: 1,
      rhs(t, _y, dy) {
        dy[0] = t < 1 ? 1 : Number.NaN;
      },
    };
    const s = solve(nan, m, { t0: 0, t1: 2, y0: [0], maxSteps: 10000 });
    assert.equal(s.status, 'non-finite', `${m}: ${s.status}`);
    assert.equal(s.message, messages.nonFinite(s.tFinal));
    assert.ok(s.tFinal <= 1 + 1e-9 && s.tFinal > 0.5, `${m}: ${String(s.tFinal)}`);
    for (const y of s.y) assert.ok(Number.isFinite(y[0]!));
  }
});

test('bdf-krylov needs no linearAlgebra and allocates no dim × dim array: 30,000 stiff decays with a Jacobi preconditioner', () => {
  const n = 30_000;
  // y_i' = −λ_i y_i, λ_i from 1 to 1e4: stiffness ratio 1e4, exact solution e^{−λ_i t}
  const rate = Float64Array.from({ length: n }, (_, i) => 10 ** ((4 * i) / (n - 1)));
  let peak = 0;
  let calls = 0;
  const gamma = { value: 0 };
  const system: OdeSystem = {
    dim: n,
    autonomous: true,
    rhs(_t, y, out) {
      if (calls++ % 16 === 0) peak = Math.max(peak, process.memoryUsage().arrayBuffers);
      for (let i = 0; i < n; i++) out[i] = -rate[i]! * y[i]!;
    },
    // exact for a diagonal Jacobian: (I − γJ)⁻¹ = diag(1/(1 + γλ_i))
    preconditioner: {
      setup(_t, _y, g) {
        gamma.value = g;
      },
      apply(r, z) {
        for (let i = 0; i < n; i++) z[i] = r[i]! / (1 + gamma.value * rate[i]!);
      },
    },
  };
  const before = process.memoryUsage().arrayBuffers;
  // a loose tolerance keeps the test short: the Nordsieck array's 13 states per step dominate at this size
  const rtol = 1e-4;
  const atol = 1e-7;
  const t1 = 1;
  // the ODE layer's solve, given no linearAlgebra: the method must not ask for one
  const s = odeSolve(system, 'bdf-krylov', {
    t0: 0,
    t1,
    y0: new Float64Array(n).fill(1),
    rtol,
    atol,
    dense: false,
    saveAt: { kind: 'times', times: [0.01, t1] },
  });
  assert.equal(s.status, 'success', s.message);
  // a single n × n Float64Array is 7.2 GB; the solver's vectors (about 45 of 240 kB each) and the
  // saved points stay far below 64 MB (measured 11.9 MB)
  const grown = peak - before;
  assert.ok(grown < 64 * 2 ** 20, `array buffers grew by ${(grown / 2 ** 20).toFixed(1)} MB`);
  // the decays themselves, at t = 0.01 where λ_i t spans 0.01 … 100, in tolerance units
  const exact = (t: number): Float64Array => rate.map((l) => Math.exp(-l * t));
  for (let k = 0; k < s.t.length; k++) {
    const e = errorInTolUnits(s.y[k]!, exact(s.t[k]!), rtol, atol);
    // a contractive linear problem: a small multiple of the tolerance, as bdf on linear3 in
    // accuracy.test.ts (measured 0.62 and 0.66 units)
    assert.ok(e < 20, `t = ${String(s.t[k])}: ${e.toFixed(2)} tolerance units; ${statsLine(s)}`);
  }
});

test('a scenario whose state is too large for a dense Jacobian is refused for bdf and accepted for bdf-krylov', () => {
  // depth 3, width 200: a state of 40,800 numbers; bdf's two dense matrices would need 26.6 GB
  const text = `id: big
title: big
energy: { kind: completion, shape: [2, 2], observed: [[1, 2, 1], [2, 1, 1], [2, 2, 0]] }
model: { depth: 3, width: 200 }
init: { kind: balanced, W0: identity, scale: 1.0e-3 }
horizon: { t1: 10, save: { kind: uniform, n: 5 } }
`;
  assert.throws(
    () => parseScenario(text, 'big.yaml', ['solver.method=bdf']),
    /solver\.method: this scenario would need about .* GB of memory .*dense Jacobian/,
  );
  assert.doesNotThrow(() => parseScenario(text, 'big.yaml', ['solver.method=bdf-krylov']));
});
