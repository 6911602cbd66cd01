// core/js/numbers.js: min, max and extent by a loop, for arrays too large to spread into Math.min.
import assert from "node:assert/strict";
import { test } from "node:test";

import { importStatic } from "./static.mjs";

const { appendAll, extent, maxOf, minOf } = await importStatic("core/js/numbers.js");

const SMALL = [[3, -1, 2], [5], [], [0, -0.5, 1e-9], [-Infinity, 4], [2, NaN, 1], [null, 3], [undefined, 3], ["7", "10"]];

test("minOf and maxOf answer as Math.min and Math.max on small arrays", () => {
  for (const values of SMALL) {
    assert.equal(minOf(values), Math.min(...values), JSON.stringify(values));
    assert.equal(maxOf(values), Math.max(...values), JSON.stringify(values));
  }
});

test("minOf and maxOf on a recording-sized array that Math.min(...) cannot take", () => {
  const values = Float64Array.from({ length: 156_800 * 4 }, (_, i) => Math.sin(i * 0.37) * 10 + (i % 977) / 1000);
  assert.throws(() => Math.min(...values), RangeError); // the defect the module exists for
  const sorted = [...values].sort((a, b) => a - b);
  assert.equal(minOf(values), sorted[0]);
  assert.equal(maxOf(values), sorted[sorted.length - 1]);
});

test("extent skips what is not a finite number and says null when nothing is left", () => {
  assert.deepEqual(extent([3, null, -2, undefined, NaN, 7, Infinity]), [-2, 7]);
  assert.deepEqual(extent([4]), [4, 4]);
  assert.equal(extent([]), null);
  assert.equal(extent([null, NaN]), null);
});

test("extent of several arrays (every plotted neuron's trace)", () => {
  const traces = Array.from({ length: 98 }, (_, n) => Array.from({ length: 1600 }, (_, t) => (t === 5 ? null : n * 0.01 + Math.cos(t + n))));
  const flat = traces.flat().filter((v) => v !== null);
  const sorted = [...flat].sort((a, b) => a - b);
  assert.deepEqual(extent(traces, { nested: true }), [sorted[0], sorted[sorted.length - 1]]);
  assert.equal(extent([[], [null]], { nested: true }), null);
});

test("appendAll appends in order without the argument limit", () => {
  const target = [1];
  const items = Array.from({ length: 300_000 }, (_, i) => i);
  assert.equal(appendAll(target, items), target);
  assert.equal(target.length, 300_001);
  assert.deepEqual(target.slice(0, 3), [1, 0, 1]);
  assert.equal(target[300_000], 299_999);
});
