// A connectome graph drawn with Cytoscape.js, shared by the explore, path, development and
// compare pages. Nodes are coloured by cell type (one pie slice per type), chemical synapses
// are black arrows, gap junctions grey lines with a tee; edge width grows with ln(count + 1).

import { labelColor, typeStyle } from "../../core/js/cell_types.js";
import { maxOf, minOf } from "../../core/js/numbers.js";

// Layout extensions come from the vendor <script> tags; some register themselves.
for (const [name, extension] of [["dagre", window.cytoscapeDagre], ["fcose", window.cytoscapeFcose]]) {
  if (extension && !cytoscape("layout", name)) cytoscape.use(extension);
}
if (window.cytoscapeSvg && !cytoscape("core", "svg")) cytoscape.use(window.cytoscapeSvg);

export const LAYOUTS = {
  concentric: "Concentric",
  circle: "Circle",
  grid: "Grid",
  breadthfirst: "Hierarchy (breadth-first)",
  dagre: "Hierarchy (dagre)",
  fcose: "Force-directed (fCoSE)",
  custom: "Custom positions (CSV)",
};
export const EDGE_KINDS = { c: "Chemical", e: "Gap junction" };
export const edgeId = (s) => `${s.pre}!${s.post}!${s.type}`;

const STYLE = [
  {
    selector: "node",
    style: {
      label: "data(label)", "text-valign": "center", "text-halign": "center", "font-size": 11,
      "font-family": "Helvetica, Arial, sans-serif",
      color: "data(labelColor)", width: 40, height: 40, shape: "data(shape)",
      "background-color": "data(pie1)", "border-width": 1, "border-color": "#4a4a4a",
      "pie-size": "100%",
      // No background image as an empty list, not Cytoscape's default "none": with "none",
      // Cytoscape 3.34 flips the node's :backgrounding state twice per node drawn and so
      // recomputes the node's whole style each time it is drawn.
      "background-image": [],
      ...Object.fromEntries([1, 2, 3, 4].flatMap((i) => [
        [`pie-${i}-background-color`, `data(pie${i})`], [`pie-${i}-background-size`, `data(pie${i}Size)`],
      ])),
    },
  },
  { selector: 'node[shape = "round-rectangle"]', style: { width: (n) => Math.max(64, n.data("label").length * 7 + 10), height: 30 } },
  { selector: "node[?longLabel]", style: { "font-size": 9 } },
  { selector: "node[customColor]", style: { "background-color": "data(customColor)", "pie-size": "0%" } },
  { selector: "node.chosen", style: { "border-width": 4, "border-color": "#000", width: 48, height: 48, "font-size": 13, "font-weight": "bold" } },
  { selector: 'node.chosen[shape = "round-rectangle"]', style: { width: (n) => Math.max(74, n.data("label").length * 8 + 14), height: 36 } },
  { selector: "node.endpoint", style: { "border-width": 4, "border-color": "#d63384", width: 50, height: 50, "font-weight": "bold" } },
  {
    selector: "edge",
    style: {
      width: "data(width)", "curve-style": "bezier", "line-color": "#222", "target-arrow-color": "#222",
      "target-arrow-shape": "triangle", "arrow-scale": 0.9, opacity: 0.85,
    },
  },
  {
    selector: 'edge[type = "e"]',
    style: { "line-color": "#8a8a8a", "target-arrow-shape": "none", "mid-target-arrow-shape": "tee", "mid-target-arrow-color": "#8a8a8a" },
  },
  { selector: "edge[lineColor]", style: { "line-color": "data(lineColor)", "target-arrow-color": "data(lineColor)", "mid-target-arrow-color": "data(lineColor)" } },
  { selector: "edge:selected", style: { "line-color": "#0d6efd", "target-arrow-color": "#0d6efd", "mid-target-arrow-color": "#0d6efd", opacity: 1, "z-index": 10 } },
  { selector: ".highlighted", style: { "line-color": "#d63384", "target-arrow-color": "#d63384", "mid-target-arrow-color": "#d63384", opacity: 1, "z-index": 9 } },
  { selector: ".hidden", style: { display: "none" } },
  { selector: "node.ghost", style: { opacity: 0.22 } },
  { selector: ".faded", style: { opacity: 0.1 } },
];

export class ConnectomeGraph {
  /**
   * container: the element to draw in. onNode/onEdge(data) are called when the user taps a
   * node or an edge, onBackground() when they tap the background.
   */
  constructor(container, { onNode, onEdge, onBackground } = {}) {
    this.cy = cytoscape({ container, style: STYLE, minZoom: 0.05, maxZoom: 5, boxSelectionEnabled: false });
    this.datasets = [];
    this.edgeScale = 1.5;
    this.cy.on("tap", "node", (event) => {
      this.focus(event.target);
      onNode?.(event.target.id());
    });
    this.cy.on("tap", "edge", (event) => onEdge?.(event.target.data()));
    this.cy.on("tap", (event) => {
      if (event.target !== this.cy) return;
      this.unfocus();
      onBackground?.();
    });
  }

  /**
   * Draw synapses ({pre, post, type, count, list_count} of get-edges) among labels.
   * cellTypes(label) gives a node's type letters; chosen labels get a thick border and are
   * kept even without a visible edge. Nodes already drawn keep their position.
   */
  setGraph({ datasets, labels, synapses }, { cellTypes, chosen = new Set() }) {
    this.datasets = datasets;
    const positions = this.positions();
    const nodes = [...new Set([...labels, ...chosen])].map((label) => {
      const types = cellTypes(label);
      return {
        group: "nodes",
        data: { id: label, label, types, longLabel: label.length > 5, ...typeStyle(types) },
        classes: chosen.has(label) ? "chosen" : "",
        position: positions[label],
      };
    });
    const edges = synapses.map((s) => ({
      group: "edges",
      data: {
        id: edgeId(s), source: s.pre, target: s.post, type: s.type,
        count: s.count, listCount: s.list_count, width: this.edgeWidth(s.count),
      },
    }));
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add([...nodes, ...edges]);
    });
  }

  edgeWidth(count) {
    return Math.max(0.6, Math.log(count + 1) * this.edgeScale);
  }

  setEdgeScale(scale) {
    this.edgeScale = scale;
    this.cy.batch(() => this.cy.edges().not(".layer").forEach((e) => e.data("width", this.edgeWidth(e.data("count")))));
  }

  /**
   * Hide edges under the minimum counts, then nodes left without a visible edge (unless
   * chosen). With ghosts, such nodes stay in place, faded, so two graphs keep the same nodes.
   */
  applyThresholds(chemicalMin, gapMin, { ghosts = false } = {}) {
    this.cy.batch(() => {
      this.cy.edges().forEach((e) => {
        e.toggleClass("hidden", e.data("count") < (e.data("type") === "c" ? chemicalMin : gapMin));
      });
      this.markLoneNodes({ ghosts });
    });
  }

  /** Hide (or fade, with ghosts) the nodes without a visible edge, except chosen ones. */
  markLoneNodes({ ghosts = false } = {}) {
    this.cy.nodes().forEach((n) => {
      const alone = !n.hasClass("chosen") && !n.connectedEdges().some((e) => !e.hasClass("hidden"));
      n.toggleClass(ghosts ? "ghost" : "hidden", alone);
    });
  }

  /**
   * Lay out the visible elements and fit them in view. spacing scales the distances;
   * custom places nodes at positions {label: {x, y}} (others stay where they are).
   * Force-directed layouts use a fixed random seed, so a shared link draws the same picture.
   */
  layout(name, { spacing = 1, positions = {}, roots } = {}) {
    const visible = this.cy.elements().not(".hidden");
    if (visible.empty()) return;
    const chosen = visible.nodes(".chosen");
    const options = {
      grid: { name: "grid", avoidOverlap: true, sort: byLabel },
      circle: { name: "circle", avoidOverlap: true, sort: byLabel },
      concentric: {
        // The chosen nodes in the middle, their partners in rings: the better connected, the closer.
        name: "concentric", minNodeSpacing: 20, sort: byLabel,
        concentric: (n) => (n.hasClass("chosen") ? 1e6 : n.connectedEdges().not(".hidden").length),
        levelWidth: () => 1,
      },
      breadthfirst: { name: "breadthfirst", directed: true, roots: roots || (chosen.nonempty() ? chosen : undefined) },
      dagre: { name: "dagre", rankDir: "TB", nodeSep: 30, rankSep: 70 },
      fcose: {
        name: "fcose", quality: "default", randomize: true, samplingType: false,
        nodeRepulsion: () => 9000, idealEdgeLength: () => 90 * spacing,
      },
      custom: { name: "preset", positions: (n) => positions[n.id()] || n.position() },
    }[name] || { name: "concentric" };
    // A graph in a hidden tab has no size yet: lay it out in a box of a typical size.
    const hidden = this.cy.width() ? {} : { boundingBox: { x1: 0, y1: 0, w: 900, h: 600 } };
    withSeededRandom(() => visible.layout({ spacingFactor: spacing, ...hidden, ...options, fit: true, padding: 45, animate: false }).run());
    this.limitZoom();
  }

  /**
   * Lay paths out left to right with dagre (rank gap 75, node gap 50, longest-path ranker),
   * each hop pointing along its path whatever the synapse's direction, and the first and last
   * node vertically centred.
   */
  layoutPaths(paths) {
    const g = new dagre.graphlib.Graph();
    g.setGraph({ rankdir: "LR", ranksep: 75, nodesep: 50, ranker: "longest-path", marginx: 0, marginy: 0 });
    g.setDefaultEdgeLabel(() => ({}));
    this.cy.nodes().forEach((n) => g.setNode(n.id(), { width: n.outerWidth(), height: n.outerHeight() }));
    for (const path of paths) path.slice(1).forEach((name, i) => g.setEdge(path[i], name));
    dagre.layout(g);
    const positions = Object.fromEntries(g.nodes().map((id) => [id, { x: g.node(id).x, y: g.node(id).y }]));
    const ys = Object.values(positions).map((p) => p.y);
    const xs = Object.values(positions).map((p) => p.x);
    const middle = (minOf(ys) + maxOf(ys)) / 2;
    for (const end of [paths[0][0], paths[0].at(-1)]) positions[end].y = middle;
    // Many paths make tall ranks: spread the ranks to use the width of the box.
    const [width, height] = [maxOf(xs) - minOf(xs), maxOf(ys) - minOf(ys)];
    const stretch = Math.max(1, (0.8 * this.cy.width() / this.cy.height()) * height / Math.max(width, 1));
    for (const p of Object.values(positions)) p.x *= stretch;
    this.cy.layout({ name: "preset", positions: (n) => positions[n.id()], fit: true, padding: 45, animate: false }).run();
    this.limitZoom(1);
  }

  /** A graph of a few nodes is not blown up to fill the box. */
  limitZoom(max = 1.4) {
    if (this.cy.zoom() <= max) return;
    this.cy.zoom(max);
    this.cy.center(this.cy.elements().not(".hidden"));
  }

  /** Place nodes at given positions (model coordinates) and fit the view. */
  place(positions) {
    this.cy.batch(() => this.cy.nodes().forEach((n) => positions[n.id()] && n.position(positions[n.id()])));
    this.fit();
  }

  fit() {
    this.cy.resize();
    this.cy.fit(this.cy.elements().not(".hidden"), 45);
    this.limitZoom();
  }

  /** Node positions by label, rounded to whole pixels. */
  positions() {
    return Object.fromEntries(this.cy.nodes().map((n) => [n.id(), { x: Math.round(n.position("x")), y: Math.round(n.position("y")) }]));
  }

  /**
   * Colour nodes by cell type, with custom colours {label: "#rrggbb"} where given ("custom"),
   * or with pie slices {label: {pie1, pie1Size, ..., labelColor}} ("transmitter", transmitters.js).
   */
  colorBy(mode, colors = {}) {
    this.cy.batch(() => this.cy.nodes().forEach((n) => {
      const color = mode === "custom" ? colors[n.id()] : undefined;
      const { shape, ...typePies } = typeStyle(n.data("types"));
      if (color) {
        n.data({ customColor: color, labelColor: labelColor([color]) });
      } else {
        n.removeData("customColor");
        n.data(mode === "transmitter" && colors[n.id()] ? colors[n.id()] : typePies);
      }
    }));
  }

  focus(node) {
    const neighbourhood = node.closedNeighborhood();
    this.cy.batch(() => {
      this.cy.elements().not(neighbourhood).addClass("faded");
      neighbourhood.removeClass("faded");
    });
  }

  unfocus() {
    this.cy.elements().removeClass("faded");
  }

  /** Emphasise some elements (e.g. one path), or none. */
  highlight(ids = []) {
    this.cy.batch(() => {
      this.cy.elements().removeClass("highlighted faded");
      if (!ids.length) return;
      const chosen = this.cy.collection(ids.map((id) => this.cy.getElementById(id)));
      chosen.addClass("highlighted");
      this.cy.elements().not(chosen).not(chosen.connectedNodes()).addClass("faded");
    });
  }

  visibleEdges() {
    return this.cy.edges().not(".hidden");
  }

  visibleNodes() {
    return this.cy.nodes().not(".hidden");
  }

  /** The type letters of the visible nodes, for the legend. */
  typesShown() {
    const letters = new Set();
    this.visibleNodes().forEach((n) => n.data("types").forEach((c) => letters.add(c)));
    return letters;
  }

  /** Edge kinds among the visible edges ("c", "e"). */
  kindsShown() {
    return new Set(this.visibleEdges().map((e) => e.data("type")));
  }
}

const byLabel = (a, b) => a.id().localeCompare(b.id());

/** Run fn with Math.random replaced by a seeded generator (mulberry32), then restore it. */
function withSeededRandom(fn, seed = 20210805) {
  const original = Math.random;
  let a = seed;
  Math.random = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  try {
    fn();
  } finally {
    Math.random = original;
  }
}
