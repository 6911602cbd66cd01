// What is drawn over a graph: the legend, the citation watermark and the details of a tapped
// edge. Shared by every page that shows a connectome graph.

import { escapeHTML } from "../../core/js/ui.js";
import { CELL_TYPES } from "../../core/js/cell_types.js";
import { EDGE_KINDS } from "./graph.js";

const EDGE_COLORS = { c: "#222222", e: "#8a8a8a" };

/** Legend entries for the cell types and edge kinds shown: {label, color, kind}. */
export function legendItems(types, kinds = new Set(["c", "e"])) {
  const cells = Object.entries(CELL_TYPES)
    .filter(([letter]) => types.has(letter))
    .map(([letter, t]) => ({ label: t.name, color: t.color, kind: "bu".includes(letter) ? "square" : "circle" }));
  const edges = Object.entries(EDGE_KINDS)
    .filter(([kind]) => kinds.has(kind))
    .map(([kind, label]) => ({ label: kind === "c" ? "Chemical synapse" : label, color: EDGE_COLORS[kind], kind: "edge" }));
  return [...cells, ...edges];
}

/** The HTML legend drawn over a graph. */
export function legendHTML(types, kinds) {
  return legendItems(types, kinds).map(({ label, color, kind }) => {
    const mark = kind === "edge"
      ? `<span class="legend-line" style="background:${color}"></span>`
      : `<span class="legend-swatch ${kind}" style="background:${color}"></span>`;
    return `<span class="legend-item">${mark}${escapeHTML(label)}</span>`;
  }).join("");
}

/** "Connectome data: <citations>" for the datasets shown, sorted and without repeats. */
export function citationText(datasetIds, datasets) {
  const cited = new Set();
  for (const d of datasets) if (datasetIds.includes(d.id)) d.citation.forEach((c) => cited.add(c));
  return cited.size ? `Connectome data: ${[...cited].sort().join("; ")}` : "";
}

/** The details of an edge: its kind, total count and the count in each dataset. */
export function edgeInfoHTML(edge, datasetIds, datasets) {
  if (edge.info) return edge.info; // a layer's edge describes itself (layers.js)
  const names = Object.fromEntries(datasets.map((d) => [d.id, d.name]));
  const units = Object.fromEntries(datasets.map((d) => [d.id, d.unit || "synapses"]));
  const arrow = edge.type === "c" ? "→" : "—";
  // A dataset weighted by volume (the dauer) says so; its number is never in n= (get-edges `count`).
  const rows = datasetIds.map((id, i) =>
    `<tr><td>${escapeHTML(names[id] || id)}</td><td class="text-end fw-semibold">${edge.listCount[i]}${units[id] === "synapses" ? "" : ` <span class="fw-normal text-secondary">(${escapeHTML(units[id])})</span>`}</td></tr>`);
  return `<div class="fw-semibold mb-1" data-role="edge-title">${escapeHTML(edge.source)} ${arrow} ${escapeHTML(edge.target)}</div>
    <div class="mb-1" data-role="edge-total">${EDGE_KINDS[edge.type]}, n=${edge.count}</div>
    <table class="table table-sm table-borderless mb-0 small edge-counts"><tbody>${rows.join("")}</tbody></table>`;
}
