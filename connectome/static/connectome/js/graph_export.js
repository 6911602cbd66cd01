// What a user takes away from a graph: the visible edges as CSV or JSON, and the picture as
// PNG or SVG with the legend and the citation of the datasets underneath.

import { legendItems } from "./graph_overlays.js";

/**
 * The visible edges as a table for a CSV: pre, post, type, total count and one column per dataset.
 * A dataset weighted by something else than synapse counts (the dauer's active-zone volume)
 * names its unit in its column, and is not in `count` (see get-edges).
 */
export function graphTable(graph, datasets = []) {
  const units = Object.fromEntries(datasets.map((d) => [d.id, d.unit || "synapses"]));
  const column = (id) => (units[id] && units[id] !== "synapses" ? `${id} (${units[id]})` : id);
  const header = ["pre", "post", "type", "count", ...graph.datasets.map(column)];
  const rows = graph.visibleEdges().map((e) => {
    const d = e.data();
    const kind = { c: "chemical", e: "gap_junction", x: "extrasynaptic_pathways", f: "functional_dff" }[d.type];
    return [d.source, d.target, kind, d.count ?? d.pathways ?? d.dff, ...(d.listCount || [])];
  });
  return { header, rows };
}

/** The visible graph in the get-edges answer shape, plus node positions and extra fields. */
export function graphJSON(graph, extra = {}) {
  const synapses = graph.visibleEdges().map((e) => {
    const d = e.data();
    return { pre: d.source, post: d.target, type: d.type, count: d.count, list_count: d.listCount };
  });
  const positions = graph.positions();
  const neurons = graph.visibleNodes().map((n) => n.id()).sort();
  return {
    ...extra,
    datasets: graph.datasets,
    neurons,
    synapses,
    positions: Object.fromEntries(neurons.map((id) => [id, positions[id]])),
  };
}

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
const LEGEND_ROW = 22;

/** Where legend items and the caption go under a picture `width` wide (unscaled units). */
function footerLayout(graph, caption, width) {
  const items = legendItems(graph.typesShown(), graph.kindsShown());
  let x = 12;
  let row = 0;
  const placed = items.map((item) => {
    const itemWidth = 30 + item.label.length * 6.6;
    if (x > 12 && x + itemWidth > width - 12) {
      x = 12;
      row += 1;
    }
    const at = { ...item, x, y: row * LEGEND_ROW };
    x += itemWidth + 14;
    return at;
  });
  const lines = wrapWords(caption, Math.max(40, Math.floor((width - 24) / 5.8)));
  const legendHeight = (row + 1) * LEGEND_ROW;
  return { placed, lines, legendHeight, height: legendHeight + lines.length * 15 + 16 };
}

function wrapWords(text, perLine) {
  const lines = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && (line + " " + word).length > perLine) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  return line ? [...lines, line] : lines;
}

/** An SVG image of the whole graph with the legend and the citation underneath. */
export function graphSVG(graph, caption) {
  const svg = graph.cy.svg({ full: true, bg: "#ffffff", scale: 1 });
  const width = Math.max(640, Number(svg.match(/width="([\d.]+)/)[1]));
  const height = Number(svg.match(/height="([\d.]+)/)[1]);
  const footer = footerLayout(graph, caption, width);
  const top = height + 12;
  const marks = footer.placed.map(({ label, color, kind, x, y }) => {
    const cy = top + y + 8;
    const mark = kind === "edge"
      ? `<line x1="${x}" y1="${cy}" x2="${x + 20}" y2="${cy}" stroke="${color}" stroke-width="2.5"/>`
      : kind === "square"
        ? `<rect x="${x + 3}" y="${cy - 6}" width="14" height="12" fill="${color}" stroke="#4a4a4a" stroke-width="0.5"/>`
        : `<circle cx="${x + 10}" cy="${cy}" r="6.5" fill="${color}" stroke="#4a4a4a" stroke-width="0.5"/>`;
    return `${mark}<text x="${x + 26}" y="${cy + 4}" font-family="${FONT}" font-size="11" fill="#222">${escapeXML(label)}</text>`;
  });
  const captionTop = top + footer.legendHeight + 12;
  const text = footer.lines.map((line, i) =>
    `<text x="12" y="${captionTop + i * 15}" font-family="${FONT}" font-size="10.5" fill="#555">${escapeXML(line)}</text>`);
  const total = top + footer.height;
  const extra = `<g class="wormwideweb-legend"><rect x="0" y="${height}" width="${width}" height="${total - height}" fill="#ffffff"/>${marks.join("")}${text.join("")}</g>`;
  return svg
    .replace(/width="[\d.]+"/, `width="${width}"`)
    .replace(/height="[\d.]+"/, `height="${total}"`)
    .replace(/viewBox="[^"]*"/, `viewBox="0 0 ${width} ${total}"`)
    .replace(/<\/svg>\s*$/, `${extra}</svg>`);
}

/** A PNG image (Blob) of the whole graph with the legend and the citation underneath. */
export async function graphPNG(graph, caption) {
  const scale = 2;
  const blob = await graph.cy.png({ full: true, scale, bg: "#ffffff", output: "blob-promise" });
  const image = await createImageBitmap(blob);
  const width = Math.max(640, image.width / scale);
  const footer = footerLayout(graph, caption, width);
  const canvas = document.createElement("canvas");
  canvas.width = width * scale;
  canvas.height = image.height + (footer.height + 12) * scale;
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(image, 0, 0);
  ctx.scale(scale, scale);
  const top = image.height / scale + 12;
  for (const { label, color, kind, x, y } of footer.placed) {
    const cy = top + y + 8;
    ctx.fillStyle = color;
    if (kind === "edge") ctx.fillRect(x, cy - 1.25, 20, 2.5);
    else if (kind === "square") ctx.fillRect(x + 3, cy - 6, 14, 12);
    else {
      ctx.beginPath();
      ctx.arc(x + 10, cy, 6.5, 0, 2 * Math.PI);
      ctx.fill();
    }
    ctx.fillStyle = "#222";
    ctx.font = `11px ${FONT}`;
    ctx.fillText(label, x + 26, cy + 4);
  }
  ctx.fillStyle = "#555";
  ctx.font = `10.5px ${FONT}`;
  footer.lines.forEach((line, i) => ctx.fillText(line, 12, top + footer.legendHeight + 12 + i * 15));
  return new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
}

const escapeXML = (text) => String(text).replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c]);
