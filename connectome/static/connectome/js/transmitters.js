// Colour nodes by neurotransmitter (Wang et al. 2024, GET /connectome/api/neurotransmitters/):
// one pie slice per transmitter group of the cell (or of a class's cells), in the table's order.

import { fetchJSON } from "../../core/js/api.js";
import { escapeHTML } from "../../core/js/ui.js";
import { labelColor } from "../../core/js/cell_types.js";

export const TRANSMITTER_COLORS = {
  ACh: "#e6550d", Glu: "#3182bd", GABA: "#31a354", DA: "#d62728", "5-HT": "#9467bd",
  octopamine: "#8c564b", tyramine: "#e377c2", betaine: "#bcbd22", "other monoamine": "#17becf",
  unknown: "#7f7f7f",
};
export const NOT_LISTED = { label: "Not in Wang et al. 2024", color: "#ffffff" };
export const TRANSMITTER_SOURCE = "Neurotransmitters: Wang et al., 2024";

let table = null;

/** The table (fetched once per page). */
export async function loadTransmitters() {
  table ||= fetchJSON("/connectome/api/neurotransmitters/").catch((error) => {
    table = null;
    throw error;
  });
  return table;
}

/** The groups of a node label (a cell or a class), [] when the atlas does not list it. */
export const groupsOf = (answer, label) => (answer.cells[label] || answer.classes[label])?.groups || [];

/** Node data drawing these groups as pie slices (the same keys as cell_types.typeStyle). */
export function transmitterStyle(groups) {
  const colors = groups.length ? groups.slice(0, 4).map((g) => TRANSMITTER_COLORS[g]) : [NOT_LISTED.color];
  const style = { labelColor: labelColor(colors) };
  for (let i = 0; i < 4; i++) {
    style[`pie${i + 1}`] = colors[i] || colors[0];
    style[`pie${i + 1}Size`] = i < colors.length ? 100 / colors.length : 0;
  }
  return style;
}

/** {label: style} for every node label. */
export function transmitterColors(answer, labels) {
  return Object.fromEntries(labels.map((label) => [label, transmitterStyle(groupsOf(answer, label))]));
}

/** Legend entries of the groups shown, in legend order (and "not listed" if a node has none). */
export function transmitterLegendHTML(answer, labels) {
  const shown = new Set(labels.flatMap((label) => groupsOf(answer, label).slice(0, 4)));
  const items = answer.groups.filter((g) => shown.has(g)).map((g) => [g, TRANSMITTER_COLORS[g]]);
  if (labels.some((label) => !groupsOf(answer, label).length)) items.push([NOT_LISTED.label, NOT_LISTED.color]);
  return items.map(([label, color]) =>
    `<span class="legend-item" data-transmitter="${escapeHTML(label)}"><span class="legend-swatch" style="background:${color}"></span>${escapeHTML(label)}</span>`).join("");
}

/**
 * Colour a graph box's nodes by neurotransmitter and put the groups in its legend (call after
 * box.refresh()); a failure is shown by onError(text) and leaves the cell-type colours. When
 * wanted() says no once the table is there (the user chose another colour meanwhile), nothing is painted.
 */
export async function paintTransmitters(box, { onError, wanted = () => true } = {}) {
  let answer;
  try {
    answer = await loadTransmitters();
  } catch (error) {
    if (wanted()) onError?.(`Could not load the neurotransmitters: ${error.message}`);
    return;
  }
  if (!wanted()) return;
  const graph = box.graph;
  graph.colorBy("transmitter", transmitterColors(answer, graph.cy.nodes().map((n) => n.id())));
  const labels = graph.visibleNodes().map((n) => n.id());
  if (!labels.length) return;
  const legend = box.parts.legend;
  legend.querySelectorAll(".legend-swatch").forEach((s) => s.closest(".legend-item").remove());
  legend.insertAdjacentHTML("afterbegin", transmitterLegendHTML(answer, labels));
  const watermark = box.parts.watermark;
  if (!watermark.textContent.includes(TRANSMITTER_SOURCE)) {
    watermark.textContent += `${watermark.textContent ? "; " : ""}${TRANSMITTER_SOURCE}`;
  }
}

/** The options of a "Neuron colour" select that every graph page offers. */
export const COLOUR_OPTIONS = { type: "By cell type", transmitter: "By neurotransmitter (Wang 2024)" };
