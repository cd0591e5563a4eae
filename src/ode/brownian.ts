/**
 * Brownian increments over one step, drawn exactly from their joint Gaussian law: for a step of
 * length `h`, `ΔW = √h ξ₁` and `I_(1,0) = ∫_0^h W(s) ds = h^{3/2} (ξ₁/2 + ξ₂/(2√3))` with independent
 * standard normals ξ₁, ξ₂ (Kloeden–Platen 1992, §10.4: Var I_(1,0) = h³/3, Cov(ΔW, I_(1,0)) = h²/2).
 * This is the pair (ΔW, ΔZ) of DifferentialEquations.jl's SRA methods with ΔZ = √h ξ₂.
 */

/** A source of standard normal draws (e.g. a seeded generator's `normal`). */
export interface BrownianSource {
  normal(): number;
}

const INV_SQRT3 = 1 / Math.sqrt(3);

/**
 * Writes one step's increments for every component into `dW` and `chi = I_(1,0)/h`, drawing two
 * normals per component in the order (ξ₁, ξ₂) of component 0, then 1, …: the path is a function of
 * the source and the step grid only. Allocation-free.
 */
export function brownianIncrements(h: number, source: BrownianSource, dW: Float64Array, chi: Float64Array): void {
  const s = Math.sqrt(h);
  for (let i = 0; i < dW.length; i++) {
    const w = s * source.normal();
    const z = s * source.normal();
    dW[i] = w;
    chi[i] = 0.5 * (w + z * INV_SQRT3);
  }
}
