/**
 * DOP853: Dormand–Prince 8(5,3) with 7th-order dense output, as in Hairer's DOP853 and SciPy's
 * `dop853_coefficients.py` (coefficients read from there, not retyped from memory).
 * @see E. Hairer, S. P. Nørsett, G. Wanner, Solving ODEs I, 2nd ed., §II.10 (DOP853).
 * @see P. J. Prince, J. R. Dormand, "High order embedded Runge–Kutta formulae",
 *      J. Comput. Appl. Math. 7 (1981) 67–75.
 */
import { ExplicitRkStepper, type ExplicitMethod, type StepData } from './explicitRk.js';
import {
  bySize,
  combinationKernel,
  errorSumsKernel,
  nativeErrorSums,
  nativeStages,
  stageKernel,
  tableauKernels,
  trimmedRow,
  updateErrorKernel,
} from './linearCombination.js';
import type { Tolerances } from './norm.js';
import type { SolverDescription } from './method.js';
import { checkTableau, type ExplicitTableau } from './tableau.js';

const C: readonly number[] = [
  0.0, 0.526001519587677318785587544488e-1, 0.789002279381515978178381316732e-1, 0.11835034190722739672675719751, 0.28164965809277260327324280249,
  0.333333333333333333333333333333, 0.25, 0.307692307692307692307692307692, 0.651282051282051282051282051282, 0.6, 0.857142857142857142857142857142, 1.0,
  // FSAL stage (index 12) and the three extra dense-output stages (13..15)
  1.0, 0.1, 0.2, 0.777777777777777777777777777778,
];

/** Rows 0..15 of the extended tableau, each `[a_i0 .. a_i,i-1]` (zeros written out). */
const A: readonly (readonly number[])[] = [
  [],
  [5.26001519587677318785587544488e-2],
  [1.97250569845378994544595329183e-2, 5.91751709536136983633785987549e-2],
  [2.95875854768068491816892993775e-2, 0, 8.87627564304205475450678981324e-2],
  [2.41365134159266685502369798665e-1, 0, -8.84549479328286085344864962717e-1, 9.24834003261792003115737966543e-1],
  [3.7037037037037037037037037037e-2, 0, 0, 1.70828608729473871279604482173e-1, 1.25467687566822425016691814123e-1],
  [3.7109375e-2, 0, 0, 1.70252211019544039314978060272e-1, 6.02165389804559606850219397283e-2, -1.7578125e-2],
  [
    3.70920001185047927108779319836e-2, 0, 0, 1.70383925712239993810214054705e-1, 1.07262030446373284651809199168e-1, -1.53194377486244017527936158236e-2,
    8.27378916381402288758473766002e-3,
  ],
  [
    6.24110958716075717114429577812e-1, 0, 0, -3.36089262944694129406857109825, -8.68219346841726006818189891453e-1, 2.75920996994467083049415600797e1,
    2.01540675504778934086186788979e1, -4.34898841810699588477366255144e1,
  ],
  [
    4.77662536438264365890433908527e-1, 0, 0, -2.48811461997166764192642586468, -5.90290826836842996371446475743e-1, 2.12300514481811942347288949897e1,
    1.52792336328824235832596922938e1, -3.32882109689848629194453265587e1, -2.03312017085086261358222928593e-2,
  ],
  [
    -9.3714243008598732571704021658e-1, 0, 0, 5.18637242884406370830023853209, 1.09143734899672957818500254654, -8.14978701074692612513997267357,
    -1.85200656599969598641566180701e1, 2.27394870993505042818970056734e1, 2.49360555267965238987089396762, -3.0467644718982195003823669022,
  ],
  [
    2.27331014751653820792359768449, 0, 0, -1.05344954667372501984066689879e1, -2.00087205822486249909675718444, -1.79589318631187989172765950534e1,
    2.79488845294199600508499808837e1, -2.85899827713502369474065508674, -8.87285693353062954433549289258, 1.23605671757943030647266201528e1,
    6.43392746015763530355970484046e-1,
  ],
  // row 12: the weights b (the FSAL stage's arguments are the solution)
  [
    5.42937341165687622380535766363e-2, 0, 0, 0, 0, 4.45031289275240888144113950566, 1.89151789931450038304281599044, -5.8012039600105847814672114227,
    3.1116436695781989440891606237e-1, -1.52160949662516078556178806805e-1, 2.01365400804030348374776537501e-1, 4.47106157277725905176885569043e-2,
  ],
  [
    5.61675022830479523392909219681e-2, 0, 0, 0, 0, 0, 2.53500210216624811088794765333e-1, -2.46239037470802489917441475441e-1,
    -1.24191423263816360469010140626e-1, 1.5329179827876569731206322685e-1, 8.20105229563468988491666602057e-3, 7.56789766054569976138603589584e-3, -8.298e-3,
  ],
  [
    3.18346481635021405060768473261e-2, 0, 0, 0, 0, 2.83009096723667755288322961402e-2, 5.35419883074385676223797384372e-2, -5.49237485713909884646569340306e-2,
    0, 0, -1.08347328697249322858509316994e-4, 3.82571090835658412954920192323e-4, -3.40465008687404560802977114492e-4, 1.41312443674632500278074618366e-1,
  ],
  [
    -4.28896301583791923408573538692e-1, 0, 0, 0, 0, -4.69762141536116384314449447206, 7.68342119606259904184240953878, 4.06898981839711007970213554331,
    3.56727187455281109270669543021e-1, 0, 0, 0, -1.39902416515901462129418009734e-3, 2.9475147891527723389556272149, -9.15095847217987001081870187138,
  ],
];

export const DOP853: ExplicitTableau = Object.freeze({
  name: 'dop853',
  order: 8,
  errorOrder: 7,
  stages: 12,
  c: C.slice(0, 12),
  a: A.slice(0, 12),
  b: A[12]!,
});

/** Extra stages 13..15 for dense output: their nodes and rows (over `K_0..K_{i-1}`, `K_12` the FSAL stage). */
export const DOP853_EXTRA_C: readonly number[] = C.slice(13);
export const DOP853_EXTRA_A: readonly (readonly number[])[] = A.slice(13);

const B = A[12]!;
/** 5th-order error weights over `K_0..K_12`. */
export const DOP853_E5: readonly number[] = [
  0.1312004499419488073250102996e-1, 0, 0, 0, 0, -0.1225156446376204440720569753e1, -0.4957589496572501915214079952, 0.1664377182454986536961530415e1,
  -0.350328848749973681688648729, 0.3341791187130174790297318841, 0.8192320648511571246570742613e-1, -0.2235530786388629525884427845e-1, 0,
];
/** 3rd-order error weights over `K_0..K_12`: `b − bhh`. */
export const DOP853_E3: readonly number[] = [...B, 0].map((v, i) => {
  if (i === 0) return v - 0.244094488188976377952755905512;
  if (i === 8) return v - 0.733846688281611857341361741547;
  if (i === 11) return v - 0.220588235294117647058823529412e-1;
  return v;
});

/** Dense-output rows 3..6 (`F[3:] = h·D·K`, 4 × 16). */
export const DOP853_D: readonly (readonly number[])[] = [
  [
    -0.84289382761090128651353491142e1, 0, 0, 0, 0, 0.5667149535193777696253178359, -0.30689499459498916912797304727e1, 0.2384667656512069828772814968e1,
    0.21170345824450282767155149946e1, -0.8713915837779729920678990749, 0.2240437430260788275854177165e1, 0.6315787787694688181557024929,
    -0.889903364513333108206981174e-1, 0.18148505520854727256656404962e2, -0.91946323924783554000451984436e1, -0.44360363875948939664310572e1,
  ],
  [
    0.10427508642579134603413151009e2, 0, 0, 0, 0, 0.24228349177525818288430175319e3, 0.16520045171727028198505394887e3, -0.37454675472269020279518312152e3,
    -0.22113666853125306036270938578e2, 0.77334326684722638389603898808e1, -0.30674084731089398182061213626e2, -0.93321305264302278729567221706e1,
    0.15697238121770843886131091075e2, -0.31139403219565177677282850411e2, -0.93529243588444783865713862664e1, 0.3581684148639408375246589854e2,
  ],
  [
    0.19985053242002433820987653617e2, 0, 0, 0, 0, -0.38703730874935176555105901742e3, -0.18917813819516756882830838328e3, 0.52780815920542364900561016686e3,
    -0.11573902539959630126141871134e2, 0.68812326946963000169666922661e1, -0.1000605096691083840318386098e1, 0.7777137798053443209286926574,
    -0.27782057523535084065932004339e1, -0.60196695231264120758267380846e2, 0.84320405506677161018159903784e2, 0.1199229113618278932803513003e2,
  ],
  [
    -0.25693933462703749003312586129e2, 0, 0, 0, 0, -0.15418974869023643374053993627e3, -0.23152937917604549567536039109e3, 0.3576391179106141237828534991e3,
    0.93405324183624310003907691704e2, -0.37458323136451633156875139351e2, 0.10409964950896230045147246184e3, 0.29840293426660503123344363579e2,
    -0.43533456590011143754432175058e2, 0.963245539591882829483949506e2, -0.39177261675615439165231486172e2, -0.14972683625798562581422125276e3,
  ],
];

checkTableau(DOP853, [DOP853_E5, DOP853_E3]);
for (let i = 0; i < 3; i++) {
  const row = DOP853_EXTRA_A[i]!;
  const s = row.reduce((p, q) => p + q, 0);
  if (Math.abs(s - DOP853_EXTRA_C[i]!) > 1e-13) throw new Error(`dop853: extra row ${String(13 + i)} sums to ${String(s)}`);
}

/** The 5th- and 3rd-order estimates' sums of squares `Σ_i (Σ_j E_j K_j[i] / sc_i)²` in one pass. */
const errorSums = bySize((size) => errorSumsKernel([DOP853_E5, DOP853_E3], 'dop853 E5/E3', size));
const sums = new Float64Array(2);
/** `yNew = y + h Σ b_j K_j` and the same sums in one pass (neither estimate reads the FSAL stage). */
const updateError = bySize((size) => updateErrorKernel(B, [DOP853_E5, DOP853_E3], 'dop853', size));
/** The two estimates' weights for the native path (`nativeErrorSums`). */
const nativeWeights = [trimmedRow(DOP853_E5), trimmedRow(DOP853_E3)];
/** Hairer's combined norm `|h|·err5² / √((err5² + 0.01·err3²)·n)` from the sums in `sums`. */
function combinedNorm(h: number, dim: number): number {
  const e5sq = sums[0]!;
  const den = e5sq + 0.01 * sums[1]!;
  if (den === 0) return 0;
  return (Math.abs(h) * e5sq) / Math.sqrt(den * dim);
}
/** The extra stages' arguments. */
const extraStages = bySize((size) => DOP853_EXTRA_A.map((row, e) => stageKernel(row, `dop853 a[${String(13 + e)}]`, size)));
/** Dense rows 4..7: `h Σ_j D_rj K_j`, r = 0..3, in one pass. */
const denseRows = bySize((size) => combinationKernel(DOP853_D, 'dop853 D', size));

/** DOP853 as a method: Hairer's combined 5th/3rd-order error norm and the 7th-order dense output. */
export const dop853Method: ExplicitMethod = {
  tableau: DOP853,
  controller: { beta: 0 },
  stiffThreshold: 6.1,
  errorNorm(step: StepData, tol: Tolerances): number {
    const { Kflat, h, yOld, yNew, dim, blas } = step;
    if (!nativeErrorSums(blas, nativeWeights, sums, 1, Kflat, yOld, yNew, tol.atol, tol.rtol, dim))
      errorSums(dim)(sums, 1, Kflat, yOld, yNew, tol.atol, tol.rtol, dim);
    return combinedNorm(h, dim);
  },
  updateAndErrorNorm(step: StepData, tol: Tolerances): number {
    const { Kflat, h, yOld, yNew, dim, blas } = step;
    // native from NATIVE_STAGES_FROM unknowns: the update and the two estimates are dgemv calls
    if (nativeStages(dim, blas)) {
      tableauKernels(DOP853, dim, blas).update(yNew, yOld, h, Kflat, dim);
      nativeErrorSums(blas, nativeWeights, sums, 1, Kflat, yOld, yNew, tol.atol, tol.rtol, dim);
    } else updateError(dim)(sums, yNew, yOld, h, Kflat, tol.atol, tol.rtol, dim);
    return combinedNorm(h, dim);
  },
  dense: {
    nCoef: 8,
    extraStages: 3,
    fill(step: StepData, coef: Float64Array): void {
      const { K, Kflat, yOld, yNew, dim, h, t, f, work } = step;
      for (let e = 0; e < 3; e++) {
        extraStages(dim)[e]!(work, yOld, h, Kflat, dim);
        f(t + DOP853_EXTRA_C[e]! * h, work, K[13 + e]!);
      }
      const fOld = K[0]!;
      const fNew = K[12]!;
      coef.set(yOld, 0);
      for (let k = 0; k < dim; k++) {
        const dy = yNew[k]! - yOld[k]!;
        coef[dim + k] = dy;
        coef[2 * dim + k] = h * fOld[k]! - dy;
        coef[3 * dim + k] = 2 * dy - h * (fNew[k]! + fOld[k]!);
      }
      denseRows(dim)(coef, 4 * dim, h, Kflat, dim);
    },
    evaluate(theta: number, _h: number, coef: Float64Array, dim: number, out: Float64Array): void {
      const t1 = 1 - theta;
      for (let k = 0; k < dim; k++) {
        // Horner-like nesting over F6..F0 alternating θ and 1 − θ (Hairer's CONTD8)
        let v = coef[7 * dim + k]!;
        v = v * theta + coef[6 * dim + k]!;
        v = v * t1 + coef[5 * dim + k]!;
        v = v * theta + coef[4 * dim + k]!;
        v = v * t1 + coef[3 * dim + k]!;
        v = v * theta + coef[2 * dim + k]!;
        v = v * t1 + coef[dim + k]!;
        out[k] = coef[k]! + v * theta;
      }
    },
  },
};

/** The method `dop853`: DOP853 with Hairer's controller (β = 0), combined error norm and stiffness test. */
export const dop853: SolverDescription<'dop853'> = {
  name: 'dop853',
  order: DOP853.order,
  stiffness: 'non-stiff',
  dense: 'continuous-extension',
  needsLinearAlgebra: false,
  algorithm: {
    kind: 'stepper',
    start: (s) => new ExplicitRkStepper(dop853Method, s.ctx, s.t0, s.y0, { ...(s.h0 === undefined ? {} : { h0: s.h0 }), ...s.tuning.explicit }, s.f0),
  },
};
