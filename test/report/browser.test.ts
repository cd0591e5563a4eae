/**
 * After a run of every curated scenario, headless Chromium (Debian's, driven by playwright-core)
 * opens notebooks-out/index.html and every report.html from disk: every figure must be rendered
 * (an SVG with marks), with no console error and no network request; a screenshot of each is saved.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const out = mkdtempSync(path.join(os.tmpdir(), 'gradflow-reports-'));

test('every curated scenario passes its checks and writes its report (what npm start runs)', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'check', 'scenarios', '--quick', '--json', '--out', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout.slice(0, 4000) + r.stderr);
  const doc = JSON.parse(r.stdout) as { passed: boolean; scenarios: { id: string; checks: unknown[] }[] };
  assert.equal(doc.passed, true);
  assert.ok(doc.scenarios.length >= 9);
  for (const s of doc.scenarios) {
    assert.ok(s.checks.length >= 2, `${s.id} states at least two checks`);
    // landscape scenarios (kind: landscape) write their grid and minimisers instead of runs
    const landscape = existsSync(path.join(out, s.id, 'landscape.csv'));
    const files = landscape ? ['landscape.csv', 'minimisers.csv'] : ['summary.csv', 'trajectory.csv'];
    for (const f of ['checks.json', 'manifest.json', 'summary.json', 'report.html', ...files]) assert.ok(existsSync(path.join(out, s.id, f)), `${s.id}/${f}`);
  }
  assert.ok(existsSync(path.join(out, 'index.html')));
});

test('headless Chromium opens the index and every report offline: all figures drawn, no console error, no network request', async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium); .ci/run does`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    const network: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (req) => {
      const u = req.url();
      if (!u.startsWith('file:') && !u.startsWith('data:')) network.push(u);
    });
    await page.goto(pathToFileURL(path.join(out, 'index.html')).href);
    const ids = readdirSync(out).filter((d) => existsSync(path.join(out, d, 'report.html')));
    // page-side code as strings: the tests are compiled without the DOM library
    const cards = await page.evaluate<boolean[]>("Array.from(document.querySelectorAll('.card img')).map((i) => i.complete && i.naturalWidth > 0)");
    assert.equal(cards.length, ids.length, 'one thumbnail per report');
    assert.ok(cards.every(Boolean), 'every thumbnail loads');
    await page.screenshot({ path: path.join(out, 'index.png'), fullPage: true });
    for (const id of ids) {
      await page.goto(pathToFileURL(path.join(out, id, 'report.html')).href);
      const marks = await page.evaluate<number[]>(
        // a figure too large to inline (a landscape heatmap) is its PNG: counted as drawn when it loads
        "Array.from(document.querySelectorAll('figure .svg > svg, figure .svg > img')).map((s) => s.tagName === 'IMG' ? (s.complete && s.naturalWidth > 0 ? 1000 : 0) : s.querySelectorAll('path, line, rect, circle, text').length)",
      );
      const specs = readdirSync(path.join(out, id, 'figures')).filter((f) => f.endsWith('.vl.json')).length;
      assert.equal(marks.length, specs, `${id}: ${String(marks.length)} figures shown, ${String(specs)} specs written`);
      marks.forEach((n, k) => {
        assert.ok(n > 10, `${id}: figure ${String(k)} has ${String(n)} marks`);
      });
      const box = await page.evaluate<number>("document.querySelector('figure .svg > svg').getBoundingClientRect().width");
      assert.ok(box > 100, `${id}: the first figure is ${String(box)} px wide`);
      await page.screenshot({ path: path.join(out, `${id}.png`), fullPage: true });
    }
    assert.deepEqual(errors, [], 'console errors');
    assert.deepEqual(network, [], 'network requests');
  } finally {
    await browser.close();
  }
});
