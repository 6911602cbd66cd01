// activity/js/replay_mapping.js: how the replay turns an answer into node and edge sizes and
// colours. Percentiles are checked against numpy.percentile (linear interpolation), whose
// answers are in the comments.
import assert from "node:assert/strict";
import { test } from "node:test";

import { importStatic } from "./static.mjs";

const {
  EDGE_MODES, NODE_MODES, edgeScale, edgeValue, nodeModes, nodeScale, nodeValue, percentile, timeLabel,
} = await importStatic("activity/js/replay_mapping.js");

const close = (a, b) => assert.ok(Math.abs(a - b) < 1e-9, `${a} != ${b}`);
const range = (n, from = 1) => Array.from({ length: n }, (_, i) => i + from);

test("percentile interpolates linearly between order statistics, as numpy does", () => {
  close(percentile(range(100), 0.05), 5.95); // np.percentile(np.arange(1, 101), 5)
  close(percentile(range(100), 0.95), 95.05);
  close(percentile([3, -1, 7, 2], 0.5), 2.5);
  close(percentile([0.5, -2, 1.5, 4, -3], 0.95), 3.5);
  close(percentile([NaN, 3, Infinity, 1], 0.5), 2); // only finite values count
  assert.equal(percentile([], 0.5), 0);
});

test("the node modes: the fixed ones and one correlation per behaviour channel", () => {
  const modes = nodeModes({ behavior: { traces: { v: { name: "Velocity" }, hc: { name: "Head curvature" } } } });
  assert.deepEqual(Object.keys(modes), [...Object.keys(NODE_MODES), "behavior_corr__v", "behavior_corr__hc"]);
  assert.equal(modes.behavior_corr__hc, "Correlation with head curvature");
  assert.deepEqual(nodeModes({}), NODE_MODES);
  assert.deepEqual(Object.keys(EDGE_MODES), ["count", "weighted_source", "source_only"]);
});

const NODE = {
  trace: [0.5, null, -2], has_activity: true, behavior_correlations: { v: -0.4 },
  degree_total_full: 12, degree_in_full: 5, degree_out_full: 7, pagerank_centrality: 0.01, eigenvector_centrality: 0.2,
};

test("a node's value: activity at the frame (0 where missing), correlations and whole-connectome metrics", () => {
  assert.equal(nodeValue(NODE, "activity", 0), 0.5);
  assert.equal(nodeValue(NODE, "activity", 1), 0);
  assert.equal(nodeValue(NODE, "activity", 2), -2);
  assert.equal(nodeValue(NODE, "behavior_corr__v", 2), -0.4);
  assert.equal(nodeValue(NODE, "behavior_corr__hc", 2), 0);
  assert.deepEqual(["degree_total", "degree_in", "degree_out", "pagerank", "eigenvector"].map((m) => nodeValue(NODE, m, 1)),
    [12, 5, 7, 0.01, 0.2]);
});

test("activity is scaled symmetrically around 0 by the 95th percentile of |activity| over every frame", () => {
  const nodes = [
    { has_activity: true, trace: range(50).map((v) => v / 10) }, // 0.1 .. 5
    { has_activity: true, trace: range(50).map((v) => -v / 10) }, // -0.1 .. -5
    { has_activity: false, trace: [100, 100] }, // connected, not recorded: not in the scale
  ];
  const scale = nodeScale(nodes, "activity");
  const top = 4.8; // np.percentile(np.abs(np.r_[np.arange(1, 51), -np.arange(1, 51)] / 10), 95)
  close(scale.max, top);
  close(scale.min, -top);
  close(scale.size(-top / 2), 0.5);
  assert.equal(scale.size(50), 1);
});

test("unsigned modes run from the 5th to the 95th percentile of the nodes' values", () => {
  const nodes = range(21, 0).map((d) => ({ ...NODE, degree_total_full: d })); // degrees 0..20
  const scale = nodeScale(nodes, "degree_total");
  close(scale.min, 1); // np.percentile(np.arange(21), 5)
  close(scale.max, 19);
  close(scale.size(10), 0.5);
  assert.equal(scale.size(0), 0);
  assert.equal(scale.size(40), 1);
  const flat = nodeScale([{ ...NODE }, { ...NODE }], "pagerank"); // all equal: a span of 1, not 0
  assert.deepEqual([flat.min, flat.max], [0.01, 1.01]);
});

test("edge values: the count, the source's |activity|, or both multiplied", () => {
  const activity = { AVAL: [1, -3], RIML: [0, 0] };
  const edge = { source: "AVAL", target: "RIML", weight: 4 };
  assert.equal(edgeValue(edge, "count", 1, (n) => activity[n]), 4);
  assert.equal(edgeValue(edge, "source_only", 1, (n) => activity[n]), 3);
  assert.equal(edgeValue(edge, "weighted_source", 1, (n) => activity[n]), 12);
  assert.equal(edgeValue({ ...edge, source: "AIY" }, "weighted_source", 0, (n) => activity[n]), 0); // no trace
  const counts = edgeScale(range(21, 0).map((w) => ({ source: "AVAL", weight: w })), "count", (n) => activity[n], 2);
  close(counts.min, 1);
  close(counts.max, 19);
});

test("time labels: minutes and seconds of a 0-based frame, and the 1-based frame", () => {
  assert.equal(timeLabel(0, 0.01), "00:00 (t=1)");
  assert.equal(timeLabel(100, 0.01), "01:00 (t=101)");
  assert.equal(timeLabel(1599, 0.6 / 60), "15:59 (t=1600)"); // 1599 x 0.6 s = 959.4 s
});
