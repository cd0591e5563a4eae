/**
 * Vega-Lite and Vega in one module. `npm run build` bundles this file with esbuild into
 * `dist/report/vegaLibs.bundle.js`: one file loads in about 60 ms, where the two packages' own
 * module graphs take about 150 ms, and every figure thread pays that at its start (`figureThread.ts`).
 * The bundle is the same code, so the figures are the same bytes (test/report/figureThread.test.ts
 * compares the threads' drawings with `renderSvg`'s). From the TypeScript sources (tests, tsx) there
 * is no bundle and the packages load as they are.
 */
export * as vl from 'vega-lite';
export * as vega from 'vega';
