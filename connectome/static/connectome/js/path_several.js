// /connectome/path/several/: paths from one neuron (or class) to another in several datasets
// (GET /connectome/api/find-paths-multi/): the consensus table, the union graph and each hop's
// evidence. URL state: ds, start, end, cls, gap, w, k (empty: all shortest), hops.

import { fetchJSON } from "../../core/js/api.js";
import { neuronLinkHTML } from "../../core/js/neuron_link.js";
import { flag, flagValue, loadState, saveState, setupCopyLink, splitList } from "../../core/js/page_state.js";
import { escapeHTML, showAlert } from "../../core/js/ui.js";
import { saveCSV, setCited } from "../../core/js/cite.js";
import { neuronIndex, plotMultipleURL } from "../../activity/js/api.js";
import { labelChoices, matchingRecordings } from "../../activity/js/neuron_labels.js";

const PAGE = "path-several";
const DATASETS = JSON.parse(document.getElementById("connectome-datasets").textContent);
const NAME = Object.fromEntries(DATASETS.map((d) => [d.id, d.name]));
const DEFAULTS = { ds: "", start: "", end: "", cls: "0", gap: "1", w: "0", k: "", hops: "6" };
const MAX_PLOTS = 50;
const state = loadState(PAGE, DEFAULTS);
const $ = (id) => document.getElementById(id);
const message = $("message");
const boxes = () => [...document.querySelectorAll("#dataset-boxes input")];
let answer = null;
let selected = 0; // index into answer.paths of the path the links use
let sort = { key: "rank", dir: 1 };
let cy = null;
window.wormwideweb = { multi: null };

for (const box of boxes()) box.checked = splitList(state.ds).includes(box.value);
$("start").value = state.start;
$("end").value = state.end;
$("use-class").checked = flag(state.cls);
$("use-gap").checked = flag(state.gap);
$("use-weights").checked = flag(state.w);
$("mode").value = state.k ? "k" : "all";
$("k").value = state.k || "5";
$("max-hops").value = state.hops;
showK();

function showK() {
  $("k").disabled = $("mode").value !== "k";
}

function currentState() {
  return {
    ds: boxes().filter((b) => b.checked).map((b) => b.value).join(","),
    start: $("start").value.trim(), end: $("end").value.trim(),
    cls: flagValue($("use-class").checked), gap: flagValue($("use-gap").checked), w: flagValue($("use-weights").checked),
    k: $("mode").value === "k" ? $("k").value : "", hops: $("max-hops").value,
  };
}

const save = () => saveState(PAGE, currentState(), DEFAULTS);

/** Offer the names (neurons or classes) of the chosen datasets in the From/To lists. */
async function loadNames() {
  const ds = currentState().ds;
  if (!ds) return;
  try {
    const available = await fetchJSON(`/connectome/api/available-neurons/?datasets=${ds}`);
    const names = $("use-class").checked ? Object.keys(available.neuron_classes) : Object.keys(available.neurons);
    $("names").innerHTML = names.sort().map((n) => `<option value="${escapeHTML(n)}">`).join("");
  } catch {
    // The list is a convenience; the search says what is wrong with a name.
  }
}

async function search() {
  const s = currentState();
  if (!s.ds) return showAlert(message, "Choose at least one dataset.", "warning");
  if (!s.start || !s.end) return showAlert(message, "Give both a start and an end.", "warning");
  save();
  const params = new URLSearchParams({
    datasets: s.ds, start: s.start, end: s.end, class: String(flag(s.cls)), gap_junction: String(flag(s.gap)),
    weighted: String(flag(s.w)), max_hops: s.hops,
  });
  if (s.k) params.set("k", s.k);
  showAlert(message, "");
  $("loading").classList.remove("d-none");
  $("search").disabled = true;
  try {
    show(await fetchJSON(`/connectome/api/find-paths-multi/?${params}`));
  } catch (error) {
    showAlert(message, `Could not find paths: ${error.message}`);
  } finally {
    $("loading").classList.add("d-none");
    $("search").disabled = false;
  }
}

function show(result) {
  answer = result;
  setCited([...result.datasets, "atlas", "neuron_metadata"]);
  selected = 0;
  sort = { key: "rank", dir: 1 };
  $("empty").classList.add("d-none");
  $("results").classList.remove("d-none");
  const notes = result.truncated ? `Not everything was searched or returned: ${result.truncated_reasons.join("; ")}.` : "";
  showAlert(message, notes, "info");
  $("dataset-status").innerHTML = result.per_dataset.map((e) => `<li data-dataset="${e.dataset_id}"><b>${escapeHTML(NAME[e.dataset_id] || e.dataset_id)}</b>: ${
    e.status === "ok" ? `${e.n_paths} ${e.n_paths === 1 ? "path" : "paths"}` : escapeHTML(e.status)}${
    e.reason ? ` — ${escapeHTML(e.reason)}` : ""}${e.note ? ` <span class="text-secondary">(${escapeHTML(e.note)})</span>` : ""}</li>`).join("");
  const how = result.mode === "k_shortest" ? `${result.k} best per dataset` : "all shortest";
  $("results-title").textContent = result.paths.length
    ? `${result.n_paths} ${result.n_paths === 1 ? "path" : "paths"} from ${result.start} to ${result.end} (${how}, at most ${result.max_hops} hops)`
    : `No path from ${result.start} to ${result.end} in any chosen dataset`;
  drawTable();
  drawGraph();
  $("hop-details").innerHTML = '<span class="text-secondary">Click a hop in the graph or in the table.</span>';
  updateLinks();
}

// The consensus table ---------------------------------------------------------------

const COLUMNS = [
  { key: "rank", label: "#" }, { key: "path", label: "Path" }, { key: "n_hops", label: "Hops" },
  { key: "consensus", label: "Datasets" }, { key: "summed_count", label: "Synapses" }, { key: "bottleneck", label: "Weakest hop" },
];

function sortValue(p, key) {
  if (key === "path") return p.path.join(" ");
  if (key.startsWith("ds:")) return p.exists_in.includes(key.slice(3)) ? p.per_dataset[key.slice(3)].summed_count : -1;
  return p[key];
}

function drawTable() {
  const ids = answer.datasets;
  const head = [...COLUMNS, ...ids.map((d) => ({ key: `ds:${d}`, label: d, title: NAME[d] }))];
  $("consensus-table").querySelector("thead").innerHTML = `<tr>${head.map((c) => `<th role="button" data-key="${c.key}" title="${escapeHTML(c.title || "Sort")}" class="${c.key.startsWith("ds:") ? "small text-center" : ""}">${escapeHTML(c.label).replaceAll("_", "_<wbr>")}${sort.key === c.key ? (sort.dir > 0 ? " ▲" : " ▼") : ""}</th>`).join("")}</tr>`;
  const rows = answer.paths.map((p, i) => ({ p, i })).sort((a, b) => {
    const x = sortValue(a.p, sort.key);
    const y = sortValue(b.p, sort.key);
    const order = x < y ? -1 : x > y ? 1 : 0;
    return order ? order * sort.dir : a.p.rank - b.p.rank;
  });
  $("consensus-table").querySelector("tbody").innerHTML = rows.map(({ p, i }) => `<tr data-path="${i}" class="${i === selected ? "table-active" : ""}">
    <td>${p.rank}</td><td class="path-hops">${pathHTML(p)}</td><td>${p.n_hops}</td><td>${p.consensus} / ${ids.length}</td>
    <td>${p.summed_count}</td><td>${p.bottleneck}</td>
    ${ids.map((d) => `<td class="text-center" data-dataset="${d}" title="${escapeHTML(cellTitle(p, d))}">${p.exists_in.includes(d) ? (p.found_in.includes(d) ? "◎" : "●") : "·"}</td>`).join("")}</tr>`).join("");
}

function cellTitle(p, d) {
  if (!p.exists_in.includes(d)) return `Not in ${NAME[d]}`;
  const c = p.per_dataset[d];
  return `${NAME[d]}: ${c.summed_count} synapses along the path, weakest hop ${c.bottleneck}${p.found_in.includes(d) ? "; returned by this dataset's search" : ""}`;
}

/** The path's names and hop arrows: a line breaks only between hops, each arrow staying with the
 * name it leads to (the column's minimum width is in site.css; dataset ids in the header break
 * at their "_"). */
function pathHTML(p) {
  return p.path.map((n, i) => (i ? ` <span class="text-nowrap"><a href="#" class="hop-link text-decoration-none" data-hop="${escapeHTML(p.path[i - 1])}>${escapeHTML(n)}">→</a> ${neuronLinkHTML(n)}</span>` : `<span class="text-nowrap">${neuronLinkHTML(n)}</span>`)).join("");
}

function pathsTable() {
  const ids = answer.datasets;
  const rows = answer.paths.map((p) => [p.rank, p.path.join(" > "), p.n_hops, p.consensus, p.summed_count, p.bottleneck,
    ...ids.map((d) => (p.exists_in.includes(d) ? p.per_dataset[d].summed_count : null))]);
  return {
    what: `paths from ${answer.start} to ${answer.end}; consensus: datasets in which every hop exists; dataset columns: `
      + "synapses along the path there (empty: the path does not exist there)",
    header: ["rank", "path", "n_hops", "consensus", "summed_count", "bottleneck", ...ids.map((d) => `${d}_synapses`)],
    rows, ids: [...ids, "atlas", "neuron_metadata"],
  };
}

// The union graph and a hop's evidence ----------------------------------------------

function hops() {
  const map = new Map();
  for (const p of answer.paths) for (const h of p.hops) map.set(`${h.pre}>${h.post}`, h);
  return map;
}

function colour(fraction) {
  const light = [198, 219, 239];
  const dark = [8, 48, 107];
  return `rgb(${light.map((l, i) => Math.round(l + (dark[i] - l) * fraction)).join(",")})`;
}

function drawGraph() {
  const n = answer.datasets.length;
  const elements = [
    ...answer.nodes.map((id) => ({ data: { id, label: id }, classes: id === answer.start || id === answer.end ? "endpoint" : "" })),
    ...[...hops().values()].map((h) => ({
      data: { id: `${h.pre}>${h.post}`, source: h.pre, target: h.post, width: 1 + 7 * (h.n_datasets / n), colour: colour(h.n_datasets / n), n: h.n_datasets },
    })),
  ];
  if (cy) cy.destroy();
  cy = window.cytoscape({
    container: $("multi-graph"), elements,
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 11, "background-color": "#6c757d", color: "#212529", "text-valign": "center", "text-halign": "center", width: 44, height: 24, shape: "round-rectangle", "text-outline-color": "#fff", "text-outline-width": 2 } },
      { selector: "node.endpoint", style: { "background-color": "#fd7e14" } },
      { selector: "edge", style: { width: "data(width)", "line-color": "data(colour)", "target-arrow-color": "data(colour)", "target-arrow-shape": "triangle", "curve-style": "bezier" } },
      { selector: "edge:selected", style: { "line-color": "#dc3545", "target-arrow-color": "#dc3545" } },
    ],
    layout: { name: "dagre", rankDir: "LR", nodeSep: 20, rankSep: 70 },
  });
  cy.on("tap", "edge", (event) => showHop(event.target.id()));
  window.wormwideweb.multi = { cy };
  $("graph-legend").innerHTML = `Hop in 1 of ${n} datasets <span style="display:inline-block;width:40px;height:2px;background:${colour(1 / n)};vertical-align:middle"></span>
    … in all ${n} <span style="display:inline-block;width:40px;height:7px;background:${colour(1)};vertical-align:middle"></span>`;
}

function atlasHTML(entry, strain) {
  if (entry.status !== "measured") return `<div><b>${strain}</b>: ${escapeHTML(entry.status)}${entry.reason ? ` (${escapeHTML(entry.reason)})` : ""}</div>`;
  return entry.pairs.map((e) => `<div><b>${strain}</b>: ${escapeHTML(e.stimulated)} stimulated → ${escapeHTML(e.responder)} ΔF/F ${e.dff === null ? "n/a" : e.dff.toFixed(3)}, q ${e.q === null ? "n/a" : e.q.toPrecision(2)}${e.significant ? " (significant, q < 0.05)" : ""}, ${e.n_observations} observations</div>`).join("");
}

function showHop(id) {
  const h = hops().get(id);
  if (!h) return;
  const evidence = answer.hop_evidence.find((e) => `${e.pre}>${e.post}` === id);
  const rows = answer.datasets.map((d, i) => `<tr data-dataset="${d}"><td>${escapeHTML(NAME[d] || d)}</td><td class="text-end">${h.chemical[i]}</td><td class="text-end">${h.gap_junction[i]}</td></tr>`).join("");
  $("hop-details").innerHTML = `<h3 class="h6" id="hop-title">${neuronLinkHTML(h.pre)} → ${neuronLinkHTML(h.post)}</h3>
    <p class="mb-1">Exists in ${h.n_datasets} of ${answer.datasets.length} datasets.</p>
    <table class="table table-sm mb-2" id="hop-counts"><thead><tr><th>Dataset</th><th class="text-end">Chemical</th><th class="text-end">Gap junction</th></tr></thead><tbody>${rows}</tbody></table>
    <div id="hop-transmitters"><b>Transmitter of ${escapeHTML(h.pre)}</b> (Wang et al. 2024): ${evidence.transmitters ? evidence.transmitters.map(escapeHTML).join("; ") : "none listed"}
      <div class="text-secondary">The sign of the synapse depends on the receptor of ${escapeHTML(h.post)}, which this does not say.</div></div>
    <div class="mt-2" id="hop-atlas"><b>Signal propagation atlas</b> (Randi et al. 2023; ${escapeHTML(h.pre)} stimulated, ${escapeHTML(h.post)} responding):
      ${atlasHTML(evidence.atlas.wt, "wild type")}${atlasHTML(evidence.atlas.unc31, "unc-31")}</div>`;
  cy?.elements().unselect();
  cy?.getElementById(id).select();
}

// Links to the activity pages -------------------------------------------------------

const pathNeurons = () => (answer?.paths.length ? answer.paths[selected].path : []);

function updateLinks() {
  const names = pathNeurons();
  $("find-recordings").classList.toggle("disabled", !names.length);
  $("plot-them").disabled = !names.length;
  $("find-recordings").href = names.length ? `/activity/find-neuron/?n=${names.map(encodeURIComponent).join("-")}` : "#";
  $("find-recordings").title = `Recordings in which ${names.join(", ")} are all identified (path #${answer?.paths[selected]?.rank ?? ""})`;
}

async function plotThem() {
  const names = pathNeurons();
  $("plot-them").disabled = true;
  try {
    const index = await neuronIndex();
    const choices = labelChoices(index);
    const values = [];
    const missing = [];
    for (const name of names) {
      const choice = choices.find((c) => c.token === name && c.any) || choices.find((c) => c.token === name);
      if (choice) values.push(choice.value);
      else missing.push(name);
    }
    if (missing.length) return showAlert(message, `No recording has a NeuroPAL label ${missing.join(", ")}, so none holds the whole path.`, "warning");
    const found = Object.entries(matchingRecordings(values, index)).slice(0, MAX_PLOTS);
    if (!found.length) return showAlert(message, `No recording identifies all of ${names.join(", ")}.`, "warning");
    location.assign(await plotMultipleURL(Object.fromEntries(found.map(([id, list]) => [id, [...new Set(list.map((f) => f.idx))]]))));
  } catch (error) {
    showAlert(message, `Could not plot the recordings: ${error.message}`);
  } finally {
    $("plot-them").disabled = false;
  }
}

// Events ----------------------------------------------------------------------------

$("consensus-table").addEventListener("click", (event) => {
  const hop = event.target.closest("[data-hop]");
  if (hop) {
    event.preventDefault();
    return showHop(hop.dataset.hop);
  }
  const th = event.target.closest("th[data-key]");
  if (th) {
    sort = { key: th.dataset.key, dir: sort.key === th.dataset.key ? -sort.dir : 1 };
    return drawTable();
  }
  const row = event.target.closest("tr[data-path]");
  if (row && !event.target.closest("a")) {
    selected = Number(row.dataset.path);
    drawTable();
    updateLinks();
  }
});
$("multi-form").addEventListener("submit", (event) => {
  event.preventDefault();
  search();
});
$("mode").addEventListener("change", () => {
  showK();
  save();
});
$("use-class").addEventListener("change", () => {
  loadNames();
  save();
});
for (const box of boxes()) box.addEventListener("change", () => {
  loadNames();
  save();
});
$("all-datasets").addEventListener("click", () => {
  for (const box of boxes()) box.checked = true;
  loadNames();
  save();
});
$("no-datasets").addEventListener("click", () => {
  for (const box of boxes()) box.checked = false;
  save();
});
for (const id of ["use-gap", "use-weights", "k", "max-hops", "start", "end"]) $(id).addEventListener("change", save);
$("download-csv").addEventListener("click", () => saveCSV(`wormwideweb-paths-${answer.start}-${answer.end}.csv`, pathsTable()));
$("plot-them").addEventListener("click", plotThem);
setupCopyLink($("copy-link"));

loadNames();
if (state.ds && state.start && state.end) search();
