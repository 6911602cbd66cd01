// The development page's heatmap (edges x stages, Plotly) with its row orders, and the trend
// line of one edge across the stages.

import { escapeHTML } from "../../core/js/ui.js";
import { plotlyScale } from "../../core/js/colour_scales.js";
import { maxOf } from "../../core/js/numbers.js";

export const edgeLabel = (edge) => `${edge.pre} → ${edge.post}`;
export const edgeKey = (edge) => `${edge.pre}>${edge.post}`;

const PLOT_CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"] };
const FONT = { family: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size: 11 };

/** Edges ({pre, post, counts: [per stage], total}) in the order a user chose. */
export function orderRows(edges, order) {
  const byName = (a, b) => edgeKey(a).localeCompare(edgeKey(b));
  const rows = [...edges];
  if (order === "post") return rows.sort((a, b) => a.post.localeCompare(b.post) || a.pre.localeCompare(b.pre));
  if (order === "total") return rows.sort((a, b) => b.total - a.total || byName(a, b));
  if (order === "peak") return rows.sort((a, b) => peak(a) - peak(b) || b.total - a.total || byName(a, b));
  if (order === "cluster") return clusterOrder(rows.sort(byName));
  return rows.sort(byName);
}

const peak = (edge) => edge.counts.indexOf(maxOf(edge.counts));

/**
 * Rows with similar trajectories next to each other: average-linkage clustering of the
 * trajectories scaled to their maximum (so shape counts, not size), read off leaf by leaf.
 */
export function clusterOrder(rows) {
  const shapes = rows.map((r) => {
    const max = maxOf(r.counts) || 1;
    return r.counts.map((c) => c / max);
  });
  const distance = (a, b) => Math.sqrt(a.reduce((sum, v, i) => sum + (v - b[i]) ** 2, 0));
  let clusters = rows.map((row, i) => ({ members: [i], centroidSum: shapes[i].slice() }));
  // Average linkage on centroids keeps this O(n^2) per merge: fine for the few hundred rows shown.
  while (clusters.length > 1) {
    let best = [0, 1, Infinity];
    const centroids = clusters.map((c) => c.centroidSum.map((v) => v / c.members.length));
    for (let i = 0; i < clusters.length; i++) {
      for (let j = i + 1; j < clusters.length; j++) {
        const d = distance(centroids[i], centroids[j]);
        if (d < best[2]) best = [i, j, d];
      }
    }
    const [i, j] = best;
    const merged = {
      members: [...clusters[i].members, ...clusters[j].members],
      centroidSum: clusters[i].centroidSum.map((v, k) => v + clusters[j].centroidSum[k]),
    };
    clusters = [...clusters.slice(0, i), merged, ...clusters.slice(i + 1, j), ...clusters.slice(j + 1)];
  }
  return clusters.length ? clusters[0].members.map((i) => rows[i]) : [];
}

/** Draw the heatmap; onRow(edge) is called when a row is clicked. */
export function drawHeatmap(element, rows, stages, { scale, max, selected }, onRow) {
  const height = Math.max(260, rows.length * 16 + 90);
  const narrow = element.clientWidth < 500; // a phone: shorter stage labels, a thinner colour bar
  const data = [{
    type: "heatmap",
    z: rows.map((r) => r.counts),
    x: stages.map((s) => s.label),
    y: rows.map(edgeLabel),
    customdata: rows.map((r) => r.counts.map(() => edgeKey(r))),
    colorscale: plotlyScale(scale),
    zmin: 0,
    zmax: max,
    xgap: 1,
    ygap: 1,
    colorbar: { title: { text: "synapses", side: "right" }, thickness: narrow ? 8 : 12, len: Math.min(1, 300 / height) },
    hovertemplate: "%{y}<br>%{x}: %{z:.1f} synapses<extra></extra>",
  }];
  const layout = {
    height,
    margin: { l: narrow ? 90 : 120, r: 10, t: 40, b: 10 },
    // Stage names over their ages ("L1" over "0 h"), which fit a phone's width.
    xaxis: {
      side: "top", fixedrange: true, tickangle: 0, tickfont: { size: narrow ? 9 : 11 },
      tickvals: stages.map((s) => s.label),
      ticktext: stages.map((s) => (narrow ? `${s.label.split(" ")[0]}<br>${s.hours}` : s.label.replace(" ", "<br>"))),
    },
    yaxis: { autorange: "reversed", automargin: true, fixedrange: rows.length < 40, tickfont: { size: 10 } },
    font: FONT,
    shapes: selectedShape(rows, selected),
  };
  Plotly.react(element, data, layout, PLOT_CONFIG);
  element.removeAllListeners?.("plotly_click");
  element.on("plotly_click", (event) => {
    const key = event.points[0]?.customdata;
    const edge = rows.find((r) => edgeKey(r) === key);
    if (edge) onRow(edge);
  });
}

/** An outline around the chosen row. */
function selectedShape(rows, selected) {
  const index = rows.findIndex((r) => edgeKey(r) === selected);
  if (index < 0) return [];
  return [{
    type: "rect", xref: "paper", x0: 0, x1: 1, yref: "y", y0: index - 0.5, y1: index + 0.5,
    line: { color: "#d63384", width: 2 },
  }];
}

/** The counts of one edge across the stages, with the two adult animals shown apart. */
export function drawTrend(element, table, edge, stages, datasets) {
  const names = Object.fromEntries(datasets.map((d) => [d.id, d]));
  const hours = stages.map((s) => s.hours);
  const animals = stages.flatMap((s) => s.datasets.map((id) => ({ id, hours: s.hours })));
  const data = [
    {
      type: "scatter", mode: "lines+markers", name: "stage (mean)", x: hours, y: edge.counts,
      text: stages.map((s) => s.label), line: { color: "#1f6f8b", width: 2.5 }, marker: { size: 8 },
      hovertemplate: "%{text}: %{y:.1f} synapses<extra></extra>",
    },
    {
      type: "scatter", mode: "markers", name: "each animal", x: animals.map((a) => a.hours), y: animals.map((a) => edge.byDataset[a.id]),
      text: animals.map((a) => names[a.id]?.name), marker: { size: 6, color: "#d63384", symbol: "circle-open" },
      hovertemplate: "%{text}: %{y} synapses<extra></extra>",
    },
  ];
  const layout = {
    margin: { l: 40, r: 10, t: 10, b: 40 },
    xaxis: { title: { text: "hours after birth" }, zeroline: false },
    yaxis: { title: { text: "synapses" }, rangemode: "tozero" },
    legend: { orientation: "h", y: -0.3 },
    showlegend: true,
    font: FONT,
  };
  Plotly.react(element, data, layout, PLOT_CONFIG);
  table.querySelector("tbody").innerHTML = animals.map((a) =>
    `<tr><td>${escapeHTML(names[a.id]?.name || a.id)}</td><td class="text-end text-nowrap">${a.hours} h</td><td class="text-end fw-semibold">${edge.byDataset[a.id]}</td></tr>`).join("");
  table.classList.remove("d-none");
}
