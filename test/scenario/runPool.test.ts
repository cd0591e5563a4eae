/**
 * The run pool shared by a command's scenarios: tasks of two scenarios submitted at once come back
 * bit for bit as the in-process runner computes them (a run's seed depends only on scenario seed,
 * cell and run), and stopping one scenario leaves the other's runs untouched.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseScenario } from '../../src/experiment/resolve.js';
import { RunPool } from '../../src/experiment/runPool.js';
import { runScenario } from '../../src/experiment/runner.js';

const load = (file: string, runs: number) => {
  const l = parseScenario(readFileSync(`scenarios/${file}`, 'utf8'), `scenarios/${file}`, [`ensemble.runs=${String(runs)}`]);
  return l.scenario;
};

test('two scenarios on one pool of 2 workers give the same runs, bit for bit, as each run in-process', async () => {
  const a = load('diagonal-2x2-ensemble.yaml', 3);
  const b = load('razin-cohen-2x2.yaml', 2);
  const pool = new RunPool(2);
  try {
    const [pa, pb] = await Promise.all([runScenario(a, { pool }), runScenario(b, { pool })]);
    const [sa, sb] = [await runScenario(a), await runScenario(b)];
    for (const [shared, alone] of [
      [pa, sa],
      [pb, sb],
    ] as const) {
      assert.equal(shared.results.length, alone.results.length);
      assert.ok(shared.results.length > 0);
      for (let i = 0; i < alone.results.length; i++) {
        // wall times differ; everything computed must not
        const strip = (r: (typeof alone.results)[number]) => ({ ...r, stats: { ...r.stats, wallMs: 0 } });
        assert.deepEqual(strip(shared.results[i]!), strip(alone.results[i]!));
      }
    }
  } finally {
    await pool.close();
  }
});

/**
 * `a` (`runs` runs of the 2×2 ensemble) and then `b` (two runs of Razin–Cohen) on one pool of two;
 * `a` is stopped by `stopWhen(done, abort)` from its progress. Returns both results.
 */
async function stopOne(runs: number, stopWhen: (done: number, abort: () => void) => void) {
  const a = load('diagonal-2x2-ensemble.yaml', runs);
  const b = load('razin-cohen-2x2.yaml', 2);
  const pool = new RunPool(2);
  const stop = new AbortController();
  try {
    const first = runScenario(a, {
      pool,
      signal: stop.signal,
      onProgress: (done) => {
        stopWhen(done, () => {
          stop.abort();
        });
      },
    });
    const [ra, rb] = await Promise.all([first, runScenario(b, { pool })]);
    assert.equal(ra.interrupted, true);
    assert.ok(ra.results.length < ra.cells.length * runs, `${String(ra.results.length)} runs`);
    assert.equal(rb.interrupted, false);
    assert.equal(rb.results.length, rb.cells.length * 2);
  } finally {
    await pool.close();
  }
}

test('stopping one scenario on a shared pool ends it as interrupted; the other finishes every run', async () => {
  await stopOne(40, (done, abort) => {
    if (done === 2) abort();
  });
});

test("a problem instance's baselines are computed once on a shared pool, by one worker, and its runs equal the in-process runs", async () => {
  // two instances (perRun) × three cells: six tasks, two baselines
  const text = readFileSync('scenarios/sensing-vs-nuclear-norm-alpha.yaml', 'utf8');
  const s = parseScenario(text, 'sensing-vs-nuclear-norm-alpha.yaml', ['ensemble.runs=2', 'sweep=[{"model.depth":[1,2,3],"init.scale":[0.1]}]']).scenario;
  const pool = new RunPool(2);
  try {
    const shared = await runScenario(s, { pool });
    assert.equal(pool.received, 2, 'each instance computed once');
    const alone = await runScenario(s);
    assert.equal(shared.results.length, 6);
    for (let i = 0; i < 6; i++) {
      const strip = (r: (typeof alone.results)[number]) => ({ ...r, stats: { ...r.stats, wallMs: 0 } });
      assert.deepEqual(strip(shared.results[i]!), strip(alone.results[i]!));
    }
  } finally {
    await pool.close();
  }
});

test('a scenario stopped while its runs hold every worker: the scenarios queued behind it still finish, on fresh workers', { timeout: 60_000 }, async () => {
  // after the first answer both workers are handed runs of `a` again; stopping then retires both
  await stopOne(200, (done, abort) => {
    if (done === 1) setImmediate(abort);
  });
});
