/**
 * Adaptive SRA1 for additive noise with rejection sampling with memory (RSwM, Rackauckas–Nie 2017,
 * Algorithm 1): a step is accepted when the RMS over components of
 * `e_i / (atol + rtol·max(|y_i|, |y⁺_i|))` is at most 1, where `e` is SRA1's difference to
 * Euler–Maruyama on the same increments (`sra1`'s `localError`). A rejected step keeps its
 * increments: the shorter step's increments are drawn from the exact bridge of (ΔW, I_(1,0))
 * (`splitIncrements`) and the remainder is stacked for the steps that follow, so rejections do not
 * bias the Brownian path. The new step is `h·min(5, max(0.2, 0.9·err^(−2/3)))` (the estimate is of
 * local order 1.5 in h), at most `dt`, and ends on every save time. What this does not give: a bound
 * on the global error — the estimate is local, random, and of Euler–Maruyama's error.
 */
import { BridgeWorkspace, splitIncrements } from './brownianBridge.js';
import { errorScale } from './errorScale.js';
import { messages } from './messages.js';
import { SavedPath, saveTimes } from './savedPath.js';
import type { SdeOptions, SdeSolution, SdeStatus } from './sdeSolve.js';
import type { AdditiveSde } from './sdeTypes.js';
import { sra1 } from './sra1.js';

/** Options of `solveSdeAdaptive`: `dt` is the first and the largest step. */
export interface AdaptiveSdeOptions extends SdeOptions {
  readonly rtol: number;
  readonly atol: number;
}

/** A stacked future increment: where it ends (it starts where the path is), and per component ΔW and I_(1,0). */
interface Segment {
  end: number;
  readonly dW: Float64Array;
  readonly I: Float64Array;
}

/** Integrates `sde` by adaptive SRA1 with RSwM. */
export function solveSdeAdaptive(sde: AdditiveSde, o: AdaptiveSdeOptions): SdeSolution {
  const started = performance.now();
  const n = sde.dim;
  if (o.y0.length !== n) throw new RangeError(messages.badDimension('y0', n, o.y0.length));
  if (!(o.t1 > o.t0) || !Number.isFinite(o.t1) || !Number.isFinite(o.t0)) throw new RangeError(messages.sdeSpan(o.t0, o.t1));
  if (!(o.dt > 0) || !Number.isFinite(o.dt)) throw new RangeError(messages.sdeStep(o.dt));
  if (!(o.rtol >= 0 && o.atol > 0 && Number.isFinite(o.rtol) && Number.isFinite(o.atol))) throw new RangeError(messages.sdeTolerance(o.rtol, o.atol));
  const span = o.t1 - o.t0;
  const save = o.saveAt ?? { kind: 'uniform', n: 2 };
  // save: steps records every accepted step (and t0, t1)
  const everyStep = save.kind === 'steps';
  const times = saveTimes(save, o.t0, o.t1, (m) => {
    throw new RangeError(m);
  }) ?? [o.t0, o.t1];
  const stepper = sra1(sde);
  const err = stepper.localError!;
  const maxSteps = o.maxSteps ?? 100_000;
  const bridge = new BridgeWorkspace();
  // the stack of future increments (a pool that grows only when rejections nest deeper than before)
  const pool: Segment[] = [];
  let depth = 0;
  const segment = (k: number): Segment => {
    while (pool.length <= k) pool.push({ end: 0, dW: new Float64Array(n), I: new Float64Array(n) });
    return pool[k]!;
  };
  const cur: Segment = { end: 0, dW: new Float64Array(n), I: new Float64Array(n) };
  const chi = new Float64Array(n);
  let y = Float64Array.from(o.y0);
  let next = new Float64Array(n);
  const path = new SavedPath(times, 1);
  let t = o.t0;
  path.start(t, y);
  let h = Math.min(o.dt, span);
  let attempts = 0;
  let accepted = 0;
  let rejected = 0;
  let status: SdeStatus = 'success';
  for (let target = path.pending; target !== undefined; target = path.pending) {
    if (o.signal?.aborted) {
      status = 'interrupted';
      break;
    }
    if (attempts >= maxSteps) {
      status = 'max-steps';
      break;
    }
    const room = target - t;
    const want = Math.min(h, o.dt, room);
    if (want <= 16 * Number.EPSILON * Math.max(1, Math.abs(t))) {
      status = 'step-size-underflow';
      break;
    }
    // the next increments: the top of the stack (whole, or split at `want`), else fresh ones
    // ends are kept as times, not lengths, so that the stacked pieces of a step end exactly where it did
    const end = want === room ? target : t + want;
    if (depth === 0) {
      cur.end = end;
      const s = Math.sqrt(want);
      for (let i = 0; i < n; i++) {
        const w = s * o.source.normal();
        const z = s * o.source.normal();
        cur.dW[i] = w;
        cur.I[i] = want * 0.5 * (w + z / Math.sqrt(3));
      }
    } else {
      const top = pool[depth - 1]!;
      if (top.end - t <= want * (1 + 1e-12)) {
        cur.end = top.end;
        cur.dW.set(top.dW);
        cur.I.set(top.I);
        depth--;
      } else {
        splitIncrements(top.end - t, want / (top.end - t), top.dW, top.I, o.source, bridge, cur.dW, cur.I, top.dW, top.I);
        cur.end = end;
      }
    }
    const hs = cur.end - t;
    for (let i = 0; i < n; i++) chi[i] = cur.I[i]! / hs;
    stepper.step(t, hs, y, cur.dW, chi, next);
    attempts++;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      sum += (err[i]! / errorScale(o.atol, o.rtol, y[i]!, next[i]!)) ** 2;
    }
    const e = Math.sqrt(sum / n);
    const fac = Number.isFinite(e) ? (e === 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 * e ** (-2 / 3)))) : 0.2;
    if (e <= 1) {
      accepted++;
      [y, next] = [next, y];
      t = cur.end;
      if (t === target) path.advance(t, y);
      else if (everyStep) path.save(t, y);
      h = hs * fac;
    } else {
      // keep the rejected increments: they are the path; the shorter step takes the bridge to them
      rejected++;
      const s = segment(depth);
      s.end = cur.end;
      s.dW.set(cur.dW);
      s.I.set(cur.I);
      depth++;
      h = hs * Math.min(fac, 0.9);
    }
  }
  const message =
    status === 'success'
      ? messages.success(o.t1)
      : status === 'max-steps'
        ? messages.sdeMaxSteps(maxSteps, t)
        : status === 'step-size-underflow'
          ? messages.underflow(t, h)
          : messages.interrupted(t);
  return {
    method: 'sra1-adaptive',
    status,
    message,
    t: Float64Array.from(path.ts),
    y: path.ys,
    stats: { nfev: 2 * attempts, njev: 0, nlu: 0, nsteps: attempts, naccepted: accepted, nrejected: rejected, wallMs: performance.now() - started },
  };
}
