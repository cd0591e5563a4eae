/**
 * Loads the `odex` package (CommonJS) with the types gradflow relies on. odex 2.0.4 ships its `.ts`
 * source beside its `.js` entry, so letting tsc resolve it would type-check odex itself under our
 * strict settings (≈100 errors); requiring it through `createRequire` with the interface below avoids that.
 */
import { createRequire } from 'node:module';

/** odex's `Outcome` enum values. */
export const OdexOutcome = { Converged: 0, MaxStepsExceeded: 1, EarlyReturn: 2 } as const;

export type OdexDerivative = (x: number, y: number[]) => number[];
export type OdexOutput = (nr: number, xold: number, x: number, y: number[], dense?: (c: number, x: number) => number) => boolean | undefined;

export interface OdexSolver {
  maxSteps: number;
  initialStepSize: number;
  maxStepSize: number;
  maxExtrapolationColumns: number;
  denseOutput: boolean;
  relativeTolerance: number | number[];
  absoluteTolerance: number | number[];
  solve(
    f: OdexDerivative,
    x: number,
    y0: number[],
    xEnd: number,
    solOut?: OdexOutput,
  ): { y: number[]; outcome: number; nStep: number; nAccept: number; nReject: number; nEval: number };
}

export interface OdexModule {
  Solver: new (n: number) => OdexSolver;
}

const require = createRequire(import.meta.url);
export const odex = require('odex') as OdexModule;
