// /connectome/explore/: pick datasets and neurons, see their connections.
// URL state (README "Pages"): ds, n, c, layout, color, ind, con, cmin, gmin, sp, es, pos, col,
// and the layers (layers.js): xs, xl, fn, fq.

import { setCited } from "../../core/js/cite.js";
import { availableNeurons, getEdges } from "../../core/js/api.js";
import { loadState, saveState, setupCopyLink, splitList } from "../../core/js/page_state.js";
import { setupTour } from "../../core/js/tour.js";
import { debounce, showAlert } from "../../core/js/ui.js";
import { customCSV, decodeCustom, encodeCustom, parseCustomCSV } from "./custom_csv.js";
import { GraphBox } from "./graph_box.js";
import { GraphSettings, SETTING_DEFAULTS } from "./graph_settings.js";
import { NeuronSelector } from "../../core/js/neuron_selector.js";
import { datasetSelect } from "../../core/js/pickers.js";
import { LAYER_DEFAULTS, Layers } from "./layers.js";
import { decorateLegend } from "./legend_extras.js";
import { loadTransmitters, transmitterColors } from "./transmitters.js";

const PAGE = "explore";
const DATASETS = JSON.parse(document.getElementById("connectome-datasets").textContent);
const DEFAULTS = { ds: "witvliet_2020_8", n: "", c: "", color: "type", pos: "", col: "", ...SETTING_DEFAULTS, ...LAYER_DEFAULTS };
const state = loadState(PAGE, DEFAULTS);
const $ = (id) => document.getElementById(id);
const message = $("message");

let available = { neurons: {}, neuron_classes: {} };
const custom = { positions: decodeCustom("positions", state.pos), colors: decodeCustom("colors", state.col) };
let latest = 0; // the newest get-edges request; older answers are dropped

const box = new GraphBox($("graph-box"), {
  datasets: DATASETS,
  available: () => available,
  fileName: () => `wormwideweb-connectome-${datasetPicker.items.join("-")}`,
});
const graph = box.graph;
const settings = new GraphSettings(document.querySelector("[data-role=graph-settings]"), state, {
  refetch: () => fetchEdges(),
  refilter: () => redraw({ layout: true }),
  relayout: () => (settings.layout === "custom" && !Object.keys(custom.positions).length ? openCustom("positions") : redraw({ layout: true })),
  restyle: () => {
    graph.setEdgeScale(settings.edgeScale);
    save();
  },
});
$("color").value = ["custom", "transmitter"].includes(state.color) ? state.color : "type";
let transmitters = null; // the neurotransmitter table, once loaded
const layers = new Layers(document.querySelector("[data-role=layers]"), state, {
  graph,
  onChange: () => redraw(),
  onError: (text) => showAlert(message, text),
});

const datasetPicker = datasetSelect($("datasets"), DATASETS, { onChange: () => loadDatasets() });
const known = splitList(state.ds).filter((id) => DATASETS.some((d) => d.id === id));
datasetPicker.setValue(known.length ? known : [DEFAULTS.ds], true);
// A change makes any answer still on its way stale at once; the new request follows shortly.
const fetchSoon = debounce(() => fetchEdges(), 150);
const neuronPicker = new NeuronSelector($("neurons"), {
  onChange: () => {
    latest += 1;
    box.setBusy(true);
    fetchSoon();
  },
});

window.wormwideweb = { graph }; // for the console, and for browser tests to find where an edge is drawn

function currentState() {
  const { neurons, classes } = neuronPicker.selection;
  return {
    ds: datasetPicker.items.join(","), n: neurons.join(","), c: classes.join(","),
    color: $("color").value, ...settings.state, ...layers.state,
    pos: settings.layout === "custom" ? encodeCustom("positions", custom.positions) : "",
    col: $("color").value === "custom" ? encodeCustom("colors", custom.colors) : "",
  };
}

const citedIds = () => [...datasetPicker.items, ...layers.citedIds(), ...($("color").value === "transmitter" ? ["neuron_metadata"] : [])];
const save = () => {
  saveState(PAGE, currentState(), DEFAULTS);
  setCited(citedIds());
};
setCited(citedIds(), currentState);

/** New datasets: load their neurons and classes, then the edges. */
async function loadDatasets(restore = null) {
  const ids = datasetPicker.items;
  latest += 1; // an answer for the previous datasets is stale
  if (!ids.length) {
    showAlert(message, "Choose at least one dataset.", "warning");
    available = { neurons: {}, neuron_classes: {} };
    neuronPicker.setAvailable(available);
    return showNothing();
  }
  const before = neuronPicker.ts.items.slice();
  box.setBusy(true);
  try {
    available = await availableNeurons(ids);
  } catch (error) {
    box.setBusy(false);
    return showAlert(message, `Could not load the neurons of these datasets: ${error.message}`);
  }
  neuronPicker.setAvailable(available);
  let missing = before.filter((v) => !neuronPicker.ts.items.includes(v)).map((v) => v.slice(2));
  if (restore) missing = neuronPicker.setSelection(restore);
  showAlert(message, missing.length ? `Not in the chosen datasets, so left out: ${missing.join(", ")}.` : "", "warning");
  await fetchEdges();
}

function showNothing() {
  latest += 1;
  box.setBusy(false);
  graph.setGraph({ datasets: datasetPicker.items, labels: [], synapses: [] }, { cellTypes: () => ["u"] });
  box.setEmpty("Add neurons or classes to draw their connections.", { example: true });
  box.refresh(datasetPicker.items);
  save();
}

/** Ask get-edges for the connections of the selection, and draw them. */
async function fetchEdges() {
  const { neurons, classes } = neuronPicker.selection;
  if (!datasetPicker.items.length) return;
  if (!neurons.length && !classes.length) return showNothing();
  const request = ++latest;
  box.setBusy(true);
  try {
    const answer = await getEdges({
      datasets: datasetPicker.items, neurons, classes,
      show_individual_neuron: settings.individual, show_connected_neuron: settings.connected,
    });
    if (request !== latest) return;
    if (message.classList.contains("alert-danger")) showAlert(message, "");
    box.setEmpty("");
    graph.setGraph({ datasets: answer.datasets, labels: answer.neurons, synapses: answer.synapses }, {
      cellTypes: (label) => neuronPicker.cellTypes(label),
      chosen: new Set([...neurons, ...classes]),
    });
    graph.setEdgeScale(settings.edgeScale);
    redraw({ layout: true });
    layers.refresh();
  } catch (error) {
    if (request === latest) showAlert(message, `Could not load the connections: ${error.message}`);
  } finally {
    if (request === latest) box.setBusy(false);
  }
}

/** Apply thresholds and colours, lay out again if asked, and update overlays and the URL. */
function redraw({ layout = false } = {}) {
  graph.applyThresholds(settings.chemicalMin, settings.gapMin);
  const mode = $("color").value;
  const labels = graph.cy.nodes().map((n) => n.id());
  graph.colorBy(mode, mode === "transmitter" && transmitters ? transmitterColors(transmitters, labels) : custom.colors);
  if (layout) graph.layout(settings.layout, { spacing: settings.spacing, positions: custom.positions });
  box.refresh(datasetPicker.items);
  decorateLegend(box, { transmitters: mode === "transmitter" ? transmitters : null, layers });
  $("edit-positions").classList.toggle("d-none", settings.layout !== "custom");
  $("edit-colors").disabled = $("color").value !== "custom";
  save();
}

async function colourByTransmitter() {
  try {
    transmitters = await loadTransmitters();
  } catch (error) {
    showAlert(message, `Could not load the neurotransmitters: ${error.message}`);
  }
  redraw();
}

$("color").addEventListener("change", () => {
  if ($("color").value === "custom" && !Object.keys(custom.colors).length) openCustom("colors");
  else if ($("color").value === "transmitter" && !transmitters) colourByTransmitter();
  else redraw();
});
if ($("color").value === "transmitter") colourByTransmitter();
$("edit-colors").addEventListener("click", () => openCustom("colors"));
$("edit-positions").addEventListener("click", () => openCustom("positions"));
$("clear").addEventListener("click", () => neuronPicker.clear());
setupCopyLink($("copy-link"));

// Custom positions (name,x,y) or colours (name,r,g,b), pasted as CSV.
const modal = new bootstrap.Modal($("custom-modal"));
let editing = "positions";
let applied = false;

function openCustom(kind) {
  editing = kind;
  applied = false;
  const nodes = graph.visibleNodes();
  const entries = kind === "positions"
    ? nodes.map((n) => [n.id(), custom.positions[n.id()] || n.position()])
    : nodes.map((n) => [n.id(), custom.colors[n.id()] || "#d2d2d2"]);
  $("custom-modal-title").textContent = kind === "positions" ? "Custom positions" : "Custom colours";
  $("custom-help").textContent = kind === "positions"
    ? "One line per node: name,x,y (in pixels; y grows downwards). Pre-filled with the current positions. Nodes you leave out stay where they are."
    : "One line per node: name,r,g,b (0-255) or name,#rrggbb. Nodes you leave out keep their cell-type colour.";
  $("custom-text").value = customCSV(kind, entries);
  $("custom-problems").classList.add("d-none");
  modal.show();
}

$("custom-apply").addEventListener("click", () => {
  const labels = graph.visibleNodes().map((n) => n.id());
  const { values, problems, missing } = parseCustomCSV($("custom-text").value, editing, labels);
  if (problems.length) {
    $("custom-problems").innerHTML = "";
    for (const p of problems) $("custom-problems").append(Object.assign(document.createElement("div"), { textContent: p }));
    $("custom-problems").classList.remove("d-none");
    return;
  }
  custom[editing] = values;
  applied = true;
  modal.hide();
  if (editing === "positions") settings.layout = "custom";
  else $("color").value = "custom";
  redraw({ layout: editing === "positions" });
  if (missing.length && missing.length < labels.length) {
    showAlert(message, `Not in your list, so left as they were: ${missing.join(", ")}.`, "info");
  }
});

// Closing the editor without applying goes back to the previous choice.
$("custom-modal").addEventListener("hidden.bs.modal", () => {
  if (applied) return;
  if (editing === "positions" && !Object.keys(custom.positions).length) {
    settings.layout = DEFAULTS.layout;
    redraw({ layout: true });
  }
  if (editing === "colors" && !Object.keys(custom.colors).length) {
    $("color").value = "type";
    redraw();
  }
});

const loaded = loadDatasets({ neurons: splitList(state.n), classes: splitList(state.c) });
setupTour("connectome-explore", [
  { title: "Explore the connectome", text: "A one-minute tour of this page. Use → or Enter to go on, ← to go back, Esc to close." },
  { element: ".ts-wrapper:has(> #datasets-ts-control)", title: "Datasets", text: "Choose one or more published connectomes. With several, their synapse counts are added up." },
  { element: ".ts-wrapper:has(> #neurons-ts-control)", title: "Neurons and classes", text: "Type a name (AVA, RIML…). A class stands for its neurons; pick a single neuron to split its class." },
  { element: "#graph-box", title: "The graph", text: "Tap a neuron for its info panel (what it is, links to WormAtlas, its page and its activity); tap an edge for its synapse counts per dataset." },
  { element: "#color", title: "Neuron colour", text: "By cell type, by neurotransmitter (Wang 2024), or your own colours pasted as CSV." },
  { element: "#setting-layout", title: "Layout and filters", text: "How the graph is laid out, whether to split classes or add connected neurons, and the smallest synapse counts shown." },
  { element: "#graph-box [data-role=fullscreen]", title: "Download and fullscreen", text: "Save the graph as PNG or SVG with its legend and citation, or the edges as CSV or JSON." },
  { element: "#copy-link", title: "Share", text: "The address holds the whole view: copy it for a colleague. The Tour button shows this tour again." },
], { ready: loaded });
