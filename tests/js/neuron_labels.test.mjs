// activity/js/neuron_labels.js: the find-neuron index's labels, choices and matching recordings,
// on a small index in the shape of GET /activity/api/data/find_neuron/ (expected answers by hand).
import assert from "node:assert/strict";
import { test } from "node:test";

import { importStatic } from "./static.mjs";

const { choiceKeys, labelChoices, labelKey, labelName, matchingRecordings } = await importStatic("activity/js/neuron_labels.js");

const INDEX = {
  class: { AVA: [["x", "l"], ["x", "r"]], RMD: [["d", "l"]], DVA: [["x", "x"]] },
  match: {
    AVA_l_x: { rec1: [3], rec2: [7] },
    AVA_r_x: { rec1: [4] },
    RMD_l_d: { rec1: [9], rec3: [1] },
    DVA_x_x: { rec2: [2] },
  },
};

test("names and keys of a label", () => {
  assert.equal(labelKey("AVA", "l", "x"), "AVA_l_x");
  assert.deepEqual([labelName("AVA", "l", "x"), labelName("RMD", "l", "d"), labelName("DVA", "x", "x"), labelName("RMD", "n", "v")],
    ["AVAL", "RMDDL", "DVA", "RMDV"]);
});

test("one choice per label, and 'any' for a class with several", () => {
  assert.deepEqual(labelChoices(INDEX).map((c) => [c.value, c.name]), [
    ["c:AVA", "AVA (any)"], ["k:AVA_l_x", "AVAL"], ["k:AVA_r_x", "AVAR"], ["k:RMD_l_d", "RMDDL"], ["k:DVA_x_x", "DVA"],
  ]);
  assert.deepEqual(choiceKeys("c:AVA", INDEX), ["AVA_l_x", "AVA_r_x"]);
  assert.deepEqual(choiceKeys("k:RMD_l_d", INDEX), ["RMD_l_d"]);
  assert.deepEqual(choiceKeys("c:NOPE", INDEX), []);
});

test("recordings that hold every choice, with the traces found in the choices' order", () => {
  assert.deepEqual(matchingRecordings(["c:AVA"], INDEX), {
    rec1: [{ name: "AVAL", idx: 3 }, { name: "AVAR", idx: 4 }], rec2: [{ name: "AVAL", idx: 7 }],
  });
  assert.deepEqual(matchingRecordings(["k:RMD_l_d", "c:AVA"], INDEX), {
    rec1: [{ name: "RMDDL", idx: 9 }, { name: "AVAL", idx: 3 }, { name: "AVAR", idx: 4 }],
  });
  assert.deepEqual(matchingRecordings(["k:DVA_x_x", "k:RMD_l_d"], INDEX), {});
  assert.deepEqual(matchingRecordings([], INDEX), {});
});
