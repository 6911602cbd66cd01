// Cell types (spec 8.3) and the colours of the original WormWideWeb: a node gets one pie
// slice per type letter; muscles and other cells are drawn as solid rectangles.

import { minOf } from "./numbers.js";

export const CELL_TYPES = {
  s: { name: "Sensory neuron", color: "rgb(51,117,56)" },
  i: { name: "Interneuron", color: "rgb(148,203,236)" },
  m: { name: "Motor neuron", color: "rgb(126,41,84)" },
  n: { name: "Neuromodulative neuron", color: "rgb(220,205,125)" },
  b: { name: "Muscle", color: "rgb(75,75,75)" },
  u: { name: "Other cell", color: "rgb(210,210,210)" },
};

/** The known type letters of a code such as "i" or "sm" (["u"] when none). */
export function typeLetters(code) {
  const letters = [...new Set(code || "")].filter((c) => c in CELL_TYPES);
  return letters.length ? letters : ["u"];
}

export const typeNames = (letters) => letters.map((c) => CELL_TYPES[c].name).join(", ");

/** Relative luminance (0 dark .. 1 light) of "rgb(r,g,b)" or "#rrggbb". */
export function luminance(color) {
  const channels = color.startsWith("#")
    ? [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16))
    : color.match(/\d+/g).slice(0, 3).map(Number);
  const [r, g, b] = channels.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** White labels on dark fills, as in the original (darkest colour's luminance < 0.25). */
export const labelColor = (colors) => (minOf(colors.map(luminance)) < 0.25 ? "#ffffff" : "#111111");

/** Node data that draws a cell of these type letters: slice colours, shape, label colour. */
export function typeStyle(letters) {
  const colors = letters.map((c) => CELL_TYPES[c].color);
  const style = { labelColor: labelColor(colors), shape: letters.every((c) => c === "b" || c === "u") ? "round-rectangle" : "ellipse" };
  for (let i = 0; i < 4; i++) {
    style[`pie${i + 1}`] = colors[i] || colors[0];
    style[`pie${i + 1}Size`] = i < colors.length ? 100 / colors.length : 0;
  }
  return style;
}
