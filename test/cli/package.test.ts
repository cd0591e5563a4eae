/**
 * The published package end to end: `npm pack` (which cleans and rebuilds dist/), then an install
 * of the tarball with production dependencies only into an empty folder, where `npx gradflow check`
 * runs a curated scenario on worker threads and the library is imported, type-checked and run by a
 * consumer. tsx and TypeScript are devDependencies, so none of this may need them.
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'gradflow-pkg-'));
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** The environment without the `npm_*` variables of the `npm test` that started us (prefix, package, config). */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
const run = (cmd: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> => {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8' });
  if (r.error) throw r.error;
  return r;
};
const show = (r: SpawnSyncReturns<string>): string => `stdout:\n${r.stdout.slice(-4000)}\nstderr:\n${r.stderr.slice(-4000)}`;

const { version } = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string };
const app = path.join(tmp, 'app');

test('npm pack ships bin/ and dist/ holding exactly the compiled sources, without tests, benchmarks or the tsx worker boot', () => {
  const packed = path.join(tmp, 'pack');
  mkdirSync(packed);
  const r = run('npm', ['pack', '--json', '--pack-destination', packed], repo);
  assert.equal(r.status, 0, show(r));
  const [info] = JSON.parse(r.stdout) as { filename: string; files: { path: string; mode: number }[] }[];
  const files = new Set(info!.files.map((f) => f.path));
  assert.ok(existsSync(path.join(packed, info!.filename)), info!.filename);
  // the command is executable once installed
  assert.equal(info!.files.find((f) => f.path === 'bin/gradflow.js')!.mode & 0o111, 0o111);
  // every source file has its compiled module, declarations and maps...
  const sources = [...files].filter((f) => f.startsWith('src/') && f.endsWith('.ts'));
  assert.ok(sources.length > 50, `${String(sources.length)} sources packed`);
  for (const s of sources) {
    const stem = 'dist/' + s.slice('src/'.length, -'.ts'.length);
    for (const ext of ['.js', '.js.map', '.d.ts', '.d.ts.map']) assert.ok(files.has(stem + ext), `${stem + ext} is missing`);
  }
  // ...and dist/ holds nothing else: no test/ or bench/ output, no build info, no module left over
  // from a source since deleted or moved (npm pack rebuilds dist/ from scratch)
  // (besides esbuild's bundles of those modules: the CLI in dist/bundle/, which bin/gradflow.js runs,
  // and Vega-Lite with Vega for the figure threads; and the figure fonts' subsets, src/report/fontFiles.ts)
  const bundled = (f: string): boolean =>
    f.startsWith('dist/bundle/') || f === 'dist/report/vegaLibs.bundle.js' || /^dist\/fonts\/DejaVuSans[-A-Za-z]*\.ttf$/.test(f);
  for (const f of files) {
    if (!f.startsWith('dist/') || bundled(f)) continue;
    const source = 'src/' + f.slice('dist/'.length).replace(/\.(js|d\.ts)(\.map)?$/, '.ts');
    assert.ok(files.has(source), `${f} has no source ${source}`);
  }
  assert.ok(files.has('dist/bundle/main.js') && files.has('dist/report/vegaLibs.bundle.js'), 'the bundles are packed');
  for (const face of ['DejaVuSans', 'DejaVuSans-Bold', 'DejaVuSans-Oblique']) assert.ok(files.has(`dist/fonts/${face}.ttf`), `the subset of ${face} is packed`);
  for (const f of files) assert.match(f, /^(bin|dist|src)\/|^(package\.json|README\.md|LICENSE)$/, f);
  assert.ok(!files.has('src/experiment/workerBoot.mjs'), 'the tsx worker boot is for the sources only');

  // install the tarball, production dependencies only, into an empty folder; the folder is a git
  // repository of its own, whose commit the installed gradflow must not record as its own
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'gradflow-consumer', private: true }) + '\n');
  for (const args of [
    ['init', '-q'],
    ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', 'commit', '-q', '--allow-empty', '-m', 'consumer'],
  ]) {
    const g = run('git', args, app);
    assert.equal(g.status, 0, show(g));
  }
  const i = run('npm', ['install', path.join(packed, info!.filename), '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], app);
  assert.equal(i.status, 0, show(i));
  for (const dev of ['tsx', 'typescript', 'esbuild']) assert.ok(!existsSync(path.join(app, 'node_modules', dev)), `${dev} was installed`);
});

test('the installed `npx gradflow check` passes a curated scenario on 2 worker threads and writes its output folder', () => {
  assert.ok(existsSync(path.join(app, 'node_modules', 'gradflow')), 'the install test ran first');
  // four cells (depths 2, 3, 5, ∞) of one run each: with 2 workers the tasks go to worker threads
  copyFileSync(path.join(repo, 'scenarios', 'diagonal-2x2-identity.yaml'), path.join(app, 'identity.yaml'));
  const r = run('npx', ['--no', 'gradflow', 'check', 'identity.yaml', '--workers', '2', '--out', 'out', '--json'], app);
  assert.equal(r.status, 0, show(r));
  const doc = JSON.parse(r.stdout) as { passed: boolean; scenarios: { id: string; checks: { passed: boolean }[] }[] };
  assert.equal(doc.passed, true);
  assert.equal(doc.scenarios[0]!.id, 'diagonal-2x2-identity');
  assert.equal(doc.scenarios[0]!.checks.length, 3);
  const dir = path.join(app, 'out', 'diagonal-2x2-identity');
  assert.deepEqual(readdirSync(dir).sort(), [
    'checks.json',
    'figures',
    'manifest.json',
    'report.html',
    'report.ipynb',
    'summary.csv',
    'summary.json',
    'trajectory.csv',
  ]);
  // figures rendered to PNG (resvg's native binding and the DejaVu fonts came with the install)
  const pngs = readdirSync(path.join(dir, 'figures')).filter((f) => f.endsWith('.png'));
  assert.ok(pngs.length >= 1);
  for (const f of pngs)
    assert.ok(
      readFileSync(path.join(dir, 'figures', f))
        .subarray(1, 4)
        .equals(Buffer.from('PNG')),
      f,
    );
  // the summary holds one finished run per cell
  const summary = readFileSync(path.join(dir, 'summary.csv'), 'utf8').trim().split('\n');
  assert.equal(summary.length, 1 + 4);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { gradflow: string; commit?: string; runs: { status: string }[] };
  assert.equal(manifest.gradflow, version);
  assert.deepEqual(
    manifest.runs.map((x) => x.status),
    ['success', 'success', 'success', 'success'],
  );
  assert.equal(manifest.commit, undefined, 'the consumer repository commit is not gradflow commit');
});

test('the installed library imports by name, with its declarations: a consumer type-checks and solves y′ = −y', () => {
  assert.ok(existsSync(path.join(app, 'node_modules', 'gradflow')), 'the install test ran first');
  writeFileSync(
    path.join(app, 'consumer.mts'),
    `import { solve, type OdeSystem } from 'gradflow';
const decay: OdeSystem = { dim: 1, autonomous: true, rhs: (_t, y, dy) => { dy[0] = -y[0]!; } };
const s = solve(decay, 'dopri5', { t0: 0, t1: 1, y0: [1], rtol: 1e-10, atol: 1e-12 });
console.log(JSON.stringify({ status: s.status, y1: s.yFinal[0] }));
`,
  );
  // the repository's TypeScript compiles the consumer against the installed dist/index.d.ts
  const tsc = path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
  const c = run(
    process.execPath,
    [
      tsc,
      '--strict',
      '--module',
      'nodenext',
      '--target',
      'es2023',
      '--skipLibCheck',
      '--typeRoots',
      path.join(repo, 'node_modules', '@types'),
      '--types',
      'node',
      'consumer.mts',
    ],
    app,
  );
  assert.equal(c.status, 0, show(c));
  const r = run(process.execPath, ['consumer.mjs'], app);
  assert.equal(r.status, 0, show(r));
  const out = JSON.parse(r.stdout) as { status: string; y1: number };
  assert.equal(out.status, 'success');
  // rtol 1e-10 on a decaying O(1) solution: the global error is ~1e-10; 1e-8 leaves 100× margin,
  // while a wrong sign or rate would be off by O(1)
  assert.ok(Math.abs(out.y1 - Math.exp(-1)) < 1e-8, String(out.y1));
});
