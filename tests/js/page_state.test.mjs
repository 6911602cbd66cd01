// core/js/page_state.js: a page's state in its URL (and the last view in localStorage), with
// location, history and localStorage stood in for the browser's.
import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";

import { importStatic } from "./static.mjs";

const { flag, flagValue, loadState, numberIn, saveState, splitList } = await importStatic("core/js/page_state.js");

const DEFAULTS = { ds: "white_1986_whole", n: "", gap: "1", layout: "concentric" };
let storage;

function at(url) {
  globalThis.location = new URL(url);
}

beforeEach(() => {
  storage = new Map();
  globalThis.localStorage = {
    getItem: (k) => (storage.has(k) ? storage.get(k) : null),
    setItem: (k, v) => storage.set(k, String(v)),
  };
  globalThis.history = { replaceState: (_state, _title, url) => at(new URL(url, location.href).href) };
  at("https://example.org/connectome/explore/");
});

test("no state in the URL and nothing remembered: the defaults", () => {
  assert.deepEqual(loadState("explore", DEFAULTS), DEFAULTS);
});

test("the URL's values win over the defaults; unknown parameters are ignored", () => {
  at("https://example.org/connectome/explore/?ds=cook_jarrell_2019_h&n=AVAL,RIML&utm=x");
  assert.deepEqual(loadState("explore", DEFAULTS), { ...DEFAULTS, ds: "cook_jarrell_2019_h", n: "AVAL,RIML" });
});

test("saveState writes only what differs from the defaults, with readable commas and colons", () => {
  saveState("explore", { ...DEFAULTS, n: "AVAL,RIML", layout: "custom", pos: "AVAL:0:10" }, DEFAULTS);
  assert.equal(location.search, "?n=AVAL,RIML&layout=custom&pos=AVAL:0:10");
  saveState("explore", DEFAULTS, DEFAULTS);
  assert.equal(location.search, "");
  assert.equal(location.pathname, "/connectome/explore/");
});

test("a saved view comes back when the URL has no state of the page, not when it has", () => {
  saveState("explore", { ...DEFAULTS, n: "AVA", gap: "3" }, DEFAULTS);
  at("https://example.org/connectome/explore/");
  assert.deepEqual(loadState("explore", DEFAULTS), { ...DEFAULTS, n: "AVA", gap: "3" });
  at("https://example.org/connectome/explore/?n=RIM");
  assert.deepEqual(loadState("explore", DEFAULTS), { ...DEFAULTS, n: "RIM" });
  assert.deepEqual(loadState("path", { start: "", end: "" }), { start: "", end: "" }); // per page
});

test("values with characters that need escaping survive the round trip", () => {
  saveState("explore", { ...DEFAULTS, n: "A&B=C D" }, DEFAULTS);
  const url = location.href;
  at(url);
  assert.equal(loadState("explore", DEFAULTS).n, "A&B=C D");
});

test("a browser that refuses storage still keeps the state in the URL", () => {
  globalThis.localStorage = { getItem: () => { throw new Error("denied"); }, setItem: () => { throw new Error("denied"); } };
  saveState("explore", { ...DEFAULTS, n: "AVA" }, DEFAULTS);
  assert.equal(location.search, "?n=AVA");
  at("https://example.org/connectome/explore/");
  assert.deepEqual(loadState("explore", DEFAULTS), DEFAULTS);
});

test("lists, flags and numbers read from the URL", () => {
  assert.deepEqual(splitList(" AVAL, RIML ,,AIY "), ["AVAL", "RIML", "AIY"]);
  assert.deepEqual(splitList(""), []);
  assert.deepEqual([flag("1"), flag("true"), flag("0"), flag("")], [true, true, false, false]);
  assert.deepEqual([flagValue(true), flagValue(false)], ["1", "0"]);
  assert.equal(numberIn("7", 1, 5, 3), 5);
  assert.equal(numberIn("-2", 1, 5, 3), 1);
  assert.equal(numberIn("2.5", 1, 5, 3), 2.5);
  assert.equal(numberIn("abc", 1, 5, 3), 3);
  assert.equal(numberIn(NaN, 1, 5, 3), 3);
});
