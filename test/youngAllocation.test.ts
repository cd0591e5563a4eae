/**
 * The allocation counter the hot-path tests use (test/youngAllocation.ts), against allocations of
 * known size: the same count from a loop without collections and from one with hundreds of them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { youngBytesPerCall } from './youngAllocation.js';

let sink: unknown;
let k = 0;
const buffer = new Float64Array(4);
const allocates = (): void => {
  sink = { x: k++ };
};
const allocatesNothing = (): void => {
  buffer[k++ & 3] = k;
};

test('youngBytesPerCall counts an object per call the same with and without collections, and nothing where nothing is allocated', () => {
  for (let i = 0; i < 100_000; i++) {
    allocates();
    allocatesNothing();
  }
  // 1 000 calls of a small object fit in the young generation; 2 000 000 fill it hundreds of times
  // (32 bytes each were measured: 64 MB). The reading costs a fixed ~2.5 kB (the statistics' own
  // objects), 2.5 bytes per call over 1 000 calls and nothing over 2 000 000, so the two agree
  // within 3 bytes only if every collection's share is counted.
  const few = youngBytesPerCall(allocates, 1000);
  const many = youngBytesPerCall(allocates, 2_000_000);
  assert.ok(many >= 16, `an object with one field is at least a map, properties, elements and the field: ${many.toFixed(2)} bytes`);
  assert.ok(Math.abs(few - many) < 3, `without collections ${few.toFixed(2)}, across them ${many.toFixed(2)} bytes per call`);
  const none = youngBytesPerCall(allocatesNothing, 100_000);
  assert.ok(none < 0.1, `a store into a typed array: ${none.toFixed(3)} bytes per call`);
  assert.ok(sink !== undefined);
});
