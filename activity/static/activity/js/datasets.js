// /activity/dataset/: every recording in a table; filter by paper (?p=), type and text,
// sort, plot one, download one or the ticked ones as a zip.
// URL state (README "Pages"): p, t, q, sort.

import { loadState, saveState, setupCopyLink, splitList } from "../../core/js/page_state.js";
import { escapeHTML, setBusy, showAlert } from "../../core/js/ui.js";
import { downloadURL, exploreURL, recordingList } from "./api.js";
import { lengthMinutes, typeBadges } from "./badges.js";
import { choiceSelect } from "../../core/js/pickers.js";
import { DataTable } from "./table.js";
import { downloadZip } from "./zip_download.js";

const PAGE = "activity-datasets";
const PAPERS = JSON.parse(document.getElementById("activity-papers").textContent);
const TYPES = JSON.parse(document.getElementById("activity-types").textContent);
const DEFAULTS = { p: "", t: "", q: "", sort: "" };
const state = loadState(PAGE, DEFAULTS);
const $ = (id) => document.getElementById(id);
const paperTitle = Object.fromEntries(PAPERS.map((p) => [p.paper_id, p.title_short]));

let recordings = [];

const table = new DataTable($("recordings"), [
  { key: "paper", title: "Paper", className: "d-none d-md-table-cell", value: (r) => paperTitle[r.paper_id], html: (r) => escapeHTML(paperTitle[r.paper_id] || r.paper_id) },
  { key: "dataset", title: "Dataset", className: "text-nowrap", value: (r) => r.dataset_name, html: (r) => `<a href="${exploreURL(r.dataset_id, [], r.has_behavior ? ["v"] : [])}" class="fw-semibold">${escapeHTML(r.dataset_name)}</a>` },
  { key: "n_neuron", title: "Recorded", className: "text-end", help: "Neurons recorded (traces)" },
  { key: "n_labeled", title: "Labelled", className: "text-end", help: "Neurons with a NeuroPAL identity" },
  { key: "types", title: "Type", sortable: false, html: (r) => typeBadges(r.dataset_type, TYPES) + (r.has_behavior ? "" : ' <span class="badge rounded-pill text-bg-light border" title="This recording has no behaviour data">no behaviour</span>') },
  { key: "length", title: "Length (min)", className: "text-end", value: (r) => Number(lengthMinutes(r)), html: (r) => lengthMinutes(r) },
  {
    key: "actions", title: "", sortable: false, className: "text-end text-nowrap",
    html: (r) => `<a class="btn btn-sm btn-outline-primary" href="${exploreURL(r.dataset_id, [], r.has_behavior ? ["v"] : [])}" data-role="plot"><i class="bi bi-graph-up"></i> Plot</a>
      <a class="btn btn-sm btn-outline-secondary" href="${downloadURL(r.dataset_id)}" download data-role="download" title="The recording as bzip2-compressed JSON (.json.bz2)"><i class="bi bi-download"></i><span class="visually-hidden">Download ${escapeHTML(r.dataset_name)}</span></a>`,
  },
], {
  rowId: (r) => r.dataset_id,
  selectable: true,
  empty: "No recording matches these filters.",
  onSelect: (ids) => showSelected(ids),
  onSort: () => save(),
  onRowOpen: (r) => location.assign(exploreURL(r.dataset_id, [], r.has_behavior ? ["v"] : [])),
});

const paperPicker = choiceSelect($("papers"), PAPERS.filter((p) => p.n_recordings).map((p) => ({ value: p.paper_id, text: p.title_short, detail: p.title })), {
  placeholder: "All papers", onChange: () => filter(),
});
const typeGroups = [...PAPERS.map((p) => ({ value: p.paper_id, label: p.title_short })), { value: "common", label: "Common" }];
const typePicker = choiceSelect($("types"), Object.values(TYPES).map((t) => ({ value: t.type_id, text: t.name, group: t.paper_id || "common", detail: t.description })), {
  groups: typeGroups, placeholder: "Any type", onChange: () => filter(),
});
$("search").value = state.q;
$("search").addEventListener("input", () => filter());
$("clear").addEventListener("click", () => {
  typePicker.clear(true);
  paperPicker.clear(true);
  $("search").value = "";
  filter();
});
$("download-selected").addEventListener("click", async () => {
  $("download-selected").disabled = true;
  await downloadZip([...table.selected], $("download-progress"));
  $("download-selected").disabled = !table.selected.size;
});
setupCopyLink($("copy-link"));

$("type-legend").innerHTML = Object.values(TYPES).map((t) => `<div>${typeBadges([t.type_id], TYPES)} ${escapeHTML(t.description)}</div>`).join("");

function showSelected(ids) {
  $("download-selected").disabled = !ids.length;
  $("download-selected").querySelector("[data-role=n-selected]").textContent = ids.length ? `${ids.length} selected` : "selected";
}

function filter() {
  const papers = new Set(paperPicker.items);
  const types = typePicker.items;
  const text = $("search").value.trim().toLowerCase();
  table.setRows(recordings.filter((r) =>
    (!papers.size || papers.has(r.paper_id))
    && types.every((t) => r.dataset_type.includes(t))
    && (!text || r.dataset_name.toLowerCase().includes(text) || r.dataset_id.toLowerCase().includes(text))));
  save();
}

function save() {
  const sort = table.sort.key ? `${table.sort.dir < 0 ? "-" : ""}${table.sort.key}` : "";
  saveState(PAGE, { p: paperPicker.items.join(","), t: typePicker.items.join(","), q: $("search").value.trim(), sort }, DEFAULTS);
}

async function load() {
  setBusy($("table-box").querySelector("[data-role=loading]"), true);
  try {
    recordings = await recordingList();
  } catch (error) {
    showAlert($("message"), `Could not load the recordings: ${error.message}`);
    return;
  } finally {
    setBusy($("table-box").querySelector("[data-role=loading]"), false);
  }
  const unknown = [...splitList(state.p).filter((p) => !(p in paperTitle)), ...splitList(state.t).filter((t) => !(t in TYPES))];
  if (unknown.length) showAlert($("message"), `Unknown papers or types left out: ${unknown.join(", ")}.`, "warning");
  paperPicker.setValue(splitList(state.p).filter((p) => p in paperTitle), true);
  typePicker.setValue(splitList(state.t).filter((t) => t in TYPES), true);
  if (state.sort) table.sortBy(state.sort.replace(/^-/, ""), state.sort.startsWith("-") ? -1 : 1);
  showSelected([]);
  filter();
}

load();
