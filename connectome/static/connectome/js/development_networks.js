// The development page's networks: one graph per stage (small multiples) and one graph that
// steps through the stages (time slider). Every graph puts a neuron at the same place; an edge
// is coloured by its synapse count at the stage, on the page's colour scale.

import { colourAt } from "../../core/js/colour_scales.js";

/**
 * Show the edges of one stage in a graph laid out like the others: an edge is drawn when one
 * of the stage's animals has at least chemicalMin synapses, with the width and colour of the
 * stage's count (the mean of its animals). Returns the number of edges drawn.
 * graph: a ConnectomeGraph already holding every node and edge (setGraph) and placed.
 */
export function showStage(graph, edges, stage, { chemicalMin, scale, max }) {
  const byId = new Map(edges.map((e) => [`${e.pre}!${e.post}!c`, e]));
  graph.cy.batch(() => {
    graph.cy.edges().forEach((e) => {
      const edge = byId.get(e.id());
      const count = edge ? edge.counts[stage] : 0;
      e.data({ count, width: graph.edgeWidth(count), lineColor: colourAt(scale, count, 0, max) });
      e.toggleClass("hidden", !edge || edge.peaks[stage] < chemicalMin);
    });
    graph.markLoneNodes({ ghosts: true });
  });
  return graph.visibleEdges().length;
}

/** Edge and node elements of the development edges, for ConnectomeGraph.setGraph. */
export function stageGraph(edges, datasetIds) {
  const labels = new Set(edges.flatMap((e) => [e.pre, e.post]));
  return {
    datasets: datasetIds,
    labels: [...labels],
    synapses: edges.map((e) => ({ pre: e.pre, post: e.post, type: "c", count: e.total, list_count: datasetIds.map((id) => e.byDataset[id]) })),
  };
}
