/**
 * `gradflow slurm`: the batch scripts it writes, and a real one-node Slurm cluster started on this
 * machine (munged, slurmctld and slurmd as root, with their own key, socket, ports and state in a
 * temporary folder): a short ensemble submitted with `gradflow slurm --submit` as a 4-task array,
 * merged by the dependent job, is byte-identical to the same scenario run in one process. The test
 * stops the daemons it started, by their pid files.
 *
 * The cluster test runs once per CI run: it is skipped (saying so) under GRADFLOW_BLAS=js, CI's
 * second pass over the suite. With CI=true, a machine without Slurm or not root fails it; elsewhere
 * it is skipped with the reason.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { executeScenario } from '../../src/pipeline/execute.js';
import { arrayScript, mergeScript, shellQuote, type SlurmJob } from '../../src/pipeline/slurmScript.js';
import { loadScenario } from '../../src/experiment/resolve.js';
import { CLI, tmp } from './helpers.js';
import { assertSameOutputs, ensemble } from './shardScenario.js';

const job: SlurmJob = {
  id: 'ens',
  scenario: "/data/it's here/ens.yaml",
  out: '/scratch/out dir',
  shards: 4,
  partition: 'debug',
  time: '00:10:00',
  cpusPerTask: 2,
  gradflow: ['/usr/bin/node', '/opt/gradflow/bin/gradflow.js'],
  runArgs: ['--set', 'model.depth=3'],
  chdir: '/home/me',
  logs: '/scratch/out dir/ens.slurm/logs',
};

test('the array script runs shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT with the options given, every path quoted', () => {
  const s = arrayScript(job);
  const lines = s.split('\n');
  for (const l of [
    '#SBATCH --array=0-3',
    '#SBATCH --partition=debug',
    '#SBATCH --time=00:10:00',
    '#SBATCH --cpus-per-task=2',
    '#SBATCH --chdir=/home/me',
    "#SBATCH --output='/scratch/out dir/ens.slurm/logs/shard-%a.out'",
    `exec /usr/bin/node /opt/gradflow/bin/gradflow.js run '/data/it'\\''s here/ens.yaml' --shard "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT" --out '/scratch/out dir' --workers "\${SLURM_CPUS_PER_TASK:-1}" --quiet --set model.depth=3`,
  ])
    assert.ok(lines.includes(l), `missing: ${l}\n${s}`);
  const m = mergeScript(job);
  assert.ok(m.includes(`exec /usr/bin/node /opt/gradflow/bin/gradflow.js merge '/scratch/out dir/ens.shard-*-of-4' --out '/scratch/out dir' --quiet\n`), m);
  // bash reads both, and the quoted words come back as given
  const dir = tmp();
  for (const [name, text] of [
    ['a.sh', s],
    ['m.sh', m],
  ] as const) {
    writeFileSync(path.join(dir, name), text);
    assert.equal(spawnSync('bash', ['-n', path.join(dir, name)]).status, 0, name);
  }
  assert.equal(execFileSync('bash', ['-c', `printf %s ${shellQuote(job.scenario)}`], { encoding: 'utf8' }), job.scenario);
});

const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const missing = ['munged', 'mungekey', 'slurmctld', 'slurmd', 'sbatch', 'squeue', 'sinfo'].filter((c) => !has(c));
const why =
  process.env.GRADFLOW_BLAS === 'js'
    ? 'runs once per CI run, in the pass with the native backend (GRADFLOW_BLAS=js is the second pass)'
    : missing.length > 0
      ? `Slurm is not installed (no ${missing.join(', ')}; apt-get install slurm-wlm)`
      : process.getuid?.() !== 0
        ? 'starting slurmctld and slurmd needs root'
        : undefined;
const mustRun = process.env.CI === 'true' && process.env.GRADFLOW_BLAS !== 'js';

test('CI runs the Slurm test: Slurm is installed and the tests run as root', { skip: !mustRun }, () => {
  assert.equal(why, undefined, `the one-node Slurm test cannot run in CI: ${why ?? ''}`);
});

/** Polls `f` every 500 ms until it returns a value, at most `ms`. */
const until = async <T>(f: () => T | undefined, ms: number, what: () => string): Promise<T> => {
  const t0 = Date.now();
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() - t0 > ms) assert.fail(`timed out: ${what()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
};

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Stops the daemon whose pid file is `file` (SIGTERM, then SIGKILL after 15 s). */
const stop = async (file: string): Promise<void> => {
  if (!existsSync(file)) return;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!(pid > 1) || !alive(pid)) return;
  process.kill(pid, 'SIGTERM');
  const t0 = Date.now();
  while (alive(pid) && Date.now() - t0 < 15_000) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
};

test('on a one-node Slurm, gradflow slurm --submit (4 array tasks and a merge job) writes the same bytes as one run', { skip: why ?? false }, async () => {
  const t = tmp('gradflow-slurm-');
  const host = os.hostname();
  const conf = path.join(t, 'slurm.conf');
  const pid = (n: string): string => path.join(t, `${n}.pid`);
  const logs = (): string =>
    ['slurmctld.log', 'slurmd.log', 'munged.log']
      .map((f) => path.join(t, f))
      .concat(
        existsSync(path.join(t, 'out', 'ens.slurm', 'logs'))
          ? readdirSync(path.join(t, 'out', 'ens.slurm', 'logs')).map((f) => path.join(t, 'out', 'ens.slurm', 'logs', f))
          : [],
      )
      .filter((f) => existsSync(f))
      .map((f) => `--- ${f}\n${readFileSync(f, 'utf8').split('\n').slice(-15).join('\n')}`)
      .join('\n');
  mkdirSync(path.join(t, 'state'));
  mkdirSync(path.join(t, 'spool'));
  const env = { ...process.env, SLURM_CONF: conf };
  try {
    execFileSync('mungekey', ['-c', '-k', path.join(t, 'munge.key')]);
    const socket = path.join(t, 'munge.socket');
    execFileSync('munged', [
      '--force',
      `--socket=${socket}`,
      `--key-file=${path.join(t, 'munge.key')}`,
      `--log-file=${path.join(t, 'munged.log')}`,
      `--pid-file=${pid('munged')}`,
      `--seed-file=${path.join(t, 'munged.seed')}`,
    ]);
    writeFileSync(
      conf,
      [
        'ClusterName=gradflowtest',
        `SlurmctldHost=${host}`,
        'AuthType=auth/munge',
        'CredType=cred/munge',
        `AuthInfo=socket=${socket}`,
        'ProctrackType=proctrack/linuxproc',
        'TaskPlugin=task/none',
        'SelectType=select/cons_tres',
        'SlurmUser=root',
        'AccountingStorageType=accounting_storage/none',
        'JobCompType=jobcomp/none',
        'MpiDefault=none',
        'ReturnToService=2',
        // ports of their own, so that a Slurm already running on the machine is left alone
        'SlurmctldPort=16817',
        'SlurmdPort=16818',
        `StateSaveLocation=${path.join(t, 'state')}`,
        `SlurmdSpoolDir=${path.join(t, 'spool')}`,
        `SlurmctldPidFile=${pid('slurmctld')}`,
        `SlurmdPidFile=${pid('slurmd')}`,
        `SlurmctldLogFile=${path.join(t, 'slurmctld.log')}`,
        `SlurmdLogFile=${path.join(t, 'slurmd.log')}`,
        `NodeName=${host} CPUs=${String(os.availableParallelism())} State=UNKNOWN`,
        `PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
        '',
      ].join('\n'),
    );
    execFileSync('slurmctld', ['-f', conf], { env });
    execFileSync('slurmd', ['-f', conf], { env });
    await until(
      () => (spawnSync('sinfo', ['-h', '-o', '%T'], { env, encoding: 'utf8' }).stdout.trim() === 'idle' ? true : undefined),
      60_000,
      () => `the node is not idle\n${logs()}`,
    );
    const file = path.join(t, 'ens.yaml');
    writeFileSync(file, ensemble());
    const out = path.join(t, 'out');
    const r = spawnSync(process.execPath, [...CLI, 'slurm', file, '--shards', '4', '--out', out, '--time', '00:10:00', '--submit', '--json'], {
      env,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    const { jobs } = JSON.parse(r.stdout) as { jobs: { array: string; merge: string } };
    // wait until neither job is queued; a merge job whose dependency can never be met fails at once
    await until(
      () => {
        const q = spawnSync('squeue', ['-h', '-j', `${jobs.array},${jobs.merge}`, '-o', '%i %T %r'], { env, encoding: 'utf8' }).stdout.trim();
        if (q.includes('DependencyNeverSatisfied')) assert.fail(`an array task failed: ${q}\n${logs()}`);
        return q === '' ? true : undefined;
      },
      300_000,
      () => `the jobs did not finish\n${logs()}`,
    );
    const merged = path.join(out, 'ens');
    assert.ok(existsSync(path.join(merged, 'summary.csv')), `no merged folder\n${logs()}`);
    assert.deepEqual(
      readdirSync(out)
        .filter((n) => n.startsWith('ens.shard-'))
        .sort(),
      [0, 1, 2, 3].map((i) => `ens.shard-${String(i)}-of-4`),
    );
    const one = await executeScenario(loadScenario(file), path.join(t, 'one'), { workers: 1 });
    assertSameOutputs(one.out, merged);
  } finally {
    for (const d of ['slurmd', 'slurmctld', 'munged']) await stop(pid(d));
  }
});
