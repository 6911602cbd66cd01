// connectome/js/custom_csv.js: the positions and colours a user pastes as CSV on the explore page.
import assert from "node:assert/strict";
import { test } from "node:test";

import { importStatic } from "./static.mjs";

const { customCSV, decodeCustom, encodeCustom, parseCustomCSV } = await importStatic("connectome/js/custom_csv.js");

const LABELS = ["AVAL", "AVAR", "RIML"];

test("positions: name,x,y per line; blank lines and # comments skipped; what is not given is listed", () => {
  const { values, problems, missing } = parseCustomCSV("# my layout\nAVAL, 120, -40\n\n RIML,0,10.5 \n", "positions", LABELS);
  assert.deepEqual(values, { AVAL: { x: 120, y: -40 }, RIML: { x: 0, y: 10.5 } });
  assert.deepEqual(problems, []);
  assert.deepEqual(missing, ["AVAR"]);
});

test("colours: name,r,g,b or name,#rrggbb (or rrggbb), stored as #rrggbb", () => {
  const { values, problems } = parseCustomCSV("AVAL,255,128,0\nAVAR,#00FF7f\nRIML,0a0b0c", "colors", LABELS);
  assert.deepEqual(values, { AVAL: "#ff8000", AVAR: "#00ff7f", RIML: "#0a0b0c" });
  assert.deepEqual(problems, []);
});

test("each bad line is reported with its number and the rest is kept", () => {
  const text = ["AVAL,1", "AVAR,a,2", "XYZ,1,2", "RIML,1,2", "RIML,3,4", "AVAL,,2"].join("\n");
  const { values, problems } = parseCustomCSV(text, "positions", LABELS);
  assert.deepEqual(values, { RIML: { x: 1, y: 2 } });
  assert.deepEqual(problems, [
    'Line 1 (AVAL,1): expected 3 values like "AVAL,120,-40", got 2.',
    "Line 2 (AVAR,a,2): the values after the name must be numbers.",
    "Line 3 (XYZ,1,2): XYZ is not in the graph.",
    "Line 5 (RIML,3,4): RIML is given twice.",
    "Line 6 (AVAL,,2): the values after the name must be numbers.",
  ]);
});

test("colour channels are whole numbers from 0 to 255", () => {
  const { values, problems } = parseCustomCSV("AVAL,256,0,0\nAVAR,1.5,0,0\nRIML,-1,0,0", "colors", LABELS);
  assert.deepEqual(values, {});
  assert.equal(problems.length, 3);
  assert.ok(problems.every((p) => p.endsWith("colours are whole numbers from 0 to 255.")));
});

test("customCSV writes what parseCustomCSV reads", () => {
  const positions = { AVAL: { x: 120.4, y: -39.6 }, RIML: { x: 0, y: 10 } };
  const text = customCSV("positions", Object.entries(positions));
  assert.equal(text, "AVAL,120,-40\nRIML,0,10");
  assert.deepEqual(parseCustomCSV(text, "positions", LABELS).values, { AVAL: { x: 120, y: -40 }, RIML: { x: 0, y: 10 } });
  const colours = customCSV("colors", [["AVAL", "#ff8000"]]);
  assert.equal(colours, "AVAL,255,128,0");
  assert.deepEqual(parseCustomCSV(colours, "colors", LABELS).values, { AVAL: "#ff8000" });
});

test("the URL form round-trips and drops malformed items", () => {
  const positions = { AVAL: { x: 120, y: -40 }, RIML: { x: 0, y: 10 } };
  assert.equal(encodeCustom("positions", positions), "AVAL:120:-40,RIML:0:10");
  assert.deepEqual(decodeCustom("positions", "AVAL:120:-40,RIML:0:10"), positions);
  assert.equal(encodeCustom("colors", { AVAL: "#ff8000" }), "AVAL:ff8000");
  assert.deepEqual(decodeCustom("colors", "AVAL:FF8000,RIML:xyz,:00ff00,AVAR"), { AVAL: "#ff8000" });
  assert.deepEqual(decodeCustom("positions", "AVAL:1,RIML:a:2,AVAR::3,X:4:5"), { X: { x: 4, y: 5 } });
  assert.deepEqual(decodeCustom("positions", ""), {});
  assert.deepEqual(decodeCustom("colors", undefined), {});
});
