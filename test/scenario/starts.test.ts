/** Paired starts across sweep cells, and ensembles from a file of explicit starts (.npy, .csv, .json). */
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { productOf } from '../../src/init/inits.js';
import { parseNpy } from '../../src/init/startsFile.js';
import { buildRun, widthsOf } from '../../src/experiment/runPlan.js';
import { cellsOf } from '../../src/experiment/resolveCells.js';
import { buildEnergy } from '../../src/experiment/scenarioEnergy.js';
import { loadScenario, parseScenario } from '../../src/experiment/resolve.js';
import { runOne } from '../../src/experiment/runOne.js';

const base = (init: string, ensemble: string, extra = ''): string => `
id: starts-test
title: t
description: d
energy: { kind: completion, shape: [2, 2], observed: [[1, 1, 1], [2, 2, 1]] }
model: { depth: 2, width: 2 }
init: ${init}
horizon: { t1: 1, save: { kind: uniform, n: 3 } }
ensemble: ${ensemble}
${extra}
`;

/** The end-to-end start of (cell, run): the product of the factors, or W(0) itself. */
function startOf(text: string, file: string, cell: number, run: number): Float64Array {
  const loaded = file.endsWith('.yaml') && !text ? loadScenario(file) : parseScenario(text, file);
  const c = cellsOf(loaded.scenario)[cell]!;
  const built = buildEnergy(c.scenario);
  const o = buildRun(c, run, built);
  return 'factors' in o.start ? productOf(widthsOf(c, built.energy), o.start.factors) : Float64Array.from(o.start.endToEnd);
}

const maxRel = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i]! - b[i]!));
    den = Math.max(den, Math.abs(b[i]!));
  }
  return num / den;
};

test('ensemble.paired: run i starts from the same W(0) in every depth of a sweep; unpaired cells differ', () => {
  const sweep = 'sweep: { model.depth: [2, 3, 5] }';
  const paired = base('{ kind: balanced-random, scale: 0.1 }', '{ runs: 3, seed: 5, paired: true }', sweep);
  const unpaired = base('{ kind: balanced-random, scale: 0.1 }', '{ runs: 3, seed: 5 }', sweep);
  for (let run = 0; run < 3; run++) {
    const W0 = startOf(paired, 'p.yaml', 0, run);
    for (const cell of [1, 2]) {
      // the same W(0), balanced into depth 3 and 5: the product reproduces it to rounding (~N ulps of the SVD)
      assert.ok(maxRel(startOf(paired, 'p.yaml', cell, run), W0) < 1e-14, `run ${String(run)}, cell ${String(cell)}`);
      assert.ok(maxRel(startOf(unpaired, 'u.yaml', cell, run), startOf(unpaired, 'u.yaml', 0, run)) > 1e-3, 'unpaired cells draw their own starts');
    }
    if (run > 0) assert.ok(maxRel(W0, startOf(paired, 'p.yaml', 0, 0)) > 1e-3, 'runs differ from each other');
    // cell 0 keeps the stream it had without pairing
    assert.deepEqual(startOf(paired, 'p.yaml', 0, run), startOf(unpaired, 'u.yaml', 0, run));
  }
  // gaussian factors: the same draws in the same order, so W_1 and W_2 coincide exactly at depths 2 and 3
  const g = parseScenario(base('{ kind: gaussian, scale: 0.1 }', '{ runs: 2, seed: 9, paired: true }', sweep), 'g.yaml');
  const cells = cellsOf(g.scenario);
  const f2 = buildRun(cells[0]!, 1).start as { factors: Float64Array[] };
  const f3 = buildRun(cells[1]!, 1).start as { factors: Float64Array[] };
  assert.deepEqual(f3.factors.slice(0, 2), f2.factors);
});

/** A .npy file, byte for byte (NEP 1, version 1.0): magic, version, header length, padded header dict, data. */
function npyBytes(shape: number[], data: number[], descr = '<f8', fortran = false): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const itemSize = descr.endsWith('4') ? 4 : 8;
  const out = new Uint8Array(10 + header.length + data.length * itemSize);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  data.forEach((v, i) => {
    if (itemSize === 8) view.setFloat64(10 + header.length + 8 * i, v, descr.startsWith('<'));
    else view.setFloat32(10 + header.length + 4 * i, v, true);
  });
  return out;
}

const STARTS = [
  [0.011, -0.002, 0.0035, 0.0071],
  [-0.0093, 0.0042, 0.0017, -0.0058],
  [0.0021, 0.0099, -0.0076, 0.0013],
];

test('init kind file: .npy (runs, m, n) and (runs, m·n), .csv and .json give the same starts, start for start; runs defaults to their number', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradflow-starts-'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data', 'w0.npy'), npyBytes([3, 2, 2], STARTS.flat()));
  writeFileSync(join(dir, 'data', 'flat.npy'), npyBytes([3, 4], STARTS.flat()));
  writeFileSync(join(dir, 'data', 'w0.csv'), '# one start per line, row-major\n' + STARTS.map((s) => s.join(',')).join('\n') + '\n');
  writeFileSync(
    join(dir, 'data', 'w0.json'),
    JSON.stringify(
      STARTS.map((s) => [
        [s[0], s[1]],
        [s[2], s[3]],
      ]),
    ),
  );
  for (const name of ['w0.npy', 'flat.npy', 'w0.csv', 'w0.json']) {
    for (const param of ['end-to-end', 'factors']) {
      const file = join(dir, `${name}-${param}.yaml`);
      writeFileSync(
        file,
        base(`{ kind: file, path: data/${name} }`, '{ seed: 1 }', '').replace(
          'model: { depth: 2, width: 2 }',
          `model: { depth: 2, width: 2, parametrization: ${param} }`,
        ),
      );
      const loaded = loadScenario(file);
      assert.equal(loaded.scenario.ensemble.runs, 3, `${name}: runs defaults to the number of starts`);
      for (let run = 0; run < 3; run++) {
        const W0 = startOf('', file, 0, run);
        // end-to-end: the file's numbers exactly; factors: balanced factors of them, whose product is W(0) to rounding
        if (param === 'end-to-end') assert.deepEqual(Array.from(W0), STARTS[run]);
        else assert.ok(maxRel(W0, STARTS[run]!) < 1e-14, `${name} run ${String(run)}`);
      }
    }
  }
  // a whole run from the file start
  const file = join(dir, 'w0.npy-factors.yaml');
  const loaded = loadScenario(file);
  const r = runOne(cellsOf(loaded.scenario)[0]!, 2);
  assert.ok(Math.abs(r.rows[0]!.w12! - STARTS[2]![1]!) < 1e-15);
  // runs given: at most the number of starts
  writeFileSync(join(dir, 'two.yaml'), base('{ kind: file, path: data/w0.csv }', '{ runs: 2 }', ''));
  assert.equal(loadScenario(join(dir, 'two.yaml')).scenario.ensemble.runs, 2);
  writeFileSync(join(dir, 'five.yaml'), base('{ kind: file, path: data/w0.csv }', '{ runs: 5 }', ''));
  assert.throws(() => loadScenario(join(dir, 'five.yaml')), /ensemble\.runs: asks for 5 runs; .*w0\.csv holds 3 starts/);
});

test('bad starts files are refused with the field, the file and what was expected', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradflow-starts-bad-'));
  const cases: [string, Uint8Array | string, RegExp][] = [
    ['f4.npy', npyBytes([1, 2, 2], [1, 0, 0, 1], '<f4'), /dtype '<f4'; expected little-endian float64 '<f8'/],
    ['be.npy', npyBytes([1, 2, 2], [1, 0, 0, 1], '>f8'), /dtype '>f8'/],
    ['fortran.npy', npyBytes([1, 2, 2], [1, 0, 0, 1], '<f8', true), /Fortran \(column-major\) order/],
    ['rank1.npy', npyBytes([4], [1, 0, 0, 1]), /shape \(4\); expected \(runs, m, n\) or \(runs, m·n\)/],
    ['short.npy', npyBytes([2, 2, 2], [1, 0, 0, 1]), /data holds 32 bytes; the header's shape needs 64/],
    ['shape.npy', npyBytes([1, 3, 3], [1, 0, 0, 0, 1, 0, 0, 0, 1]), /the starts are 3×3 matrices; the model's end-to-end matrix is 2×2/],
    ['entries.csv', '1,2,3\n4,5,6\n', /start 0 has 3 entries; the model's end-to-end matrix is 2×2 \(4 entries\)/],
    ['text.csv', '1,2,x,4\n', /line 1: "x" is not a number/],
    ['ragged.csv', '1,2,3,4\n1,2,3\n', /line 2 has 3 entries, line 1 of the data has 4/],
    ['bad.json', '{"a": 1}', /start 0 is neither a matrix/],
    ['notnpy.npy', 'hello world, not numpy', /not a NumPy \.npy file/],
    ['starts.txt', '1,0,0,1', /expected a \.npy, \.csv or \.json file/],
  ];
  for (const [name, content, message] of cases) {
    writeFileSync(join(dir, name), content);
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, base(`{ kind: file, path: ${name} }`, '{ seed: 1 }', ''));
    assert.throws(
      () => loadScenario(file),
      (err: Error) => {
        assert.match(err.message, /init\.path/, name);
        assert.match(err.message, message, name);
        assert.ok(err.message.includes(join(dir, name)), `${name}: names the file`);
        return true;
      },
    );
  }
  const missing = join(dir, 'missing.yaml');
  writeFileSync(missing, base('{ kind: file, path: nowhere.npy }', '{ seed: 1 }', ''));
  assert.throws(
    () => loadScenario(missing),
    /init\.path: there is no starts file .*nowhere\.npy \("nowhere\.npy", resolved against the scenario file's folder\)/,
  );
  // the reader on its own: version 2 headers (uint32 length) are read too
  const v1 = npyBytes([1, 2, 2], [1, 2, 3, 4]);
  const v2 = new Uint8Array(v1.length + 2);
  v2.set(v1.subarray(0, 8), 0);
  v2[6] = 2;
  new DataView(v2.buffer).setUint32(8, new DataView(v1.buffer).getUint16(8, true), true);
  v2.set(v1.subarray(10), 12);
  assert.deepEqual(Array.from(parseNpy(v2).starts[0]!), [1, 2, 3, 4]);
});
