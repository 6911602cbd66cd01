// The compare page's edge table and the matrix page's views and CSV (pure modules).
import assert from "node:assert/strict";
import { test } from "node:test";

import { diffTable, tableRows } from "../../connectome/static/connectome/js/diff_table.js";
import { matrixTable, matrixView } from "../../connectome/static/connectome/js/matrix_data.js";

const EDGES = [
  { pre: "A", post: "B", type: "c", count_a: 4, count_b: 0, change: -4, fold: null, status: "only_in_a" },
  { pre: "A", post: "C", type: "e", count_a: 1, count_b: 5, change: 4, fold: 5, status: "stronger" },
  { pre: "B", post: "C", type: "c", count_a: 2, count_b: 3, change: 1, fold: 1.5, status: "unchanged" },
  { pre: "C", post: "A", type: "c", count_a: 0, count_b: 9, change: 9, fold: null, status: "only_in_b" },
];

test("rows filter by status and sort either way", () => {
  assert.deepEqual(tableRows(EDGES, { status: "stronger" }).map((e) => e.post), ["C"]);
  assert.deepEqual(tableRows(EDGES).map((e) => e.change), [9, -4, 4, 1]); // |change| descending, ties by name
  assert.deepEqual(tableRows(EDGES, { sort: "b" }).map((e) => e.count_b), [0, 3, 5, 9]);
  assert.deepEqual(tableRows(EDGES, { sort: "-a" }).map((e) => e.count_a), [4, 2, 1, 0]);
  assert.deepEqual(tableRows(EDGES, { sort: "fold" }).map((e) => e.status), ["only_in_a", "unchanged", "stronger", "only_in_b"]);
});

test("the diff table names each dataset's unit; rule and notes go to the provenance", () => {
  const answer = { a: "x", b: "y", normalize: false, totals: { x: 10, y: 20 }, units: { x: "synapses", y: "active-zone volume" },
    rule: "the rule", notes: ["a note"] };
  const table = diffTable(answer, EDGES.slice(0, 2));
  assert.deepEqual(table.header, ["pre", "post", "type", "x_synapses", "y_active-zone_volume", "change", "fold", "status"]);
  assert.deepEqual(table.rows, [["A", "B", "chemical", 4, 0, -4, "", "only_in_a"], ["A", "C", "gap_junction", 1, 5, 4, 5, "stronger"]]);
  assert.ok(table.what.includes("x in synapses, y in active-zone volume"));
  assert.deepEqual(table.extra, { totals: "x=10 synapses, y=20 active-zone volume", normalize: false, rule: "the rule", note_1: "a note" });
});

const MATRIX = {
  a: "x", b: "y", level: "neuron", order: "name", labels: ["P", "Q"], totals: { x: 10, y: 20 },
  units: { x: "synapses", y: "synapses" }, difference: "subtract", rule: "a - b of the synapse counts.",
  chemical: { a: [[0, 3], [1, 0]], b: [[0, 1], [1, 2]], difference: [[0, 2], [0, -2]] },
  gap: { a: [[0, 0], [0, 0]], b: [[0, 0], [0, 0]], difference: [[0, 0], [0, 0]] },
};

test("a difference view hovers both counts", () => {
  const view = matrixView(MATRIX, "chemical");
  assert.equal(view.diverging, true);
  assert.deepEqual(view.z, [[0, 2], [0, -2]]);
  assert.equal(view.hover[0][1], "P → Q<br>A: 3 synapses<br>B: 1 synapses<br>A − B: 2");
  const single = matrixView({ ...MATRIX, b: null }, "gap");
  assert.equal(single.hover[1][0], "Q — P<br>0 synapses");
});

test("the matrix table has a label header and one row per label (empty where null)", () => {
  const table = matrixTable(MATRIX, "chemical");
  assert.deepEqual(table.header, ["label", "P", "Q"]);
  assert.deepEqual(table.rows, [["P", 0, 2], ["Q", 0, -2]]);
  assert.equal(table.extra.rule, "a - b of the synapse counts.");
  assert.ok(table.what.includes("unit: synapses (A − B)"));
  const fold = { ...MATRIX, difference: "log2fold", chemical: { ...MATRIX.chemical, difference: [[null, 1], [0, null]] } };
  assert.deepEqual(matrixTable(fold, "chemical").rows, [["P", "", 1], ["Q", 0, ""]]);
});
