/** Diagnostics at a state and comparisons of series. */
export { effectiveRank, spectrum, RANK_THRESHOLD, type SpectrumSummary } from './spectrum.js';
export { invariants, invariantDrift, gramMismatch } from './invariants.js';
export { layerSummary, type LayerSummary } from './layers.js';
export { errorDecomposition, teacherProjectors, nullInputBasis, nullInputNorm, type ErrorDecomposition } from './errorDecomposition.js';
export { logVolumeElement, logVolumeElementProduct, logVandermonde, logVandermondePowers, logPowerGap, entropy, freeEnergy } from './volume.js';
export { factorDeterminant, factorSpectrum, squareFactors, type FactorDeterminant, type FactorSpectrum } from './factorSpectrum.js';
export { maxRelativeDifference, maxAbsDifference } from './compare.js';
export { deficiencyMargin, deficiencyMarginOf } from './deficiencyMargin.js';
export { convergenceBound, convergenceRate } from './convergenceBound.js';
export { sensingOperator, entryOperator, type MeasurementOperator } from './measurementOperator.js';
export { minFrobenius } from './minFrobenius.js';
export { minNuclearNorm, type NuclearNormOptions, type NuclearNormResult } from './nuclearNorm.js';
export { analysisMessages } from './messages.js';
