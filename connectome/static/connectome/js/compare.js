// /connectome/compare/: two datasets side by side, one neuron selection, shared positions,
// and every edge among the chosen neurons from A to B (the edge-diff API), as a table.
// URL state (README "Pages"): a, b, n, c, layout, ind, con, cmin, gmin, sp, es, show, dmin, norm, sort, edge.

import { saveCSV, setCited } from "../../core/js/cite.js";
import { availableNeurons, fetchJSON, getEdges } from "../../core/js/api.js";
import { loadState, saveState, setupCopyLink, splitList } from "../../core/js/page_state.js";
import { debounce, escapeHTML, showAlert } from "../../core/js/ui.js";
import { STATUS_LABELS, diffTable, tableRows } from "./diff_table.js";
import { GraphBox } from "./graph_box.js";
import { LAYOUTS, edgeId } from "./graph.js";
import { GraphSettings, SETTING_DEFAULTS } from "./graph_settings.js";
import { paintTransmitters } from "./transmitters.js";
import { NeuronSelector } from "../../core/js/neuron_selector.js";
import { datasetSelect } from "../../core/js/pickers.js";
import { maxOf } from "../../core/js/numbers.js";

const PAGE = "compare";
const DATASETS = JSON.parse(document.getElementById("connectome-datasets").textContent);
const DEFAULTS = {
  a: "white_1986_whole", b: "cook_jarrell_2019_h", n: "", c: "", show: "all", dmin: "1", norm: "0", sort: "-abs", edge: "", color: "type",
  ...SETTING_DEFAULTS,
};
const OLD_SHOW = { gained: "only_in_b", lost: "only_in_a", changed: "all" }; // links made before the edge-diff table
const state = loadState(PAGE, DEFAULTS);
document.getElementById("color").value = state.color === "transmitter" ? "transmitter" : "type";
document.getElementById("color").addEventListener("change", () => draw());
const $ = (id) => document.getElementById(id);
const message = $("message");
const KIND = { c: "Chemical", e: "Gap junction" };
const ARROW = { c: "→", e: "—" };

let available = { neurons: {}, neuron_classes: {} };
let answer = null;
let diff = null;
let latest = 0;
let sort = state.sort;
let highlighted = state.edge;

const byId = Object.fromEntries(DATASETS.map((d) => [d.id, d]));
const pickers = {
  a: datasetSelect($("dataset-a"), DATASETS, { multiple: false, onChange: () => loadDatasets() }),
  b: datasetSelect($("dataset-b"), DATASETS, { multiple: false, onChange: () => loadDatasets() }),
};
for (const key of ["a", "b"]) pickers[key].setValue(state[key] in byId ? state[key] : DEFAULTS[key], true);
const ids = () => [pickers.a.getValue(), pickers.b.getValue()];
const boxes = ["a", "b"].map((key, i) => new GraphBox($(`graph-${key}-box`), {
  datasets: DATASETS,
  available: () => available,
  fileName: () => `wormwideweb-connectome-${ids()[i]}`,
}));
const graphs = boxes.map((box) => box.graph);
window.wormwideweb = { graphA: graphs[0], graphB: graphs[1] };

const settings = new GraphSettings(document.querySelector("[data-role=graph-settings]"), state, {
  refetch: () => fetchEdges(),
  refilter: () => draw(),
  relayout: () => draw(),
  restyle: () => {
    for (const graph of graphs) graph.setEdgeScale(settings.edgeScale);
    save();
  },
}, { layouts: Object.keys(LAYOUTS).filter((name) => name !== "custom") });
// A change makes any answer still on its way stale at once; the new request follows shortly.
const fetchSoon = debounce(() => fetchEdges(), 150);
const neuronPicker = new NeuronSelector($("neurons"), {
  onChange: () => {
    latest += 1;
    for (const box of boxes) box.setBusy(true);
    fetchSoon();
  },
});
const show = () => document.querySelector("input[name=show]:checked")?.value || "all";
($(`show-${OLD_SHOW[state.show] || state.show}`) || $("show-all")).checked = true;
$("diff-min").value = String(Math.max(1, Math.min(100000, Math.round(Number(state.dmin)) || 1)));
$("diff-norm").checked = state.norm === "1";
const minCount = () => Math.max(1, Math.min(100000, Math.round(Number($("diff-min").value)) || 1));

function currentState() {
  const { neurons, classes } = neuronPicker.selection;
  const [a, b] = ids();
  return {
    a, b, n: neurons.join(","), c: classes.join(","), show: show(), dmin: String(minCount()),
    norm: $("diff-norm").checked ? "1" : "0", sort, edge: highlighted, color: $("color").value, ...settings.state,
  };
}

const byTransmitter = () => $("color").value === "transmitter";
const citedIds = () => [...ids(), ...(byTransmitter() ? ["neuron_metadata"] : [])];
const save = () => {
  saveState(PAGE, currentState(), DEFAULTS);
  setCited(citedIds());
};
setCited(citedIds(), currentState);

/** New datasets: offer the neurons of either, then compare. */
async function loadDatasets(restore = null) {
  const [a, b] = ids();
  latest += 1; // an answer for the previous datasets is stale
  if (!a || !b) return showAlert(message, "Choose two datasets.", "warning");
  $("title-a").textContent = byId[a].name;
  $("title-b").textContent = byId[b].name;
  for (const box of boxes) box.setBusy(true);
  try {
    available = await availableNeurons(a === b ? [a] : [a, b]);
  } catch (error) {
    for (const box of boxes) box.setBusy(false);
    return showAlert(message, `Could not load the neurons of these datasets: ${error.message}`);
  }
  neuronPicker.setAvailable(available);
  const missing = restore ? neuronPicker.setSelection(restore) : [];
  showAlert(message, missing.length ? `In neither dataset, so left out: ${missing.join(", ")}.` : "", "warning");
  await fetchEdges();
}

function showNothing() {
  latest += 1;
  answer = null;
  diff = null;
  for (const [i, graph] of graphs.entries()) {
    graph.setGraph({ datasets: [ids()[i]], labels: [], synapses: [] }, { cellTypes: () => ["u"] });
    boxes[i].setBusy(false);
    boxes[i].setEmpty("Add neurons or classes to compare their connections.", { example: true });
    boxes[i].refresh([ids()[i]]);
  }
  $("changes").classList.add("d-none");
  save();
}

async function fetchEdges() {
  const { neurons, classes } = neuronPicker.selection;
  if (!neurons.length && !classes.length) return showNothing();
  const request = ++latest;
  for (const box of boxes) box.setBusy(true);
  try {
    const [result, table] = await Promise.all([getEdges({
      datasets: ids(), neurons, classes,
      show_individual_neuron: settings.individual, show_connected_neuron: settings.connected,
    }), fetchDiff(neurons, classes)]);
    if (request !== latest) return;
    if (message.classList.contains("alert-danger")) showAlert(message, "");
    answer = result;
    diff = table;
    draw();
  } catch (error) {
    if (request === latest) showAlert(message, `Could not load the connections: ${error.message}`);
  } finally {
    if (request === latest) for (const box of boxes) box.setBusy(false);
  }
}

/** Both graphs from one answer: laid out once on the union, so a neuron is at the same place in both. */
function draw() {
  if (!answer) return save();
  const { neurons, classes } = neuronPicker.selection;
  const options = { cellTypes: (label) => neuronPicker.cellTypes(label), chosen: new Set([...neurons, ...classes]) };
  // A single request with [A, B] twice (A = B) gives list_count [x, x]; index 1 may be absent otherwise.
  const countIn = (s, i) => s.list_count[Math.min(i, s.list_count.length - 1)];
  const union = answer.synapses.map((s) => ({ ...s, count: maxOf(s.list_count) }));
  graphs[0].setGraph({ datasets: answer.datasets, labels: answer.neurons, synapses: union }, options);
  graphs[0].applyThresholds(settings.chemicalMin, settings.gapMin);
  graphs[0].layout(settings.layout, { spacing: settings.spacing });
  const positions = graphs[0].positions();
  const visible = new Set(graphs[0].visibleNodes().map((n) => n.id()));
  graphs.forEach((graph, i) => {
    const synapses = answer.synapses.map((s) => ({ ...s, count: countIn(s, i) }));
    const labels = answer.neurons.filter((label) => visible.has(label));
    graph.setGraph({ datasets: answer.datasets, labels, synapses: synapses.filter((s) => visible.has(s.pre) && visible.has(s.post)) }, options);
    graph.setEdgeScale(settings.edgeScale);
    graph.applyThresholds(settings.chemicalMin, settings.gapMin, { ghosts: true });
    graph.place(positions);
    boxes[i].setEmpty("");
    boxes[i].refresh([ids()[i]]);
    if (byTransmitter()) paintTransmitters(boxes[i], { onError: (text) => showAlert(message, text), wanted: byTransmitter });
  });
  listChanges();
  save();
}

function fetchDiff(neurons, classes) {
  const [a, b] = ids();
  const params = new URLSearchParams({
    a, b, neurons: neurons.join(","), classes: classes.join(","),
    normalize: String($("diff-norm").checked), min_count: String(minCount()),
  });
  return fetchJSON(`/connectome/api/edge-diff/?${params}`);
}

async function refetchDiff() {
  const { neurons, classes } = neuronPicker.selection;
  if (!answer || (!neurons.length && !classes.length)) return save();
  const request = latest;
  try {
    const table = await fetchDiff(neurons, classes);
    if (request !== latest) return;
    diff = table;
    listChanges();
  } catch (error) {
    showAlert(message, `Could not compare the connections: ${error.message}`);
  }
  save();
}

const formatChange = (e) => {
  if (!diff.normalize) return `${e.change > 0 ? "+" : ""}${e.change}`;
  const perMille = e.change * 1000;
  return `${perMille > 0 ? "+" : ""}${perMille.toPrecision(3)} ‰`;
};

/** Emphasise one edge (edge id) in both graphs; an edge absent from a graph shows its two ends there. */
function highlightEdge(id) {
  highlighted = id;
  for (const graph of graphs) {
    if (!id) {
      graph.highlight([]);
      continue;
    }
    const [pre, post] = id.split("!");
    const edge = graph.cy.getElementById(id);
    const present = edge.nonempty() && !edge.hasClass("hidden");
    graph.highlight(present ? [id] : [pre, post].filter((n) => graph.cy.getElementById(n).nonempty()));
  }
  for (const row of document.querySelectorAll("#change-rows tr[data-edge]")) {
    row.classList.toggle("table-active", row.dataset.edge === id);
  }
  save();
}

function listChanges() {
  for (const badge of document.querySelectorAll("[data-count]")) {
    const key = badge.dataset.count;
    badge.textContent = key === "all" ? diff.edges.length : diff.counts[key];
  }
  const wanted = show();
  const rows = tableRows(diff.edges, { status: wanted, sort });
  for (const button of document.querySelectorAll("[data-sort]")) {
    const key = button.dataset.sort;
    const mark = sort === key ? " ▲" : sort === `-${key}` ? " ▼" : "";
    button.dataset.label ??= button.textContent;
    button.textContent = button.dataset.label + mark;
  }
  $("change-head").dataset.label = diff.normalize ? "B − A (‰ of total)" : "B − A";
  $("change-rows").innerHTML = rows.length
    ? rows.map((e) => `<tr data-status="${e.status}" data-edge="${escapeHTML(edgeId(e))}" role="button">
        <td class="ps-3 font-monospace small">${escapeHTML(e.pre)} ${ARROW[e.type]} ${escapeHTML(e.post)}</td>
        <td class="small">${KIND[e.type]}</td><td class="text-end">${e.count_a}</td><td class="text-end">${e.count_b}</td>
        <td class="text-end fw-semibold ${e.change > 0 ? "delta-up" : e.change < 0 ? "delta-down" : ""}">${formatChange(e)}</td>
        <td class="text-end">${e.fold === null ? "—" : e.fold.toPrecision(3)}</td>
        <td class="pe-3 small">${STATUS_LABELS[e.status]}</td></tr>`).join("")
    : `<tr><td colspan="7" class="text-center text-secondary py-3">No ${wanted === "all" ? "" : STATUS_LABELS[wanted].toLowerCase() + " "}connections among these neurons.</td></tr>`;
  const notes = [`Rule: ${diff.rule}`, ...diff.notes];
  const [a, b] = ids().map((id) => byId[id]);
  if (a.type !== b.type) notes.push(`The datasets cover different parts of the animal (${a.group.toLowerCase()}, ${b.group.toLowerCase()}), so some differences are coverage, not biology.`);
  if ([a, b].every((d) => d.id.startsWith("witvliet_2020_"))) {
    notes.push("Witvliet et al. (2021)'s stable, variable and developmentally dynamic classes are not shown: their criteria and classification table are not in the data we hold (README, \"Connectome API\").");
  }
  $("changes-note").textContent = notes.join(" ");
  $("changes").classList.remove("d-none");
  if (highlighted) highlightEdge(diff.edges.some((e) => edgeId(e) === highlighted) ? highlighted : "");
}

$("change-filter").addEventListener("change", () => {
  if (diff) listChanges();
  save();
});
$("diff-min").addEventListener("change", () => refetchDiff());
$("diff-norm").addEventListener("change", () => refetchDiff());
document.querySelector("#diff-table thead").addEventListener("click", (event) => {
  const key = event.target.closest("[data-sort]")?.dataset.sort;
  if (!key) return;
  sort = sort === `-${key}` ? key : `-${key}`;
  if (diff) listChanges();
  save();
});
$("change-rows").addEventListener("click", (event) => {
  const id = event.target.closest("tr[data-edge]")?.dataset.edge;
  if (id) highlightEdge(id === highlighted ? "" : id);
});
$("download-changes").addEventListener("click", () => {
  const rows = tableRows(diff.edges, { status: show(), sort });
  saveCSV(`wormwideweb-compare-${ids().join("-")}.csv`, { ...diffTable(diff, rows), ids: ids() });
});
$("swap").addEventListener("click", () => {
  const [a, b] = ids();
  pickers.a.setValue(b, true);
  pickers.b.setValue(a, true);
  loadDatasets();
});
$("clear").addEventListener("click", () => neuronPicker.clear());
setupCopyLink($("copy-link"));

loadDatasets({ neurons: splitList(state.n), classes: splitList(state.c) });
