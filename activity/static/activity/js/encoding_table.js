// /activity/encoding/table/: the class-level CePNEM summary and the per-neuron table of the
// recordings that have an encoding, with the columns a user chooses.
// URL state (README "Pages"): cols, q, sort (summary table).

import { loadState, saveState, setupCopyLink, splitList } from "../../core/js/page_state.js";
import { setupTour } from "../../core/js/tour.js";
import { setBusy, showAlert } from "../../core/js/ui.js";
import { encodingDictionary, encodingTable } from "./api.js";
import { ColumnChooser } from "./column_chooser.js";
import { COLUMNS, DEFAULT_COLUMNS, EncodingTable, GROUPS, dictionaryRows, summaryRows } from "./encoding_columns.js";

const PAGE = "activity-encoding-table";
const DEFAULTS = { cols: DEFAULT_COLUMNS.join(","), q: "", sort: "" };
const state = loadState(PAGE, DEFAULTS);
const $ = (id) => document.getElementById(id);
const known = new Set(COLUMNS.map((c) => c.key));
const chosen = splitList(state.cols).filter((k) => known.has(k));

const summary = new EncodingTable($("summary-table"), { mode: "summary", visible: chosen, pageSize: 25, empty: "No class matches." });
const neurons = new EncodingTable($("neuron-table"), {
  mode: "neurons", visible: chosen, pageSize: 50, empty: "No recording in this database has per-neuron encoding (CePNEM) data; the class summary above covers every class.",
});
summary.table.onSort = () => save();
const chooser = new ColumnChooser($("columns"), COLUMNS, GROUPS, {
  chosen, defaults: DEFAULT_COLUMNS,
  onChange: (keys) => {
    summary.setVisible(keys);
    neurons.setVisible(keys);
    save();
  },
});
let rows = { summary: [], neurons: [] };
$("search").value = state.q;
$("search").addEventListener("input", () => filter());
setupCopyLink($("copy-link"));

function filter() {
  const text = $("search").value.trim().toUpperCase();
  const shown = {
    summary: rows.summary.filter((r) => !text || r.cls.toUpperCase().includes(text)),
    neurons: rows.neurons.filter((r) => !text || r.label.toUpperCase().includes(text)),
  };
  summary.setRows(shown.summary);
  neurons.setRows(shown.neurons);
  $("summary-count").textContent = `(${shown.summary.length} of ${rows.summary.length} classes)`;
  $("neuron-count").textContent = `(${shown.neurons.length} neurons)`;
  save();
}

function save() {
  const sort = summary.table.sort.key ? `${summary.table.sort.dir < 0 ? "-" : ""}${summary.table.sort.key}` : "";
  saveState(PAGE, { cols: chooser.chosen.join(","), q: $("search").value.trim(), sort }, DEFAULTS);
}

async function load(box, fetcher, toRows) {
  setBusy($(box).querySelector("[data-role=loading]"), true);
  try {
    return toRows(await fetcher());
  } catch (error) {
    showAlert($("message"), `Could not load the encoding: ${error.message}`);
    return [];
  } finally {
    setBusy($(box).querySelector("[data-role=loading]"), false);
  }
}

const [summaryAnswer, neuronAnswer] = await Promise.all([
  load("summary-box", encodingTable, summaryRows), load("neuron-box", encodingDictionary, dictionaryRows),
]);
rows = { summary: summaryAnswer, neurons: neuronAnswer };
if (state.sort) summary.table.sortBy(state.sort.replace(/^-/, ""), state.sort.startsWith("-") ? -1 : 1);
filter();
$("summary-table").dataset.loaded = "1";
setupTour("encoding-table", [
  { title: "Encoding tables", text: "How neurons encode behaviour in the CePNEM model. Use → or Enter to go on, ← to go back, Esc to close." },
  { element: "#search", title: "Search", text: "Filter both tables by class or neuron, e.g. AVA." },
  { element: "[data-bs-target='#columns-panel']", title: "Columns", text: "Choose which encoding features are shown, by group (velocity, head curvature, feeding, others)." },
  { element: "[data-bs-target='#legend-panel']", title: "What the columns mean", text: "Strength, forwardness, tuning, timescale and the <code>?</code> labels explained." },
  { element: "#summary-box", title: "Class summary", text: "One row per neuron class: the fraction of its neurons with each tuning. Click a header to sort.", side: "top" },
  { element: "#neuron-box", title: "Per neuron, per recording", text: "Each labelled neuron in each recording, with the time segments of each tuning and a link to plot its activity.", side: "top" },
  { element: "#copy-link", title: "Share", text: "The address holds the search, columns and sort. The Tour button shows this tour again." },
]);
