// The circuit replay's picture, drawn on a canvas of its own over Cytoscape's.
//
// Why: each recording frame changes the colour of most nodes and the colour, width and opacity
// of most edges. Restyled in Cytoscape, every frame had every element's style recomputed and
// Cytoscape's whole main layer redrawn (edge geometry, dashes, arrows, labels, node textures):
// about 120 ms per frame with connected neurons (374 nodes, 1,488 edges), 8 fps in headless
// Chromium (bench/README.md, "Circuit replay frame rate"). Here a frame is plain 2D-canvas
// drawing of what the frame gives, with the same look as Cytoscape's stylesheet (graph.js):
// bezier edges where Cytoscape bundles them, chemical synapses solid with a triangle arrow, gap
// junctions dashed with a tee in the middle, nodes with a border and their label, faded and
// chosen elements as the .faded and .chosen classes draw them.
//
// Cytoscape keeps the layout, pan, zoom, dragging and what a click hits; its own layers are
// made transparent and its elements keep their static style, so a frame costs it nothing
// (replay.js gives them the frame's style only for clicks when paused and for the downloads).

const FONT = "Helvetica, Arial, sans-serif";
const ARROW_SCALE = 0.9; // graph.js: "arrow-scale"
const EDGE_DASH = [6, 3]; // Cytoscape's default "line-dash-pattern"
const BORDER_DASH = [4, 2]; // its default "border-dash-pattern"
const FADED = 0.1; // graph.js: .faded

/** An edge's opacity as drawn: its frame's, at most .faded's while another neuron is selected. */
export const drawnOpacity = ({ ele, opacity }) => (ele.hasClass("faded") ? Math.min(opacity, FADED) : opacity);

export class ReplayCanvas {
  /** cy: the Cytoscape instance whose elements this canvas draws. */
  constructor(cy) {
    this.cy = cy;
    this.frame = null;
    this.curves = null; // edge -> its control points (none for a straight edge)
    this.pending = 0;
    const layers = cy.container().querySelectorAll("canvas");
    for (const layer of layers) layer.style.opacity = "0";
    this.canvas = document.createElement("canvas");
    this.canvas.dataset.role = "replay-canvas";
    Object.assign(this.canvas.style, { position: "absolute", left: "0", top: "0", pointerEvents: "none", zIndex: "10" });
    layers[0].parentElement.append(this.canvas);
    const soon = () => {
      if (!this.pending) this.pending = requestAnimationFrame(() => this.paint());
    };
    cy.on("viewport resize select unselect", soon);
    cy.on("position add remove", () => {
      this.curves = null;
      soon();
    });
  }

  /**
   * Draw a frame: nodes [{ele, size, border, fill, labelColour, fontSize, shape, dashed}] and
   * edges [{ele, width, opacity, colour, dashed, arrow}] (model units, CSS colours), kept for
   * the redraws after a pan, zoom or drag.
   */
  draw(frame) {
    this.frame = frame;
    this.paint();
  }

  paint() {
    cancelAnimationFrame(this.pending);
    this.pending = 0;
    const { cy, canvas, frame } = this;
    const ratio = window.devicePixelRatio || 1;
    const [width, height] = [cy.width(), cy.height()];
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      [canvas.width, canvas.height] = [Math.round(width * ratio), Math.round(height * ratio)];
      Object.assign(canvas.style, { width: `${width}px`, height: `${height}px` });
    }
    const ctx = canvas.getContext("2d");
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (!frame) return;
    const [zoom, pan] = [cy.zoom(), cy.pan()];
    ctx.setTransform(ratio * zoom, 0, 0, ratio * zoom, ratio * pan.x, ratio * pan.y);
    const outlines = new Map(frame.nodes.map((n) => [n.ele, { half: n.size / 2 + n.border / 2, shape: n.shape }]));
    this.curves ||= new Map(cy.edges().map((e) => [e, e.controlPoints() || []]));
    // Edges under the nodes, the selected one on top (graph.js: edge:selected).
    const selected = frame.edges.filter((e) => e.ele.selected());
    for (const edge of frame.edges) if (!edge.ele.selected()) this.edge(ctx, edge, outlines);
    for (const edge of selected) this.edge(ctx, { ...edge, colour: "#0d6efd", opacity: 1 }, outlines);
    ctx.setLineDash([]);
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    for (const node of frame.nodes) this.node(ctx, node);
    ctx.globalAlpha = 1;
  }

  edge(ctx, edge, outlines) {
    const { ele, width, colour, dashed, arrow } = edge;
    const [source, target] = [ele.source(), ele.target()];
    const [s, t] = [source.position(), target.position()];
    const controls = this.curves.get(ele);
    // Each end where the edge meets its node's outline, as Cytoscape finds it: on the line to
    // the nearest control point (or the other node); a target arrow's tip there, the line
    // stopping short of it.
    const last = controls.at(-1) || s;
    const start = rim(s, controls[0] || t, outlines.get(source));
    const tip = rim(t, last, outlines.get(target));
    const [ux, uy] = unit(tip.x - last.x, tip.y - last.y);
    const size = Math.max((width * 13.37) ** 0.9, 29) * ARROW_SCALE; // Cytoscape's arrow size for this width
    const gap = arrow ? width * ARROW_SCALE * 2 : 0;
    const end = { x: tip.x - ux * gap, y: tip.y - uy * gap };
    ctx.globalAlpha = drawnOpacity(edge);
    ctx.strokeStyle = ctx.fillStyle = colour;
    ctx.lineWidth = width;
    ctx.setLineDash(dashed ? EDGE_DASH : []);
    ctx.beginPath();
    ctx.moveTo(start.x, start.y);
    // Cytoscape's bezier path: a quadratic curve per control point, joined half-way between two
    // (a loop has two); a straight line without one.
    controls.forEach((c, i) => {
      const to = i + 1 < controls.length ? halfway(c, controls[i + 1]) : end;
      ctx.quadraticCurveTo(c.x, c.y, to.x, to.y);
    });
    if (!controls.length) ctx.lineTo(end.x, end.y);
    ctx.stroke();
    if (arrow) return triangle(ctx, tip, ux, uy, size);
    // The tee half-way along a gap junction (graph.js: "mid-target-arrow-shape": "tee"): on one
    // curve at its middle, where its tangent is parallel to start -> end; on a loop between its
    // two control points.
    const [from, to] = controls.length === 2 ? controls : [start, end];
    const mid = controls.length === 1 ? quadratic(start, controls[0], end) : halfway(from, to);
    const [dx, dy] = unit(to.x - from.x, to.y - from.y);
    tee(ctx, mid, dx, dy, size);
  }

  node(ctx, { ele, size, border, fill, labelColour, fontSize, shape, dashed }) {
    const { x, y } = ele.position();
    const chosen = ele.hasClass("chosen");
    ctx.globalAlpha = ele.hasClass("faded") ? FADED : 1;
    ctx.beginPath();
    const h = size / 2;
    if (shape === "diamond") {
      ctx.moveTo(x, y - h);
      ctx.lineTo(x + h, y);
      ctx.lineTo(x, y + h);
      ctx.lineTo(x - h, y);
      ctx.closePath();
    } else if (shape === "round-rectangle") ctx.roundRect(x - h, y - h, size, size, Math.min(size / 4, 8));
    else ctx.arc(x, y, h, 0, 2 * Math.PI);
    ctx.fillStyle = fill;
    ctx.fill();
    if (border > 0) {
      ctx.lineWidth = border;
      ctx.strokeStyle = chosen ? "#000" : "#4a4a4a"; // graph.js: node, node.chosen
      ctx.setLineDash(dashed ? BORDER_DASH : []);
      ctx.stroke();
    }
    ctx.font = `${chosen ? "bold " : ""}${fontSize}px ${FONT}`;
    ctx.fillStyle = labelColour;
    ctx.fillText(ele.data("label"), x, y);
  }
}

const unit = (dx, dy) => {
  const length = Math.hypot(dx, dy) || 1;
  return [dx / length, dy / length];
};

/** Where the segment from a node's centre c towards p crosses its outline (half its outer size). */
function rim(c, p, { half, shape }) {
  const [ux, uy] = unit(p.x - c.x, p.y - c.y);
  // A diamond's outline is |x| + |y| = half; a rounded square's is taken as a square's.
  const r = shape === "diamond" ? half / (Math.abs(ux) + Math.abs(uy)) : shape === "round-rectangle" ? half / Math.max(Math.abs(ux), Math.abs(uy)) : half;
  return { x: c.x + ux * r, y: c.y + uy * r };
}

const halfway = (a, b) => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
/** The middle of the quadratic curve from a to b with control point c. */
const quadratic = (a, c, b) => halfway(halfway(a, c), halfway(c, b));

/** Cytoscape's "triangle" arrow: tip at p, pointing along (dx, dy), 0.3 size long, 0.3 wide. */
function triangle(ctx, p, dx, dy, size) {
  const [bx, by] = [p.x - dx * 0.3 * size, p.y - dy * 0.3 * size];
  const [nx, ny] = [-dy * 0.15 * size, dx * 0.15 * size];
  ctx.setLineDash([]);
  ctx.beginPath();
  ctx.moveTo(p.x, p.y);
  ctx.lineTo(bx + nx, by + ny);
  ctx.lineTo(bx - nx, by - ny);
  ctx.closePath();
  ctx.fill();
}

/** Cytoscape's "tee": a bar 0.3 size wide and 0.1 deep, across the direction (dx, dy) at p. */
function tee(ctx, p, dx, dy, size) {
  const [nx, ny] = [-dy * 0.15 * size, dx * 0.15 * size];
  const [bx, by] = [-dx * 0.1 * size, -dy * 0.1 * size];
  ctx.setLineDash([]);
  ctx.beginPath();
  ctx.moveTo(p.x + nx, p.y + ny);
  ctx.lineTo(p.x - nx, p.y - ny);
  ctx.lineTo(p.x - nx + bx, p.y - ny + by);
  ctx.lineTo(p.x + nx + bx, p.y + ny + by);
  ctx.closePath();
  ctx.fill();
}
