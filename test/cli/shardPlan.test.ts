/** The shard assignment and the run records: a partition of the tasks that balances every cell, and lines that keep every double exact. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pipelineMessages } from '../../src/pipeline/messages.js';
import { parseRecordLine, recordLine } from '../../src/pipeline/runRecord.js';
import { parseShard, shardTasks } from '../../src/pipeline/shardPlan.js';
import type { RunResult } from '../../src/checks/runResult.js';

const grid = (cells: number, runs: number): { cell: number; run: number }[] =>
  Array.from({ length: cells * runs }, (_, k) => ({ cell: Math.floor(k / runs), run: k % runs }));

test('shardTasks(tasks, I/N) partitions the tasks: every (cell, run) in exactly one shard', () => {
  for (const [cells, runs] of [
    [1, 1],
    [3, 7],
    [5, 4],
    [1, 200],
    [12, 1],
  ] as const)
    for (let n = 1; n <= 9; n++) {
      const tasks = grid(cells, runs);
      const seen = new Map<string, number>();
      for (let i = 0; i < n; i++)
        for (const t of shardTasks(tasks, { index: i, count: n })) seen.set(`${t.cell}/${t.run}`, (seen.get(`${t.cell}/${t.run}`) ?? 0) + 1);
      assert.equal(seen.size, tasks.length, `${cells}×${runs} in ${n}`);
      assert.ok([...seen.values()].every((c) => c === 1));
    }
});

test('shardTasks balances each cell: a shard holds ⌊R/N⌋ or ⌈R/N⌉ runs of every cell of R runs, and totals differ by at most 1', () => {
  for (const [cells, runs] of [
    [3, 7],
    [4, 10],
    [2, 3],
  ] as const)
    for (let n = 1; n <= 8; n++) {
      const tasks = grid(cells, runs);
      const totals: number[] = [];
      for (let i = 0; i < n; i++) {
        const mine = shardTasks(tasks, { index: i, count: n });
        totals.push(mine.length);
        for (let c = 0; c < cells; c++) {
          const k = mine.filter((t) => t.cell === c).length;
          assert.ok(k === Math.floor(runs / n) || k === Math.ceil(runs / n), `cell ${c} has ${k} runs in shard ${i}/${n}`);
        }
      }
      assert.ok(Math.max(...totals) - Math.min(...totals) <= 1, String(totals));
    }
});

test("parseShard reads I/N with 0 ≤ I < N and refuses anything else with the flag's message", () => {
  assert.deepEqual(parseShard('3/4'), { index: 3, count: 4 });
  assert.deepEqual(parseShard('0/1'), { index: 0, count: 1 });
  for (const bad of ['4/4', '1/0', '-1/3', '1', 'a/b', '1/2/3', ''])
    assert.throws(
      () => parseShard(bad),
      (e: Error) => e.message === pipelineMessages.badShard(bad),
    );
});

const result = (rows: Record<string, number>[]): RunResult => ({
  cell: 1,
  run: 2,
  status: 'success',
  message: 'a "quoted" message\nwith a newline',
  time: 'upstairs',
  depth: Infinity,
  rows,
  stats: { nfev: 10, njev: 0, naccepted: 3, nrejected: 1, wallMs: 1.25 },
  method: 'dopri5',
});

test('a record line gives back every double bit for bit: NaN, ±Infinity, −0, subnormals, 0.1 + 0.2', () => {
  const values = [NaN, Infinity, -Infinity, -0, 0, 5e-324, 2.2250738585072014e-308, 0.1 + 0.2, 1 / 3, -1.7976931348623157e308, 123456789012345680000];
  const rows = values.map((v, i) => ({ t: i, loss: v }));
  const line = recordLine(result(rows));
  assert.ok(line.endsWith('\n') && !line.slice(0, -1).includes('\n'), 'one line');
  const back = parseRecordLine(line.slice(0, -1))!;
  assert.equal(back.depth, Infinity);
  assert.equal(back.message, result([]).message);
  back.rows.forEach((r, i) => {
    assert.ok(Object.is(r.loss, values[i]), `${String(values[i])} came back as ${String(r.loss)}`);
  });
});

test('a record line cut short or altered is not a record', () => {
  const line = recordLine(result([{ t: 0, loss: 0.5 }])).slice(0, -1);
  assert.ok(parseRecordLine(line));
  for (let cut = 1; cut < line.length; cut += 7) assert.equal(parseRecordLine(line.slice(0, cut)), undefined, `cut at ${cut}`);
  assert.equal(parseRecordLine(line.replace('0.5', '0.6')), undefined);
});
