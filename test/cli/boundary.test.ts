/**
 * The error boundary in-process: which error gets which exit code and text, and a run that throws
 * is kept as a result (status "error") so the other runs' results survive.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CommanderError } from 'commander';
import { InputError, reportError, UsageError } from '../../src/cli/boundary.js';
import { EXIT, worst } from '../../src/cli/exitCodes.js';
import { cliMessages } from '../../src/cli/messages.js';
import { OutputError } from '../../src/report/outputFolder.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { CRASHED, runScenario } from '../../src/experiment/runner.js';
import { scenarioSchema } from '../../src/scenario/schema.js';

const report = (err: unknown, debug = false): { code: number; text: string } => {
  let text = '';
  const code = reportError(err, debug, (s) => (text += s));
  return { code, text };
};

test('bad input is 2, usage 64 with the usage line, commander help 0 and its errors 64', () => {
  assert.deepEqual(report(new ScenarioError('a.yaml', [{ path: 'model.depth', message: 'Invalid input', where: 'a.yaml:3:9' }])), {
    code: 2,
    text: 'a.yaml:3:9: model.depth: Invalid input\n',
  });
  assert.deepEqual(report(new OutputError('--out: x exists and is not a folder')), { code: 2, text: '--out: x exists and is not a folder\n' });
  assert.equal(report(new InputError('no scenario files')).code, 2);
  assert.deepEqual(report(new UsageError('--workers: expected a positive integer, got "x"', 'gradflow run [options] <scenario...>')), {
    code: 64,
    text: `--workers: expected a positive integer, got "x"\n${cliMessages.usage('gradflow run [options] <scenario...>')}\n`,
  });
  assert.equal(report(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)')).code, 0);
  assert.equal(report(new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'")).code, 64);
});

test('anything else is an internal error: exit 70, one line saying it is a bug, the stack only with --debug', () => {
  const err = new TypeError('cannot read properties of undefined');
  const plain = report(err);
  assert.equal(plain.code, 70);
  assert.equal(plain.text, `${cliMessages.internal('TypeError: cannot read properties of undefined')}\n`);
  assert.doesNotMatch(plain.text, /\n\s+at /);
  const debug = report(err, true);
  assert.equal(debug.code, 70);
  assert.match(debug.text, /This is a bug in gradflow[\s\S]*\n\s+at /);
  assert.equal(report('a string thrown').code, 70);
});

test('exit codes combine by severity: 70 > 130 > 2 > 3 > 1 > 0', () => {
  assert.equal(worst([]), EXIT.ok);
  assert.equal(worst([EXIT.checkFailed, EXIT.numerical]), EXIT.numerical);
  assert.equal(worst([EXIT.numerical, EXIT.badInput, EXIT.checkFailed]), EXIT.badInput);
  assert.equal(worst([EXIT.badInput, EXIT.interrupted]), EXIT.interrupted);
  assert.equal(worst([EXIT.interrupted, EXIT.internal]), EXIT.internal);
});

// cell 1 (depth 3) lists one hidden width for two hidden layers: the load step would refuse it, so
// the scenario is parsed directly, and its runs throw inside runOne
const crashing = scenarioSchema.parse({
  id: 'crash',
  title: 'a cell whose runs throw',
  description: 'for the tests',
  energy: {
    kind: 'completion',
    shape: [2, 2],
    observed: [
      [1, 1, 1],
      [2, 2, 1],
    ],
  },
  model: { depth: 2, hidden: [2], parametrization: 'end-to-end' },
  init: { kind: 'balanced-random', scale: 0.1 },
  solver: { method: 'dopri5' },
  horizon: { t1: 1, save: { kind: 'uniform', n: 3 } },
  ensemble: { runs: 3, seed: 1 },
  sweep: { 'model.depth': [2, 3] },
});

for (const workers of [1, 2]) {
  test(`a run that throws is kept as status "error" with its message; the other runs finish (${String(workers)} worker${workers > 1 ? 's' : ''})`, async () => {
    const out = await runScenario(crashing, { workers });
    assert.equal(out.results.length, 6);
    for (const r of out.results.filter((x) => x.cell === 0)) {
      assert.equal(r.status, 'success');
      assert.equal(r.rows.length, 3);
    }
    for (const r of out.results.filter((x) => x.cell === 1)) {
      assert.equal(r.status, CRASHED);
      assert.match(r.message, /^the run threw: lists 1 widths; depth 3 has 2 hidden layers$/);
      assert.deepEqual(r.rows, []);
    }
  });
}
