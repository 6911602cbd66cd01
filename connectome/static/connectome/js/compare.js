// /connectome/compare/: two datasets side by side, one neuron selection, shared positions,
// and the connections gained, lost and changed from A to B.
// URL state (README "Pages"): a, b, n, c, layout, ind, con, cmin, gmin, sp, es, show.

import { saveCSV, setCited } from "../../core/js/cite.js";
import { availableNeurons, getEdges } from "../../core/js/api.js";
import { loadState, saveState, setupCopyLink, splitList } from "../../core/js/page_state.js";
import { debounce, escapeHTML, showAlert } from "../../core/js/ui.js";
import { changesTable, edgeChanges } from "./changes.js";
import { GraphBox } from "./graph_box.js";
import { LAYOUTS } from "./graph.js";
import { GraphSettings, SETTING_DEFAULTS } from "./graph_settings.js";
import { NeuronSelector } from "../../core/js/neuron_selector.js";
import { datasetSelect } from "../../core/js/pickers.js";
import { maxOf } from "../../core/js/numbers.js";

const PAGE = "compare";
const DATASETS = JSON.parse(document.getElementById("connectome-datasets").textContent);
const DEFAULTS = { a: "white_1986_whole", b: "cook_jarrell_2019_h", n: "", c: "", show: "all", ...SETTING_DEFAULTS };
const state = loadState(PAGE, DEFAULTS);
const $ = (id) => document.getElementById(id);
const message = $("message");
const KIND = { c: "Chemical", e: "Gap junction" };
const ARROW = { c: "→", e: "—" };

let available = { neurons: {}, neuron_classes: {} };
let answer = null;
let latest = 0;

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
($(`show-${state.show}`) || $("show-all")).checked = true;

function currentState() {
  const { neurons, classes } = neuronPicker.selection;
  const [a, b] = ids();
  return { a, b, n: neurons.join(","), c: classes.join(","), show: show(), ...settings.state };
}

const citedIds = () => ids();
const save = () => {
  saveState(PAGE, currentState(), DEFAULTS);
  setCited(citedIds());
};
setCited(citedIds(), currentState);
const bothHaveGaps = () => ids().every((id) => byId[id]?.has_gap_junctions);

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
    const result = await getEdges({
      datasets: ids(), neurons, classes,
      show_individual_neuron: settings.individual, show_connected_neuron: settings.connected,
    });
    if (request !== latest) return;
    if (message.classList.contains("alert-danger")) showAlert(message, "");
    answer = result;
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
  });
  listChanges();
  save();
}

function listChanges() {
  const withGaps = bothHaveGaps();
  const rows = edgeChanges(answer.synapses, { chemicalMin: settings.chemicalMin, gapMin: settings.gapMin, withGaps });
  const counts = { gained: 0, lost: 0, changed: 0, same: 0 };
  for (const r of rows) counts[r.status] += 1;
  counts.all = counts.gained + counts.lost + counts.changed;
  for (const badge of document.querySelectorAll("[data-count]")) badge.textContent = counts[badge.dataset.count];
  const wanted = show();
  const shown = rows.filter((r) => (wanted === "all" ? r.status !== "same" : r.status === wanted));
  $("change-rows").innerHTML = shown.length
    ? shown.map((r) => `<tr data-status="${r.status}">
        <td class="ps-3 font-monospace small">${escapeHTML(r.pre)} ${ARROW[r.type]} ${escapeHTML(r.post)}</td>
        <td class="small">${KIND[r.type]}</td><td class="text-end">${r.a}</td><td class="text-end">${r.b}</td>
        <td class="text-end pe-3 fw-semibold ${r.delta > 0 ? "delta-up" : "delta-down"}">${r.delta > 0 ? "+" : ""}${r.delta}</td></tr>`).join("")
    : `<tr><td colspan="5" class="text-center text-secondary py-3">No ${wanted === "all" ? "changes" : wanted + " connections"} among these neurons.</td></tr>`;
  const notes = [`${counts.same} connection${counts.same === 1 ? "" : "s"} with the same count in both.`];
  if (!withGaps) notes.push("Gap junctions are left out: one of the datasets has no gap-junction data.");
  const [a, b] = ids().map((id) => byId[id]);
  if (a.type !== b.type) notes.push(`The datasets cover different parts of the animal (${a.group.toLowerCase()}, ${b.group.toLowerCase()}), so some differences are coverage, not biology.`);
  $("changes-note").textContent = notes.join(" ");
  $("changes").classList.remove("d-none");
}

$("change-filter").addEventListener("change", () => {
  if (answer) listChanges();
  save();
});
$("download-changes").addEventListener("click", () => {
  const rows = edgeChanges(answer.synapses, { chemicalMin: settings.chemicalMin, gapMin: settings.gapMin, withGaps: bothHaveGaps() });
  const [a, b] = ids();
  saveCSV(`wormwideweb-compare-${a}-${b}.csv`, {
    what: `connections that differ between ${a} and ${b} (change = ${b} - ${a}, in synapses)`, ...changesTable(rows, [a, b]), ids: [a, b],
  });
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
