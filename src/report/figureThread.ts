/**
 * Worker threads that draw figures, one per core up to four, so that a scenario's figures are drawn
 * in parallel (`render.ts`, `renderFigures`). Each imports Vega-Lite, Vega and resvg as soon as it
 * starts: `startFigureThreads` (the CLI calls it as `run` begins) lets the ~0.3 s imports run on the
 * other cores while the main thread still loads, solves and checks. The threads are kept for the
 * process and hold its event loop open only while they have work. From dist/ they import the one-file
 * bundle of both (`vegaLibs.ts`), which loads in about a third of the time. They run a few lines of plain
 * JavaScript given as text (`eval`), so they start the same from dist/ and from the TypeScript
 * sources under tsx (where they import the PNG encoder through tsx). A figure's SVG and PNG are drawn with `renderSvg`'s and `renderPng`'s steps;
 * gradflow's specs use no clip paths or gradients (whose ids Vega numbers per process), so the
 * bytes do not depend on which thread draws which figure (test/report/figureThread.test.ts).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TopLevelSpec } from 'vega-lite';

const require = createRequire(import.meta.url);

/** A thread: `{ spec, scale }` → `{ svg, png }` (PNG at `scale` × the SVG's size), or `{ error }`. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const libs = workerData.bundle
  ? import(workerData.bundle).then((m) => [m.vl, m.vega])
  : Promise.all([import(workerData.vegaLite), import(workerData.vega)]);
// SVG → PNG is gradflow's raster.ts: from the TypeScript sources, through tsx
const raster = (workerData.tsx ? import(workerData.tsx).then((m) => m.register()) : Promise.resolve())
  .then(() => import(workerData.raster))
  .then((m) => (m.loadResvg(), m));
libs.catch(() => {}); // a failed import is reported by the first figure
raster.catch(() => {});
parentPort.on('message', async ({ spec, scale }) => {
  try {
    const [[vl, vega], { svgToPng }] = await Promise.all([libs, raster]);
    const compiled = vl.compile(spec).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
    const svg = await view.toSVG();
    view.finalize();
    const png = svgToPng(svg, scale);
    parentPort.postMessage({ svg, png });
  } catch (err) {
    parentPort.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
});
`;

/** A figure's SVG and PNG. */
export interface DrawnFigure {
  readonly svg: string;
  readonly png: Buffer;
}

interface Thread {
  readonly worker: Worker;
  /** The figure it is drawing (one at a time). */
  job?: { resolve(f: DrawnFigure): void; reject(err: Error): void } | undefined;
}

const threads: Thread[] = [];
const waiting: { spec: TopLevelSpec; scale: number; resolve(f: DrawnFigure): void; reject(err: Error): void }[] = [];

const cores = (): number => (typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);

/** How many figure threads `startFigureThreads` starts: one per core, at most four; none on one core (figures are then drawn in turn on the main thread). */
export const figureThreadCount = (): number => (cores() > 1 ? Math.min(cores(), 4) : 0);

/** The built bundle of Vega-Lite and Vega (`vegaLibs.ts`) when there is one (dist/), else undefined (the TypeScript sources). */
export function vegaBundle(): string | undefined {
  // through ../report/, so that it holds from dist/bundle/ too (the CLI's one-file build)
  const url = new URL('../report/vegaLibs.bundle.js', import.meta.url);
  return existsSync(url) ? url.href : undefined;
}

/** The module that turns SVG into PNG (`raster.ts`), and tsx's API when it is TypeScript (the sources under tsx). */
function rasterModule(): { raster: string; tsx?: string } {
  const fromSources = import.meta.url.endsWith('.ts');
  // through ../report/, so that it holds from dist/bundle/ too
  const raster = new URL(`../report/raster.${fromSources ? 'ts' : 'js'}`, import.meta.url).href;
  return fromSources ? { raster, tsx: import.meta.resolve('tsx/esm/api') } : { raster };
}

function spawn(): Thread {
  const resolved = (m: string): string => pathToFileURL(require.resolve(m)).href;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      bundle: vegaBundle(),
      vegaLite: resolved('vega-lite'),
      vega: resolved('vega'),
      ...rasterModule(),
    },
    execArgv: [],
  });
  const t: Thread = { worker };
  const settle = (): NonNullable<Thread['job']> | undefined => {
    const job = t.job;
    t.job = undefined;
    return job;
  };
  worker.on('message', (msg: { svg?: string; png?: Uint8Array; error?: string }) => {
    const job = settle();
    if (msg.svg !== undefined && msg.png !== undefined)
      job?.resolve({ svg: msg.svg, png: Buffer.from(msg.png.buffer, msg.png.byteOffset, msg.png.byteLength) });
    else job?.reject(new Error(`figure thread: ${msg.error ?? 'unknown error'}`));
    feed(t);
  });
  const gone = (err: Error): void => {
    const i = threads.indexOf(t);
    if (i >= 0) threads.splice(i, 1);
    settle()?.reject(err);
    // figures nobody can draw any more fail with the same error
    if (threads.length === 0) for (const w of waiting.splice(0)) w.reject(err);
  };
  worker.on('error', gone);
  worker.on('exit', (code) => {
    gone(new Error(`a figure thread stopped (exit code ${String(code)})`));
  });
  worker.unref(); // after the listeners: adding a 'message' listener refs the worker again
  threads.push(t);
  return t;
}

/** Hands `t` the next waiting figure, if it is free. */
function feed(t: Thread): void {
  if (t.job) return;
  const next = waiting.shift();
  if (!next) {
    t.worker.unref();
    return;
  }
  t.job = next;
  t.worker.ref();
  t.worker.postMessage({ spec: next.spec, scale: next.scale });
}

/** Starts the figure threads (and their imports of Vega) now, up to `figureThreadCount()`. */
export function startFigureThreads(): void {
  while (threads.length < figureThreadCount()) spawn();
}

/** A figure's SVG (as `renderSvg` draws it) and PNG (as `renderPng` draws that SVG at `scale`), drawn on a figure thread. */
export function drawOnThread(spec: TopLevelSpec, scale: number): Promise<DrawnFigure> {
  startFigureThreads();
  return new Promise<DrawnFigure>((resolve, reject) => {
    waiting.push({ spec, scale, resolve, reject });
    for (const t of threads) feed(t);
  });
}
