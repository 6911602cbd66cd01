// What the explorer adds to a graph box's legend and citation line after box.refresh(): the
// neurotransmitter groups in place of the cell types when nodes are coloured by transmitter,
// and the entries and papers of the layers drawn (layers.js).

import { legendHTML } from "./graph_overlays.js";
import { TRANSMITTER_SOURCE, transmitterLegendHTML } from "./transmitters.js";

export function decorateLegend(box, { transmitters = null, layers = null } = {}) {
  const graph = box.graph;
  const legend = box.parts.legend;
  if (!graph.visibleNodes().length) return;
  if (transmitters) {
    const labels = graph.visibleNodes().map((n) => n.id());
    legend.innerHTML = transmitterLegendHTML(transmitters, labels) + legendHTML(new Set(), graph.kindsShown());
  }
  if (layers) legend.insertAdjacentHTML("beforeend", layers.legendHTML());
  const extra = [...(transmitters ? [TRANSMITTER_SOURCE] : []), ...(layers ? layers.citations().map((c) => `layer: ${c}`) : [])];
  if (extra.length) box.parts.watermark.textContent += `${box.parts.watermark.textContent ? "; " : ""}${extra.join("; ")}`;
}
