// /activity/find-neuron/: recordings holding every chosen NeuroPAL neuron; plot one, plot the
// ticked ones together (plot-multiple), download them. URL state (README "Pages"): n, p, sort.

import { loadState, saveState, setupCopyLink, splitList } from "../../core/js/page_state.js";
import { neuronLinkHTML } from "../../core/js/neuron_link.js";
import { escapeHTML, setBusy, showAlert } from "../../core/js/ui.js";
import { choiceSelect, openOnClick } from "../../core/js/pickers.js";
import { alignedURL, downloadURL, exploreURL, neuronIndex, plotMultipleURL, recordingList } from "./api.js";
import { typeBadges } from "./badges.js";
import { labelChoices, matchingRecordings } from "./neuron_labels.js";
import { DataTable } from "./table.js";
import { downloadZip } from "./zip_download.js";

const PAGE = "activity-find-neuron";
const PAPERS = JSON.parse(document.getElementById("activity-papers").textContent);
const TYPES = JSON.parse(document.getElementById("activity-types").textContent);
const MAX_PLOTS = 50;
const DEFAULTS = { n: "", p: "", sort: "" };
const state = loadState(PAGE, DEFAULTS);
const $ = (id) => document.getElementById(id);
const message = $("message");
const paperTitle = Object.fromEntries(PAPERS.map((p) => [p.paper_id, p.title_short]));

let index = null;
let recordings = {};
let choices = [];
let matches = {};

const idxList = (row) => [...new Set(row.found.map((f) => f.idx))];
const plotURL = (row) => exploreURL(row.dataset_id, idxList(row), recordings[row.dataset_id]?.has_behavior ? ["v"] : []);

const table = new DataTable($("matches"), [
  { key: "paper", title: "Paper", className: "d-none d-md-table-cell", value: (r) => paperTitle[r.paper.paper_id], html: (r) => escapeHTML(r.paper.title_short) },
  { key: "dataset", title: "Dataset", className: "text-nowrap", value: (r) => r.dataset_name, html: (r) => `<a class="fw-semibold" href="${plotURL(r)}">${escapeHTML(r.dataset_name)}</a>` },
  { key: "type", title: "Type", sortable: false, html: (r) => typeBadges(r.dataset_type, TYPES) },
  { key: "n_neuron", title: "Recorded", className: "text-end" },
  { key: "n_labeled", title: "Labelled", className: "text-end" },
  {
    key: "found", title: "Found", sortable: false, help: "The chosen neurons in this recording, with their trace index",
    html: (r) => r.found.map((f) => `<span class="found-neuron">${f.name.includes("?") ? escapeHTML(f.name) : neuronLinkHTML(f.name)} <span class="text-secondary">#${f.idx}</span></span>`).join(" "),
  },
  {
    key: "actions", title: "", sortable: false, className: "text-end text-nowrap",
    html: (r) => `<a class="btn btn-sm btn-outline-primary" href="${plotURL(r)}" data-role="plot"><i class="bi bi-graph-up"></i> Plot</a>
      <a class="btn btn-sm btn-outline-secondary" href="${downloadURL(r.dataset_id)}" download title="The recording as bzip2-compressed JSON (.json.bz2)"><i class="bi bi-download"></i><span class="visually-hidden">Download ${escapeHTML(r.dataset_name)}</span></a>`,
  },
], {
  rowId: (r) => r.dataset_id,
  selectable: true,
  empty: "Pick neurons to list the recordings that hold all of them.",
  onSelect: (ids) => showSelected(ids),
  onSort: () => save(),
  onRowOpen: (r) => location.assign(plotURL(r)),
});

const neuronPicker = openOnClick(new TomSelect($("neurons"), {
  maxItems: null,
  maxOptions: 2000,
  plugins: ["remove_button", "dropdown_input"],
  valueField: "value",
  labelField: "name",
  searchField: ["name", "cls"],
  sortField: [{ field: "$score" }, { field: "cls" }, { field: "order" }],
  optgroupField: "cls",
  hidePlaceholder: true,
  refreshThrottle: 0,
  render: { no_results: () => '<div class="no-results">No NeuroPAL label matches</div>' },
  onItemAdd: (value) => keepExclusive(value),
  onChange: () => update(),
}));
const paperPicker = choiceSelect($("papers"), [], { placeholder: "All papers", onChange: () => update() });

/** "AVA (any)" and a specific AVA neuron exclude each other: the newest choice stays. */
function keepExclusive(value) {
  const cls = choices.find((c) => c.value === value)?.cls;
  for (const other of [...neuronPicker.items]) {
    const choice = choices.find((c) => c.value === other);
    if (other !== value && choice?.cls === cls && (choice.any || value.startsWith("c:"))) neuronPicker.removeItem(other, true);
  }
}

function showSelected(ids) {
  $("plot-selected").disabled = !ids.length;
  $("download-selected").disabled = !ids.length;
  $("plot-selected").querySelector("[data-role=n-selected]").textContent = ids.length ? `(${ids.length})` : "";
}

function update() {
  const values = neuronPicker.items;
  const papers = new Set(paperPicker.items);
  matches = values.length ? matchingRecordings(values, index) : {};
  const rows = index.neuropal_datasets_data
    .filter((d) => d.dataset_id in matches && (!papers.size || papers.has(d.paper.paper_id)))
    .map((d) => ({ ...d, found: matches[d.dataset_id] }));
  table.setRows(rows);
  const names = values.map((v) => choices.find((c) => c.value === v)?.name);
  $("summary").textContent = values.length
    ? `${rows.length} of ${index.neuropal_datasets_data.length} labelled recordings hold ${names.join(" and ")}.`
    : `${index.neuropal_datasets_data.length} recordings have NeuroPAL labels.`;
  showAlignedLinks(values);
  save();
}

/** Links to each chosen neuron's (or class's) activity around reversals, across recordings. */
function showAlignedLinks(values) {
  const tokens = values.map((v) => choices.find((c) => c.value === v)?.token).filter((t) => t && !t.includes("?"));
  const links = $("aligned-links");
  links.classList.toggle("d-none", !tokens.length);
  links.innerHTML = tokens.length
    ? `<i class="bi bi-activity"></i> Around reversals, averaged across recordings: ${tokens.map((t) => `<a href="${alignedURL(t)}">${escapeHTML(t)}</a>`).join(", ")}`
    : "";
}

function save() {
  const tokens = neuronPicker.items.map((v) => choices.find((c) => c.value === v)?.token).filter(Boolean);
  const sort = table.sort.key ? `${table.sort.dir < 0 ? "-" : ""}${table.sort.key}` : "";
  saveState(PAGE, { n: tokens.join("-"), p: paperPicker.items.join(","), sort }, DEFAULTS);
}

/** URL tokens ("AVA", "RIML") to choices: a class is "any" of it, or its one variant. */
function restore(tokens) {
  const values = [];
  const unknown = [];
  for (const token of tokens) {
    const choice = choices.find((c) => c.token === token && c.any)
      || choices.find((c) => c.token === token)
      || choices.find((c) => !c.any && c.cls === token);
    if (choice) values.push(choice.value);
    else unknown.push(token);
  }
  if (unknown.length) showAlert(message, `No recording has a NeuroPAL label ${unknown.join(", ")}, so left out.`, "warning");
  return values;
}

$("plot-selected").addEventListener("click", async () => {
  const ids = [...table.selected];
  if (ids.length > MAX_PLOTS) return showAlert(message, `Plot at most ${MAX_PLOTS} recordings together (${ids.length} selected).`, "warning");
  const selection = Object.fromEntries(ids.map((id) => [id, idxList(table.rows.find((r) => r.dataset_id === id))]));
  $("plot-selected").disabled = true;
  try {
    location.assign(await plotMultipleURL(selection));
  } catch (error) {
    showAlert(message, `Could not plot these recordings: ${error.message}`);
    $("plot-selected").disabled = false;
  }
});
$("download-selected").addEventListener("click", async () => {
  $("download-selected").disabled = true;
  await downloadZip([...table.selected], $("download-progress"));
  $("download-selected").disabled = !table.selected.size;
});
$("clear").addEventListener("click", () => neuronPicker.clear());
setupCopyLink($("copy-link"));

async function load() {
  const loading = $("table-box").querySelector("[data-role=loading]");
  setBusy(loading, true);
  try {
    const [answer, list] = await Promise.all([neuronIndex(), recordingList()]);
    index = answer;
    recordings = Object.fromEntries(list.map((r) => [r.dataset_id, r]));
  } catch (error) {
    showAlert(message, `Could not load the NeuroPAL labels: ${error.message}`);
    return;
  } finally {
    setBusy(loading, false);
  }
  choices = labelChoices(index);
  const classes = [...new Set(choices.map((c) => c.cls))].sort();
  for (const cls of classes) neuronPicker.addOptionGroup(cls, { label: cls });
  neuronPicker.addOptions(choices.map((c, order) => ({ ...c, order })));
  for (const p of index.papers) paperPicker.addOption({ value: p.paper_id, text: p.title_short, detail: p.title });
  paperPicker.setValue(splitList(state.p).filter((p) => index.papers.some((x) => x.paper_id === p)), true);
  neuronPicker.setValue(restore(state.n.split("-").filter(Boolean)), true);
  if (state.sort) table.sortBy(state.sort.replace(/^-/, ""), state.sort.startsWith("-") ? -1 : 1);
  showSelected([]);
  update();
}

load();
