/**
 * Seeded random numbers. Uniforms come from pure-rand's xoroshiro128+ (53-bit doubles); Gaussians
 * from Marsaglia's polar method on them. A run's generator is derived from the scenario seed and
 * the run index by a SplitMix32-style hash, so draws do not depend on worker count or order.
 * @see G. Marsaglia, T. A. Bray, A convenient method for generating normal variables, SIAM Review 6 (1964).
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { initMessages } from './messages.js';

/** A 32-bit mix of two integers (SplitMix32 finaliser), so nearby seeds give unrelated streams. */
export function mixSeed(seed: number, stream = 0): number {
  let h = (Math.imul(seed | 0, 0x9e3779b9) ^ Math.imul((stream | 0) + 0x7f4a7c15, 0x85ebca6b)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** A seeded stream of uniform and Gaussian draws. */
export class Rng {
  private readonly gen;
  private spare: number | undefined;

  /** `seed`: any integer; `stream`: e.g. the run index of an ensemble. */
  constructor(
    readonly seed: number,
    readonly stream = 0,
  ) {
    if (!Number.isInteger(seed)) throw new RangeError(initMessages.seed(seed));
    this.gen = xoroshiro128plus(mixSeed(seed, stream));
    // the first outputs of xoroshiro128+ from a small seed are poorly mixed: discard a few
    for (let i = 0; i < 8; i++) this.gen.next();
  }

  /** Uniform on [0, 1). */
  uniform(): number {
    return uniformFloat64(this.gen);
  }

  /** Standard normal. */
  normal(): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return s;
    }
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const q = u * u + v * v;
      if (q > 0 && q < 1) {
        const f = Math.sqrt((-2 * Math.log(q)) / q);
        this.spare = v * f;
        return u * f;
      }
    }
  }

  /** `n` i.i.d. normals times `scale`. */
  normals(n: number, scale = 1): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = scale * this.normal();
    return out;
  }
}
