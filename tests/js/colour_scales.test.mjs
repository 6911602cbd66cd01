// core/js/colour_scales.js and core/js/cell_types.js: scales, interpolation, luminance, type styles.
// Expected colours are worked out here from the stops' hex codes; luminances are the WCAG
// formula computed in Python (values in the comments).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { importStatic } from "./static.mjs";

const { CELL_TYPES, labelColor, luminance, typeLetters, typeNames, typeStyle } = await importStatic("core/js/cell_types.js");
const { SCALES, colourAt, plotlyScale, scaleGradient } = await importStatic("core/js/colour_scales.js");

const rgb = (hex) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(",")})`;

test("the scales are the ones README documents, each of valid #rrggbb stops", () => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const row = readme.split("\n").find((line) => line.includes("a name of `core/static/core/js/colour_scales.js`"));
  const documented = [...row.split("colour_scales.js`:")[1].split(")")[0].matchAll(/`(\w+)`/g)].map((m) => m[1]);
  assert.deepEqual(Object.keys(SCALES), documented);
  for (const [name, stops] of Object.entries(SCALES)) {
    assert.ok(stops.length >= 9, name);
    for (const stop of stops) assert.match(stop, /^#[0-9a-f]{6}$/, name);
  }
});

test("colourAt: the ends are the first and last stops, and values outside are clamped", () => {
  for (const [name, stops] of Object.entries(SCALES)) {
    assert.equal(colourAt(name, 0, 0, 1), rgb(stops[0]), name);
    assert.equal(colourAt(name, 1, 0, 1), rgb(stops[stops.length - 1]), name);
    assert.equal(colourAt(name, -5, 0, 1), rgb(stops[0]), name);
    assert.equal(colourAt(name, 12, 0, 1), rgb(stops[stops.length - 1]), name);
  }
});

test("colourAt: a value on a stop is that stop; halfway between two stops is their mean", () => {
  const stops = SCALES.Viridis; // 10 stops: stop k sits at k / 9
  assert.equal(colourAt("Viridis", 3, 0, 9), rgb(stops[3]));
  assert.equal(colourAt("Viridis", 30, 0, 90), rgb(stops[3])); // the span does not matter
  const [a, b] = [stops[4], stops[5]].map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
  assert.equal(colourAt("Viridis", 4.5, 0, 9), `rgb(${a.map((c, k) => Math.round((c + b[k]) / 2)).join(",")})`);
  assert.equal(colourAt("RdBu", 0, -1, 1), rgb(SCALES.RdBu[5])); // 11 stops: 0 on a diverging scale is its middle
});

test("colourAt: an empty span gives the top colour; an unknown scale is Viridis", () => {
  assert.equal(colourAt("Plasma", 3, 2, 2), rgb(SCALES.Plasma[SCALES.Plasma.length - 1]));
  assert.equal(colourAt("NoSuchScale", 0, 0, 1), rgb(SCALES.Viridis[0]));
});

test("plotlyScale spaces the stops evenly from 0 to 1", () => {
  const scale = plotlyScale("Greys");
  assert.deepEqual(scale.map(([p]) => p), SCALES.Greys.map((_, i) => i / (SCALES.Greys.length - 1)));
  assert.deepEqual(scale.map(([, c]) => c), SCALES.Greys);
  assert.deepEqual(plotlyScale("nope"), plotlyScale("Viridis"));
});

test("scaleGradient: a CSS gradient of 11 colours from the first stop to the last", () => {
  const gradient = scaleGradient("Blues", "to top");
  assert.ok(gradient.startsWith(`linear-gradient(to top, ${rgb(SCALES.Blues[0])}, `));
  assert.ok(gradient.endsWith(`, ${rgb(SCALES.Blues[SCALES.Blues.length - 1])})`));
  assert.equal(gradient.match(/rgb\(/g).length, 11);
});

test("luminance: WCAG relative luminance of hex and rgb() colours", () => {
  assert.equal(luminance("#ffffff"), 1);
  assert.equal(luminance("rgb(0,0,0)"), 0);
  assert.ok(Math.abs(luminance("#808080") - 0.21586050011389923) < 1e-12);
  assert.ok(Math.abs(luminance("rgb(255,0,0)") - 0.2126) < 1e-12);
  assert.ok(Math.abs(luminance(CELL_TYPES.s.color) - 0.1371191066714418) < 1e-12); // rgb(51,117,56)
  assert.ok(Math.abs(luminance("rgba(148, 203, 236, 0.5)") - 0.550639004057168) < 1e-12); // alpha ignored
});

test("labels are white on dark fills, dark on light ones (the darkest slice decides)", () => {
  assert.equal(labelColor([CELL_TYPES.m.color]), "#ffffff"); // luminance 0.067
  assert.equal(labelColor([CELL_TYPES.i.color]), "#111111"); // 0.551
  assert.equal(labelColor([CELL_TYPES.i.color, CELL_TYPES.s.color]), "#ffffff"); // 0.137 < 0.25
});

test("type letters, names and node styles", () => {
  assert.deepEqual(typeLetters("sm"), ["s", "m"]);
  assert.deepEqual(typeLetters("iix"), ["i"]);
  assert.deepEqual(typeLetters(""), ["u"]);
  assert.deepEqual(typeLetters(null), ["u"]);
  assert.equal(typeNames(["s", "i"]), "Sensory neuron, Interneuron");
  const style = typeStyle(["s", "i", "m"]);
  assert.equal(style.shape, "ellipse");
  assert.deepEqual([1, 2, 3, 4].map((k) => style[`pie${k}Size`]), [100 / 3, 100 / 3, 100 / 3, 0]);
  assert.deepEqual([1, 2, 3].map((k) => style[`pie${k}`]), [CELL_TYPES.s.color, CELL_TYPES.i.color, CELL_TYPES.m.color]);
  assert.equal(typeStyle(["b"]).shape, "round-rectangle");
  assert.equal(typeStyle(["b", "s"]).shape, "ellipse");
});
