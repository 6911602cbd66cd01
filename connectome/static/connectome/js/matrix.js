// /connectome/matrix/: the connectivity matrix of a selection as a Plotly heatmap, in one
// dataset or the difference of two. URL state: ds, b, n, c, level, kind, order, diff.

import { ApiError, availableNeurons, fetchJSON } from "../../core/js/api.js";
import { loadState, saveState, setupCopyLink, splitList } from "../../core/js/page_state.js";
import { saveCSV, setCited } from "../../core/js/cite.js";
import { plotlyScale } from "../../core/js/colour_scales.js";
import { NeuronSelector } from "../../core/js/neuron_selector.js";
import { maxOf } from "../../core/js/numbers.js";
import { datasetSelect } from "../../core/js/pickers.js";
import { debounce, setBusy, showAlert } from "../../core/js/ui.js";
import { matrixTable, matrixView } from "./matrix_data.js";

const PAGE = "matrix";
const DATASETS = JSON.parse(document.getElementById("connectome-datasets").textContent);
const DEFAULTS = { ds: "white_1986_whole", b: "", n: "", c: "", level: "neuron", kind: "chemical", order: "name", diff: "subtract" };
const state = loadState(PAGE, DEFAULTS);
const $ = (id) => document.getElementById(id);
const byId = Object.fromEntries(DATASETS.map((d) => [d.id, d]));
const message = $("message");
const plot = $("matrix");
const overlay = document.querySelector("[data-role=loading]");
const selects = { level: $("level"), kind: $("kind"), order: $("order"), diff: $("diff") };
let answer = null;
let latest = 0;

const pickerA = datasetSelect($("dataset-a"), DATASETS, { multiple: false, onChange: () => loadDatasets() });
pickerA.setValue(state.ds in byId ? state.ds : DEFAULTS.ds, true);
$("dataset-b").value = state.b in byId ? state.b : "";
for (const [key, select] of Object.entries(selects)) {
  select.value = [...select.options].some((o) => o.value === state[key]) ? state[key] : DEFAULTS[key];
}
const ids = () => [pickerA.getValue(), $("dataset-b").value].filter(Boolean);
const fetchSoon = debounce(() => fetchMatrix(), 150);
const neuronPicker = new NeuronSelector($("neurons"), { onChange: () => fetchSoon() });

function currentState() {
  const { neurons, classes } = neuronPicker.selection;
  const values = Object.fromEntries(Object.entries(selects).map(([k, s]) => [k, s.value]));
  return { ds: pickerA.getValue(), b: $("dataset-b").value, n: neurons.join(","), c: classes.join(","), ...values };
}
const save = () => {
  saveState(PAGE, currentState(), DEFAULTS);
  setCited(ids());
};

/** New datasets: offer their neurons, then draw. A link's selection is drawn at once, while the
 * picker's options load (and drawn again only if some of its names are not offered). */
async function loadDatasets(restore = null) {
  if (!pickerA.getValue()) return showAlert(message, "Choose dataset A.", "warning");
  $("diff-row").classList.toggle("d-none", ids().length < 2);
  const early = restore ? fetchMatrix(restore) : null;
  try {
    neuronPicker.setAvailable(await availableNeurons(ids()));
  } catch (error) {
    return showAlert(message, `Could not load the neurons of these datasets: ${error.message}`);
  }
  const missing = restore ? neuronPicker.setSelection(restore) : [];
  if (missing.length || !early) await fetchMatrix();
  else save();
  if (missing.length) showAlert(message, `In neither dataset, so left out: ${missing.join(", ")}.`, "warning");
  await early;
}

async function fetchMatrix(selection = null) {
  const { neurons, classes } = selection || neuronPicker.selection;
  const [a, b = ""] = ids();
  const params = new URLSearchParams({
    a, b, neurons: neurons.join(","), classes: classes.join(","),
    level: selects.level.value, order: selects.order.value, difference: selects.diff.value,
  });
  const request = ++latest;
  plot.dataset.ready = "false";
  setBusy(overlay, true);
  if (!selection) save(); // a link's selection is saved once the picker holds it
  try {
    const result = await fetchJSON(`/connectome/api/matrix/?${params}`);
    if (request !== latest) return;
    answer = result;
    if (message.classList.contains("alert-danger")) showAlert(message, "");
    await draw();
  } catch (error) {
    if (request === latest) showAlert(message, error instanceof ApiError ? error.message : `Could not draw the matrix: ${error.message}`);
  } finally {
    if (request === latest) setBusy(overlay, false);
  }
}

async function draw() {
  const kind = selects.kind.value;
  const view = matrixView(answer, kind);
  const n = answer.labels.length;
  $("matrix-title").textContent = `${view.title} (${n} × ${n})`;
  const notes = [`Unit: ${view.unit}.`, ...answer.notes];
  if (answer.rule) notes.push(`Difference: ${answer.rule}`);
  if (answer.absent.length) notes.push(`Not in the dataset(s), left out: ${answer.absent.join(", ")}.`);
  notes.push(`Totals: ${Object.entries(answer.totals).map(([d, t]) => `${byId[d]?.name || d} ${t} ${answer.units[d]}`).join("; ")}.`);
  $("matrix-notes").textContent = notes.join(" ");
  $("download-csv").disabled = n === 0;
  if (!n) {
    Plotly.purge(plot);
    plot.textContent = "No neuron of the selection is in the dataset(s).";
    plot.dataset.ready = "true";
    return;
  }
  plot.textContent = "";
  const values = view.z.flat().filter((v) => v !== null);
  const extreme = Math.max(1e-9, maxOf(values.map(Math.abs)));
  const side = Math.min(1600, Math.max(420, n * 14 + 140));
  const trace = {
    type: "heatmap", x: answer.labels, y: answer.labels, z: view.z, text: view.hover,
    hovertemplate: "%{text}<extra></extra>", hoverongaps: false, xgap: n < 60 ? 1 : 0, ygap: n < 60 ? 1 : 0,
    colorscale: plotlyScale(view.diverging ? "RdBu" : "YlGnBu"),
    zmin: view.diverging ? -extreme : 0, zmax: extreme,
    colorbar: { title: { text: view.unit, side: "right" }, thickness: 12 },
  };
  const tickFont = { size: n > 120 ? 7 : n > 60 ? 9 : 11 };
  await Plotly.react(plot, [trace], {
    height: side, margin: { l: 80, r: 20, t: 20, b: 80 },
    xaxis: { title: { text: kind === "chemical" ? "post" : "" }, tickfont: tickFont, side: "bottom", automargin: true },
    yaxis: { title: { text: kind === "chemical" ? "pre" : "" }, tickfont: tickFont, autorange: "reversed", automargin: true },
    font: { family: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size: 11 },
  }, { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["select2d", "lasso2d"] });
  plot.dataset.ready = "true";
}

for (const [key, select] of Object.entries(selects)) {
  select.addEventListener("change", () => (key === "kind" && answer ? (save(), draw()) : fetchMatrix()));
}
$("dataset-b").addEventListener("change", () => loadDatasets());
$("download-csv").addEventListener("click", () => {
  const name = `wormwideweb-matrix-${ids().join("-")}-${selects.kind.value}.csv`;
  saveCSV(name, { ...matrixTable(answer, selects.kind.value), ids: ids() });
});
$("clear").addEventListener("click", () => neuronPicker.clear());
setupCopyLink($("copy-link"));
window.wormwideweb = { matrix: () => answer };

loadDatasets({ neurons: splitList(state.n), classes: splitList(state.c) });
