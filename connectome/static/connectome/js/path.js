// /connectome/path/: every shortest path from one neuron (or class) to another.
// URL state (README "Pages"): ds, start, end, cls, gap, w.

import { saveCSV, setCited } from "../../core/js/cite.js";
import { availableNeurons, findPaths } from "../../core/js/api.js";
import { neuronLinkHTML } from "../../core/js/neuron_link.js";
import { paintTransmitters } from "./transmitters.js";
import { flag, flagValue, loadState, saveState, setupCopyLink } from "../../core/js/page_state.js";
import { setupTour } from "../../core/js/tour.js";
import { escapeHTML, showAlert } from "../../core/js/ui.js";
import { GraphBox } from "./graph_box.js";
import { NeuronSelector } from "../../core/js/neuron_selector.js";
import { datasetSelect } from "../../core/js/pickers.js";

const PAGE = "path";
const DATASETS = JSON.parse(document.getElementById("connectome-datasets").textContent);
const DEFAULTS = { ds: "witvliet_2020_8", start: "", end: "", cls: "1", gap: "1", w: "0", color: "type" };
const state = loadState(PAGE, DEFAULTS);
document.getElementById("color").value = state.color === "transmitter" ? "transmitter" : "type";
document.getElementById("color").addEventListener("change", () => {
  colour();
  save();
});
const $ = (id) => document.getElementById(id);
const message = $("message");
const HOP_MARKS = { c: "→", e: "—" };

let available = { neurons: {}, neuron_classes: {} };
let answer = null;
let latest = 0;

const box = new GraphBox($("graph-box"), {
  datasets: DATASETS,
  available: () => available,
  fileName: () => `wormwideweb-paths-${answer?.dataset_id}-${answer?.start_neuron}-${answer?.end_neuron}`,
});
const graph = box.graph;
window.wormwideweb = { graph };

$("use-class").checked = flag(state.cls);
$("use-gap").checked = flag(state.gap);
$("use-weights").checked = flag(state.w);
const kinds = () => ($("use-class").checked ? "classes" : "neurons");
const datasetPicker = datasetSelect($("dataset"), DATASETS, { multiple: false, onChange: () => loadDataset() });
datasetPicker.setValue(DATASETS.some((d) => d.id === state.ds) ? state.ds : DEFAULTS.ds, true);
const startPicker = new NeuronSelector($("start"), { single: true, kinds: kinds(), onChange: () => save() });
const endPicker = new NeuronSelector($("end"), { single: true, kinds: kinds(), onChange: () => save() });

function currentState() {
  return {
    ds: datasetPicker.getValue(), start: startPicker.name, end: endPicker.name,
    cls: flagValue($("use-class").checked), gap: flagValue($("use-gap").checked), w: flagValue($("use-weights").checked),
    color: $("color").value,
  };
}

const citedIds = () => [datasetPicker.getValue(), ...($("color").value === "transmitter" ? ["neuron_metadata"] : [])];
const save = () => {
  saveState(PAGE, currentState(), DEFAULTS);
  setCited(citedIds());
};
setCited(citedIds(), currentState);
const dataset = () => DATASETS.find((d) => d.id === datasetPicker.getValue());

/** A new dataset: offer its neurons or classes; run the search when the URL asked for one. */
async function loadDataset(restore = null) {
  if (!dataset()) return showAlert(message, "Choose a dataset.", "warning");
  const hasGaps = dataset().has_gap_junctions;
  $("gap-note").textContent = hasGaps ? "" : "This dataset has no gap-junction data: paths use chemical synapses only.";
  $("gap-note").classList.toggle("d-none", hasGaps);
  box.setBusy(true);
  try {
    available = await availableNeurons([dataset().id]);
  } catch (error) {
    return showAlert(message, `Could not load the neurons of this dataset: ${error.message}`);
  } finally {
    box.setBusy(false);
  }
  const before = [startPicker.name, endPicker.name];
  for (const picker of [startPicker, endPicker]) picker.setAvailable(available);
  const names = restore || before;
  const missing = [startPicker, endPicker].flatMap((picker, i) => (names[i] ? picker.setSelection(byKind([names[i]])) : []));
  showAlert(message, missing.length ? `Not in ${dataset().name}: ${missing.join(", ")}.` : "", "warning");
  save();
  if (restore && startPicker.name && endPicker.name) search();
}

const byKind = (names) => ($("use-class").checked ? { classes: names } : { neurons: names });

/** Ask find-paths, then draw the paths and list them. */
async function search() {
  const start = startPicker.name;
  const end = endPicker.name;
  if (!start || !end) return showAlert(message, "Choose both a start and an end.", "warning");
  if (start === end) return showAlert(message, "Start and end are the same: choose two different ones.", "warning");
  save();
  const request = ++latest;
  box.setBusy(true);
  showAlert(message, "");
  try {
    const result = await findPaths({
      dataset: dataset().id, start, end, weighted: $("use-weights").checked,
      gapJunction: $("use-gap").checked, byClass: $("use-class").checked,
    });
    if (request === latest) show(result);
  } catch (error) {
    if (request === latest) {
      showAlert(message, `Could not find paths: ${error.message}`);
      clearResults();
    }
  } finally {
    if (request === latest) box.setBusy(false);
  }
}

function clearResults() {
  answer = null;
  graph.setGraph({ datasets: [], labels: [], synapses: [] }, { cellTypes: () => ["u"] });
  box.refresh([]);
  $("results").classList.add("d-none");
}

function show(result) {
  answer = result;
  const { paths, start_neuron: start, end_neuron: end } = result;
  const kind = result.use_gap_junction ? "synapses" : "chemical synapses";
  const notes = [result.note, result.truncated && `Showing the first ${paths.length} of ${result.n_paths_total.toLocaleString()} shortest paths: the answer is capped at ${result.max_paths}.`];
  showAlert(message, notes.filter(Boolean).join(" "), "info");
  if (!paths.length) {
    clearResults();
    box.setEmpty(`No path from ${start} to ${end} in ${dataset().name} through ${kind}.`);
    return;
  }
  box.setEmpty("");
  graph.setGraph({ datasets: [result.dataset_id], labels: result.nodes, synapses: pathSynapses(paths) }, {
    cellTypes: (label) => startPicker.cellTypes(label),
  });
  graph.cy.$id(start).addClass("endpoint");
  graph.cy.$id(end).addClass("endpoint");
  graph.layoutPaths(paths.map((p) => p.path));
  box.refresh([result.dataset_id]);
  colour();
  listPaths(result);
}

/** Nodes by cell type (as drawn) or by neurotransmitter, with the legend to match. */
function colour() {
  const byTransmitter = () => $("color").value === "transmitter";
  if (byTransmitter()) {
    paintTransmitters(box, { onError: (text) => showAlert(message, text), wanted: byTransmitter });
  } else {
    graph.colorBy("type");
    box.refresh(answer ? [answer.dataset_id] : []);
  }
}

/** The hops of the paths as get-edges synapses, each real synapse once. */
function pathSynapses(paths) {
  const synapses = new Map();
  for (const path of paths) {
    for (const e of path.edges) {
      const [pre, post] = e.type === "e" ? [e.pre, e.post].sort() : [e.pre, e.post];
      synapses.set(`${pre}!${post}!${e.type}`, { pre, post, type: e.type, count: e.count, list_count: [e.count] });
    }
  }
  return [...synapses.values()];
}

function listPaths(result) {
  const { paths } = result;
  const hops = paths[0].path.length - 1;
  const how = result.use_weights ? "strongest (weighted)" : "shortest";
  $("results-title").textContent = `${result.n_paths_total.toLocaleString()} ${how} ${result.n_paths_total === 1 ? "path" : "paths"} from ${result.start_neuron} to ${result.end_neuron}` +
    (result.use_weights ? "" : ` · ${hops} ${hops === 1 ? "hop" : "hops"} each`);
  $("path-rows").innerHTML = paths.map((p, i) => `<tr data-path="${i}">
      <td class="ps-3 text-secondary">${i + 1}</td>
      <td class="path-hops">${pathHTML(p)}</td>
      <td class="text-end pe-3">${p.total_weight}</td></tr>`).join("");
  $("results").classList.remove("d-none");
}

function pathHTML(p) {
  const parts = [neuronLinkHTML(p.path[0])];
  for (let i = 1; i < p.path.length; i++) {
    const hop = p.edges.filter((e) => new Set([e.pre, e.post]).has(p.path[i - 1]) && new Set([e.pre, e.post]).has(p.path[i]));
    const marks = hop.map((e) => `${HOP_MARKS[e.type]}<span class="hop-count">${e.count}</span>`).join(" ");
    parts.push(` ${marks} ${neuronLinkHTML(p.path[i])}`);
  }
  return parts.join("");
}

/** A path's hops, as graph element ids. */
function pathElements(p) {
  return p.edges.map((e) => {
    const [pre, post] = e.type === "e" ? [e.pre, e.post].sort() : [e.pre, e.post];
    return `${pre}!${post}!${e.type}`;
  });
}

function savePaths(result) {
  const rows = result.paths.flatMap((p, i) => p.edges.map((e, k) => [i + 1, k + 1, e.pre, e.post, e.type === "c" ? "chemical" : "gap_junction", e.count]));
  return saveCSV(`wormwideweb-paths-${result.dataset_id}-${result.start_neuron}-${result.end_neuron}.csv`, {
    what: `shortest paths from ${result.start_neuron} to ${result.end_neuron} in ${result.dataset_id}`,
    header: ["path", "hop", "pre", "post", "type", "count"], rows, ids: [result.dataset_id],
  });
}

let highlighted = null;
$("path-rows").addEventListener("click", (event) => {
  const row = event.target.closest("tr[data-path]");
  if (!row) return;
  const same = highlighted === row;
  for (const r of $("path-rows").querySelectorAll("tr.active")) r.classList.remove("active");
  highlighted = same ? null : row;
  row.classList.toggle("active", !same);
  graph.highlight(same ? [] : pathElements(answer.paths[Number(row.dataset.path)]));
});

$("path-form").addEventListener("submit", (event) => {
  event.preventDefault();
  search();
});
$("swap").addEventListener("click", () => {
  const [start, end] = [startPicker.name, endPicker.name];
  startPicker.setSelection(byKind(end ? [end] : []));
  endPicker.setSelection(byKind(start ? [start] : []));
  save();
});
$("use-class").addEventListener("change", () => {
  for (const picker of [startPicker, endPicker]) picker.setKinds(kinds());
  save();
});
for (const id of ["use-gap", "use-weights"]) $(id).addEventListener("change", save);
$("download-paths").addEventListener("click", () => savePaths(answer));
setupCopyLink($("copy-link"));

const loaded = loadDataset([state.start, state.end]);
setupTour("connectome-path", [
  { title: "Neural paths", text: "Find every shortest path between two neurons. Use → or Enter to go on, ← to go back, Esc to close." },
  { element: ".ts-wrapper:has(> #dataset-ts-control)", title: "Dataset", text: "The connectome to search in." },
  { element: "#use-class", title: "Neurons or classes", text: "Search between classes (AVA) or single neurons (AVAL)." },
  { element: ".ts-wrapper:has(> #start-ts-control)", title: "From", text: "The start, for example a sensory neuron such as ASHL." },
  { element: ".ts-wrapper:has(> #end-ts-control)", title: "To", text: "The end, for example a command interneuron such as AVAL. Swap exchanges the two." },
  { element: "#use-gap", title: "Gap junctions and weights", text: "Cross gap junctions (either way) or not; count hops, or weigh each hop by 1/synapse count." },
  { element: "#search", title: "Find paths", text: "Draws the paths left to right and lists them with their synapse counts, downloadable as CSV." },
  { element: "#graph-box", title: "The paths", text: "Tap a neuron for its info panel, an edge for its synapses." },
], { ready: loaded });
