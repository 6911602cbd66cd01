// The visible graph in the formats of graph tools: GraphML (Cytoscape desktop, Gephi,
// networkx.read_graphml) and Cytoscape JSON (Cytoscape desktop and Cytoscape.js;
// networkx.cytoscape_graph). Nodes carry their label, cell type and position; edges their
// type (chemical or gap_junction), the count shown and one count per dataset. A gap junction
// is one edge (pre and post in alphabetical order) marked undirected: these formats cannot
// mix directed and undirected edges in one graph, so the graph is directed. The graph itself
// carries its provenance: the page URL, citation, units, data version, each dataset's sha256
// (of its published file) and the time of export.

const KIND = { c: "chemical", e: "gap_junction" };

function parts(graph) {
  const positions = graph.positions();
  const nodes = graph.visibleNodes().map((n) => ({
    id: n.id(), types: (n.data("types") || []).join(""), x: positions[n.id()]?.x ?? 0, y: positions[n.id()]?.y ?? 0,
  }));
  const edges = graph.visibleEdges().map((e) => {
    const d = e.data();
    return { id: d.id, source: d.source, target: d.target, type: d.type, count: d.count, listCount: d.listCount };
  });
  return { nodes, edges };
}

const escapeXML = (text) => String(text).replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]);

const unitText = (datasets, units) => datasets.map((d) => `${d}: ${units[d] || "synapses"}`).join("; ");

/** GraphML text of the visible graph; meta (source URL, citation, units by dataset, data version,
 * sha256 by dataset, time of export) goes into graph-level data. */
export function graphGraphML(graph, { source = "", citation = "", units = {}, dataVersion = "", sha256 = {}, exported = "" } = {}) {
  const { nodes, edges } = parts(graph);
  const datasets = graph.datasets;
  const keys = [
    '<key id="g_source" for="graph" attr.name="source" attr.type="string"/>',
    '<key id="g_citation" for="graph" attr.name="citation" attr.type="string"/>',
    '<key id="g_units" for="graph" attr.name="units" attr.type="string"/>',
    '<key id="g_data_version" for="graph" attr.name="data_version" attr.type="string"/>',
    '<key id="g_sha256" for="graph" attr.name="sha256" attr.type="string"/>',
    '<key id="g_exported" for="graph" attr.name="exported" attr.type="string"/>',
    '<key id="n_label" for="node" attr.name="label" attr.type="string"/>',
    '<key id="n_types" for="node" attr.name="cell_type" attr.type="string"/>',
    '<key id="n_x" for="node" attr.name="x" attr.type="double"/>',
    '<key id="n_y" for="node" attr.name="y" attr.type="double"/>',
    '<key id="e_type" for="edge" attr.name="type" attr.type="string"/>',
    '<key id="e_undirected" for="edge" attr.name="undirected" attr.type="boolean"/>',
    '<key id="e_count" for="edge" attr.name="count" attr.type="int"/>',
    ...datasets.map((d, i) => `<key id="e_ds${i}" for="edge" attr.name="${escapeXML(d)}" attr.type="int"/>`),
  ];
  const data = (key, value) => `<data key="${key}">${escapeXML(value)}</data>`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ...keys.map((k) => `  ${k}`),
    '  <graph id="wormwideweb" edgedefault="directed">',
    `    ${data("g_source", source)}${data("g_citation", citation)}${data("g_units", unitText(datasets, units))}`
      + `${data("g_data_version", dataVersion)}${data("g_sha256", datasets.map((d) => `${d}: ${sha256[d] || ""}`).join("; "))}`
      + data("g_exported", exported),
    ...nodes.map((n) => `    <node id="${escapeXML(n.id)}">${data("n_label", n.id)}${data("n_types", n.types)}${data("n_x", n.x)}${data("n_y", n.y)}</node>`),
    ...edges.map((e) => `    <edge id="${escapeXML(e.id)}" source="${escapeXML(e.source)}" target="${escapeXML(e.target)}">`
      + `${data("e_type", KIND[e.type])}${data("e_undirected", e.type === "e")}${data("e_count", e.count)}`
      + e.listCount.map((c, i) => data(`e_ds${i}`, c)).join("") + "</edge>"),
    "  </graph>",
    "</graphml>",
  ];
  return lines.join("\n") + "\n";
}

/** Cytoscape JSON (elements with data and positions) of the visible graph. */
export function graphCytoscapeJSON(graph, { source = "", citation = "", units = {}, dataVersion = "", sha256 = {}, exported = "" } = {}) {
  const { nodes, edges } = parts(graph);
  const datasets = graph.datasets;
  return {
    format_version: "1.0",
    generated_by: "WormWideWeb",
    target_cytoscapejs_version: "~3.30",
    directed: true,
    multigraph: true,
    data: {
      name: "WormWideWeb connectome", source, citation, datasets,
      units: Object.fromEntries(datasets.map((d) => [d, units[d] || "synapses"])),
      data_version: dataVersion, sha256: Object.fromEntries(datasets.map((d) => [d, sha256[d] || ""])), exported,
    },
    elements: {
      nodes: nodes.map((n) => ({ data: { id: n.id, name: n.id, value: n.id, cell_type: n.types }, position: { x: n.x, y: n.y } })),
      edges: edges.map((e) => ({
        data: {
          id: e.id, source: e.source, target: e.target, key: e.type, interaction: KIND[e.type],
          undirected: e.type === "e", count: e.count, counts: Object.fromEntries(datasets.map((d, i) => [d, e.listCount[i]])),
        },
      })),
    },
  };
}
