// /activity/explore/<dataset_id>/: one recording's traces and behaviour, correlations of the
// plotted neurons, their connectome (NeuroPAL recordings) and the recording's encoding.
// URL state (README "Pages"): n (indices joined by "-"), b (behaviour keys joined by "-"),
// h, rev, ev, and for the connectome ds, con, ncol.

import { saveCSV, setCited } from "../../core/js/cite.js";
import { loadState, numberIn, saveState, setupCopyLink } from "../../core/js/page_state.js";
import { setupTour } from "../../core/js/tour.js";
import { debounce, setBusy, showAlert } from "../../core/js/ui.js";
import { ActivityPlot } from "./activity_plot.js";
import { behaviour as fetchBehaviour, correlation, recordingEncoding, traces as fetchTraces } from "./api.js";
import { neuronName, typeBadges } from "./badges.js";
import { correlationHTML } from "./correlation_panel.js";
import { ColourPool } from "./palette.js";
import { choiceSelect, neuronSelect } from "../../core/js/pickers.js";

const data = (id) => JSON.parse(document.getElementById(id).textContent);
const RECORDING = data("recording");
const NEURONS = data("recording-neurons");
const INITIAL = data("initial-state");
const TYPES = data("activity-types");
const CONNECTOME_DATASETS = data("connectome-datasets");
const $ = (id) => document.getElementById(id);
const message = $("message");
const labelOf = Object.fromEntries(NEURONS.map((n) => [n.idx, n.label]));
const names = Object.fromEntries(NEURONS.map((n) => [n.idx, neuronName(n.idx, n.label)]));

const PAGE = `activity-explore:${RECORDING.dataset_id}`;
let linked = null;
// The linked connectome of NeuroPAL recordings: its datasets, connected neurons, node colours.
const LINKED_KEYS = RECORDING.neuropal ? { ds: "white_1986_whole,witvliet_2020_7,witvliet_2020_8", con: "0", ncol: "activity" } : {};
const DEFAULTS = { n: "", b: RECORDING.has_behavior ? "v" : "", h: "600", rev: "1", ev: "1", ...LINKED_KEYS };
const state = loadState(PAGE, DEFAULTS);
const fromURL = new URLSearchParams(location.search).has("n") || new URLSearchParams(location.search).has("b");
const initialNeurons = fromURL ? INITIAL.n : validIndices(state.n);
const initialBehaviours = fromURL ? (new URLSearchParams(location.search).has("b") ? INITIAL.b : DEFAULTS.b.split("-").filter(Boolean)) : state.b.split("-").filter(Boolean);
if (INITIAL.problems.length) showAlert(message, INITIAL.problems.join(" "), "warning");

$("type-badges").innerHTML = typeBadges(RECORDING.types, TYPES);
const colours = new ColourPool();
const traceCache = new Map(); // idx -> values
let behaviourAnswer = null;
let latest = 0;

const plot = new ActivityPlot($("plot"), RECORDING, {
  height: numberIn(state.h, 400, 2400, 600), showReversals: state.rev === "1", showEvents: state.ev === "1",
});
$("plot-height").value = plot.height;
$("plot-height-value").textContent = `${plot.height} px`;
$("show-reversals").checked = plot.showReversals && RECORDING.has_behavior;
$("show-events").checked = plot.showEvents && Object.keys(RECORDING.events).length > 0;

const neuronPicker = neuronSelect($("neurons"), NEURONS, { onChange: () => update() });
const behaviourPicker = choiceSelect($("behaviours"), [], { placeholder: RECORDING.has_behavior ? "Velocity, head curvature…" : "No behaviour data", onChange: () => update() });
if (!RECORDING.has_behavior) behaviourPicker.disable();

window.wormwideweb = { plot };

function validIndices(text) {
  const idxs = text.split(/[-,]/).map(Number).filter((i) => Number.isInteger(i) && i >= 1 && i <= RECORDING.n_neuron);
  return [...new Set(idxs)];
}

const plotted = () => neuronPicker.items.map(Number);

function currentState() {
  return {
    n: plotted().join("-"), b: behaviourPicker.items.join("-"), h: String(plot.height),
    rev: $("show-reversals").checked ? "1" : "0", ev: $("show-events").checked ? "1" : "0",
    ...(linked ? linked.state : {}),
  };
}
// Cited: the recording, and the linked connectome's datasets when it is shown.
const citedIds = () => [RECORDING.dataset_id, ...(linked ? linked.picker.items : [])];
const save = () => {
  saveState(PAGE, currentState(), DEFAULTS);
  setCited(citedIds());
};
setCited(citedIds(), currentState);

/** Fetch the traces not yet loaded, then draw the plot, the correlations and the connectome. */
async function update() {
  const idxs = plotted();
  const request = ++latest;
  const missing = idxs.filter((i) => !traceCache.has(i));
  colours.keep(idxs);
  save();
  if (missing.length) {
    setBusy($("plot-box").querySelector("[data-role=loading]"), true);
    try {
      const answer = await fetchTraces(RECORDING.dataset_id, missing);
      for (const n of answer.neurons) traceCache.set(n.idx_neuron, n.trace);
    } catch (error) {
      showAlert(message, `Could not load the traces: ${error.message}`);
    } finally {
      if (request === latest) setBusy($("plot-box").querySelector("[data-role=loading]"), false);
    }
    if (request !== latest) return;
  }
  draw();
  updateCorrelations();
  linked?.update();
}

function draw() {
  const idxs = plotted().filter((i) => traceCache.has(i));
  plot.setNeurons(idxs.map((i) => ({ key: i, name: names[i], values: traceCache.get(i), colour: colours.colour(i) })));
  const channels = behaviourAnswer?.data.behavior.traces || {};
  plot.setBehaviours(behaviourPicker.items.filter((k) => k in channels).map((k) => ({ key: k, name: channels[k].name, unit: channels[k].unit, values: channels[k].data })));
  const empty = !idxs.length && !plot.behaviours.length;
  $("plot-box").querySelector("[data-role=empty]").classList.toggle("d-none", !empty);
  $("plot").classList.toggle("invisible", empty);
  plot.draw();
  $("plot-status").textContent = `${idxs.length} ${idxs.length === 1 ? "neuron" : "neurons"}${plot.behaviours.length ? `, ${plot.behaviours.length} behaviour${plot.behaviours.length === 1 ? "" : "s"}` : ""}`;
  $("plot").dataset.drawn = String(idxs.length + plot.behaviours.length);
}

const updateCorrelations = debounce(async () => {
  const idxs = plotted();
  const box = $("correlations");
  if (!idxs.length) {
    box.innerHTML = '<p class="text-secondary mb-0">Plot neurons to see their correlations.</p>';
    return;
  }
  try {
    const answer = await correlation(RECORDING.dataset_id, idxs, 3);
    if (answer.neurons.join("-") !== [...plotted()].sort((a, b) => a - b).join("-")) return; // answered in index order
    const channels = behaviourAnswer?.data.behavior.traces || {};
    box.innerHTML = correlationHTML(answer, {
      names, colours: Object.fromEntries(idxs.map((i) => [i, colours.colour(i)])),
      behaviourNames: Object.fromEntries(Object.entries(channels).map(([k, c]) => [k, c.name])),
    });
    box.dataset.neurons = answer.neurons.join("-");
  } catch (error) {
    box.textContent = `Could not load the correlations: ${error.message}`;
  }
}, 200);

$("correlations").addEventListener("click", (event) => {
  const button = event.target.closest("[data-add]");
  if (button) neuronPicker.addItem(button.dataset.add);
});
$("clear").addEventListener("click", () => neuronPicker.clear());
$("reset-scale").addEventListener("click", () => plot.resetScale());
$("export-csv").addEventListener("click", () => {
  if (!plot.neurons.length && !plot.behaviours.length) return showAlert(message, "Plot a neuron or a behaviour first: the CSV holds what is plotted.", "warning");
  const units = plot.behaviours.filter((b) => b.visible !== false).map((b) => `${b.key} in ${b.unit}`);
  const what = `activity of ${RECORDING.dataset_id} as plotted: neurons ${plot.neuronTitle}${units.length ? `; ${units.join(", ")}` : ""}`;
  saveCSV(`wormwideweb-${RECORDING.dataset_id}.csv`, { what, ...plot.table(), ids: [RECORDING.dataset_id] });
});
$("plot-height").addEventListener("input", () => ($("plot-height-value").textContent = `${$("plot-height").value} px`));
$("plot-height").addEventListener("change", () => {
  plot.setOptions({ height: Number($("plot-height").value) });
  save();
});
for (const id of ["show-reversals", "show-events"]) {
  $(id).addEventListener("change", () => {
    plot.setOptions({ showReversals: $("show-reversals").checked, showEvents: $("show-events").checked });
    save();
  });
}
$("plot-fullscreen").addEventListener("click", () => (document.fullscreenElement ? document.exitFullscreen() : $("plot-box").requestFullscreen?.()));
$("plot-box").addEventListener("fullscreenchange", () => Plotly.Plots.resize($("plot")));
setupCopyLink($("copy-link"));

async function start() {
  if (RECORDING.has_behavior) {
    try {
      behaviourAnswer = await fetchBehaviour(RECORDING.dataset_id);
      plot.reversals = behaviourAnswer.data.behavior.reversal_events;
      for (const [key, c] of Object.entries(behaviourAnswer.data.behavior.traces)) behaviourPicker.addOption({ value: key, text: c.name, detail: c.unit });
      behaviourPicker.setValue(initialBehaviours.filter((k) => k in behaviourAnswer.data.behavior.traces), true);
    } catch (error) {
      showAlert(message, `Could not load the behaviour: ${error.message}`);
    }
  } else if (initialBehaviours.length && INITIAL.b.length) {
    showAlert(message, [...INITIAL.problems, "This recording has no behaviour data, so no behaviour is plotted."].join(" "), "warning");
  }
  if (RECORDING.neuropal && CONNECTOME_DATASETS.length) {
    const { LinkedConnectome } = await import("./linked_connectome.js");
    linked = new LinkedConnectome(RECORDING, NEURONS, CONNECTOME_DATASETS, state, DEFAULTS, {
      colourOf: (idx) => colours.colour(idx), plotted, labelOf: (idx) => labelOf[idx], message,
      toggle: (idx) => (plotted().includes(idx) ? neuronPicker.removeItem(String(idx)) : neuronPicker.addItem(String(idx))),
      onChange: () => save(),
    });
    window.wormwideweb.graph = linked.graph;
    linked.loadDatasets();
  }
  neuronPicker.setValue(initialNeurons.map(String), true);
  await update();
  if (RECORDING.has_encoding) showEncoding();
}

async function showEncoding() {
  try {
    const [answer, { encodingRecordingRows, EncodingTable }] = await Promise.all([recordingEncoding(RECORDING.dataset_id), import("./encoding_columns.js")]);
    $("encoding-card").classList.remove("d-none");
    const table = new EncodingTable($("encoding-table"), { mode: "recording", onPlot: (row) => neuronPicker.addItem(String(row.idx)) });
    table.setRows(encodingRecordingRows(answer, NEURONS, RECORDING));
  } catch (error) {
    showAlert(message, `Could not load the encoding of this recording: ${error.message}`);
  }
}

setupTour("activity-explore", [
  { title: "A whole-brain recording", text: "A short tour of this page. Use → or Enter to go on, ← to go back, Esc to close." },
  { element: ".ts-wrapper:has(> #neurons-ts-control)", title: "Neurons", text: "Pick recorded neurons by number or label (e.g. AVAL) to plot their GCaMP traces." },
  { element: ".ts-wrapper:has(> #behaviours-ts-control)", title: "Behaviour", text: "Velocity, head curvature and the other behaviour channels, plotted under the traces with the reversals shaded." },
  { element: "#plot-box", title: "The plot", text: "Drag to zoom, double-click to zoom out. Click a name in the legend to hide or show its trace." },
  { element: ".plot-toolbar", title: "Tools", text: "Reset the scale, download what is plotted as CSV, change the plot settings, open the correlations or go fullscreen." },
  { element: "#correlation-toggle", title: "Correlations", text: "How each plotted neuron's activity correlates with the behaviour and with the other neurons." },
  { element: "#connectome-card", title: "Connectome", text: "The wiring among the plotted neurons. Tap a neuron to add or remove its trace; choose the layout and colours under the graph settings.", side: "left" },
  { element: "#encoding-card", title: "Encoding", text: "How each neuron of this recording encodes behaviour (CePNEM); Plot adds a neuron's trace.", side: "top" },
  { element: "#copy-link", title: "Share", text: "The address holds the plotted neurons and settings: copy it for a colleague. The Tour button shows this tour again." },
], { ready: start() });
