// /connectome/neuron/<name>/: everything known about one cell or class, drawn from the neuron
// API (GET /connectome/api/neuron/<name>/). URL state (README "Pages"): g (dataset group),
// min, nd (partner filters), share, tab, q (atlas threshold), marks (partners on the picture).

import { saveCSV, setCited } from "../../core/js/cite.js";
import { fetchJSON } from "../../core/js/api.js";
import { externalLinksHTML, neuronLinkHTML, neuronURL } from "../../core/js/neuron_link.js";
import { loadState, numberIn, saveState, setupCopyLink } from "../../core/js/page_state.js";
import { download, escapeHTML, setBusy, showAlert } from "../../core/js/ui.js";
import { alignedURL } from "../../activity/js/api.js";
import { COLUMNS as ENCODING_COLUMNS, EncodingTable } from "../../activity/js/encoding_columns.js";
import { DataTable } from "../../activity/js/table.js";
import { sparkline, wormPicture } from "./pictures.js";

const PAGE = "neuron";
const NEURON = JSON.parse(document.getElementById("neuron-page").textContent);
const POSITIONS = JSON.parse(document.getElementById("atlas-positions").textContent);
const DEFAULTS = { g: "", min: "1", nd: "1", share: "0", tab: "inputs", q: "0.05", marks: "0" };
const MARKED_PARTNERS = 10;
const state = loadState(PAGE, DEFAULTS);
const $ = (id) => document.getElementById(id);
const message = $("message");
const NOT_MEASURED = '<span class="not-measured" title="not measured">not measured</span>';

let answer = null;
let latest = 0;

// Numbers with their units, and "not measured" for missing values -------------------------

const fixed = (v, digits) => (v === null || v === undefined ? "–" : Number(v).toFixed(digits));
const qText = (q) => (q === null || q === undefined ? "–" : q < 0.001 ? q.toExponential(1) : q.toFixed(3));
const cellCount = (v, reason) => (v === null ? `<span class="not-measured" title="${escapeHTML(reason || "not measured")}">–</span>` : String(v));

/** A short column title for a dataset id: "White whole", "Cook 2019 h", "Witvliet 5". */
function shortName(id) {
  const parts = id.split("_");
  const author = parts[0][0].toUpperCase() + parts[0].slice(1);
  const last = parts.at(-1);
  if (/^\d{4}$/.test(last)) return `${author} ${last}`;
  if (author === "Witvliet") return `${author} ${last}`;
  if (author === "Cook") return `${author} ${parts.at(-2)} ${last}`;
  return `${author} ${last.toUpperCase() === last ? last : last.length <= 3 ? last.toUpperCase() : last}`;
}

// Identity --------------------------------------------------------------------------------

function factRows(cell) {
  const colour = cell.neuropal_rgb;
  const swatch = colour
    ? (colour.every((c) => c === 0)
      ? "pan-neuronal marker only (no NeuroPAL colour)"
      : `<span class="swatch" style="background: rgb(${colour.map((c) => Math.round(c * 255)).join(",")})"></span> <span class="text-secondary">rgb ${colour.map((c) => c.toFixed(2)).join(", ")}</span>`)
    : null;
  const position = cell.position_um ? `x ${cell.position_um.x.toFixed(1)}, y ${cell.position_um.y.toFixed(1)}, z ${cell.position_um.z.toFixed(1)} µm` : null;
  const list = (items) => (items === null ? null : items.length ? items.map(escapeHTML).join(", ") : "none listed");
  const text = (v) => (v === null ? null : escapeHTML(v));
  return [
    ["Full name", text(cell.full_name)],
    ["Description", text(cell.description)],
    ["WormAtlas type", text(cell.wormatlas_type)],
    ["Lineage", text(cell.lineage)],
    ["Neurotransmitters", cell.transmitters ? `${list(cell.transmitters)} <span class="text-secondary">(Wang 2024, ${escapeHTML(cell.transmitter_table)})</span>` : null],
    ["Receptors", list(cell.receptors)],
    ["Body segment", text(cell.body_segment)],
    ["Position", position],
    ["NeuroPAL colour", swatch],
  ];
}

function drawIdentity() {
  const cells = answer.identity.cells;
  $("cell-facts").innerHTML = cells.map((cell) => `
    ${cells.length > 1 ? `<h3 class="h6 mt-2 mb-1">${neuronLinkHTML(cell.name)}</h3>` : ""}
    <dl class="row small mb-1" data-cell="${escapeHTML(cell.name)}">${factRows(cell).map(([k, v]) => `<dt class="col-4">${k}</dt><dd class="col-8" data-fact="${k}">${v ?? NOT_MEASURED}</dd>`).join("")}</dl>`).join("");
  $("cell-facts").setAttribute("aria-busy", "false");
  $("external-links").innerHTML = externalLinksHTML(answer.identity.neuron_class)
    + `<a class="btn btn-outline-secondary btn-sm" href="/connectome/explore/?c=${encodeURIComponent(answer.identity.neuron_class)}&con=1" data-role="explore-link"><i class="bi bi-diagram-3"></i> Explore its connections</a>`;
  drawWorm();
}

function drawWorm() {
  const self = new Set(NEURON.cells);
  const marked = new Set();
  if ($("mark-partners").checked && answer) {
    const top = ["inputs", "outputs", "gap_junctions"].flatMap((t) => answer.partners[t].slice(0, MARKED_PARTNERS));
    const labels = new Set(top.map((r) => r.partner));
    for (const [cell, p] of Object.entries(POSITIONS)) if (labels.has(cell) || (NEURON.kind === "class" && labels.has(p[3]))) marked.add(cell);
  }
  $("worm").replaceChildren(wormPicture(POSITIONS, self, marked));
  const missing = NEURON.cells.filter((c) => !POSITIONS[c]);
  $("worm-note").innerHTML = missing.length
    ? `Position not measured for ${missing.map(escapeHTML).join(", ")} (the atlas has the 300 neurons of the hermaphrodite).`
    : (marked.size ? `Red: ${escapeHTML(NEURON.name)}; blue: its top partners (${marked.size} cells with a position).` : `Red: ${escapeHTML(NEURON.name)}.`);
}

// Partners --------------------------------------------------------------------------------

const partnerTable = new DataTable($("partner-table"), [], { rowId: (r) => r.partner, pageSize: 25, empty: "No partner reaches these filters." });

function partnerColumns() {
  const datasets = answer.partners.datasets;
  const share = state.share === "1";
  const perDataset = datasets.map((d, i) => ({
    key: `d${i}`, title: shortName(d.id), className: "count dataset-col", help: `${d.name}${d.present ? "" : ` — ${d.absent_reason}`}`,
    value: (r) => (share ? r.share_pct[i] : r.counts[i]),
    html: (r) => (share ? (r.share_pct[i] === null ? cellCount(null, d.absent_reason) : `${r.share_pct[i].toFixed(1)}`) : cellCount(r.counts[i], d.absent_reason || "no gap-junction data")),
  }));
  return [
    { key: "partner", title: "Partner", className: "fw-semibold text-nowrap", html: (r) => neuronLinkHTML(r.partner) },
    ...perDataset,
    { key: "n_datasets", title: "Datasets", className: "num", help: "Datasets with at least one synapse / datasets that measure it", html: (r) => `${r.n_datasets}/${r.n_measured}` },
    { key: "mean", title: "Mean", className: "num", help: "Mean synapse count over the datasets that measure it", html: (r) => fixed(r.mean, 1) },
    { key: "max", title: "Min–max", className: "num text-nowrap", help: "Smallest and largest count", html: (r) => (r.min === null ? "–" : `${r.min}–${r.max}`) },
  ];
}

const filteredRows = (table) => answer.partners[table].filter((r) => r.max >= Number(state.min) && r.n_datasets >= Number(state.nd));

function drawPartners() {
  partnerTable.setColumns(partnerColumns());
  for (const table of ["inputs", "outputs", "gap_junctions"]) {
    document.querySelector(`[data-count="${table}"]`).textContent = filteredRows(table).length;
    document.querySelector(`[data-table="${table}"]`).classList.toggle("active", table === state.tab);
  }
  partnerTable.setRows(filteredRows(state.tab));
  const absent = answer.partners.datasets.filter((d) => !d.present);
  $("absent-note").innerHTML = absent.length
    ? `Not measured in ${absent.length} dataset${absent.length > 1 ? "s" : ""}: ${[...new Set(absent.map((d) => d.absent_reason))].map(escapeHTML).join(" ")}`
    : "";
  if (state.tab === "gap_junctions") {
    const none = answer.partners.datasets.filter((d) => d.present && !d.has_gap_junctions);
    if (none.length) $("absent-note").innerHTML += ` ${none.length} dataset${none.length > 1 ? "s have" : " has"} no gap-junction data (Witvliet).`;
  }
}

function partnersCSV() {
  const datasets = answer.partners.datasets.map((d) => d.id);
  const rows = [["partner", ...datasets, "n_datasets", "n_measured", "mean", "min", "max", ...datasets.map((d) => `share_pct_${d}`)]];
  for (const r of filteredRows(state.tab)) rows.push([r.partner, ...r.counts, r.n_datasets, r.n_measured, r.mean, r.min, r.max, ...r.share_pct]);
  return csv(rows);
}

// Development -----------------------------------------------------------------------------

function drawDevelopment() {
  const dev = answer.development;
  const labels = dev.stages.map((s) => s.label);
  const column = (title, rows) => `<div class="col-md-6"><h3 class="h6 mb-1">${title}</h3>
    <div class="small text-secondary mb-1">${escapeHTML(labels[0])} → ${escapeHTML(labels.at(-1))}, synapses (mean over the stage's animals)</div>
    ${rows.length ? rows.map((r) => `<div class="trend-row small" data-partner="${escapeHTML(r.partner)}"><span class="trend-name">${neuronLinkHTML(r.partner)}</span>${sparkline(r.counts, labels)}<span class="trend-last" title="adult">${fixed(r.counts.at(-1), 1)}</span></div>`).join("")
    : `<div class="small text-secondary">None: the series covers the nerve ring and head only.</div>`}</div>`;
  $("trends").innerHTML = column("Inputs (top partners)", dev.inputs) + column("Outputs (top partners)", dev.outputs);
}

function developmentCSV() {
  const dev = answer.development;
  const rows = [["direction", "partner", ...dev.stages.map((s) => s.label)]];
  for (const direction of ["inputs", "outputs"]) for (const r of dev[direction]) rows.push([direction, r.partner, ...r.counts]);
  return csv(rows);
}

// Function --------------------------------------------------------------------------------

function functionColumns(direction) {
  const other = direction === "responses_to" ? "responder" : "stimulated";
  const strain = (s, label) => [
    { key: `${s}_dff`, title: "ΔF/F", group: label, className: "num", value: (r) => r[s]?.dff, html: (r) => (r[s] ? fixed(r[s].dff, 3) : NOT_MEASURED) },
    { key: `${s}_q`, title: "q", group: label, className: "num", value: (r) => r[s]?.q, html: (r) => (r[s] ? `<span class="${r[s].q !== null && r[s].q < answer.function.q_max ? "significant" : ""}">${qText(r[s].q)}</span>` : "") },
    { key: `${s}_n`, title: "n", group: label, className: "num", help: "Observations", value: (r) => r[s]?.n, html: (r) => (r[s] ? r[s].n : "") },
  ];
  return [
    { key: other, title: other === "responder" ? "Responder" : "Stimulated", className: "fw-semibold", group: "",
      html: (r) => (r.partner_is_cell ? neuronLinkHTML(r[other]) : NEURON.kind === "class" ? neuronLinkHTML(r.partner_label, r[other]) : escapeHTML(r[other])) },
    ...(NEURON.kind === "class" ? [{ key: direction === "responses_to" ? "stimulated" : "responder", title: "Member", group: "" }] : []),
    ...strain("wt", "Wild type"),
    ...strain("unc31", "unc-31"),
    { key: "anatomy", title: "Synapse", group: "", help: "Chosen datasets with a chemical synapse that way / a gap junction", value: (r) => r.anatomy.chemical + r.anatomy.gap_junction,
      html: (r) => (r.anatomy.chemical || r.anatomy.gap_junction ? `${r.anatomy.chemical} / ${r.anatomy.gap_junction}` : '<span class="text-secondary">none</span>') },
  ];
}

const functionTables = {
  responses_to: new DataTable($("responses-to"), [], { rowId: (r) => `${r.stimulated}>${r.responder}`, pageSize: 15, empty: "" }),
  responses_of: new DataTable($("responses-of"), [], { rowId: (r) => `${r.stimulated}>${r.responder}`, pageSize: 15, empty: "" }),
};

function drawFunction() {
  const f = answer.function;
  const none = f.atlas_cells.length === 0;
  const empty = none ? `Not measured: ${NEURON.name} is not among the atlas's ${f.atlas_size} neurons.` : `No pair reaches q < ${f.q_max}.`;
  for (const [key, table] of Object.entries(functionTables)) {
    table.empty = empty;
    table.setColumns(functionColumns(key));
    table.setRows(f[key]);
    document.querySelector(`[data-count="${key}"]`).textContent = f[key].length;
  }
  const nm = f.never_measured;
  $("never-measured").innerHTML = none
    ? `${escapeHTML(NEURON.name)} is not in the atlas: not measured.`
    : `Never measured, of ${f.atlas_size - 1} possible partners per cell (${f.atlas_cells.map(escapeHTML).join(", ")}): as stimulated, ${nm.wt.as_stimulated} pairs in wild type and ${nm.unc31.as_stimulated} in unc-31; as responder, ${nm.wt.as_responder} and ${nm.unc31.as_responder}.`;
  const list = (names) => (names.length ? names.map((n) => neuronLinkHTML(n)).join(" ") : '<span class="text-secondary">none</span>');
  const block = (title, c, partnersWord) => `<div class="col-lg-6 comparison-list"><div class="fw-semibold">${title}</div>
    <div data-role="anatomical-responding">${partnersWord} that respond: ${list(c.anatomical_responding)}</div>
    <div data-role="anatomical-not-responding">${partnersWord} measured without a significant response: ${list(c.anatomical_not_responding)}</div>
    <div data-role="anatomical-not-measured">${partnersWord} never measured: ${list(c.anatomical_not_measured)}</div>
    <div data-role="functional-without-synapse">Significant without a synapse: ${list(c.functional_without_synapse)}</div></div>`;
  $("comparison").innerHTML = none ? "" : block(`Downstream: ${escapeHTML(NEURON.name)} stimulated`, f.comparison.downstream, "Output and gap-junction partners")
    + block(`Upstream: ${escapeHTML(NEURON.name)} responding`, f.comparison.upstream, "Input and gap-junction partners");
}

function functionCSV(key) {
  const rows = [["stimulated", "responder", "wt_dff", "wt_q", "wt_q_eq", "wt_n", "unc31_dff", "unc31_q", "unc31_q_eq", "unc31_n", "chemical_datasets", "gap_junction_datasets"]];
  for (const r of answer.function[key]) {
    const m = (s) => (r[s] ? [r[s].dff, r[s].q, r[s].q_eq, r[s].n] : ["", "", "", ""]);
    rows.push([r.stimulated, r.responder, ...m("wt"), ...m("unc31"), r.anatomy.chemical, r.anatomy.gap_junction]);
  }
  return csv(rows);
}

// Activity and encoding -------------------------------------------------------------------

const BEHAVIOURS = [["v", "velocity"], ["hc", "head curvature"], ["av", "angular velocity"], ["f", "pumping"]];
const recordingTable = new DataTable($("recordings"), [
  { key: "paper_id", title: "Paper", className: "small" },
  { key: "dataset_name", title: "Recording", html: (r) => `<a href="${r.explore_url}" data-role="explore">${escapeHTML(r.dataset_name)}</a>` },
  { key: "traces", title: "Traces", sortable: false, help: "Trace index (#) and label", html: (r) => r.traces.map((t) => `#${t.idx_neuron} ${escapeHTML(t.label)}`).join(", ") },
  ...BEHAVIOURS.map(([key, name]) => ({ key: `r_${key}`, title: `r ${key}`, className: "num", help: `Pearson r with ${name}`,
    value: (r) => r.behavior_r[key], html: (r) => (key in r.behavior_r ? fixed(r.behavior_r[key], 2) : `<span class="not-measured" title="${r.has_behavior ? "not measured in this recording" : "no behaviour recorded"}">–</span>`) })),
], { rowId: (r) => r.dataset_id, pageSize: 10, empty: "" });

const behaviourTable = new DataTable($("behavior"), [
  { key: "name", title: "Behaviour", html: (r) => `${escapeHTML(r.name)} <span class="text-secondary small">(${escapeHTML(r.unit)})</span>` },
  { key: "n_recordings", title: "Recordings", className: "num" },
  { key: "mean_r", title: "Mean r", className: "num", html: (r) => (r.mean_r === null ? NOT_MEASURED : fixed(r.mean_r, 2)) },
  { key: "sd_r", title: "SD", className: "num", html: (r) => (r.sd_r === null ? (r.n_recordings === 1 ? '<span class="text-secondary">one recording</span>' : "–") : fixed(r.sd_r, 2)) },
  { key: "min_r", title: "Min–max", className: "num text-nowrap", html: (r) => (r.min_r === null ? "–" : `${fixed(r.min_r, 2)} to ${fixed(r.max_r, 2)}`) },
], { rowId: (r) => r.key, pageSize: 10, empty: "" });

const encodingTable = new EncodingTable($("encoding-table"), { mode: "summary", visible: ENCODING_COLUMNS.map((c) => c.key), empty: "" });

function drawActivity() {
  const a = answer.activity;
  recordingTable.empty = `Not measured: no recording identifies ${NEURON.name}.`;
  recordingTable.setRows(a.recordings);
  behaviourTable.setRows(a.recordings.length ? a.behavior : []);
  behaviourTable.empty = "Not measured.";
  behaviourTable.render();
  $("aligned-link").innerHTML = a.recordings.length
    ? `<a href="${alignedURL(NEURON.name)}" data-role="aligned-link"><i class="bi bi-activity"></i> ${escapeHTML(NEURON.name)} around reversals, averaged across recordings</a>`
    : "";
  const e = answer.encoding;
  encodingTable.table.empty = `Not measured: the CePNEM encoding table has no class of ${NEURON.name}.`;
  encodingTable.setRows(e.rows.map((row) => ({
    id: row.class, cls: row.class, count: row.count,
    values: Object.fromEntries(ENCODING_COLUMNS.map((c) => [c.key, c.summary ? row[c.summary] : row.fractions[c.key]])),
  })));
  $("encoding-link").innerHTML = e.table_url ? `<a href="${e.table_url}" data-role="encoding-link">Open in the encoding table</a> · <a href="/activity/encoding/connectome/?n=${NEURON.cells.map(encodeURIComponent).join(",")}">on the connectome</a>` : "";
}

function activityCSV(kind) {
  if (kind === "recordings") {
    const rows = [["paper_id", "dataset_id", "traces", ...BEHAVIOURS.map(([k]) => `r_${k}`)]];
    for (const r of answer.activity.recordings) rows.push([r.paper_id, r.dataset_id, r.traces.map((t) => `${t.idx_neuron}:${t.label}`).join(" "), ...BEHAVIOURS.map(([k]) => r.behavior_r[k] ?? "")]);
    return csv(rows);
  }
  if (kind === "behavior") {
    const rows = [["behaviour", "unit", "n_recordings", "mean_r", "sd_r", "min_r", "max_r"]];
    for (const r of answer.activity.behavior) rows.push([r.name, r.unit, r.n_recordings, r.mean_r, r.sd_r, r.min_r, r.max_r]);
    return csv(rows);
  }
  const columns = ["count", ...ENCODING_COLUMNS.map((c) => c.summary || c.key)];
  const rows = [["class", ...columns]];
  for (const r of answer.encoding.rows) rows.push([r.class, ...columns.map((c) => (c in r ? r[c] : r.fractions[c]))]);
  return csv(rows);
}

// Loading, state, downloads ---------------------------------------------------------------

/** A header row and rows, for saveCSV (core/js/cite.js). */
const csv = ([header, ...rows]) => ({ header, rows });

// What each CSV comes from: the connectome datasets chosen, the atlas, the recordings.
const connectomeIds = () => answer.partners.datasets.map((d) => d.id);
const recordingIds = () => answer.activity.recordings.map((r) => r.dataset_id);
const citedIds = () => ["neuron_metadata", ...connectomeIds(), "atlas", ...recordingIds()];

const overlays = () => document.querySelectorAll("[data-role=loading]");

async function load() {
  const request = ++latest;
  for (const o of overlays()) setBusy(o, true);
  const ids = NEURON.groups[state.g]?.datasets || [];
  const params = new URLSearchParams({ q: state.q });
  if (ids.length) params.set("datasets", ids.join(","));
  try {
    const data = await fetchJSON(`/connectome/api/neuron/${encodeURIComponent(NEURON.name)}/?${params}`);
    if (request !== latest) return;
    const first = answer === null;
    answer = data;
    setCited(citedIds(), () => ({ ...state }));
    if (first) drawIdentity();
    showAlert(message, "");
    drawAll();
    document.body.dataset.ready = "1";
  } catch (error) {
    if (request === latest) showAlert(message, `Could not load what is known about ${NEURON.name}: ${error.message}`);
  } finally {
    if (request === latest) for (const o of overlays()) setBusy(o, false);
  }
}

function drawAll() {
  drawPartners();
  drawDevelopment();
  drawFunction();
  drawActivity();
  if ($("mark-partners").checked) drawWorm();
  $("download-json").disabled = false;
  save();
}

function fillGroups() {
  const select = $("group");
  for (const [key, g] of Object.entries(NEURON.groups)) select.add(new Option(`${g.label} (${g.datasets.length})`, key));
  select.value = NEURON.groups[state.g] ? state.g : "";
  state.g = select.value;
}

function save() {
  saveState(PAGE, state, DEFAULTS);
}

// Controls --------------------------------------------------------------------------------

$("min-count").value = numberIn(state.min, 1, 5000, 1);
$("min-datasets").value = numberIn(state.nd, 1, 15, 1);
$("q-max").value = numberIn(state.q, 0.0001, 1, 0.05);
$("show-share").checked = state.share === "1";
$("mark-partners").checked = state.marks === "1";
state.tab = ["inputs", "outputs", "gap_junctions"].includes(state.tab) ? state.tab : "inputs";
$("partner-filters").addEventListener("submit", (event) => event.preventDefault());
$("function-filters").addEventListener("submit", (event) => event.preventDefault());
$("group").addEventListener("change", () => {
  state.g = $("group").value;
  load();
});
for (const [id, key] of [["min-count", "min"], ["min-datasets", "nd"]]) {
  $(id).addEventListener("input", () => {
    state[key] = String(numberIn($(id).value, 1, key === "min" ? 5000 : 15, 1));
    if (answer) drawPartners();
    save();
  });
}
$("show-share").addEventListener("change", () => {
  state.share = $("show-share").checked ? "1" : "0";
  if (answer) drawPartners();
  save();
});
$("partner-tabs").addEventListener("click", (event) => {
  const tab = event.target.closest("[data-table]");
  if (!tab || !answer) return;
  state.tab = tab.dataset.table;
  drawPartners();
  save();
});
$("q-max").addEventListener("change", () => {
  const q = Number($("q-max").value);
  if (!(q > 0 && q <= 1)) return showAlert(message, "The q threshold must be a number above 0 and at most 1.", "warning");
  state.q = String(q);
  load();
});
$("mark-partners").addEventListener("change", () => {
  state.marks = $("mark-partners").checked ? "1" : "0";
  drawWorm();
  save();
});
const fileName = (what, ext) => `wormwideweb-neuron-${NEURON.name}-${what}.${ext}`;
const WHAT = {
  responses_to: ["responses of other neurons when it is stimulated (signal propagation atlas; ΔF/F, q)", () => ["atlas", ...connectomeIds()]],
  responses_of: ["its responses when other neurons are stimulated (signal propagation atlas; ΔF/F, q)", () => ["atlas", ...connectomeIds()]],
  recordings: ["the recordings that identify it, with Pearson r against behaviour", recordingIds],
  behavior: ["Pearson r of its activity with each behaviour, across recordings", recordingIds],
  encoding: ["its CePNEM encoding (fraction of neurons of the class per feature)", () => ["atanas_kim_2023"]],
};
$("partners-csv").addEventListener("click", () => answer && saveCSV(fileName(state.tab, "csv"), {
  what: `${NEURON.name}: ${state.tab.replace("_", " ")} partners, synapses per dataset`, ...partnersCSV(), ids: connectomeIds() }));
$("development-csv").addEventListener("click", () => answer && saveCSV(fileName("development", "csv"), {
  what: `${NEURON.name}: top partners across development, synapses (mean over each stage's animals)`, ...developmentCSV(),
  ids: answer.development.stages.flatMap((s) => s.datasets || []) }));
for (const button of document.querySelectorAll("[data-csv]")) {
  button.addEventListener("click", () => {
    if (!answer) return;
    const key = button.dataset.csv;
    const [what, ids] = WHAT[key];
    const table = key.startsWith("responses") ? functionCSV(key) : activityCSV(key);
    saveCSV(fileName(key.replace("_", "-"), "csv"), { what: `${NEURON.name}: ${what}`, ...table, ids: ids() });
  });
}
$("download-json").addEventListener("click", () => answer && download(JSON.stringify({ url: location.href, filters: { ...state }, ...answer }, null, 1), fileName("page", "json"), "application/json"));
setupCopyLink($("copy-link"));
window.wormwideweb = { neuronURL, answer: () => answer };

fillGroups();
drawWorm();
load();
