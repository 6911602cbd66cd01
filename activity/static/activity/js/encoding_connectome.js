// /activity/encoding/connectome/: the connectome of chosen neurons, each coloured by an
// encoding feature of its class (the class-level CePNEM table, matched neuron -> class).
// URL state (README "Pages"): ds, n, feat, cmap, vmin, vmax and the graph settings.

import { setCited } from "../../core/js/cite.js";
import { availableNeurons, getEdges } from "../../core/js/api.js";
import { loadState, numberIn, saveState, setupCopyLink, splitList } from "../../core/js/page_state.js";
import { debounce, escapeHTML, showAlert } from "../../core/js/ui.js";
import { SCALES, colourAt, scaleGradient } from "../../core/js/colour_scales.js";
import { GraphBox } from "../../connectome/js/graph_box.js";
import { GraphSettings, SETTING_DEFAULTS } from "../../connectome/js/graph_settings.js";
import { NeuronSelector } from "../../core/js/neuron_selector.js";
import { datasetSelect } from "../../core/js/pickers.js";
import { encodingTable } from "./api.js";
import { COLUMNS, GROUPS, summaryRows } from "./encoding_columns.js";

const PAGE = "activity-encoding-connectome";
const DATASETS = JSON.parse(document.getElementById("connectome-datasets").textContent);
const DEFAULTS = {
  ds: "white_1986_whole,witvliet_2020_7,witvliet_2020_8", n: "", feat: "fwdness", cmap: "", vmin: "", vmax: "",
  ...SETTING_DEFAULTS, layout: "grid", ind: "1", con: "0",
};
const state = loadState(PAGE, DEFAULTS);
const $ = (id) => document.getElementById(id);
const message = $("message");
const NO_DATA = "#ffffff";

/** A feature's default range and colour map (spec 6.14). */
function featureDefaults(key) {
  if (key === "fwdness") return { cmap: "PiYG", vmin: -5, vmax: 5 };
  if (key === "dorsalness" || key === "feedingness") return { cmap: "PiYG", vmin: -0.5, vmax: 0.5 };
  if (key.startsWith("strength")) return { cmap: "Viridis", vmin: 0, vmax: 0.5 };
  if (key === "tau") return { cmap: "Viridis", vmin: 0, vmax: 30 };
  if (key === "variability") return { cmap: "Viridis", vmin: 0, vmax: 2 };
  return { cmap: "Viridis", vmin: 0, vmax: 0.8 };
}
const featureName = (key) => {
  const c = COLUMNS.find((col) => col.key === key);
  return `${c.group}: ${c.title}`;
};

let available = { neurons: {}, neuron_classes: {} };
let encoding = { byClass: {}, match: {} };
let latest = 0;

for (const group of GROUPS) {
  const optgroup = Object.assign(document.createElement("optgroup"), { label: group });
  for (const c of COLUMNS.filter((col) => col.group === group)) optgroup.append(new Option(c.title, c.key));
  $("feature").append(optgroup);
}
for (const name of Object.keys(SCALES)) $("cmap").add(new Option(name, name));
$("feature").value = COLUMNS.some((c) => c.key === state.feat) ? state.feat : DEFAULTS.feat;
const initial = featureDefaults($("feature").value);
$("cmap").value = state.cmap in SCALES ? state.cmap : initial.cmap;
$("vmin").value = numberIn(state.vmin === "" ? NaN : state.vmin, -1e9, 1e9, initial.vmin);
$("vmax").value = numberIn(state.vmax === "" ? NaN : state.vmax, -1e9, 1e9, initial.vmax);

const box = new GraphBox($("graph-box"), {
  datasets: DATASETS,
  available: () => available,
  fileName: () => `wormwideweb-encoding-${$("feature").value}`,
  onNode: (label, panel) => describe(label, panel),
});
const graph = box.graph;
const settings = new GraphSettings(document.querySelector("[data-role=graph-settings]"), state, {
  refetch: () => fetchEdges(),
  refilter: () => redraw({ layout: true }),
  relayout: () => redraw({ layout: true }),
  restyle: () => {
    graph.setEdgeScale(settings.edgeScale);
    save();
  },
}, { layouts: ["grid", "circle", "concentric", "breadthfirst", "dagre", "fcose"] });
const datasetPicker = datasetSelect($("datasets"), DATASETS, { onChange: () => loadDatasets() });
const knownIds = splitList(state.ds).filter((id) => DATASETS.some((d) => d.id === id));
datasetPicker.setValue(knownIds.length ? knownIds : DEFAULTS.ds.split(","), true);
const fetchSoon = debounce(() => fetchEdges(), 150);
const neuronPicker = new NeuronSelector($("neurons"), {
  kinds: "neurons",
  onChange: () => {
    latest += 1;
    box.setBusy(true);
    fetchSoon();
  },
});
window.wormwideweb = { graph };

function currentState() {
  return {
    ds: datasetPicker.items.join(","), n: neuronPicker.selection.neurons.join(","), feat: $("feature").value,
    cmap: $("cmap").value === featureDefaults($("feature").value).cmap ? "" : $("cmap").value,
    vmin: Number($("vmin").value) === featureDefaults($("feature").value).vmin ? "" : $("vmin").value,
    vmax: Number($("vmax").value) === featureDefaults($("feature").value).vmax ? "" : $("vmax").value,
    ...settings.state,
  };
}
const citedIds = () => ["atanas_kim_2023", ...datasetPicker.items];
const save = () => {
  saveState(PAGE, currentState(), DEFAULTS);
  setCited(citedIds());
};
setCited(citedIds(), currentState);

/** The value of the feature for a connectome neuron, through its encoding class; null if none. */
function valueOf(neuron) {
  const cls = encoding.match[neuron];
  const value = cls ? encoding.byClass[cls]?.values[$("feature").value] : null;
  return typeof value === "number" ? value : null;
}

async function loadDatasets(restore = null) {
  latest += 1;
  if (!datasetPicker.items.length) {
    showAlert(message, "Choose at least one dataset.", "warning");
    available = { neurons: {}, neuron_classes: {} };
    neuronPicker.setAvailable(available);
    return fetchEdges();
  }
  box.setBusy(true);
  try {
    available = await availableNeurons(datasetPicker.items);
  } catch (error) {
    box.setBusy(false);
    return showAlert(message, `Could not load the neurons of these datasets: ${error.message}`);
  }
  neuronPicker.setAvailable(available);
  const missing = restore ? neuronPicker.setSelection(restore) : [];
  showAlert(message, missing.length ? `Not in the chosen datasets, so left out: ${missing.join(", ")}.` : "", "warning");
  await fetchEdges();
}

async function fetchEdges() {
  const { neurons } = neuronPicker.selection;
  const request = ++latest;
  if (!neurons.length || !datasetPicker.items.length) {
    box.setBusy(false);
    graph.setGraph({ datasets: datasetPicker.items, labels: [], synapses: [] }, { cellTypes: () => ["u"] });
    box.setEmpty("Add neurons, or every neuron with encoding data, to colour them by a feature.", { example: true });
    box.refresh(datasetPicker.items);
    $("colour-key").classList.add("d-none");
    return save();
  }
  box.setBusy(true);
  try {
    const answer = await getEdges({
      datasets: datasetPicker.items, neurons, classes: [],
      show_individual_neuron: settings.individual, show_connected_neuron: settings.connected,
    });
    if (request !== latest) return;
    if (message.classList.contains("alert-danger")) showAlert(message, "");
    box.setEmpty("");
    graph.setGraph({ datasets: answer.datasets, labels: answer.neurons, synapses: answer.synapses }, {
      cellTypes: (label) => neuronPicker.cellTypes(label), chosen: new Set(neurons),
    });
    graph.setEdgeScale(settings.edgeScale);
    redraw({ layout: true });
  } catch (error) {
    if (request === latest) showAlert(message, `Could not load the connections: ${error.message}`);
  } finally {
    if (request === latest) box.setBusy(false);
  }
}

/** Thresholds, layout, then the encoding colours and the colour bar. */
function redraw({ layout = false } = {}) {
  graph.applyThresholds(settings.chemicalMin, settings.gapMin);
  if (layout) graph.layout(settings.layout, { spacing: settings.spacing });
  colour();
}

function colour() {
  const [cmap, vmin, vmax] = [$("cmap").value, Number($("vmin").value), Number($("vmax").value)];
  const colours = {};
  let n = 0;
  graph.cy.batch(() => graph.cy.nodes().forEach((node) => {
    const value = valueOf(node.id());
    colours[node.id()] = value === null ? NO_DATA : colourAt(cmap, value, vmin, vmax);
    node.data("encodingValue", value);
    node.style(value === null ? { "border-width": 1, "border-color": "#9a9a9a" } : { "border-width": 4, "border-color": "#000" });
    if (value !== null) n += 1;
  }));
  graph.colorBy("custom", colours);
  box.refresh(datasetPicker.items);
  box.parts.legend.innerHTML = "";
  $("colour-key").classList.toggle("d-none", !graph.cy.nodes().length);
  $("colour-title").textContent = featureName($("feature").value);
  $("colour-bar").style.background = scaleGradient(cmap);
  const format = (v) => String(Number(v.toPrecision(3)));
  [$("colour-min").textContent, $("colour-mid").textContent, $("colour-max").textContent] = [vmin, (vmin + vmax) / 2, vmax].map(format);
  box.box.dataset.coloured = String(n);
  save();
}

/** The info panel of a tapped neuron: its encoding class and the feature's value. */
function describe(label, panel) {
  const cls = encoding.match[label];
  const row = cls && encoding.byClass[cls];
  const section = document.createElement("div");
  section.className = "small mb-3";
  section.dataset.role = "encoding-section";
  section.innerHTML = row
    ? `<div class="fw-semibold mb-1">Encoding of class ${escapeHTML(cls)} (${row.count} neurons)</div>
       <dl class="row mb-0">${COLUMNS.filter((c) => c.summary || c.key === $("feature").value).map((c) =>
    `<dt class="col-7 fw-normal${c.key === $("feature").value ? " fw-semibold" : ""}">${escapeHTML(`${c.group}: ${c.title}`)}</dt><dd class="col-5 text-end mb-0" data-feature="${c.key}">${row.values[c.key] === null ? "–" : Number(row.values[c.key]).toFixed(2)}</dd>`).join("")}</dl>`
    : '<p class="text-secondary mb-0">No encoding data for this neuron.</p>';
  panel?.addSection(section);
}

$("feature").addEventListener("change", () => {
  const d = featureDefaults($("feature").value);
  [$("cmap").value, $("vmin").value, $("vmax").value] = [d.cmap, d.vmin, d.vmax];
  colour();
});
for (const id of ["cmap", "vmin", "vmax"]) $(id).addEventListener("change", () => colour());
$("reset-range").addEventListener("click", () => {
  const d = featureDefaults($("feature").value);
  [$("cmap").value, $("vmin").value, $("vmax").value] = [d.cmap, d.vmin, d.vmax];
  colour();
});
$("add-all").addEventListener("click", () => {
  const names = Object.keys(encoding.match).filter((n) => n in available.neurons);
  neuronPicker.setSelection({ neurons: [...new Set([...neuronPicker.selection.neurons, ...names])] });
  fetchEdges();
});
$("clear").addEventListener("click", () => neuronPicker.clear());
setupCopyLink($("copy-link"));

try {
  const answer = await encodingTable();
  encoding = { byClass: Object.fromEntries(summaryRows(answer).map((r) => [r.cls, r])), match: answer.neuron_match };
} catch (error) {
  showAlert(message, `Could not load the encoding table: ${error.message}`);
}
loadDatasets({ neurons: splitList(state.n) });
