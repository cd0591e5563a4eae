/** The exact bridge of (ΔW, I_(1,0)): the parts recombine to the whole, and have their conditional law. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BridgeWorkspace, splitIncrements } from '../../src/ode/brownianBridge.js';
import { brownianIncrements } from '../../src/ode/brownian.js';
import { Rng } from '../../src/init/rng.js';

test('split increments recombine: ΔW_a + ΔW_b = ΔW and I_a + (h − a)ΔW_a + I_b = I, to rounding', () => {
  const rng = new Rng(5);
  const w = new BridgeWorkspace();
  const n = 50;
  const dW = new Float64Array(n);
  const chi = new Float64Array(n);
  const [wa, ia, wb, ib] = [0, 0, 0, 0].map(() => new Float64Array(n)) as [Float64Array, Float64Array, Float64Array, Float64Array];
  for (const [h, q] of [
    [1, 0.5],
    [0.01, 0.2],
    [3e-4, 0.93],
  ] as const) {
    brownianIncrements(h, rng, dW, chi);
    const I = chi.map((c) => c * h);
    splitIncrements(h, q, dW, I, rng, w, wa, ia, wb, ib);
    for (let i = 0; i < n; i++) {
      // rounding of a few operations on numbers of size √h and h^{3/2}
      assert.ok(Math.abs(wa[i]! + wb[i]! - dW[i]!) < 1e-14 * Math.sqrt(h), `ΔW h=${String(h)}`);
      assert.ok(Math.abs(ia[i]! + (1 - q) * h * wa[i]! + ib[i]! - I[i]!) < 1e-14 * h * Math.sqrt(h), `I h=${String(h)}`);
    }
  }
});

test('the split has the conditional law: for a fresh step, the parts are again exact fresh increments (means, variances, covariances)', () => {
  // unconditionally, splitting a freshly drawn step must give (ΔW_a, I_a) with Var ΔW_a = a,
  // Var I_a = a³/3, Cov = a²/2, and ΔW_b independent of ΔW_a with Var b
  const rng = new Rng(8);
  const w = new BridgeWorkspace();
  const n = 40_000;
  const h = 2;
  const q = 0.3;
  const dW = new Float64Array(n);
  const chi = new Float64Array(n);
  brownianIncrements(h, rng, dW, chi);
  const I = chi.map((c) => c * h);
  const [wa, ia, wb, ib] = [0, 0, 0, 0].map(() => new Float64Array(n)) as [Float64Array, Float64Array, Float64Array, Float64Array];
  splitIncrements(h, q, dW, I, rng, w, wa, ia, wb, ib);
  const a = q * h;
  const b = h - a;
  const mean = (x: Float64Array): number => x.reduce((s, v) => s + v, 0) / n;
  const cov = (x: Float64Array, y: Float64Array): number => {
    const mx = mean(x);
    const my = mean(y);
    let s = 0;
    for (let i = 0; i < n; i++) s += (x[i]! - mx) * (y[i]! - my);
    return s / (n - 1);
  };
  // a sample variance of n normals has relative standard error √(2/n) = 0.7%; 4% is > 5 SE
  const close = (got: number, want: number, what: string): void => {
    assert.ok(Math.abs(got - want) < 0.04 * want, `${what}: ${String(got)} vs ${String(want)}`);
  };
  close(cov(wa, wa), a, 'Var ΔW_a');
  close(cov(ia, ia), a ** 3 / 3, 'Var I_a');
  close(cov(wa, ia), a ** 2 / 2, 'Cov(ΔW_a, I_a)');
  close(cov(wb, wb), b, 'Var ΔW_b');
  close(cov(ib, ib), b ** 3 / 3, 'Var I_b');
  // independence of the parts: the correlation of ΔW_a and ΔW_b within 4/√n
  assert.ok(Math.abs(cov(wa, wb)) / Math.sqrt(a * b) < 4 / Math.sqrt(n));
  assert.ok(Math.abs(cov(ia, ib)) / Math.sqrt((a ** 3 / 3) * (b ** 3 / 3)) < 4 / Math.sqrt(n));
});
