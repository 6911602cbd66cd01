// The neuron page's small pictures, drawn as SVG: the worm seen from the side and from above
// (the 3D atlas, this neuron highlighted) and trend lines of counts through development.

import { escapeHTML } from "../../core/js/ui.js";
import { maxOf, minOf } from "../../core/js/numbers.js";

const SVG = "http://www.w3.org/2000/svg";

/**
 * The atlas positions {cell: [x, y, z, class]} (µm) projected side (x, y) and top (x, z);
 * `highlight` cells in red, `marked` cells in blue. Returns an <svg> element.
 */
export function wormPicture(positions, highlight, marked) {
  const cells = Object.entries(positions);
  const xs = cells.map(([, p]) => p[0]);
  const [x0, x1] = [Math.min(0, minOf(xs)), maxOf(xs)];
  const range = (k) => [minOf(cells.map(([, p]) => p[k])), maxOf(cells.map(([, p]) => p[k]))];
  const width = 860, margin = 30, panel = 90, gap = 26;
  const sx = (x) => margin + ((x - x0) / (x1 - x0)) * (width - 2 * margin);
  const panels = [{ k: 1, label: "side (x, y)" }, { k: 2, label: "top (x, z; left up)" }];
  const height = panels.length * (panel + gap) + 24;
  const parts = [];
  panels.forEach(({ k, label }, row) => {
    const [lo, hi] = range(k);
    const top = row * (panel + gap) + 16;
    const sy = (v) => top + panel - ((v - lo) / (hi - lo || 1)) * panel;
    parts.push(`<text x="${margin}" y="${top - 4}" class="worm-label">${label}</text>`);
    parts.push(`<rect x="${margin - 6}" y="${top - 2}" width="${width - 2 * margin + 12}" height="${panel + 4}" rx="40" class="worm-body"/>`);
    const dot = ([name, p], cls, r) => `<circle cx="${sx(p[0]).toFixed(1)}" cy="${sy(p[k]).toFixed(1)}" r="${r}" class="${cls}"><title>${escapeHTML(name)} (${p[0].toFixed(0)}, ${p[1].toFixed(0)}, ${p[2].toFixed(0)} µm)</title></circle>`;
    for (const cell of cells) if (!highlight.has(cell[0]) && !marked.has(cell[0])) parts.push(dot(cell, "worm-cell", 1.6));
    for (const cell of cells) if (marked.has(cell[0]) && !highlight.has(cell[0])) parts.push(dot(cell, "worm-partner", 3));
    for (const cell of cells) if (highlight.has(cell[0])) parts.push(dot(cell, "worm-self", 5));
  });
  const bottom = height - 6;
  for (let x = 0; x <= x1; x += 100) parts.push(`<text x="${sx(x)}" y="${bottom}" class="worm-tick">${x}</text>`);
  parts.push(`<text x="${width - margin}" y="10" class="worm-tick worm-end">anterior (left) → posterior, x in µm</text>`);
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", "Positions of the neurons in the 3D atlas, side and top views");
  svg.innerHTML = parts.join("");
  return svg;
}

/** A small trend line of `values` (null: not measured) over the stages, as SVG markup. */
export function sparkline(values, labels, width = 150, height = 30) {
  const max = Math.max(1, maxOf(values.filter((v) => v !== null)));
  const step = (width - 8) / Math.max(1, values.length - 1);
  const point = (v, i) => [4 + i * step, height - 4 - (v / max) * (height - 8)];
  const segments = [];
  let current = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (current.length) segments.push(current);
      current = [];
    } else current.push(point(v, i));
  });
  if (current.length) segments.push(current);
  const lines = segments.map((s) => `<polyline points="${s.map((p) => p.map((c) => c.toFixed(1)).join(",")).join(" ")}" class="spark-line"/>`);
  const dots = values.map((v, i) => (v === null ? "" : `<circle cx="${point(v, i)[0].toFixed(1)}" cy="${point(v, i)[1].toFixed(1)}" r="2" class="spark-dot"/>`));
  const title = values.map((v, i) => `${labels[i]}: ${v === null ? "not measured" : v}`).join("\n");
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" class="sparkline" role="img" aria-label="${escapeHTML(title)}"><title>${escapeHTML(title)}</title>${lines.join("")}${dots.join("")}</svg>`;
}
